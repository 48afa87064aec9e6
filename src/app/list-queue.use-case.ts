import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { Group } from '../domain/group.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import type { TicketPage, TicketQuery, TicketRepository } from '../domain/ports/ticket.repository.js';
import {
  CLOCKED_STATUSES,
  GLOBAL_STATUSES,
  OPEN_STATUSES,
  queueCapability,
  sortFor,
  spansGroups,
  watchedGroups,
  type QueueName,
  type QueueSort,
} from '../domain/queue.js';

/** A page of a queue with what its lines are read against: the time it was taken at, and the groups it spans. */
export interface QueuePage extends TicketPage {
  /** « à risque » and « en retard » are as of this time */
  readonly asOf: Date;
  /** the helpdesk's groups, for the queues that name each ticket's group (empty for the others) */
  readonly groups: readonly Group[];
}

export interface ListQueueDeps {
  readonly tickets: TicketRepository;
  readonly groups: Pick<GroupRepository, 'list'>;
  /** the time « à risque » is measured at (tests fix it) */
  readonly now?: () => Date;
}

/**
 * One page of a queue (see domain/queue.ts). A queue the actor may not open (`queue.*`
 * capabilities) falls back to "requested": a requester only ever gets their own tickets.
 */
export class ListQueue {
  constructor(private readonly deps: ListQueueDeps) {}

  async execute(tenantId: string, actor: Actor, queue: QueueName, sort: QueueSort, page: number, pageSize: number): Promise<QueuePage> {
    const asOf = (this.deps.now ?? (() => new Date()))();
    const shown: QueueName = may(actor, queueCapability(queue)) ? queue : 'requested';
    const base = { tenantId, openOnly: true, skip: Math.max(0, page) * pageSize, limit: pageSize, sort: sortFor(shown, sort) };
    const [listed, groups] = await Promise.all([
      this.deps.tickets.list(queryOf(shown, actor, base, asOf)),
      spansGroups(shown) ? this.deps.groups.list(tenantId) : [],
    ]);
    return { ...listed, asOf, groups };
  }
}

type BaseQuery = Pick<TicketQuery, 'tenantId' | 'openOnly' | 'skip' | 'limit' | 'sort'>;

function queryOf(queue: QueueName, actor: Actor, base: BaseQuery, asOf: Date): TicketQuery {
  switch (queue) {
    case 'mine':
      return { ...base, involvingId: actor.id };
    case 'toProcess':
      return { ...base, groupIds: actor.groupIds, statuses: OPEN_STATUSES, unassignedOnly: true };
    case 'group':
      return { ...base, groupIds: actor.groupIds, statuses: OPEN_STATUSES };
    case 'atRisk': {
      const groupIds = watchedGroups(actor);
      return { ...base, statuses: CLOCKED_STATUSES, atRiskBy: asOf, ...(groupIds !== null ? { groupIds } : {}) };
    }
    case 'global':
      return { ...base, statuses: GLOBAL_STATUSES };
    case 'requested':
      return { ...base, requesterId: actor.id };
  }
}
