import { escalateFormCard } from '../../views/escalate-form.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { cardLanguage } from '../ticket-response.js';
import { inSharedConversation, ticketForForm } from '../ticket-form.js';
import { VERBS } from '../verbs.js';

/** « Escalader… » on the ticket card: the escalation form takes the card's place, its summary prefilled. */
export class EscalateFormHandler implements CardActionHandler {
  readonly verb = VERBS.escalateForm;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const opened = await ticketForForm(this.services, context, 'escalate');
    if ('card' in opened) return opened.card;
    const shared = inSharedConversation(context);
    return escalateFormCard(opened.ticket, await this.services.groups.list(context.identity.tenantId), {
      language: cardLanguage(this.services, context),
      timeZone: shared ? undefined : context.identity.timeZone,
      shared,
      ...(opened.back ? { back: opened.back } : {}),
    });
  }
}
