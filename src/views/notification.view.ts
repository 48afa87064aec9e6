import type { Category } from '../domain/category.js';
import type { Group } from '../domain/group.js';
import type { Audience, Notification } from '../domain/notification.js';
import type { Ticket } from '../domain/ticket.js';
import { languageOf, t, type MessageKey } from './i18n.js';
import { ticketCard } from './ticket.view.js';

const TEXT: Readonly<Record<Notification['message'], MessageKey | null>> = {
  'ticket.new': 'notify.ticket.new',
  'ticket.taken': 'notify.ticket.taken',
  'ticket.assignedToYou': 'notify.ticket.assignedToYou',
  'ticket.transferred': 'notify.ticket.transferred',
  'followup.public': 'notify.followup.public',
  'followup.private': 'notify.followup.private',
  'comment.added': 'notify.comment.added',
  'ticket.pending': 'notify.ticket.pending',
  'ticket.resumed': 'notify.ticket.resumed',
  'ticket.solved': 'notify.ticket.solved',
  'solution.refused': 'notify.solution.refused',
  'ticket.closed': 'notify.ticket.closed',
  'ticket.reopened': 'notify.ticket.reopened',
  'card.refresh': null,
};

export interface RenderedNotification {
  readonly text?: string;
  readonly card?: Record<string, unknown>;
}

/** What one recipient reads: a sentence in their language, and the ticket card for their role. */
export function renderNotification(
  ticket: Ticket,
  item: { message: string; audience: Audience; withCard: boolean; note: string | null; actor: { name: string } },
  reader: { locale: string; timeZone?: string | null; userMri?: string | null; inChannel: boolean },
  categories: readonly Category[],
  groups: readonly Group[] = [],
): RenderedNotification {
  const language = languageOf(reader.locale);
  const timeZone = reader.timeZone ?? undefined;
  const inChannel = reader.inChannel;
  const key = TEXT[item.message as Notification['message']] ?? null;
  const text = key
    ? t(language, key, { number: ticket.number, title: ticket.title, actor: item.actor.name, note: item.note ?? '' })
    : undefined;
  const card = item.withCard
    ? ticketCard(ticket, {
        language,
        timeZone,
        categories,
        audience: item.audience,
        compact: inChannel,
        groups,
        ...(text ? { notice: text, noticeStyle: 'good' as const } : {}),
        // the one reader of a personal chat gets Teams' automatic refresh (their own view)
        refreshUserIds: reader.userMri ? [reader.userMri] : [],
      })
    : undefined;
  return { ...(text ? { text } : {}), ...(card ? { card } : {}) };
}
