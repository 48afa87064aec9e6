import type { Group } from '../../domain/group.js';
import type { Directory } from '../../domain/ports/directory.js';
import type { GroupRepository } from '../../domain/ports/group.repository.js';

/**
 * The groups as the notifications read them: when the admin file names no escalation contact,
 * the group lead's manager from the directory is the contact (issue 11, point 4). Resolved here,
 * in infra, so the domain still only reads `group.escalationContact`. A directory failure or a
 * lead without a manager leaves the contact empty: no hierarchical alert, nothing breaks.
 */
export function withManagerAsEscalationContact(groups: GroupRepository, directory: Directory, log: (line: string) => void = () => undefined): GroupRepository {
  const withContact = async (group: Group | null): Promise<Group | null> => {
    if (!group || group.escalationContact || !group.lead) return group;
    try {
      const manager = await directory.manager(group.tenantId, group.lead.id);
      return manager ? { ...group, escalationContact: { id: manager.id, name: manager.name } } : group;
    } catch (error) {
      log(`escalation contact: the manager of ${group.lead.id} could not be read (${error instanceof Error ? error.message : String(error)})`);
      return group;
    }
  };
  return {
    find: async (tenantId, groupId) => withContact(await groups.find(tenantId, groupId)),
    list: (tenantId) => groups.list(tenantId),
    defaultGroupId: (tenantId) => groups.defaultGroupId(tenantId),
    channelOf: (tenantId, groupId) => groups.channelOf(tenantId, groupId),
    linkChannel: (tenantId, groupId, reference) => groups.linkChannel(tenantId, groupId, reference),
  };
}
