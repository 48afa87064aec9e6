import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { ticketNumberData } from '../card-data.schemas.js';
import { errorCard } from '../error-card.js';
import { render } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** Teams' card refresh and « Ouvrir »: the current ticket, as this user may see and act on it. */
export class RefreshTicketHandler implements CardActionHandler {
  readonly verb = VERBS.refreshTicket;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = ticketNumberData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const result = await this.services.viewTicket.execute(context.identity.tenantId, context.actor, parsed.data.number);
    if (!result.ok) return errorCard(context.identity.language, result.error);
    return render(this.services, { ...context, origin: { ...context.origin, conversationType: 'personal' } }, result.value, '', 'good');
  }
}
