import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { commentData } from '../card-data.schemas.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Commenter… » on the requester's card: a public followup; the assignee is pinged. */
export class CommentHandler implements CardActionHandler {
  readonly verb = VERBS.comment;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = commentData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const { number, version, comment } = parsed.data;
    // a comment never conflicts with what technicians did meanwhile: it only adds
    const result = await this.services.changeTicket.execute(context.identity.tenantId, context.actor, number, null, {
      type: 'comment',
      followupId: this.services.newId(),
      text: comment,
    });
    void version;
    return ticketResponse(this.services, context, number, result, 'notice.saved');
  }
}
