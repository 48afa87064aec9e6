import type { PostedCard } from './card-copy.repository.js';
import type { Notification } from '../notification.js';
import type { Result } from '../result.js';
import type { Ticket } from '../ticket.js';

export interface TicketPage {
  readonly tickets: readonly Ticket[];
  readonly total: number;
}

/** The queues: by requester, by assignee, unassigned in some groups, open in some groups. */
export interface TicketQuery {
  readonly tenantId: string;
  readonly requesterId?: string;
  /** requester, assignee or observer: "my tickets" for someone who is both */
  readonly involvingId?: string;
  readonly assigneeId?: string;
  readonly groupIds?: readonly string[];
  readonly unassignedOnly?: boolean;
  readonly openOnly: boolean;
  /** newest: creation date descending; priority: highest first then oldest; age: oldest first */
  readonly sort: 'newest' | 'priority' | 'age';
  readonly skip: number;
  readonly limit: number;
}

export interface TicketListQuery {
  readonly tenantId: string;
  readonly requesterId: string;
  readonly openOnly: boolean;
  readonly skip: number;
  readonly limit: number;
}

/** A ticket about to be stored, with the notifications its creation queues. */
export interface NewTicket {
  readonly ticket: Ticket;
  readonly notifications: readonly Notification[];
}

/** Where tickets live. Implementations must make `update` atomic and version-checked. */
export interface TicketRepository {
  /**
   * stores a new ticket at version 1; with an intake key (the form's draft id), a second
   * insert with the same key returns the first ticket instead of a duplicate. `copies` are
   * the cards already showing it (the form the ticket card replaces), recorded in the same write.
   */
  insert(
    ticket: Ticket,
    intakeKey?: string,
    notifications?: readonly Notification[],
    copies?: readonly PostedCard[],
  ): Promise<Result<Ticket>>;
  /**
   * takes the tenant's next human number (1, 2, 3…, never twice even under concurrency,
   * in the order of the calls) and stores the ticket `build` makes with it, as `insert`
   * does (intake key, copies). Tickets opened together share one counter write and one
   * insert; `build` must not fail (check the draft first, so no number is burned for it).
   */
  create(
    tenantId: string,
    build: (number: number) => NewTicket,
    intakeKey?: string,
    copies?: readonly PostedCard[],
  ): Promise<Result<Ticket>>;
  /**
   * saves `ticket` only if the stored version is still `ticket.version`, bumping it; else
   * TICKET.CONFLICT. The notifications are queued in the same atomic write, so a crash
   * can never keep the change and lose the message, or the reverse.
   */
  update(ticket: Ticket, notifications?: readonly Notification[]): Promise<Result<Ticket>>;
  findByNumber(tenantId: string, number: number): Promise<Result<Ticket>>;
  /** newest first; malformed documents are reported and left out, not thrown */
  listByRequester(query: TicketListQuery): Promise<TicketPage>;
  list(query: TicketQuery): Promise<TicketPage>;
}
