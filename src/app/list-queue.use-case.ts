import { isStaff, type Actor } from '../domain/actor.js';
import type { TicketPage, TicketQuery, TicketRepository } from '../domain/ports/ticket.repository.js';

/** The queues a helpdesk works from (DOMAIN.md "Views"). */
export const QUEUES = ['mine', 'requested', 'toProcess', 'group'] as const;
export type Queue = (typeof QUEUES)[number];
export type QueueSort = 'newest' | 'priority' | 'age';

/** What a queue shows first: a requester's newest tickets; a technician's most urgent. */
export const defaultSort = (queue: Queue): QueueSort => (queue === 'requested' ? 'newest' : 'priority');

/**
 * mine: assigned to me or opened by me · requested: opened by me · toProcess: unassigned in my groups ·
 * group: everything open in my groups. A requester only ever gets "requested".
 */
export class ListQueue {
  constructor(private readonly tickets: TicketRepository) {}

  execute(tenantId: string, actor: Actor, queue: Queue, sort: QueueSort, page: number, pageSize: number): Promise<TicketPage> {
    const base = { tenantId, openOnly: true, skip: Math.max(0, page) * pageSize, limit: pageSize };
    const query: TicketQuery =
      queue === 'mine' && isStaff(actor)
        ? { ...base, involvingId: actor.id, sort }
        : queue === 'toProcess'
          ? { ...base, groupIds: actor.groupIds, unassignedOnly: true, sort }
          : queue === 'group'
            ? { ...base, groupIds: actor.groupIds, sort }
            : { ...base, requesterId: actor.id, sort };
    return this.tickets.list(query);
  }
}
