import { defaultSort } from '../../app/list-queue.use-case.js';
import { isStaff } from '../../domain/actor.js';
import { ticketListCard, TICKETS_PER_PAGE } from '../../views/ticket-list.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { queueData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';

/** Paging and sorting a queue; a requester asking for a staff queue gets their own tickets. */
export class ListTicketsHandler implements CardActionHandler {
  readonly verb = VERBS.listTickets;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const parsed = queueData.safeParse(data);
    const asked = parsed.success ? parsed.data : { queue: 'requested' as const, sort: undefined, page: 0 };
    const queue = isStaff(actor) ? asked.queue : 'requested';
    const sort = asked.sort ?? defaultSort(queue);
    const page = await this.services.listQueue.execute(identity.tenantId, actor, queue, sort, asked.page, TICKETS_PER_PAGE);
    return ticketListCard(page, { queue, sort, page: asked.page }, identity.language, identity.timeZone);
  }
}
