import type { PostedCard } from './card-copy.repository.js';
import type { Queued } from '../notification.js';
import type { QueueSort } from '../queue.js';
import type { Result } from '../result.js';
import type { Ticket, TicketStatus } from '../ticket.js';

export interface TicketPage {
  readonly tickets: readonly Ticket[];
  readonly total: number;
  /** counting stopped at QUEUE_TOTAL_CAP: there are more than `total` (a page reads the same whatever the backlog) */
  readonly totalCapped?: boolean;
}

/** The queues: by requester, by assignee, unassigned in some groups, open in some groups, at risk, all open. */
export interface TicketQuery {
  readonly tenantId: string;
  readonly requesterId?: string;
  /** requester, assignee or observer: "my tickets" for someone who is both */
  readonly involvingId?: string;
  readonly assigneeId?: string;
  readonly groupIds?: readonly string[];
  readonly unassignedOnly?: boolean;
  readonly openOnly: boolean;
  /** only tickets in one of these statuses (the ones awaiting their requester: solved, pending) */
  readonly statuses?: readonly TicketStatus[];
  /** only tickets at risk or late by then: `escalation.riskAt` at or before it (« alertes ») */
  readonly atRiskBy?: Date;
  /**
   * newest: creation date descending; priority: highest first then oldest; age: oldest
   * first; urgency: the earliest to turn at risk first (`escalation.riskAt` ascending)
   */
  readonly sort: QueueSort;
  readonly skip: number;
  readonly limit: number;
}

/** What a new ticket's creation stores with it, in the same write. */
export interface NewTicketWrites {
  /** the form's draft id: a second insert with the same key returns the first ticket instead of a duplicate */
  readonly intakeKey?: string;
  /** queued for delivery with the ticket */
  readonly notifications?: readonly Queued[];
  /** the cards already showing the ticket (the form the ticket card replaces), kept up to date from then on */
  readonly copies?: readonly PostedCard[];
}

/** Where tickets live. Implementations must make `update` atomic and version-checked. */
export interface TicketRepository {
  /** the tenant's next human number (1, 2, 3…): never twice even under concurrency, in the order of the calls */
  nextNumber(tenantId: string): Promise<number>;
  /**
   * stores a new ticket at version 1 with what `writes` adds to it. A number already taken
   * is TICKET.CONFLICT; a repeated intake key returns the first ticket, its number unused.
   */
  insert(ticket: Ticket, writes?: NewTicketWrites): Promise<Result<Ticket>>;
  /**
   * saves `ticket` only if the stored version is still `ticket.version`, bumping it; else
   * TICKET.CONFLICT. The notifications are queued in the same atomic write, so a crash
   * can never keep the change and lose the message, or the reverse.
   */
  update(ticket: Ticket, notifications?: readonly Queued[]): Promise<Result<Ticket>>;
  findByNumber(tenantId: string, number: number): Promise<Result<Ticket>>;
  /** malformed documents are reported and left out, not thrown */
  list(query: TicketQuery): Promise<TicketPage>;
}
