import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { Role } from '../../domain/actor.js';
import { calendarIsOpenSomeday, isKnownTimeZone } from '../../domain/business-hours.js';
import { DEFAULT_CLOSURE_POLICY, type ClosurePolicy } from '../../domain/closure.js';
import type { Group } from '../../domain/group.js';
import type { GroupRepository } from '../../domain/ports/group.repository.js';
import { DEFAULT_DIGEST_WINDOW_MS, type HelpdeskSettings } from '../../domain/ports/helpdesk-settings.js';
import type { StaffDirectory, StaffMember } from '../../domain/ports/staff-directory.js';
import { DEFAULT_SERVICE_LEVELS, SLA_CLOCKS, type ServiceLevelRules } from '../../domain/sla.js';
import { silentLogger, type Logger } from '../../domain/ports/logger.js';

/** `*` groups apply to every tenant: the common single-tenant deployment. */
export const ANY_TENANT = '*';

const person = z.object({ id: z.string(), name: z.string() });

const groupDocumentSchema = z.object({
  _id: z.string(),
  tenantId: z.string(),
  id: z.string(),
  name: z.object({ fr: z.string(), en: z.string() }),
  lead: person.nullable(),
  /** groups written before hierarchical escalation have none */
  escalationContact: person.nullable().default(null),
  technicians: z.array(person.extend({ onDuty: z.boolean() })),
  /** the group's Teams channel, as a conversation reference (set by config or « lier groupe ») */
  channel: z.record(z.string(), z.unknown()).nullable(),
});

export type GroupDocument = z.infer<typeof groupDocumentSchema>;

const minutes = z.number().int().min(0);

/** settings written before the closing delays have none: the defaults apply */
const closurePolicySchema = z.object({ autoCloseAfterMinutes: minutes, surveyMinutes: minutes });

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const target = z.object({ timeToOwnMinutes: minutes, timeToResolveMinutes: minutes });
const ranges = z.array(z.object({ from: minutes, to: minutes })).readonly();

/** The admin file's service levels as the domain reads them; what could make a clock throw is checked here too. */
const serviceLevelsSchema = z.object({
  policy: z.object({ 1: target, 2: target, 3: target, 4: target, 5: target }),
  calendar: z
    .object({
      timeZone: z.string().refine(isKnownTimeZone, { message: 'unknown time zone' }),
      week: z.object({ 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges, 6: ranges, 7: ranges }),
      holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).readonly(),
    })
    .refine(calendarIsOpenSomeday, { message: 'never open' }),
  levels: z.array(z.object({ id: z.string(), clock: z.enum(SLA_CLOCKS), percent: z.number().positive() })).readonly(),
  atRiskPercent: z.number().positive(),
  hierarchicalMinPriority: level,
});

/** settings written before service levels have none: the defaults apply */
const settingsSchema = z.object({
  _id: z.string(),
  defaultGroupId: z.string().nullable(),
  admins: z.array(person),
  closurePolicy: closurePolicySchema.optional(),
  serviceLevels: serviceLevelsSchema.optional(),
  digestWindowMs: z.number().min(0).optional(),
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
    /** where malformed documents are reported (silent by default) */
    private readonly logger: Logger = silentLogger,
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
      return { groups, settings: settings.map((doc) => withReadableSettings(doc, this.logger)), at: this.clock() };
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

  async serviceLevels(tenantId: string): Promise<ServiceLevelRules> {
    return (await this.settingsOf(tenantId))?.serviceLevels ?? DEFAULT_SERVICE_LEVELS;
  }

  async digestWindowMs(tenantId: string): Promise<number> {
    return (await this.settingsOf(tenantId))?.digestWindowMs ?? DEFAULT_DIGEST_WINDOW_MS;
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
    // service levels the file leaves out are not stored, so the defaults of the running version apply
    const unset = {
      ...(config.serviceLevels ? {} : { serviceLevels: '' as const }),
      ...(config.digestWindowMs === undefined ? { digestWindowMs: '' as const } : {}),
    };
    await this.settings.updateOne(
      { _id: tenantId },
      {
        $set: {
          defaultGroupId: config.defaultGroupId,
          admins: [...config.admins],
          closurePolicy: { ...(config.closurePolicy ?? DEFAULT_CLOSURE_POLICY) },
          ...(config.serviceLevels ? { serviceLevels: config.serviceLevels } : {}),
          ...(config.digestWindowMs === undefined ? {} : { digestWindowMs: config.digestWindowMs }),
        },
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
      },
      { upsert: true },
    );
    this.forget();
  }

  private toGroup(doc: unknown): Group | null {
    const parsed = groupDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      this.logger.error({ issues: parsed.error.message }, 'malformed group document');
      return null;
    }
    const { id, tenantId, name, lead, escalationContact, technicians, channel } = parsed.data;
    return { id, tenantId, name, lead, escalationContact, technicians, hasChannel: channel !== null };
  }
}

/**
 * A hand-edited policy must not stop tickets from being solved or alerts from firing: each
 * malformed part is reported (once per read) and its defaults apply.
 */
function withReadableSettings(doc: SettingsDocument, logger: Logger): SettingsDocument {
  return {
    ...doc,
    closurePolicy: readable(doc, 'closurePolicy', closurePolicySchema, 'closing delays', logger),
    serviceLevels: readable(doc, 'serviceLevels', serviceLevelsSchema, 'service levels', logger),
    digestWindowMs: readable(doc, 'digestWindowMs', z.number().min(0), 'digest window', logger),
  };
}

function readable<K extends keyof SettingsDocument>(
  doc: SettingsDocument,
  key: K,
  schema: z.ZodType<SettingsDocument[K]>,
  what: string,
  logger: Logger,
): SettingsDocument[K] | undefined {
  if (doc[key] === undefined) return undefined;
  const parsed = schema.safeParse(doc[key]);
  if (parsed.success) return parsed.data;
  logger.error({ id: String(doc._id), issues: parsed.error.message }, `malformed ${what} in helpdesk_settings (_id=${String(doc._id)})`);
  return undefined;
}

export interface HelpdeskConfiguration {
  readonly defaultGroupId: string | null;
  /** the admin file's closing delays; the seed's (24 h, 30 days) when absent */
  readonly closurePolicy?: ClosurePolicy;
  /** the admin file's service levels, merged over the defaults; the defaults when absent */
  readonly serviceLevels?: ServiceLevelRules;
  /** how long alerts gather into one digest; 5 minutes when absent */
  readonly digestWindowMs?: number;
  readonly admins: readonly { id: string; name: string }[];
  readonly groups: readonly {
    id: string;
    name: { fr: string; en: string };
    lead: { id: string; name: string } | null;
    escalationContact?: { id: string; name: string } | null;
    technicians: readonly { id: string; name: string; onDuty: boolean }[];
    channel: Record<string, unknown> | null;
  }[];
}
