import { alertLeadFormCard } from '../../views/alert-lead-form.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { cardLanguage } from '../ticket-response.js';
import { VERBS } from '../verbs.js';
import { ticketForForm } from '../ticket-form.js';

/** « Alerter le responsable » on the ticket card: the form asking what is missing, and saying who will read it. */
export class AlertLeadFormHandler implements CardActionHandler {
  readonly verb = VERBS.alertLeadForm;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const opened = await ticketForForm(this.services, context, 'alertLead');
    if ('card' in opened) return opened.card;
    const { ticket } = opened;
    const group = ticket.groupId ? await this.services.groups.find(context.identity.tenantId, ticket.groupId) : null;
    return alertLeadFormCard(ticket, group, { language: cardLanguage(this.services, context), ...(opened.back ? { back: opened.back } : {}) });
  }
}
