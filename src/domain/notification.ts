import type { Group } from './group.js';
import type { TicketEvent } from './ticket-event.js';
import type { Person, Ticket } from './ticket.js';

/** Which card a recipient gets: requesters never see private followups or staff actions. */
export type Audience = 'requester' | 'technician';

export type Recipient =
  | { readonly kind: 'user'; readonly user: Person }
  | { readonly kind: 'channel'; readonly groupId: string }
  /** every posted copy of the ticket card, updated in place */
  | { readonly kind: 'copies' };

export type NotificationMessage =
  | 'ticket.new'
  | 'ticket.taken'
  | 'ticket.assignedToYou'
  | 'ticket.transferred'
  | 'followup.public'
  | 'followup.private'
  | 'comment.added'
  | 'ticket.pending'
  | 'ticket.resumed'
  | 'ticket.solved'
  | 'solution.refused'
  | 'ticket.closed'
  | 'ticket.reopened'
  | 'card.refresh';

export interface Notification {
  readonly recipient: Recipient;
  readonly message: NotificationMessage;
  readonly audience: Audience;
  /** post the ticket card with the message (and record the copy) */
  readonly withCard: boolean;
  readonly note: string | null;
  readonly actor: Person;
}

export interface NotificationContext {
  /** the ticket's group after the change */
  readonly group: Group | null;
  /** the ticket's group before the change, to tell a transfer */
  readonly previousGroupId: string | null;
}

/**
 * Who is told what after a change. Pure, so "exactly the right people, once each,
 * never the actor" is tested without a connector.
 */
export function notificationsFor(event: TicketEvent, ticket: Ticket, ctx: NotificationContext): Notification[] {
  const out: Notification[] = [];
  const actor = event.actor;
  const add = (recipient: Recipient, message: NotificationMessage, audience: Audience, withCard = false) => {
    if (recipient.kind === 'user' && recipient.user.id === actor.id) return;
    const key = (r: Recipient) => (r.kind === 'user' ? `u:${r.user.id}` : r.kind === 'channel' ? `c:${r.groupId}` : 'copies');
    if (out.some((n) => key(n.recipient) === key(recipient))) return;
    out.push({ recipient, message, audience, withCard, note: event.note, actor });
  };
  const requester = { kind: 'user', user: ticket.requester } as const;
  const assignee = ticket.assignee ? ({ kind: 'user', user: ticket.assignee } as const) : null;
  const channel = ctx.group?.hasChannel ? ({ kind: 'channel', groupId: ctx.group.id } as const) : null;
  const onDuty = (ctx.group?.technicians ?? []).filter((t) => t.onDuty).map(({ id, name }) => ({ id, name }));

  switch (event.type) {
    case 'TicketCreated':
      if (channel) add(channel, 'ticket.new', 'technician', true);
      for (const technician of onDuty) add({ kind: 'user', user: technician }, 'ticket.new', 'technician', true);
      break;
    case 'TicketTaken':
      add(requester, 'ticket.taken', 'requester');
      break;
    case 'TicketAssigned':
      if (assignee) add(assignee, 'ticket.assignedToYou', 'technician', true);
      if (ctx.previousGroupId !== ticket.groupId) {
        if (channel) add(channel, 'ticket.transferred', 'technician', true);
        if (!assignee) for (const technician of onDuty) add({ kind: 'user', user: technician }, 'ticket.transferred', 'technician', true);
        add(requester, 'ticket.transferred', 'requester');
      }
      break;
    case 'FollowupAdded':
      if (event.visibility === 'public') add(requester, 'followup.public', 'requester');
      else if (assignee) add(assignee, 'followup.private', 'technician');
      break;
    case 'RequesterCommented':
      if (assignee) add(assignee, 'comment.added', 'technician');
      else if (channel) add(channel, 'comment.added', 'technician');
      break;
    case 'TicketPutOnHold':
      add(requester, 'ticket.pending', 'requester');
      break;
    case 'TicketResumed':
      add(requester, 'ticket.resumed', 'requester');
      break;
    case 'SolutionProposed':
      add(requester, 'ticket.solved', 'requester');
      break;
    case 'SolutionRefused':
      if (assignee) add(assignee, 'solution.refused', 'technician');
      else if (channel) add(channel, 'solution.refused', 'technician');
      break;
    case 'TicketClosed':
      add(requester, 'ticket.closed', 'requester');
      break;
    case 'TicketReopened':
      add(requester, 'ticket.reopened', 'requester');
      if (assignee) add(assignee, 'ticket.reopened', 'technician');
      break;
    case 'TaskAdded':
    case 'TicketPlanned':
    case 'SolutionApproved':
      break;
  }
  // every posted copy shows the new state; a new ticket has none yet
  if (event.type !== 'TicketCreated') add({ kind: 'copies' }, 'card.refresh', 'technician');
  return out;
}
