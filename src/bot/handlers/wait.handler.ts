import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { waitData } from '../card-data.schemas.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Mettre en attente… »: the reason is shown to the requester. */
export class WaitHandler implements CardActionHandler {
  readonly verb = VERBS.wait;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = waitData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const { number, version, reason } = parsed.data;
    const result = await this.services.changeTicket.execute(context.identity.tenantId, context.actor, number, version, {
      type: 'wait',
      reason,
    });
    return ticketResponse(this.services, context, number, result, 'notice.saved');
  }
}
