import type { DomainError, ErrorCode } from '../../domain/result.js';
import { t } from '../../views/i18n.js';
import { errorCard } from '../../views/error.view.js';
import { escalateFormCard, escalationErrorText } from '../../views/escalate-form.view.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { escalateData, listRef } from '../card-data.schemas.js';
import { cardLanguage, recordCopy, ticketCardFor, ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';
import { inSharedConversation } from '../ticket-form.js';

/** Refusals the technician fixes on the form itself: it comes back with what they typed and why. */
const FIXED_ON_FORM: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TICKET.VALIDATION',
  'TICKET.CONFLICT',
  'HELPDESK.UNKNOWN_GROUP',
  'HELPDESK.UNKNOWN_TECHNICIAN',
]);

/**
 * « Escalader » on the escalation form, on the version the form showed (the ticket taken or
 * moved meanwhile is not what they escalated). Done: the ticket card says where it went.
 * Anything else the clicker can no longer do answers with the ticket and the reason.
 */
export class EscalateHandler implements CardActionHandler {
  readonly verb = VERBS.escalate;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor, data } = context;
    const parsed = escalateData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const input = parsed.data;
    const back = listRef.safeParse(data);
    const result = await this.services.escalateTicket.execute(identity.tenantId, actor, input.number, input.version, {
      groupId: input.targetGroupId,
      assigneeId: input.targetAssigneeId === '' ? null : input.targetAssigneeId,
      summary: input.escalationSummary,
      followupId: this.services.newId(),
    });
    const language = cardLanguage(this.services, context);
    const groups = await this.services.groups.list(identity.tenantId);
    if (result.ok) {
      const ticket = result.value;
      const group = groups.find((g) => g.id === ticket.groupId)?.name[language] ?? input.targetGroupId;
      const level = ticket.escalation.supportLevel;
      const notice = ticket.assignee
        ? t(language, 'escalation.notice.doneTo', { name: ticket.assignee.name, group, level })
        : t(language, 'escalation.notice.done', { group, level });
      await recordCopy(this.services, context, input.number);
      return ticketCardFor(this.services, context, ticket, { notice, ...(back.success ? { back: back.data } : {}) });
    }
    if (!FIXED_ON_FORM.has(result.error.code)) {
      return ticketResponse(this.services, context, input.number, result, { successNotice: 'notice.saved', ...(back.success ? { back: back.data } : {}) });
    }
    return this.formAgain(context, input.number, result.error, groups, {
      groupId: input.targetGroupId,
      assigneeId: input.targetAssigneeId,
      summary: input.escalationSummary,
    });
  }

  /** The form on the ticket as it now is (a conflict gives the current version), with the typed values and the refusal. */
  private async formAgain(
    context: CardActionContext,
    number: number,
    error: DomainError,
    groups: Awaited<ReturnType<BotServices['groups']['list']>>,
    typed: { groupId: string; assigneeId: string; summary: string },
  ): Promise<Card> {
    const language = cardLanguage(this.services, context);
    const current = await this.services.viewTicket.execute(context.identity.tenantId, context.actor, number);
    if (!current.ok) return errorCard(language, current.error);
    const shared = inSharedConversation(context);
    const back = listRef.safeParse(context.data);
    return escalateFormCard(current.value, groups, {
      language,
      timeZone: shared ? undefined : context.identity.timeZone,
      shared,
      typed,
      error: escalationErrorText(language, error, groups),
      ...(back.success ? { back: back.data } : {}),
    });
  }
}
