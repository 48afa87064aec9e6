import failuresTemplate from '../../cards/failures.card.json' with { type: 'json' };
import type { FailedNotification } from '../domain/ports/failed-notification.query.js';
import { formatDateTime } from './format.js';
import { t, type Language, type MessageKey } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';

const WHAT: Record<string, MessageKey> = {
  'ticket.new': 'failures.what.new',
  'ticket.transferred': 'failures.what.new',
  'ticket.assignedToYou': 'failures.what.assigned',
  'card.refresh': 'failures.what.copies',
  'group.digest': 'failures.what.digest',
};

export function failuresCard(failures: readonly FailedNotification[], language: Language, timeZone: string | undefined) {
  const recipient = (f: FailedNotification) =>
    f.recipient.kind === 'user'
      ? f.recipient.name
      : f.recipient.kind === 'channel'
        ? t(language, 'failures.channel', { group: f.recipient.groupId })
        : t(language, 'failures.copies');
  return renderCard(failuresTemplate, {
    title: t(language, 'failures.title'),
    empty: t(language, 'failures.empty'),
    rows: failures.map((f) => ({
      heading: plainText(
        f.number === null
          ? t(language, 'failures.rowNoTicket', { recipient: recipient(f) })
          : t(language, 'failures.row', { number: f.number, recipient: recipient(f) }),
      ),
      // the connector's own words, for whoever calls Microsoft support
      detail: [
        formatDateTime(f.at, language, timeZone),
        t(language, WHAT[f.kind] ?? 'failures.what.update'),
        `${t(language, 'failures.error')} ${plainText(f.error)}`,
      ].join(' · '),
    })),
  });
}
