import { afterEach, describe, expect, it, vi } from 'vitest';
import { addBusinessTime } from '../../src/domain/business-hours.js';
import { DEFAULT_SERVICE_LEVELS } from '../../src/domain/sla.js';
import { loadHelpdeskConfig } from '../../src/infra/config/helpdesk-config.loader.js';
import { MongoGroupRepository, type HelpdeskConfiguration } from '../../src/infra/mongo/mongo-group.repository.js';
import { captureLogs } from '../support/captured-logs.js';
import { useTestDatabase } from '../support/mongo.js';

const TENANT = 'tenant-contoso';
const MIN = 60_000;
const db = useTestDatabase();

async function fileConfiguration(file: string): Promise<HelpdeskConfiguration> {
  const loaded = await loadHelpdeskConfig(file);
  if (!loaded) throw new Error(`${file} missing`);
  return loaded.configuration;
}

/** a repository that reads the database at every call, as another instance would */
const freshReader = () => new MongoGroupRepository(db(), 0);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('service levels and escalation contacts in MongoDB', () => {
  it('the admin file’s service levels come back as written, and its calendar counts business time', async () => {
    const written = await fileConfiguration('config/helpdesk.short-sla.json');
    await new MongoGroupRepository(db()).saveConfiguration(TENANT, written);

    const reader = freshReader();
    const rules = await reader.serviceLevels(TENANT);
    expect(rules).toEqual(written.serviceLevels);
    expect(await reader.digestWindowMs(TENANT)).toBe(MIN);
    const sundayNight = new Date('2026-03-29T01:59:00+01:00');
    expect(addBusinessTime(sundayNight, 2 * MIN, rules.calendar)).toEqual(new Date('2026-03-29T03:01:00+02:00'));
  });

  it('a group’s escalation contact comes back; a group without one has null', async () => {
    await new MongoGroupRepository(db()).saveConfiguration(TENANT, await fileConfiguration('config/helpdesk.json'));

    const reader = freshReader();
    expect((await reader.find(TENANT, 'support-n1'))?.escalationContact).toEqual({ id: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' });
    expect((await reader.find(TENANT, 'reseau-n2'))?.escalationContact).toBeNull();
  });

  it('with no admin file settings, the defaults', async () => {
    const reader = freshReader();
    expect(await reader.serviceLevels(TENANT)).toBe(DEFAULT_SERVICE_LEVELS);
    expect(await reader.digestWindowMs(TENANT)).toBe(5 * MIN);
  });

  it('a reload (SIGHUP) of a file that no longer says anything brings the defaults back, and removes a contact', async () => {
    const repository = new MongoGroupRepository(db());
    await repository.saveConfiguration(TENANT, await fileConfiguration('config/helpdesk.short-sla.json'));
    expect((await repository.serviceLevels(TENANT)).policy[5]).toEqual({ timeToOwnMinutes: 2, timeToResolveMinutes: 6 });

    // what the loader gives for a file without `serviceLevels` whose group has no `escalationContact`
    await repository.saveConfiguration(TENANT, {
      defaultGroupId: 'support-n1',
      admins: [],
      groups: [{ id: 'support-n1', name: { fr: 'Support N1', en: 'Level 1 support' }, lead: null, escalationContact: null, technicians: [], channel: null }],
    });
    expect(await repository.serviceLevels(TENANT)).toBe(DEFAULT_SERVICE_LEVELS);
    expect(await repository.digestWindowMs(TENANT)).toBe(5 * MIN);
    expect((await repository.find(TENANT, 'support-n1'))?.escalationContact).toBeNull();
    const stored = await db().collection('helpdesk_settings').findOne({ _id: TENANT as never });
    expect(stored).not.toHaveProperty('serviceLevels');
    expect(stored).not.toHaveProperty('digestWindowMs');
  });

  it('settings written for every tenant (`*`) apply to each', async () => {
    await new MongoGroupRepository(db()).saveConfiguration('*', await fileConfiguration('config/helpdesk.short-sla.json'));
    expect((await freshReader().serviceLevels(TENANT)).policy[5]).toEqual({ timeToOwnMinutes: 2, timeToResolveMinutes: 6 });
    expect(await freshReader().digestWindowMs('tenant-fabrikam')).toBe(MIN);
  });

  it('documents written before this version read as the defaults and no contact', async () => {
    await db().collection('helpdesk_settings').insertOne({ _id: TENANT as never, defaultGroupId: null, admins: [] });
    await db()
      .collection('groups')
      .insertOne({ _id: `${TENANT}:support-n1` as never, tenantId: TENANT, id: 'support-n1', name: { fr: 'Support N1', en: 'Level 1 support' }, lead: null, technicians: [], channel: null });

    const reader = freshReader();
    expect(await reader.serviceLevels(TENANT)).toBe(DEFAULT_SERVICE_LEVELS);
    expect(await reader.digestWindowMs(TENANT)).toBe(5 * MIN);
    expect((await reader.find(TENANT, 'support-n1'))?.escalationContact).toBeNull();
  });

  it.each([
    ['a zone nobody knows', { calendar: { ...DEFAULT_SERVICE_LEVELS.calendar, timeZone: 'Mars/Olympus' } }],
    ['a calendar that never opens', { calendar: { ...DEFAULT_SERVICE_LEVELS.calendar, week: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] } } }],
    ['a priority missing', { policy: { 1: DEFAULT_SERVICE_LEVELS.policy[1] } }],
  ])('hand-edited service levels with %s: reported, and the defaults apply (clocks never throw)', async (_, edit) => {
    await db()
      .collection('helpdesk_settings')
      .insertOne({ _id: TENANT as never, defaultGroupId: null, admins: [], serviceLevels: { ...DEFAULT_SERVICE_LEVELS, ...edit }, digestWindowMs: -5 });
    const reported = captureLogs('error');

    const reader = new MongoGroupRepository(db(), 0, undefined, reported.logger);
    expect(await reader.serviceLevels(TENANT)).toBe(DEFAULT_SERVICE_LEVELS);
    expect(await reader.digestWindowMs(TENANT)).toBe(5 * MIN);
    const lines = reported.messages();
    expect(lines).toContain(`malformed service levels in helpdesk_settings (_id=${TENANT})`);
    expect(lines).toContain(`malformed digest window in helpdesk_settings (_id=${TENANT})`);
  });
});
