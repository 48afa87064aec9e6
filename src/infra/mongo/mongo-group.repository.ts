import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { Role } from '../../domain/actor.js';
import type { Group } from '../../domain/group.js';
import type { GroupRepository } from '../../domain/ports/group.repository.js';
import type { StaffDirectory, StaffMember } from '../../domain/ports/staff-directory.js';

/** `*` groups apply to every tenant: the common single-tenant deployment. */
export const ANY_TENANT = '*';

const person = z.object({ id: z.string(), name: z.string() });

const groupDocumentSchema = z.object({
  _id: z.string(),
  tenantId: z.string(),
  id: z.string(),
  name: z.object({ fr: z.string(), en: z.string() }),
  lead: person.nullable(),
  technicians: z.array(person.extend({ onDuty: z.boolean() })),
  /** the group's Teams channel, as a conversation reference (set by config or « lier groupe ») */
  channel: z.record(z.string(), z.unknown()).nullable(),
});

export type GroupDocument = z.infer<typeof groupDocumentSchema>;

const settingsSchema = z.object({
  _id: z.string(),
  defaultGroupId: z.string().nullable(),
  admins: z.array(person),
});

export type SettingsDocument = z.infer<typeof settingsSchema>;

const tenants = (tenantId: string) => ({ $in: [String(tenantId), ANY_TENANT] });

/** Groups, their channel and the admins, in MongoDB; also answers "is this person staff?". */
export class MongoGroupRepository implements GroupRepository {
  private readonly groups: Collection<GroupDocument>;
  private readonly settings: Collection<SettingsDocument>;

  constructor(db: Db) {
    this.groups = db.collection<GroupDocument>('groups');
    this.settings = db.collection<SettingsDocument>('helpdesk_settings');
  }

  async find(tenantId: string, groupId: string): Promise<Group | null> {
    const doc = await this.groups.findOne({ tenantId: tenants(tenantId), id: String(groupId) });
    return doc ? this.toGroup(doc) : null;
  }

  async list(tenantId: string): Promise<readonly Group[]> {
    const docs = await this.groups.find({ tenantId: tenants(tenantId) }).sort({ id: 1 }).toArray();
    return docs.flatMap((doc) => {
      const group = this.toGroup(doc);
      return group ? [group] : [];
    });
  }

  async defaultGroupId(tenantId: string): Promise<string | null> {
    const doc =
      (await this.settings.findOne({ _id: String(tenantId) })) ?? (await this.settings.findOne({ _id: ANY_TENANT }));
    return doc?.defaultGroupId ?? null;
  }

  async channelOf(tenantId: string, groupId: string): Promise<Record<string, unknown> | null> {
    const doc = await this.groups.findOne({ tenantId: tenants(tenantId), id: String(groupId) });
    return doc?.channel ?? null;
  }

  async linkChannel(tenantId: string, groupId: string, reference: Readonly<Record<string, unknown>>): Promise<boolean> {
    const result = await this.groups.updateOne(
      { tenantId: tenants(tenantId), id: String(groupId) },
      { $set: { channel: { ...reference } } },
    );
    return result.matchedCount > 0;
  }

  /** The staff view of the same data, for permissions. */
  async staffMember(tenantId: string, userId: string): Promise<StaffMember | null> {
    const id = String(userId);
    const [docs, settings] = await Promise.all([
      this.groups.find({ tenantId: tenants(tenantId), $or: [{ 'technicians.id': id }, { 'lead.id': id }] }).toArray(),
      this.settings.find({ _id: { $in: [String(tenantId), ANY_TENANT] } }).toArray(),
    ]);
    const roles = new Set<Role>();
    for (const doc of docs) {
      if (doc.technicians.some((t) => t.id === id)) roles.add('technician');
      if (doc.lead?.id === id) roles.add('lead');
    }
    if (settings.some((s) => s.admins.some((a) => a.id === id))) roles.add('admin');
    if (roles.size === 0) return null;
    return { roles: [...roles], groupIds: docs.map((doc) => doc.id) };
  }

  asStaffDirectory(): StaffDirectory {
    return { find: (tenantId, userId) => this.staffMember(tenantId, userId) };
  }

  /** Writes the admin configuration; a channel linked from Teams is kept unless the file sets one. */
  async saveConfiguration(tenantId: string, config: HelpdeskConfiguration): Promise<void> {
    for (const group of config.groups) {
      const { channel, ...fields } = group;
      await this.groups.updateOne(
        { _id: `${tenantId}:${group.id}` },
        {
          $set: { tenantId, ...fields, technicians: [...fields.technicians], ...(channel ? { channel } : {}) },
          ...(channel ? {} : { $setOnInsert: { channel: null } }),
        },
        { upsert: true },
      );
    }
    await this.settings.updateOne(
      { _id: tenantId },
      { $set: { defaultGroupId: config.defaultGroupId, admins: [...config.admins] } },
      { upsert: true },
    );
  }

  private toGroup(doc: unknown): Group | null {
    const parsed = groupDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      console.error(`[guichet] malformed group document: ${parsed.error.message}`);
      return null;
    }
    const { id, tenantId, name, lead, technicians, channel } = parsed.data;
    return { id, tenantId, name, lead, technicians, hasChannel: channel !== null };
  }
}

export interface HelpdeskConfiguration {
  readonly defaultGroupId: string | null;
  readonly admins: readonly { id: string; name: string }[];
  readonly groups: readonly {
    id: string;
    name: { fr: string; en: string };
    lead: { id: string; name: string } | null;
    technicians: readonly { id: string; name: string; onDuty: boolean }[];
    channel: Record<string, unknown> | null;
  }[];
}
