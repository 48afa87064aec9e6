import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { TicketRepository } from '../domain/ports/ticket.repository.js';
import { fail, type Result } from '../domain/result.js';
import type { Ticket } from '../domain/ticket.js';

/** One ticket, if the actor may see it; someone else's ticket reads as "not found" to a requester. */
export class ViewTicket {
  constructor(private readonly tickets: TicketRepository) {}

  async execute(tenantId: string, actor: Actor, number: number): Promise<Result<Ticket>> {
    const found = await this.tickets.findByNumber(tenantId, number);
    if (!found.ok) return found;
    if (!may(actor, 'ticket.view', { ticket: found.value })) return fail('TICKET.NOT_FOUND', `no ticket #${number}`, { number });
    return found;
  }
}
