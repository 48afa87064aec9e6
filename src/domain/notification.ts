import { isLowRating } from './closure.js';
import type { Group } from './group.js';
import { TICKET_EVENT_TYPES, type TicketEvent } from './ticket-event.js';
import type { Level } from './priority.js';
import type { Person, Rating, Ticket, TicketSource, TicketStatus } from './ticket.js';

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
 * One ticket in an SLA alert (a line of the group's digest card). Dates as ISO strings: the
 * payload is stored in the outbox and read back as it was written.
 */
export interface AlertLine extends TicketLine {
  readonly ticketId: string;
  readonly levelId: string;
  readonly clock: 'own' | 'resolve';
  readonly percent: number;
  /** the clock's breach time (ISO), for "2 h left" / "late by 40 min" */
  readonly dueAt: string | null;
  readonly assigneeName: string | null;
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
  /**
   * A ticket reached an escalation level: the group's channel (mentioning its lead), else its
   * lead 1:1; past a high priority's breach, its escalation contact too. Never posted alone:
   * the dispatcher gathers the alerts of one recipient into one digest card, kept up to date.
   */
  'sla.alert': { readonly groupId: string | null; readonly lead: Person | null; readonly line: AlertLine };
  /** the requester: their request went to another group (seed 000 5.3) */
  'request.escalated': TicketRef & { readonly groupId: string };
  /** the new group (channel, on-duty technicians, the chosen technician): the ticket with what was tried */
  'ticket.escalated': TicketRef & {
    readonly fromGroupId: string | null;
    readonly groupId: string;
    readonly supportLevel: number;
    readonly summary: string;
  };
  /** a group's lead: a ticket came to their group while nobody there is on duty */
  'group.unstaffed': TicketRef & { readonly groupId: string };
  /** the lead, in the channel (mentioned) and 1:1: a technician asks for help they cannot give themselves */
  'lead.alerted': TicketRef & { readonly groupId: string | null; readonly lead: Person | null; readonly reason: string };
  /** an observer: something happened on a ticket they follow */
  'observer.update': TicketRef & { readonly event: TicketEvent['type']; readonly text: string; readonly status: TicketStatus };
  /** the assignee: the « jusqu'au » date came and the clock put the ticket back to work */
  'ticket.holdOver': TicketRef;
  /** the requester: the helpdesk opened a ticket for them (after a call, from a message), by whom (the actor) */
  'ticket.openedForYou': TicketRef & { readonly source: TicketSource };
  /**
   * the one who made the ticket from a Teams message: their dialog shows it without buttons
   * (Teams runs no Action.Execute there), so the card they work with comes to their own chat
   */
  'ticket.createdFromMessage': TicketRef;
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

/** What an observer is told of: every change of the ticket, not following itself. */
const FOLLOWED_EVENTS: ReadonlySet<TicketEvent['type']> = new Set(
  TICKET_EVENT_TYPES.filter((type) => type !== 'TicketCreated' && type !== 'TicketFollowed' && type !== 'TicketUnfollowed'),
);

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
  const lead: Recipient | null = ctx.group?.lead ? { kind: 'user', user: ctx.group.lead } : null;

  switch (event.type) {
    case 'TicketCreated':
      for (const staff of [...(channel ? [channel] : []), ...onDuty]) tell(staff, 'ticket.new', ref);
      // opened on their behalf (a call, a message): the requester learns of it in their own chat, never the recorder
      if (ticket.requester.id !== actor.id) tell(requester, 'ticket.openedForYou', { ...ref, source: ticket.source });
      // the one exception to "never the actor": see 'ticket.createdFromMessage'
      if (ticket.source === 'message') out.push({ kind: 'ticket.createdFromMessage', recipient: { kind: 'user', user: { id: actor.id, name: actor.name } }, actor, payload: ref });
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
        // nobody there to pick it up: its lead hears of it at once rather than the ticket waiting unseen
        if (!assignee && onDuty.length === 0 && ticket.groupId && lead) tell(lead, 'group.unstaffed', { ...ref, groupId: ticket.groupId });
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
      // the « jusqu'au » date came: whoever works it must know it is back in their hands
      // (nobody holds it, e.g. escalated to a group without choosing anyone: the group's channel, else who is on duty)
      if (event.byClock) for (const staff of assignee ? [assignee] : channel ? [channel] : onDuty) tell(staff, 'ticket.holdOver', ref);
      break;
    case 'SlaLevelReached': {
      if (!event.level) break;
      const alert: NotificationPayloads['sla.alert'] = {
        groupId: ticket.groupId,
        lead: ctx.group?.lead ?? null,
        line: {
          ...ref,
          status: ticket.status,
          priority: ticket.priority,
          ticketId: ticket.id,
          levelId: event.level.id,
          clock: event.level.clock,
          percent: event.level.percent,
          dueAt: ticket.sla[event.level.clock].dueAt?.toISOString() ?? null,
          assigneeName: ticket.assignee?.name ?? null,
        },
      };
      // the group's channel, mentioning its lead; no channel linked → the lead in a 1:1 chat
      const where = channel ?? lead;
      if (where) tell(where, 'sla.alert', alert);
      const contact = ctx.group?.escalationContact;
      if (event.level.hierarchical && contact) tell({ kind: 'user', user: contact }, 'sla.alert', alert);
      break;
    }
    case 'TicketEscalated': {
      const groupId = ticket.groupId ?? '';
      tell(requester, 'request.escalated', { ...ref, groupId });
      const told: NotificationPayloads['ticket.escalated'] = {
        ...ref,
        fromGroupId: event.escalation?.fromGroupId ?? null,
        groupId,
        supportLevel: ticket.escalation.supportLevel,
        summary: note,
      };
      if (channel) tell(channel, 'ticket.escalated', told);
      for (const staff of assignee ? [assignee] : onDuty) tell(staff, 'ticket.escalated', told);
      // nobody on duty there: the lead hears of it at once rather than the ticket waiting unseen
      if (onDuty.length === 0 && !assignee && lead) tell(lead, 'group.unstaffed', { ...ref, groupId });
      break;
    }
    case 'LeadAlerted': {
      const alert: NotificationPayloads['lead.alerted'] = { ...ref, groupId: ticket.groupId, lead: ctx.group?.lead ?? null, reason: note };
      if (channel) tell(channel, 'lead.alerted', alert);
      if (lead) tell(lead, 'lead.alerted', alert);
      break;
    }
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
    case 'TicketEdited':
    case 'TaskEdited':
    case 'TicketFollowed':
    case 'TicketUnfollowed':
      break;
  }
  // observers hear of every change but their own (seed 000 5.4 « Suivre l'évolution du ticket »)
  if (FOLLOWED_EVENTS.has(event.type) && !(event.type === 'SlaLevelReached' && !event.level)) {
    // observers are staff (following is a staff capability): private text is theirs to read
    for (const observer of ticket.observers) {
      if (observer.id === ticket.assignee?.id) continue;
      tell({ kind: 'user', user: observer }, 'observer.update', { ...ref, event: event.type, text: note, status: ticket.status });
    }
  }
  return out;
}

/** A new ticket has no posted card yet; every later change redraws the copies (a level merely rescheduled shows nothing new). */
export const refreshesCopies = (event: TicketEvent): boolean =>
  event.type !== 'TicketCreated' && !(event.type === 'SlaLevelReached' && !event.level);

/** Everything a change queues: its notifications, then the refresh of the posted cards. */
export function queuedFor(events: readonly TicketEvent[], ticket: Ticket, ctx: NotificationContext): Queued[] {
  const queued: Queued[] = events.flatMap((event) => notificationsFor(event, ticket, ctx));
  const refresh = events.find(refreshesCopies);
  if (refresh) queued.push({ kind: 'card.refresh', actor: refresh.actor });
  return queued;
}
