import type { Person, Rating, TicketStatus } from './ticket.js';

export const TICKET_EVENT_TYPES = [
  'TicketCreated',
  'TicketTaken',
  'TicketAssigned',
  'FollowupAdded',
  'RequesterCommented',
  'TaskAdded',
  'TicketPlanned',
  'TicketPutOnHold',
  'TicketResumed',
  'SolutionProposed',
  'SolutionApproved',
  'SolutionRefused',
  'TicketClosed',
  'TicketAutoClosed',
  'TicketReopened',
  'TicketRated',
  'TicketEdited',
  'TaskEdited',
  'TicketEscalated',
  'LeadAlerted',
  'TicketFollowed',
  'TicketUnfollowed',
  'SlaLevelReached',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/**
 * What happened, for whoever must react (notifications, channel cards, SLA timers).
 * Side effects come from these, never from inside `decide`.
 */
export interface TicketEvent {
  readonly type: TicketEventType;
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
  /** SlaLevelReached: the highest level reached by this change (a catch-up may pass several at once) */
  readonly level?: {
    readonly id: string;
    readonly clock: 'own' | 'resolve';
    readonly percent: number;
    /** past the time to resolve of a high priority: the escalation contact hears of it too (hierarchical escalation) */
    readonly hierarchical: boolean;
  } | null;
  /** TicketEscalated: from which group, to which support level */
  readonly escalation?: { readonly fromGroupId: string | null; readonly supportLevel: number } | null;
  /** TicketResumed: the clock resumed it at its « jusqu'au » date */
  readonly byClock?: boolean;
}
