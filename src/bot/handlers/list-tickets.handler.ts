import { may } from '../../domain/capabilities.js';
import { DEFAULT_SORT, queueCapability } from '../../domain/queue.js';
import { ticketListCard, TICKETS_PER_PAGE } from '../../views/ticket-list.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { queueData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';

/**
 * Paging and sorting a queue. A list card kept from when its reader could open that
 * queue (no longer technician) pages through their own tickets instead.
 */
export class ListTicketsHandler implements CardActionHandler {
  readonly verb = VERBS.listTickets;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const parsed = queueData.safeParse(data);
    const asked = parsed.success ? parsed.data : { queue: 'requested' as const, sort: undefined, page: 0 };
    const queue = may(actor, queueCapability(asked.queue)) ? asked.queue : 'requested';
    const sort = asked.sort ?? DEFAULT_SORT[queue];
    const page = await this.services.listQueue.execute(identity.tenantId, actor, queue, sort, asked.page, TICKETS_PER_PAGE);
    return ticketListCard(page, { queue, sort, page: asked.page }, identity.language, identity.timeZone);
  }
}
