import messageTemplate from '../../cards/message.card.json' with { type: 'json' };
import type { DomainError } from '../domain/result.js';
import { errorText } from './error.view.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';

/** Echoed words are cut: the answer stays short whatever was typed. */
const TYPED_SHOWN = 40;

const notice = (text: string) => renderCard(messageTemplate, { title: 'Guichet', text, color: 'Default' });

const quoted = (language: Language, text: string) => t(language, 'intent.quoted', { text });

/**
 * A word or two that is no command: say so, offer the nearest commands (or « aide »),
 * and remind that describing a problem is how a ticket starts.
 */
export function unknownCommandCard(language: Language, typed: string, closest: readonly string[]) {
  const shown = typed.length > TYPED_SHOWN ? `${typed.slice(0, TYPED_SHOWN)}…` : typed;
  const next =
    closest.length > 0
      ? t(language, 'intent.unknown.closest', {
          commands: new Intl.ListFormat(language, { type: 'disjunction' }).format(closest.map((word) => quoted(language, word))),
        })
      : t(language, 'intent.unknown.help');
  // what the user typed is shown as typed, never as markdown
  return notice(`${t(language, 'intent.unknown', { typed: plainText(shown) })} ${next}`);
}

/** A queue this user may not open (a requester's « à traiter »): why, and where their own tickets are. */
export const queueRefusedCard = (language: Language, refusal: DomainError) =>
  notice(`${errorText(language, refusal)} ${t(language, 'intent.seeYours')}`);
