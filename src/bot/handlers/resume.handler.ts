import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { ticketRef } from '../card-data.schemas.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Reprendre »: back to where the ticket was before it was put on hold. */
export class ResumeHandler implements CardActionHandler {
  readonly verb = VERBS.resume;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = ticketRef.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const { number, version } = parsed.data;
    const result = await this.services.changeTicket.execute(context.identity.tenantId, context.actor, number, version, {
      type: 'resume',
    });
    return ticketResponse(this.services, context, number, result, 'notice.saved');
  }
}
