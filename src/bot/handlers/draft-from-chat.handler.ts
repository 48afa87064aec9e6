import { preparedFormCard } from '../../views/ticket-form.view.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { draftFromChatData } from '../chat-reply.schemas.js';
import { VERBS } from '../verbs.js';
import { articlesToOffer } from './deflect.handler.js';

/**
 * « Non, c’est un nouveau problème »: the message was not about a waiting ticket, so it gets
 * what any described problem gets, the new-ticket form prefilled from it with the articles that
 * match it above. Nothing is stored.
 */
export class DraftFromChatHandler implements CardActionHandler {
  readonly verb = VERBS.draftFromChat;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const parsed = draftFromChatData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const { text } = parsed.data;
    const offered = await articlesToOffer(this.services, identity, actor, text);
    return preparedFormCard(identity.language, this.services.categories, this.services.prepareTicketForm.execute(text), offered);
  }
}
