import type { Person, Rating, TicketStatus } from './ticket.js';

/**
 * What happened, for whoever must react (notifications, channel cards, SLA timers).
 * Side effects come from these, never from inside `decide`.
 */
export interface TicketEvent {
  readonly type:
    | 'TicketCreated'
    | 'TicketTaken'
    | 'TicketAssigned'
    | 'FollowupAdded'
    | 'RequesterCommented'
    | 'TaskAdded'
    | 'TicketPlanned'
    | 'TicketPutOnHold'
    | 'TicketResumed'
    | 'SolutionProposed'
    | 'SolutionApproved'
    | 'SolutionRefused'
    | 'TicketClosed'
    | 'TicketAutoClosed'
    | 'TicketReopened'
    | 'TicketRated';
  readonly ticketId: string;
  readonly tenantId: string;
  readonly number: number;
  readonly actor: Person;
  readonly at: Date;
  readonly from: TicketStatus | null;
  readonly to: TicketStatus;
  /** the reason or text the actor gave, when the command carries one */
  readonly note: string | null;
  /** public followups reach the requester; private ones only staff */
  readonly visibility: 'public' | 'private' | null;
  /** who the ticket was given to, for TicketTaken and TicketAssigned */
  readonly assignee: Person | null;
  readonly groupId: string | null;
  /** the requester's rating, for TicketRated (its comment is the note) */
  readonly rating: Rating | null;
}
