import { t } from '../../views/i18n.js';
import { alertLeadFormCard } from '../../views/alert-lead-form.view.js';
import { errorCard, errorText } from '../../views/error.view.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { alertLeadData, listRef } from '../card-data.schemas.js';
import { cardLanguage, recordCopy, ticketCardFor, ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/**
 * « Alerter » on the lead-alert form: the lead is mentioned in the group's channel and told
 * 1:1, the history keeps the reason. Like a followup it conflicts with nothing that happened
 * since the form was shown. Without a reason the form comes back with the error.
 */
export class AlertLeadHandler implements CardActionHandler {
  readonly verb = VERBS.alertLead;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor, data } = context;
    const parsed = alertLeadData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const { number, leadReason } = parsed.data;
    const back = listRef.safeParse(data);
    const result = await this.services.changeTicket.execute(identity.tenantId, actor, number, null, {
      type: 'alertLead',
      followupId: this.services.newId(),
      reason: leadReason,
    });
    const language = cardLanguage(this.services, context);
    if (result.ok) {
      const ticket = result.value;
      const group = ticket.groupId ? await this.services.groups.find(identity.tenantId, ticket.groupId) : null;
      const notice = group?.lead ? t(language, 'escalation.lead.done', { name: group.lead.name }) : t(language, 'escalation.lead.doneChannel');
      await recordCopy(this.services, context, number);
      return ticketCardFor(this.services, context, ticket, { notice, ...(back.success ? { back: back.data } : {}) });
    }
    if (result.error.code !== 'TICKET.VALIDATION') {
      return ticketResponse(this.services, context, number, result, { successNotice: 'notice.saved', ...(back.success ? { back: back.data } : {}) });
    }
    const current = await this.services.viewTicket.execute(identity.tenantId, actor, number);
    if (!current.ok) return errorCard(language, current.error);
    const group = current.value.groupId ? await this.services.groups.find(identity.tenantId, current.value.groupId) : null;
    return alertLeadFormCard(current.value, group, {
      language,
      typed: leadReason,
      error: errorText(language, result.error),
      ...(back.success ? { back: back.data } : {}),
    });
  }
}
