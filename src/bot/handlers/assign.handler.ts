import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { assignData } from '../card-data.schemas.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/**
 * « Assigner… »: to a technician and/or a group. Ids come from the card, names never:
 * the technician is looked up in the helpdesk's groups, so a forged id goes nowhere.
 */
export class AssignHandler implements CardActionHandler {
  readonly verb = VERBS.assign;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor } = context;
    const parsed = assignData.safeParse(context.data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const { number, version, assigneeId, groupId } = parsed.data;
    const groups = await this.services.groups.list(identity.tenantId);
    const technician = groups.flatMap((g) => g.technicians).find((tech) => tech.id === assigneeId);
    if (assigneeId !== '' && !technician) return messageCard(identity.language, 'error.unknownTechnician', 'error');
    if (groupId !== '' && !groups.some((g) => g.id === groupId)) return messageCard(identity.language, 'error.unknownGroup', 'error');
    const result = await this.services.changeTicket.execute(identity.tenantId, actor, number, version, {
      type: 'assign',
      assignee: technician ? { id: technician.id, name: technician.name } : null,
      groupId: groupId === '' ? null : groupId,
    });
    return ticketResponse(this.services, context, number, result, 'notice.saved');
  }
}
