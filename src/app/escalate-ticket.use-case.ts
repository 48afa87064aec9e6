import type { Actor } from '../domain/actor.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import { fail, type Result } from '../domain/result.js';
import type { Ticket } from '../domain/ticket.js';
import type { ChangeTicket } from './change-ticket.use-case.js';

/** Where a ticket is escalated, as ids from the card (never names, which anyone could forge), and what was tried. */
export interface EscalationChoice {
  readonly groupId: string;
  /** one of the target group's technicians, or null for the whole group */
  readonly assigneeId: string | null;
  readonly summary: string;
  /** the summary's followup */
  readonly followupId: string;
}

/**
 * « Escalader… » (seed 000 §5): the target group and technician are looked up in the
 * helpdesk's own groups, the technician must work in that group (a ticket given to someone
 * the group does not know would sit in no queue they read), then it is one more ticket change.
 */
export class EscalateTicket {
  constructor(
    private readonly groups: GroupRepository,
    private readonly changeTicket: ChangeTicket,
  ) {}

  async execute(tenantId: string, actor: Actor, number: number, seenVersion: number | null, choice: EscalationChoice): Promise<Result<Ticket>> {
    if (choice.groupId === '') return fail('TICKET.VALIDATION', 'a target group is mandatory', { field: 'targetGroup' });
    const group = await this.groups.find(tenantId, choice.groupId);
    if (!group) return fail('HELPDESK.UNKNOWN_GROUP', `no group ${choice.groupId} in the helpdesk`, { group: choice.groupId });
    const technician = choice.assigneeId === null ? null : group.technicians.find((tech) => tech.id === choice.assigneeId);
    if (choice.assigneeId !== null && !technician) {
      const elsewhere = (await this.groups.list(tenantId)).flatMap((g) => g.technicians).find((tech) => tech.id === choice.assigneeId);
      return fail('HELPDESK.UNKNOWN_TECHNICIAN', `${choice.assigneeId} is not a technician of ${group.id}`, {
        field: 'assignee',
        group: group.id,
        ...(elsewhere ? { name: elsewhere.name } : {}),
      });
    }
    return this.changeTicket.execute(tenantId, actor, number, seenVersion, {
      type: 'escalate',
      followupId: choice.followupId,
      groupId: group.id,
      assignee: technician ? { id: technician.id, name: technician.name } : null,
      summary: choice.summary,
    });
  }
}
