import type { ClosurePolicy } from './closure.js';
import type { PriorityMatrix } from './priority.js';
import type { ServiceLevelRules, SlaPolicy } from './sla.js';
import type { Person, TaskStatus, Ticket, TicketType } from './ticket.js';

/** What a requester (or a technician on their behalf) fills in to open a ticket: the ticket's own fields. */
export type TicketDraft = Pick<
  Ticket,
  'type' | 'title' | 'description' | 'requester' | 'source' | 'categoryId' | 'location' | 'urgency' | 'impact' | 'groupId'
>;

type AnyTicketCommand =
  | {
      readonly type: 'create';
      readonly id: string;
      readonly tenantId: string;
      readonly number: number;
      readonly draft: TicketDraft;
      readonly priorityMatrix?: PriorityMatrix;
      readonly slaPolicy?: SlaPolicy;
    }
  | { readonly type: 'take'; readonly followupId: string }
  | { readonly type: 'assign'; readonly assignee: Person | null; readonly groupId: string | null }
  | {
      readonly type: 'addFollowup';
      readonly followupId: string;
      readonly text: string;
      readonly visibility: 'public' | 'private';
    }
  | { readonly type: 'comment'; readonly followupId: string; readonly text: string }
  | {
      readonly type: 'addTask';
      readonly taskId: string;
      readonly description: string;
      readonly status: TaskStatus;
      readonly durationMinutes: number;
    }
  | {
      readonly type: 'plan';
      readonly taskId: string;
      readonly description: string;
      readonly status: TaskStatus;
      readonly durationMinutes: number;
      readonly plannedStart: Date;
    }
  /** on hold, with a reason (kept in the timeline) and optionally the date the clock resumes it */
  | { readonly type: 'wait'; readonly reason: string; readonly followupId?: string; readonly until?: Date | null }
  /** back to work: by a person (an optional word on why) or by the clock at the « jusqu'au » date */
  | { readonly type: 'resume'; readonly followupId?: string; readonly reason?: string | null }
  /** staff correct the classification; the priority and the SLA due times follow */
  | {
      readonly type: 'edit';
      readonly title?: string;
      readonly ticketType?: TicketType;
      readonly categoryId?: string | null;
      readonly urgency?: number;
      readonly impact?: number;
      readonly priorityMatrix?: PriorityMatrix;
    }
  /** a task's text, status (« fait ») or duration, adjusted as the work goes */
  | {
      readonly type: 'editTask';
      readonly taskId: string;
      readonly description?: string;
      readonly status?: TaskStatus;
      readonly durationMinutes?: number;
    }
  /**
   * Functional escalation (seed 000 §5): to another group, optionally one of its technicians,
   * with the mandatory summary of what was tried. The escalating technician follows the ticket.
   */
  | {
      readonly type: 'escalate';
      readonly followupId: string;
      readonly groupId: string;
      readonly assignee: Person | null;
      readonly summary: string;
    }
  /** hierarchical escalation by hand (seed 001): the lead is asked for what the technician lacks */
  | { readonly type: 'alertLead'; readonly followupId: string; readonly reason: string }
  /** staff follow a ticket (observer: told of its changes) or stop following it */
  | { readonly type: 'follow' }
  | { readonly type: 'unfollow' }
  /** the clock: the ticket reached its next escalation level(s) */
  | { readonly type: 'alertLevel' }
  | {
      readonly type: 'proposeSolution';
      readonly text: string;
      /** the knowledge-base article the text was copied from */
      readonly articleId?: string;
      /** the call ticket was solved while the caller was on the line */
      readonly duringCall?: boolean;
      /** the helpdesk's delays; the auto-close due time comes from it (default: 24 h) */
      readonly closurePolicy?: ClosurePolicy;
    }
  /** the requester accepts the solution: closed, survey opened for `closurePolicy.surveyMinutes` */
  | { readonly type: 'approve'; readonly closurePolicy?: ClosurePolicy }
  /** the requester refuses the solution; the reason (mandatory) becomes a public followup */
  | { readonly type: 'refuse'; readonly followupId: string; readonly reason: string }
  /** a technician of the ticket closes a solved ticket without waiting for the requester */
  | { readonly type: 'close'; readonly closurePolicy?: ClosurePolicy }
  /** the clock closes a solved ticket nobody answered, once its due time has come */
  | { readonly type: 'autoClose'; readonly closurePolicy?: ClosurePolicy }
  /** a lead or admin at any time, the requester within the survey; the reason becomes a public followup */
  | { readonly type: 'reopen'; readonly followupId: string; readonly reason: string }
  /** the requester's satisfaction survey: 1..5, an optional comment, once */
  | { readonly type: 'rate'; readonly rating: number; readonly comment: string | null };

/**
 * Every command carries the helpdesk's service levels when the use case knows them (it puts
 * them in, never a handler): the SLA clocks move with every change, by the admin file's rules.
 */
export type TicketCommand = AnyTicketCommand & { readonly serviceLevels?: ServiceLevelRules };

export type CommandType = TicketCommand['type'];

export const COMMAND_TYPES: readonly CommandType[] = [
  'create',
  'take',
  'assign',
  'addFollowup',
  'comment',
  'addTask',
  'plan',
  'wait',
  'resume',
  'proposeSolution',
  'approve',
  'refuse',
  'close',
  'autoClose',
  'reopen',
  'rate',
  'edit',
  'editTask',
  'escalate',
  'alertLead',
  'follow',
  'unfollow',
  'alertLevel',
];
