import type { Group } from '../group.js';

/** The helpdesk's groups; written from the admin configuration, read on every routing decision. */
export interface GroupRepository {
  find(tenantId: string, groupId: string): Promise<Group | null>;
  list(tenantId: string): Promise<readonly Group[]>;
  /** where a new ticket goes when nobody chose a group */
  defaultGroupId(tenantId: string): Promise<string | null>;
  /** the group's Teams channel (an opaque conversation reference), if it has one */
  channelOf(tenantId: string, groupId: string): Promise<Readonly<Record<string, unknown>> | null>;
  /** remembers the Teams channel where the group's cards go (an opaque conversation reference) */
  linkChannel(tenantId: string, groupId: string, reference: Readonly<Record<string, unknown>>): Promise<boolean>;
}
