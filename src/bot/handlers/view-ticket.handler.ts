import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { ticketNumberData } from '../card-data.schemas.js';
import { errorCard } from '../error-card.js';
import { render } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** Opens one ticket from a list line; the card shown is then kept up to date. */
export class ViewTicketHandler implements CardActionHandler {
  readonly verb = VERBS.viewTicket;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = ticketNumberData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const result = await this.services.viewTicket.execute(context.identity.tenantId, context.actor, parsed.data.number);
    if (!result.ok) return errorCard(context.identity.language, result.error);
    return render(this.services, context, result.value, '', 'good');
  }
}
