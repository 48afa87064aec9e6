import type { Actor } from '../domain/actor.js';
import type { TicketRepository } from '../domain/ports/ticket.repository.js';
import type { Ticket, TicketStatus } from '../domain/ticket.js';

/** A solved ticket awaits the requester's answer to its solution; a pending one, what they were asked. */
export const AWAITING_REQUESTER: readonly TicketStatus[] = ['solved', 'pending'];

/** A chat answer asks about a few tickets at most: more would be a list, not a question. */
export const WAITING_SHOWN = 3;

/**
 * The actor's own tickets that wait for them, newest first: what a message typed in the
 * chat may be answering (« ça ne marche toujours pas »). Only tickets they requested.
 */
export class FindWaitingTickets {
  constructor(private readonly tickets: TicketRepository) {}

  async execute(tenantId: string, actor: Actor): Promise<readonly Ticket[]> {
    if (!actor.id) return [];
    const page = await this.tickets.list({
      tenantId,
      requesterId: actor.id,
      statuses: AWAITING_REQUESTER,
      openOnly: true,
      sort: 'newest',
      skip: 0,
      limit: WAITING_SHOWN,
    });
    return page.tickets;
  }
}
