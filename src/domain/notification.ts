import { isLowRating } from './closure.js';
import type { Group } from './group.js';
import type { TicketEvent } from './ticket-event.js';
import type { Level } from './priority.js';
import type { Person, Rating, Ticket, TicketStatus } from './ticket.js';

/** Who is told: a person (in their 1:1 chat) or a group (in its Teams channel). */
export type Recipient = { readonly kind: 'user'; readonly user: Person } | { readonly kind: 'channel'; readonly groupId: string };

/** The ticket a message is about, as it was when the message was decided. */
export interface TicketRef {
  readonly number: number;
  readonly title: string;
}

/** One line of a list sent to a group (a digest): enough to read it and open the ticket. */
export interface TicketLine extends TicketRef {
  readonly status: TicketStatus;
  readonly priority: Level;
}

/**
 * What can be told, one entry per kind with what that kind needs to say. The views
 * decide how it looks (a sentence, a card); the domain only says what and to whom.
 */
export interface NotificationPayloads {
  /** staff: a new ticket in their group's queue */
  'ticket.new': TicketRef;
  /** a technician: someone gave them the ticket */
  'ticket.assignedToYou': TicketRef;
  /** staff of the group a ticket was moved to */
  'ticket.transferred': TicketRef;
  /** the requester: their ticket moved to another group */
  'request.transferred': TicketRef;
  /** the requester: who took their ticket */
  'ticket.taken': TicketRef;
  'followup.public': TicketRef & { readonly text: string };
  'followup.private': TicketRef & { readonly text: string };
  /** staff: the requester wrote on the ticket */
  'comment.added': TicketRef & { readonly text: string };
  'ticket.pending': TicketRef & { readonly reason: string };
  'ticket.resumed': TicketRef;
  /** the requester: a solution to accept or refuse */
  'solution.proposed': TicketRef & { readonly solution: string };
  /** staff working the ticket: the requester refused the solution, and why */
  'solution.refused': TicketRef & { readonly reason: string };
  /** the requester: a technician closed their solved ticket (the survey follows) */
  'ticket.closed': TicketRef;
  /** the requester: nobody answered the solution in time, the clock closed it (the survey follows) */
  'ticket.autoClosed': TicketRef;
  'ticket.reopened': TicketRef & { readonly reason: string };
  /** the group's lead: an unhappy requester's rating and comment ('' when none) */
  'survey.lowRating': TicketRef & { readonly rating: Rating; readonly comment: string };
  /** a group's channel: tickets that need attention, told outside any one ticket's change */
  'group.digest': { readonly groupId: string; readonly tickets: readonly TicketLine[] };
}

export type NotificationKind = keyof NotificationPayloads;

export type Notification<K extends NotificationKind = NotificationKind> = {
  [P in K]: {
    readonly kind: P;
    readonly recipient: Recipient;
    /** who caused it; shown as "by …" and never told about their own action */
    readonly actor: Person;
    readonly payload: NotificationPayloads[P];
  };
}[K];

/**
 * Every posted copy of the ticket card is redrawn after a change. Not a recipient: the
 * copies are wherever the card was shown, whoever reads them.
 */
export interface CardRefresh {
  readonly kind: 'card.refresh';
  readonly actor: Person;
}

/** What a ticket change queues in its own atomic write. */
export type Queued = Notification | CardRefresh;

export interface NotificationContext {
  /** the ticket's group after the change */
  readonly group: Group | null;
  /** the ticket's group before the change, to tell a transfer */
  readonly previousGroupId: string | null;
}

const recipientKey = (r: Recipient) => (r.kind === 'user' ? `u:${r.user.id}` : `c:${r.groupId}`);

/**
 * Who is told what after a change. Pure, so "the right people, never the actor" is tested
 * without a connector. Several kinds may reach one person for one change when they say
 * different things; the very same message to the same person is sent once.
 */
