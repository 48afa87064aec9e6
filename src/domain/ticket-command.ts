import type { ClosurePolicy } from './closure.js';
import type { PriorityMatrix } from './priority.js';
import type { SlaPolicy } from './sla.js';
import type { Person, TaskStatus, Ticket } from './ticket.js';

/** What a requester (or a technician on their behalf) fills in to open a ticket: the ticket's own fields. */
export type TicketDraft = Pick<
  Ticket,
  'type' | 'title' | 'description' | 'requester' | 'source' | 'categoryId' | 'location' | 'urgency' | 'impact' | 'groupId'
>;

export type TicketCommand =
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
  | { readonly type: 'wait'; readonly reason: string }
  | { readonly type: 'resume' }
  | {
      readonly type: 'proposeSolution';
      readonly text: string;
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
];
