import type { Category } from '../domain/category.js';
import type { Group } from '../domain/group.js';
import type { Notification, NotificationKind } from '../domain/notification.js';
import type { ServiceLevelRules } from '../domain/sla.js';
import type { Ticket, TicketSource } from '../domain/ticket.js';
import { languageOf } from './i18n.js';
import { slaAlert } from './notifications/alert-digest.view.js';
import { groupUnstaffed, leadAlerted, observerUpdate, requestEscalated, ticketEscalated } from './notifications/escalation.view.js';
import { groupDigest } from './notifications/group-digest.view.js';
import type { NotificationReader, RenderedNotification, Renderer } from './notifications/renderer.js';
import { sentence } from './notifications/sentence.view.js';
import { ticketNotice } from './notifications/ticket-notice.view.js';
import { ticketCard } from './ticket.view.js';

export type { NotificationReader, RenderedNotification } from './notifications/renderer.js';

const OPENED_FOR_YOU: Readonly<Record<TicketSource, Renderer<'ticket.openedForYou'>>> = {
  call: ticketNotice('notify.ticket.openedForYou.call'),
  message: ticketNotice('notify.ticket.openedForYou.message'),
  chat: ticketNotice('notify.ticket.openedForYou.other'),
  email: ticketNotice('notify.ticket.openedForYou.other'),
};

/**
 * Every notification kind and its view: the one table to extend when a kind is added
 * (the type makes a kind without a view fail `tsc`).
 */
export const RENDERERS: { readonly [K in NotificationKind]: Renderer<K> } = {
  'ticket.new': ticketNotice('notify.ticket.new'),
  'ticket.assignedToYou': ticketNotice('notify.ticket.assignedToYou'),
  'ticket.transferred': ticketNotice('notify.ticket.transferredIn'),
  'request.transferred': sentence('notify.ticket.transferred'),
  'ticket.taken': sentence('notify.ticket.taken'),
  'followup.public': sentence<'followup.public'>('notify.followup.public', (p) => p.text),
  'followup.private': sentence<'followup.private'>('notify.followup.private', (p) => p.text),
  'comment.added': sentence<'comment.added'>('notify.comment.added', (p) => p.text),
  'ticket.pending': sentence<'ticket.pending'>('notify.ticket.pending', (p) => p.reason),
  'ticket.resumed': sentence('notify.ticket.resumed'),
  // the requester's card with the solution, « Accepter » and « Refuser… »: answered in place
  'solution.proposed': ticketNotice<'solution.proposed'>('notify.ticket.solved', { note: (p) => p.solution, banner: 'notify.solution.banner' }),
  // whoever picks the ticket up again gets it with the reason
  'solution.refused': ticketNotice<'solution.refused'>('notify.solution.refused', { note: (p) => p.reason }),
  // the requester's closed card carries the survey
  'ticket.closed': ticketNotice('notify.ticket.closed'),
  'ticket.autoClosed': ticketNotice('notify.ticket.autoClosed'),
  'ticket.reopened': ticketNotice<'ticket.reopened'>('notify.ticket.reopened', { note: (p) => p.reason }),
  // the lead (or the group's channel) gets the closed ticket with the rating and comment, to reopen it if need be
  'survey.lowRating': ticketNotice<'survey.lowRating'>('notify.survey.lowRating', {
    note: (p) => (p.comment ? `${p.rating}/5 — ${p.comment}` : `${p.rating}/5`),
  }),
  'group.digest': groupDigest,
  // gathered into one digest card per recipient by the dispatcher; alone, a digest of one line
  'sla.alert': slaAlert,
  // escalation: the requester is told where it went, the new group gets the ticket with what was tried
  'request.escalated': requestEscalated,
  'ticket.escalated': ticketEscalated,
  'group.unstaffed': groupUnstaffed,
  // in the channel a card mentioning the lead; the lead's own chat gets the ticket
  'lead.alerted': leadAlerted,
  'observer.update': observerUpdate,
  'ticket.holdOver': sentence('notify.ticket.holdOver'),
  // the requester's own card, saying who opened it for them and after what
  'ticket.openedForYou': (notification, ctx) => OPENED_FOR_YOU[notification.payload.source](notification, ctx),
  // the creator's working copy of a ticket made from a message (the dialog showed it without buttons)
  'ticket.createdFromMessage': ticketNotice('notify.ticket.createdFromMessage'),
};

/** What one reader gets for a notification, in their language (a channel's is the helpdesk's). */
export function renderNotification(
  notification: Notification,
  ticket: Ticket | null,
  reader: NotificationReader,
  categories: readonly Category[],
  groups: readonly Group[] = [],
  serviceLevels?: ServiceLevelRules,
): RenderedNotification {
  const render = RENDERERS[notification.kind] as Renderer<NotificationKind>;
  return render(notification, { language: languageOf(reader.locale), reader, ticket, categories, groups, ...(serviceLevels ? { serviceLevels } : {}) });
}

/** A posted copy of the ticket card, redrawn for the conversation it sits in. */
export function renderCardCopy(
  ticket: Ticket,
  audience: 'requester' | 'technician',
  reader: NotificationReader,
  categories: readonly Category[],
  groups: readonly Group[] = [],
  serviceLevels?: ServiceLevelRules,
): Record<string, unknown> {
  return ticketCard(ticket, {
    ...(serviceLevels ? { serviceLevels } : {}),
    language: languageOf(reader.locale),
    timeZone: reader.timeZone ?? undefined,
    categories,
    audience,
    compact: reader.inChannel,
    groups,
    // the one reader of a personal chat gets Teams' automatic refresh (their own view)
    refreshUserIds: reader.userMri ? [reader.userMri] : [],
  });
}
