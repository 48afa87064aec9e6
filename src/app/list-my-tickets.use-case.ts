import type { Actor } from '../domain/actor.js';
import type { TicketPage, TicketRepository } from '../domain/ports/ticket.repository.js';

/** A requester's open tickets, newest first, one page at a time. */
export class ListMyTickets {
  constructor(private readonly tickets: TicketRepository) {}

  execute(tenantId: string, actor: Actor, page: number, pageSize: number): Promise<TicketPage> {
    const safePage = Number.isInteger(page) && page >= 0 ? page : 0;
    return this.tickets.listByRequester({
      tenantId,
      requesterId: actor.id,
      openOnly: true,
      skip: safePage * pageSize,
      limit: pageSize,
    });
  }
}
