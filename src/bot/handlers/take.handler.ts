import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { ticketRef } from '../card-data.schemas.js';
import { messageCard } from '../../views/message.view.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Prendre / Take »: self-assign. Two technicians at once: one wins, the other sees who. */
export class TakeHandler implements CardActionHandler {
  readonly verb = VERBS.take;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = ticketRef.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const { number, version } = parsed.data;
    const result = await this.services.changeTicket.execute(context.identity.tenantId, context.actor, number, version, {
      type: 'take',
      followupId: this.services.newId(),
    });
    return ticketResponse(this.services, context, number, result, 'notice.saved');
  }
}
