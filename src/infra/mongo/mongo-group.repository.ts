import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { Role } from '../../domain/actor.js';
import { DEFAULT_CLOSURE_POLICY, type ClosurePolicy } from '../../domain/closure.js';
import type { Group } from '../../domain/group.js';
import type { GroupRepository } from '../../domain/ports/group.repository.js';
import type { HelpdeskSettings } from '../../domain/ports/helpdesk-settings.js';
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

const minutes = z.number().int().min(0);

/** settings written before the closing delays have none: the defaults apply */
const closurePolicySchema = z.object({ autoCloseAfterMinutes: minutes, surveyMinutes: minutes });

const settingsSchema = z.object({
  _id: z.string(),
  defaultGroupId: z.string().nullable(),
  admins: z.array(person),
  closurePolicy: closurePolicySchema.optional(),
});

export type SettingsDocument = z.infer<typeof settingsSchema>;

const tenants = (tenantId: string) => ({ $in: [String(tenantId), ANY_TENANT] });

interface Snapshot {
  readonly groups: readonly GroupDocument[];
  readonly settings: readonly SettingsDocument[];
  readonly at: number;
}

/**
 * Groups, their channel, the admins and the helpdesk's settings, in MongoDB; also answers "is this person staff?".
 * Every message needs these, and they change rarely: each tenant's are read at most once
 * per `cacheMs` (writes through this instance are seen at once).
 */
export class MongoGroupRepository implements GroupRepository, HelpdeskSettings {
  private readonly groups: Collection<GroupDocument>;
  private readonly settings: Collection<SettingsDocument>;
  private readonly snapshots = new Map<string, Promise<Snapshot>>();

  constructor(
    db: Db,
    private readonly cacheMs = 5_000,
    private readonly clock: () => number = Date.now,
  ) {
    this.groups = db.collection<GroupDocument>('groups');
    this.settings = db.collection<SettingsDocument>('helpdesk_settings');
  }

  private async snapshot(tenantId: string): Promise<Snapshot> {
    const key = String(tenantId);
    const cached = this.snapshots.get(key);
    if (cached) {
      const snapshot = await cached.catch(() => null);
      if (snapshot && this.clock() - snapshot.at < this.cacheMs) return snapshot;
    }
    const loading = (async (): Promise<Snapshot> => {
      const [groups, settings] = await Promise.all([
        this.groups.find({ tenantId: tenants(key) }).sort({ id: 1 }).toArray(),
        this.settings.find({ _id: { $in: [key, ANY_TENANT] } }).toArray(),
      ]);
      return { groups, settings: settings.map(withReadablePolicy), at: this.clock() };
    })();
    this.snapshots.set(key, loading);
    return loading;
  }

  private forget(): void {
    this.snapshots.clear();
  }

  async find(tenantId: string, groupId: string): Promise<Group | null> {
    const doc = (await this.snapshot(tenantId)).groups.find((g) => g.id === String(groupId));
    return doc ? this.toGroup(doc) : null;
  }

  async list(tenantId: string): Promise<readonly Group[]> {
    return (await this.snapshot(tenantId)).groups.flatMap((doc) => {
      const group = this.toGroup(doc);
      return group ? [group] : [];
    });
  }

  async defaultGroupId(tenantId: string): Promise<string | null> {
    return (await this.settingsOf(tenantId))?.defaultGroupId ?? null;
  }

  async closurePolicy(tenantId: string): Promise<ClosurePolicy> {
    return (await this.settingsOf(tenantId))?.closurePolicy ?? DEFAULT_CLOSURE_POLICY;
  }

  /** the tenant's own settings, else those of every tenant (`*`) */
  private async settingsOf(tenantId: string): Promise<SettingsDocument | null> {
    const { settings } = await this.snapshot(tenantId);
    return settings.find((s) => s._id === String(tenantId)) ?? settings.find((s) => s._id === ANY_TENANT) ?? null;
  }

  async channelOf(tenantId: string, groupId: string): Promise<Record<string, unknown> | null> {
    return (await this.snapshot(tenantId)).groups.find((g) => g.id === String(groupId))?.channel ?? null;
  }

  async linkChannel(tenantId: string, groupId: string, reference: Readonly<Record<string, unknown>>): Promise<boolean> {
    const result = await this.groups.updateOne(
      { tenantId: tenants(tenantId), id: String(groupId) },
      { $set: { channel: { ...reference } } },
    );
    this.forget();
    return result.matchedCount > 0;
  }

  /** The staff view of the same data, for permissions. */
  async staffMember(tenantId: string, userId: string): Promise<StaffMember | null> {
    const id = String(userId);
    const { groups, settings } = await this.snapshot(tenantId);
    const roles = new Set<Role>();
    const groupIds: string[] = [];
    for (const doc of groups) {
      const technician = doc.technicians.some((t) => t.id === id);
      const lead = doc.lead?.id === id;
      if (technician) roles.add('technician');
      if (lead) roles.add('lead');
      if (technician || lead) groupIds.push(doc.id);
    }
    if (settings.some((s) => s.admins.some((a) => a.id === id))) roles.add('admin');
    if (roles.size === 0) return null;
    return { roles: [...roles], groupIds };
  }

  asStaffDirectory(): StaffDirectory {
    return { find: (tenantId, userId) => this.staffMember(tenantId, userId) };
  }

  /** Writes the admin configuration; a channel linked from Teams is kept unless the file sets one. */
  async saveConfiguration(tenantId: string, config: HelpdeskConfiguration): Promise<void> {
    // the file is the truth: a group it no longer lists stops granting roles
    await this.groups.deleteMany({ tenantId, id: { $nin: config.groups.map((g) => g.id) } });
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
      {
        $set: {
          defaultGroupId: config.defaultGroupId,
          admins: [...config.admins],
          closurePolicy: { ...(config.closurePolicy ?? DEFAULT_CLOSURE_POLICY) },
        },
      },
      { upsert: true },
    );
    this.forget();
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

/** A hand-edited policy must not stop tickets from being solved: it is reported (once per read) and the seed's delays apply. */
function withReadablePolicy(doc: SettingsDocument): SettingsDocument {
  if (doc.closurePolicy === undefined) return doc;
  const parsed = closurePolicySchema.safeParse(doc.closurePolicy);
  if (parsed.success) return { ...doc, closurePolicy: parsed.data };
  console.error(`[guichet] malformed closing delays in helpdesk_settings (_id=${String(doc._id)}): ${parsed.error.message}`);
  return { ...doc, closurePolicy: undefined };
}

export interface HelpdeskConfiguration {
  readonly defaultGroupId: string | null;
  /** the admin file's closing delays; the seed's (24 h, 30 days) when absent */
  readonly closurePolicy?: ClosurePolicy;
  readonly admins: readonly { id: string; name: string }[];
  readonly groups: readonly {
    id: string;
    name: { fr: string; en: string };
    lead: { id: string; name: string } | null;
    technicians: readonly { id: string; name: string; onDuty: boolean }[];
    channel: Record<string, unknown> | null;
  }[];
}
