import { may } from '../../domain/capabilities.js';
import { DEFAULT_SORT, queueCapability, type QueueName } from '../../domain/queue.js';
import { queueRefusedCard } from '../../views/intent.view.js';
import { ticketListCard, TICKETS_PER_PAGE } from '../../views/ticket-list.view.js';
import type { ChatTurn } from './chat-intent.js';

/**
 * The first page of a queue in its usual order; a queue this user may not open is
 * refused by name (a requester's « à traiter ») rather than swapped for another list.
 */
export async function showQueue(turn: ChatTurn, queue: QueueName): Promise<void> {
  const { identity, actor, services } = turn;
  const capability = queueCapability(queue);
  if (!may(actor, capability)) {
    const refusal = { code: 'HELPDESK.FORBIDDEN', message: `${actor.id} may not open ${queue}`, details: { capability } } as const;
    await turn.send(queueRefusedCard(identity.language, refusal));
    return;
  }
  const sort = DEFAULT_SORT[queue];
  const page = await services.listQueue.execute(identity.tenantId, actor, queue, sort, 0, TICKETS_PER_PAGE);
  await turn.send(ticketListCard(page, { queue, sort, page: 0 }, identity.language, identity.timeZone));
}
