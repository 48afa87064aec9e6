import { messageCard } from '../../views/message.view.js';
import { ticketFormCard } from '../../views/ticket-form.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { deflectedFormData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { formValuesFrom } from './create-ticket.handler.js';

/**
 * « Créer le ticket quand même » on the thank-you card: the problem came back (or was not quite
 * the article's), so the form returns as the requester left it, same draft, nothing stored yet.
 */
export class DeflectedFormHandler implements CardActionHandler {
  readonly verb = VERBS.deflectedForm;

  constructor(private readonly services: Pick<BotServices, 'categories'>) {}

  async handle({ identity, data }: CardActionContext): Promise<Card> {
    const parsed = deflectedFormData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    return ticketFormCard(identity.language, this.services.categories, formValuesFrom(data), parsed.data.draftId);
  }
}
