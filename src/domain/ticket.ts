import type { Level } from './priority.js';
import type { EscalationState, SlaState } from './sla.js';

export const TICKET_STATUSES = ['new', 'assigned', 'planned', 'pending', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_TYPES = ['incident', 'request'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_SOURCES = ['chat', 'call', 'email', 'message'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const TASK_STATUSES = ['information', 'todo', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Who someone is, as Teams knows them: the AAD object id is the identity, the name is for display. */
export interface Person {
  readonly id: string;
  readonly name: string;
}

/**
 * `note`: written by staff; `comment`: written by the requester; `takenInCharge`: the
 * automatic first public followup telling the requester who took the ticket (seed 001);
 * `refusal`: the requester's reason for refusing a solution; `reopening`: why a closed
 * ticket was reopened. Both reasons are public: the requester and staff read the same story.
 */
export const FOLLOWUP_KINDS = [
  'note',
  'comment',
  'takenInCharge',
  'refusal',
  'reopening',
  /** why the ticket was put on hold (public: the requester is told why it waits) */
  'hold',
  /** the ticket resumed, by whom or by the clock at the « jusqu'au » date; text may be empty */
  'resume',
  /** the escalating technician's summary of what was tried (private: staff only), at the top of what the new group reads */
  'escalation',
  /** a technician asked the lead for help (missing rights, resources, authority); private */
  'leadAlert',
] as const;
export type FollowupKind = (typeof FOLLOWUP_KINDS)[number];

export interface Followup {
  readonly id: string;
  readonly author: Person;
  readonly kind: FollowupKind;
  readonly text: string;
  /** private followups are for technicians only and never shown to the requester */
  readonly visibility: 'public' | 'private';
  readonly at: Date;
}

export interface Task {
  readonly id: string;
  readonly author: Person;
  readonly description: string;
  readonly status: TaskStatus;
  readonly durationMinutes: number;
  readonly plannedStart: Date | null;
  readonly at: Date;
}

/**
 * What became of a proposed solution. `approved`/`refused`: the requester answered;
 * `autoClosed`: nobody answered before the due time and the clock closed the ticket;
 * `closed`: a technician closed the ticket without waiting (seed 003); `superseded`: a
 * newer solution replaced it before anyone answered.
 */
export const SOLUTION_OUTCOMES = ['proposed', 'approved', 'refused', 'autoClosed', 'closed', 'superseded'] as const;
export type SolutionOutcomeKind = (typeof SOLUTION_OUTCOMES)[number];

export type SolutionOutcome =
  | { readonly kind: 'proposed' }
  | { readonly kind: 'approved' | 'autoClosed' | 'closed' | 'superseded'; readonly by: Person; readonly at: Date }
  | { readonly kind: 'refused'; readonly by: Person; readonly at: Date; readonly reason: string };

/** One proposed solution; a ticket keeps every one it was given, oldest first. */
export interface Solution {
  readonly text: string;
  readonly author: Person;
  readonly at: Date;
  readonly outcome: SolutionOutcome;
  /** the knowledge-base article it was copied from (« Utiliser comme solution »): the statistics' « lacunes » count tickets solved without one */
  readonly articleId?: string;
  /** given while the caller was still on the line (« Résolu pendant l'appel »): first-contact resolution */
  readonly duringCall?: boolean;
}

export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

/** The requester's answer to the satisfaction survey. */
export interface SurveyAnswer {
  readonly rating: Rating;
  readonly comment: string | null;
  readonly at: Date;
}

/**
 * Opened when a ticket closes: until `until` the requester may rate the help (once) and
 * reopen the ticket from the survey. A later closing opens a new window and keeps the answer.
 */
export interface Survey {
  readonly until: Date;
  readonly answer: SurveyAnswer | null;
}

export interface Attachment {
  readonly name: string;
  readonly url: string;
  readonly contentType: string;
}

/** One changed field; every change to a ticket appends entries, never rewrites them. */
export interface HistoryEntry {
  readonly at: Date;
  readonly actor: Person;
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface PriorityOverride {
  readonly priority: Level;
  readonly reason: string;
}

export interface Ticket {
  readonly id: string;
  readonly tenantId: string;
  /** human number, sequential per tenant (#1, #2…) */
  readonly number: number;
  /** optimistic-concurrency counter, +1 per saved change */
  readonly version: number;
  readonly type: TicketType;
  readonly status: TicketStatus;
  /** where a pending ticket returns on resume */
  readonly statusBeforePending: TicketStatus | null;
  readonly title: string;
  readonly description: string;
  readonly requester: Person;
  readonly source: TicketSource;
  readonly categoryId: string | null;
  readonly location: string;
  readonly urgency: Level;
  readonly impact: Level;
  readonly priority: Level;
  readonly priorityOverride: PriorityOverride | null;
  readonly assignee: Person | null;
  readonly groupId: string | null;
  readonly observers: readonly Person[];
  /** time to own and time to resolve, counted in business hours, paused while pending */
  readonly sla: SlaState;
  /** escalation levels reached, the next one (the clock's due time), the support level N1, N2… */
  readonly escalation: EscalationState;
  readonly attachments: readonly Attachment[];
  readonly linkedTickets: readonly number[];
  readonly followups: readonly Followup[];
  readonly tasks: readonly Task[];
  /** every solution proposed, oldest first, with what became of each */
  readonly solutions: readonly Solution[];
  /** when the clock closes a solved ticket nobody answered; null when not solved or never (delay 0) */
  readonly autoCloseAt: Date | null;
  /** the satisfaction survey, from the first closing on */
  readonly survey: Survey | null;
  readonly pendingReason: string | null;
  /** « jusqu'au »: the clock resumes a pending ticket then; null when it waits without a date */
  readonly pendingUntil: Date | null;
  readonly history: readonly HistoryEntry[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly solvedAt: Date | null;
  readonly closedAt: Date | null;
}


/**
 * The solution the ticket stands on, for views: the last one while the ticket is solved
 * (awaiting the requester) or closed; none while it is worked on (a refused one is history).
 */
export function currentSolution(ticket: Pick<Ticket, 'status' | 'solutions'>): Solution | null {
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return null;
  return ticket.solutions.at(-1) ?? null;
}

/** Limits shared by every entry point, so a form, a call summary and an email agree. */
export const TICKET_LIMITS = {
  titleMax: 255,
  descriptionMax: 20_000,
  locationMax: 200,
  reasonMax: 2_000,
  followupMax: 10_000,
  surveyCommentMax: 2_000,
} as const;
