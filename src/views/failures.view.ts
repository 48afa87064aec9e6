import failuresTemplate from '../../cards/failures.card.json' with { type: 'json' };
import type { FailedNotification } from '../domain/ports/failed-notification.query.js';
import { formatDateTime } from './format.js';
import { t, type Language } from './i18n.js';
import { renderCard } from './render-card.js';

export function failuresCard(failures: readonly FailedNotification[], language: Language, timeZone: string | undefined) {
  return renderCard(failuresTemplate, {
    title: t(language, 'failures.title'),
    empty: t(language, 'failures.empty'),
    rows: failures.map((f) => ({
      heading: t(language, 'failures.row', { number: f.number, recipient: f.recipient }),
      detail: `${formatDateTime(f.at, language, timeZone)} · ${f.message} · ${f.error}`,
    })),
  });
}
