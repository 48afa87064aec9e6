import messageTemplate from '../../cards/message.card.json' with { type: 'json' };
import { t, type Language, type MessageKey } from './i18n.js';
import { renderCard } from './render-card.js';

/** A short notice card: errors, confirmations. */
export function messageCard(language: Language, key: MessageKey, kind: 'info' | 'error' = 'info') {
  return renderCard(messageTemplate, {
    title: kind === 'error' ? t(language, 'error.title') : 'Guichet',
    text: t(language, key),
    color: kind === 'error' ? 'Attention' : 'Default',
  });
}
