import { messageCard } from '../../views/message.view.js';
import { ticketCard } from '../../views/ticket.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { ticketNumberData } from '../card-data.schemas.js';
import { errorCard } from '../error-card.js';
import { VERBS } from '../verbs.js';

/** Opens one ticket from a list line. */
export class ViewTicketHandler implements CardActionHandler {
  readonly verb = VERBS.viewTicket;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const parsed = ticketNumberData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const result = await this.services.viewTicket.execute(identity.tenantId, actor, parsed.data.number);
    if (!result.ok) return errorCard(identity.language, result.error);
    return ticketCard(result.value, {
      language: identity.language,
      timeZone: identity.timeZone,
      categories: this.services.categories,
    });
  }
}
