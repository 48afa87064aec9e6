import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { TicketPage, TicketQuery, TicketRepository } from '../domain/ports/ticket.repository.js';
import { queueCapability, type QueueName, type QueueSort } from '../domain/queue.js';

/**
 * One page of a queue (see domain/queue.ts). A queue the actor may not open (`queue.*`
 * capabilities) falls back to "requested": a requester only ever gets their own tickets.
 */
export class ListQueue {
  constructor(private readonly tickets: TicketRepository) {}

  execute(tenantId: string, actor: Actor, queue: QueueName, sort: QueueSort, page: number, pageSize: number): Promise<TicketPage> {
    const base = { tenantId, openOnly: true, skip: Math.max(0, page) * pageSize, limit: pageSize };
    const shown: QueueName = may(actor, queueCapability(queue)) ? queue : 'requested';
    const query: TicketQuery =
      shown === 'mine'
        ? { ...base, involvingId: actor.id, sort }
        : shown === 'toProcess'
          ? { ...base, groupIds: actor.groupIds, unassignedOnly: true, sort }
          : shown === 'group'
            ? { ...base, groupIds: actor.groupIds, sort }
            : { ...base, requesterId: actor.id, sort };
    return this.tickets.list(query);
  }
}
