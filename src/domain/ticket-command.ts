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
  | { readonly type: 'proposeSolution'; readonly text: string }
  | { readonly type: 'approve' }
  | { readonly type: 'refuse'; readonly reason: string }
  | { readonly type: 'close' }
  | { readonly type: 'reopen'; readonly reason: string };

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
  'reopen',
];
