import type { Person, TicketStatus } from './ticket.js';

/**
 * What happened, for whoever must react (notifications, channel cards, SLA timers).
 * Side effects come from these, never from inside `decide`.
 */
export interface TicketEvent {
  readonly type:
    | 'TicketCreated'
    | 'TicketAssigned'
    | 'TicketPlanned'
    | 'TicketPutOnHold'
    | 'TicketResumed'
    | 'SolutionProposed'
    | 'SolutionApproved'
    | 'SolutionRefused'
    | 'TicketClosed'
    | 'TicketReopened';
  readonly ticketId: string;
  readonly tenantId: string;
  readonly number: number;
  readonly actor: Person;
  readonly at: Date;
  readonly from: TicketStatus | null;
  readonly to: TicketStatus;
  /** the reason or text the actor gave, when the command carries one */
  readonly note: string | null;
}
