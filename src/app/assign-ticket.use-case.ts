import type { Actor } from '../domain/actor.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import { fail, type Result } from '../domain/result.js';
import type { Ticket } from '../domain/ticket.js';
import type { ChangeTicket } from './change-ticket.use-case.js';

/** Who a ticket goes to, as ids from the card: never names, which anyone could forge. */
export interface AssignChoice {
  readonly assigneeId: string | null;
  readonly groupId: string | null;
}

/**
 * « Assigner… »: the technician and the group are looked up in the helpdesk's own groups
 * (a forged id goes nowhere), then the assignment is one more ticket change.
 */
export class AssignTicket {
  constructor(
    private readonly groups: GroupRepository,
    private readonly changeTicket: ChangeTicket,
  ) {}

  async execute(tenantId: string, actor: Actor, number: number, seenVersion: number | null, choice: AssignChoice): Promise<Result<Ticket>> {
    const groups = await this.groups.list(tenantId);
    const technician = choice.assigneeId === null ? null : groups.flatMap((g) => g.technicians).find((tech) => tech.id === choice.assigneeId);
    if (choice.assigneeId !== null && !technician) {
      return fail('HELPDESK.UNKNOWN_TECHNICIAN', `no technician ${choice.assigneeId} in the helpdesk`, { field: 'assignee' });
    }
    if (choice.groupId !== null && !groups.some((g) => g.id === choice.groupId)) {
      return fail('HELPDESK.UNKNOWN_GROUP', `no group ${choice.groupId} in the helpdesk`, { group: choice.groupId });
    }
    return this.changeTicket.execute(tenantId, actor, number, seenVersion, {
      type: 'assign',
      assignee: technician ? { id: technician.id, name: technician.name } : null,
      groupId: choice.groupId,
    });
  }
}