export function notificationsFor(event: TicketEvent, ticket: Ticket, ctx: NotificationContext): Notification[] {
  const out: Notification[] = [];
  const seen = new Set<string>();
  const actor = event.actor;
  const ref: TicketRef = { number: ticket.number, title: ticket.title };
  const note = event.note ?? '';
  const tell = <K extends NotificationKind>(recipient: Recipient, kind: K, payload: NotificationPayloads[K]) => {
    if (recipient.kind === 'user' && recipient.user.id === actor.id) return;
    const key = `${kind}|${recipientKey(recipient)}|${JSON.stringify(payload)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const user = recipient.kind === 'user' ? ({ kind: 'user', user: { id: recipient.user.id, name: recipient.user.name } } as const) : recipient;
    out.push({ kind, recipient: user, actor, payload } as Notification);
  };
  const requester: Recipient = { kind: 'user', user: ticket.requester };
  const assignee: Recipient | null = ticket.assignee ? { kind: 'user', user: ticket.assignee } : null;
  const channel: Recipient | null = ctx.group?.hasChannel ? { kind: 'channel', groupId: ctx.group.id } : null;
  const onDuty: Recipient[] = (ctx.group?.technicians ?? []).filter((t) => t.onDuty).map((t) => ({ kind: 'user', user: t }));

  switch (event.type) {
    case 'TicketCreated':
      for (const staff of [...(channel ? [channel] : []), ...onDuty]) tell(staff, 'ticket.new', ref);
      break;
    case 'TicketTaken':
      tell(requester, 'ticket.taken', ref);
      break;
    case 'TicketAssigned':
      if (assignee) tell(assignee, 'ticket.assignedToYou', ref);
      if (ctx.previousGroupId !== ticket.groupId) {
        // the assignee already has the card: the group hears of it only when nobody holds it
        if (channel) tell(channel, 'ticket.transferred', ref);
        if (!assignee) for (const technician of onDuty) tell(technician, 'ticket.transferred', ref);
        tell(requester, 'request.transferred', ref);
      }
      break;
    case 'FollowupAdded':
      if (event.visibility === 'public') tell(requester, 'followup.public', { ...ref, text: note });
      else if (assignee) tell(assignee, 'followup.private', { ...ref, text: note });
      break;
    case 'RequesterCommented': {
      const staff = assignee ?? channel;
      if (staff) tell(staff, 'comment.added', { ...ref, text: note });
      break;
    }
    case 'TicketPutOnHold':
      tell(requester, 'ticket.pending', { ...ref, reason: note });
      break;
    case 'TicketResumed':
      tell(requester, 'ticket.resumed', ref);
      break;
    case 'SolutionProposed':
      tell(requester, 'solution.proposed', { ...ref, solution: note });
      break;
    case 'SolutionRefused':
      // someone must pick it up again: who holds it, else the queue's channel, else who is on duty
      for (const staff of assignee ? [assignee] : channel ? [channel] : onDuty) tell(staff, 'solution.refused', { ...ref, reason: note });
      break;
    case 'TicketClosed':
      tell(requester, 'ticket.closed', ref);
      break;
    case 'TicketAutoClosed':
      tell(requester, 'ticket.autoClosed', ref);
      break;
    case 'TicketRated': {
      if (event.rating === null || !isLowRating(event.rating)) break;
      const lead: Recipient | null = channel ?? (ctx.group?.lead ? { kind: 'user', user: ctx.group.lead } : null);
      if (lead) tell(lead, 'survey.lowRating', { ...ref, rating: event.rating, comment: note });
      break;
    }
    case 'TicketReopened':
      tell(requester, 'ticket.reopened', { ...ref, reason: note });
      if (assignee) tell(assignee, 'ticket.reopened', { ...ref, reason: note });
      break;
    case 'TaskAdded':
    case 'TicketPlanned':
    case 'SolutionApproved':
      break;
  }
  return out;
}

/** A new ticket has no posted card yet; every later change redraws the copies. */
export const refreshesCopies = (event: TicketEvent): boolean => event.type !== 'TicketCreated';

/** Everything a change queues: its notifications, then the refresh of the posted cards. */
export function queuedFor(events: readonly TicketEvent[], ticket: Ticket, ctx: NotificationContext): Queued[] {
  const queued: Queued[] = events.flatMap((event) => notificationsFor(event, ticket, ctx));
  const refresh = events.find(refreshesCopies);
  if (refresh) queued.push({ kind: 'card.refresh', actor: refresh.actor });
  return queued;
}
