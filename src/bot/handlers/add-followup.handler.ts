import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { followupData } from '../card-data.schemas.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Suivi… »: public (the requester is told) or private (technicians only). */
export class AddFollowupHandler implements CardActionHandler {
  readonly verb = VERBS.addFollowup;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = followupData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const { number, version, followupText, private: isPrivate } = parsed.data;
    const result = await this.services.changeTicket.execute(context.identity.tenantId, context.actor, number, version, {
      type: 'addFollowup',
      followupId: this.services.newId(),
      text: followupText,
      visibility: isPrivate ? 'private' : 'public',
    });
    return ticketResponse(this.services, context, number, result, 'notice.saved');
  }
}
