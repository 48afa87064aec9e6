import { ticketListCard, TICKETS_PER_PAGE } from '../../views/ticket-list.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { pageData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';

/** Paging through "my tickets": the page number is the only thing the card sends. */
export class ListTicketsHandler implements CardActionHandler {
  readonly verb = VERBS.listTickets;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const parsed = pageData.safeParse(data);
    const page = parsed.success ? parsed.data.page : 0;
    const result = await this.services.listMyTickets.execute(identity.tenantId, actor, page, TICKETS_PER_PAGE);
    return ticketListCard(result, page, identity.language, identity.timeZone);
  }
}
