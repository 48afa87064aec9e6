import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { Group } from '../domain/group.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import { fail, ok, type Result } from '../domain/result.js';

/**
 * « lier groupe n1 » typed in a Teams channel: from then on the group's new tickets
 * are posted there. Who may is `helpdesk.linkChannel` (the group's lead or an admin).
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
    if (!group) return fail('HELPDESK.UNKNOWN_GROUP', `no group ${groupId}`, { group: groupId });
    if (!may(actor, 'helpdesk.linkChannel', { group })) {
      return fail('HELPDESK.FORBIDDEN', `${actor.id} may not link a channel to ${groupId}`, { capability: 'helpdesk.linkChannel' });
    }
    await this.groups.linkChannel(tenantId, groupId, reference);
    return ok(group);
  }
}
