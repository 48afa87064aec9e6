import { hasRole, type Actor } from '../domain/actor.js';
import type { Group } from '../domain/group.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import { fail, ok, type Result } from '../domain/result.js';

/**
 * « lier groupe n1 » typed in a Teams channel: from then on the group's new tickets
 * are posted there. Only the group's lead or an admin may do it.
 */
export class LinkGroupChannel {
  constructor(private readonly groups: GroupRepository) {}

  async execute(
    tenantId: string,
    actor: Actor,
    groupId: string,
    reference: Readonly<Record<string, unknown>>,
  ): Promise<Result<Group>> {
    const group = await this.groups.find(tenantId, groupId);
    if (!group) return fail('TICKET.NOT_FOUND', `no group ${groupId}`, { group: groupId });
    if (!hasRole(actor, 'admin') && group.lead?.id !== actor.id) {
      return fail('TICKET.FORBIDDEN', 'only the lead or an admin links a channel');
    }
    await this.groups.linkChannel(tenantId, groupId, reference);
    return ok(group);
  }
}
