import type { Level } from './priority.js';
import type { DueDates } from './sla.js';

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
 * automatic first public followup telling the requester who took the ticket (seed 001).
 */
export type FollowupKind = 'note' | 'comment' | 'takenInCharge';

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

export interface Solution {
  readonly text: string;
  readonly author: Person;
  readonly at: Date;
  /** set when the requester approves or refuses */
  readonly decision: { readonly approved: boolean; readonly reason: string | null; readonly at: Date } | null;
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
  readonly dueDates: DueDates;
  readonly attachments: readonly Attachment[];
  readonly linkedTickets: readonly number[];
  readonly followups: readonly Followup[];
  readonly tasks: readonly Task[];
  readonly solution: Solution | null;
  readonly pendingReason: string | null;
  readonly history: readonly HistoryEntry[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly solvedAt: Date | null;
  readonly closedAt: Date | null;
}

/** A ticket counts as open until it is closed: a solved ticket still awaits the requester. */
export const isOpen = (ticket: Pick<Ticket, 'status'>): boolean => ticket.status !== 'closed';

/** Limits shared by every entry point, so a form, a call summary and an email agree. */
export const TICKET_LIMITS = {
  titleMax: 255,
  descriptionMax: 20_000,
  locationMax: 200,
  reasonMax: 2_000,
  followupMax: 10_000,
} as const;
