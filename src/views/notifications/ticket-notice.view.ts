import type { NotificationKind, TicketRef } from '../../domain/notification.js';
import { t, type MessageKey } from '../i18n.js';
import { plainText } from '../plain-text.js';
import { ticketCard } from '../ticket.view.js';
import type { Renderer } from './renderer.js';

/**
 * Kinds that hand staff the ticket itself (new, assigned to you, transferred): the
 * technician card with the sentence as its banner. In a channel it is the compact
 * queue card; in a personal chat the reader's card refreshes to their own view. With the
 * card, the sentence is also the message's summary, which Teams shows as plain text (feed,
 * toast): it stays as typed there; alone, it is a markdown message and is escaped.
 */
export function ticketNotice<K extends NotificationKind>(key: MessageKey): Renderer<K> {
  return (notification, { language, reader, ticket, categories, groups }) => {
    const ref = notification.payload as unknown as TicketRef;
    const text = t(language, key, { number: ref.number, title: ref.title, actor: notification.actor.name });
    if (!ticket) return { text: plainText(text) };
    const card = ticketCard(ticket, {
      language,
      timeZone: reader.timeZone ?? undefined,
      categories,
      audience: 'technician',
      compact: reader.inChannel,
      groups,
      notice: text,
      noticeStyle: 'good',
      refreshUserIds: reader.userMri ? [reader.userMri] : [],
    });
    return { text, card, ticketCard: 'technician' };
  };
}
