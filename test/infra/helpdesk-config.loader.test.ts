import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessTime } from '../../src/domain/business-hours.js';
import { DEFAULT_SERVICE_LEVELS } from '../../src/domain/sla.js';
import { loadHelpdeskConfig, type LoadedHelpdeskConfig } from '../../src/infra/config/helpdesk-config.loader.js';

const MIN = 60_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-service-levels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(content: unknown): Promise<LoadedHelpdeskConfig> {
  const file = path.join(dir, 'helpdesk.json');
  await writeFile(file, JSON.stringify(content));
  const loaded = await loadHelpdeskConfig(file);
  if (!loaded) throw new Error('the file was written');
  return loaded;
}

const withServiceLevels = (serviceLevels: unknown) => load({ serviceLevels });

/** the message an admin reads when the bot refuses to start */
async function refusal(content: unknown): Promise<string> {
  const file = path.join(dir, 'helpdesk.json');
  await writeFile(file, JSON.stringify(content));
  const error = await loadHelpdeskConfig(file).then(
    () => null,
    (e: Error) => e,
  );
  if (!error) throw new Error('the file was accepted');
  return error.message.replace(`${file}: invalid helpdesk configuration: `, '');
}

describe('the shipped admin files', () => {
  it('config/helpdesk.json spells out the defaults, and gives Support N1 an escalation contact', async () => {
    const loaded = await loadHelpdeskConfig('config/helpdesk.json');
    expect(loaded?.configuration.serviceLevels).toEqual(DEFAULT_SERVICE_LEVELS);
    expect(loaded?.configuration.digestWindowMs).toBe(5 * MIN);
    expect(loaded?.configuration.groups.map((g) => [g.id, g.escalationContact])).toEqual([
      ['support-n1', { id: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' }],
      ['reseau-n2', null],
    ]);
  });

  it('config/helpdesk.short-sla.json: minutes, round the clock, one-minute digests, same staff', async () => {
    const short = await loadHelpdeskConfig('config/helpdesk.short-sla.json');
    const normal = await loadHelpdeskConfig('config/helpdesk.json');
    const rules = short?.configuration.serviceLevels;
    expect(rules?.policy[5]).toEqual({ timeToOwnMinutes: 2, timeToResolveMinutes: 6 });
    expect(rules?.policy[1]).toEqual({ timeToOwnMinutes: 10, timeToResolveMinutes: 30 });
    expect(rules?.levels).toEqual(DEFAULT_SERVICE_LEVELS.levels);
    expect(short?.configuration.digestWindowMs).toBe(MIN);
    // a Saturday night counts like any other minute
    const saturdayNight = new Date('2026-01-10T23:00:00+01:00');
    expect(addBusinessTime(saturdayNight, 2 * MIN, rules!.calendar)).toEqual(new Date('2026-01-10T23:02:00+01:00'));
    expect(short?.configuration.groups).toEqual(normal?.configuration.groups);
    expect(short?.configuration.admins).toEqual(normal?.configuration.admins);
  });

  it('the short file says what it is for and how to run it', async () => {
    const raw = JSON.parse(await readFile('config/helpdesk.short-sla.json', 'utf8')) as { $comment: string };
    expect(raw.$comment).toContain('LOCAL TRY-OUT ONLY');
    expect(raw.$comment).toContain('GUICHET_HELPDESK_FILE=config/helpdesk.short-sla.json');
  });
});

describe('the serviceLevels section', () => {
  it('a file without it stores nothing, so the defaults of the running version apply', async () => {
    const loaded = await load({ groups: [{ id: 'support-n1', name: { fr: 'Support N1', en: 'Level 1 support' } }] });
    expect(loaded.configuration.serviceLevels).toBeUndefined();
    expect(loaded.configuration.digestWindowMs).toBeUndefined();
    expect(loaded.configuration.groups[0]?.escalationContact).toBeNull();
  });

  it('each setting left out keeps its default', async () => {
    const loaded = await withServiceLevels({ targets: { 5: { timeToOwnMinutes: 10, timeToResolveMinutes: 120 } } });
    expect(loaded.configuration.serviceLevels).toEqual({
      ...DEFAULT_SERVICE_LEVELS,
      policy: { ...DEFAULT_SERVICE_LEVELS.policy, 5: { timeToOwnMinutes: 10, timeToResolveMinutes: 120 } },
    });
    expect(loaded.configuration.digestWindowMs).toBe(5 * MIN);
  });

  it('a calendar: days in minutes from midnight, the days left out closed, holidays sorted once each', async () => {
    const loaded = await withServiceLevels({
      calendar: {
        timeZone: 'America/Montreal',
        days: { mon: ['08:00-12:00', '13:30-18:00'], tue: ['08:00-12:00', '12:00-17:30'], sat: ['22:00-24:00'] },
        holidays: ['2026-12-25', '2026-07-01', '2026-12-25'],
      },
    });
    expect(loaded.configuration.serviceLevels?.calendar).toEqual({
      timeZone: 'America/Montreal',
      week: {
        1: [{ from: 480, to: 720 }, { from: 810, to: 1080 }],
        2: [{ from: 480, to: 720 }, { from: 720, to: 1050 }],
        3: [],
        4: [],
        5: [],
        6: [{ from: 1320, to: 1440 }],
        7: [],
      },
      holidays: ['2026-07-01', '2026-12-25'],
    });
  });

  it('a calendar with holidays only keeps the default zone and week', async () => {
    const loaded = await withServiceLevels({ calendar: { holidays: ['2026-05-01'] } });
    expect(loaded.configuration.serviceLevels?.calendar).toEqual({ ...DEFAULT_SERVICE_LEVELS.calendar, holidays: ['2026-05-01'] });
  });

  it('levels get their ids from clock and percent, in the file’s order; [] sends no alert', async () => {
    const loaded = await withServiceLevels({ levels: [{ clock: 'resolve', percent: 50 }, { clock: 'own', percent: 200 }] });
    expect(loaded.configuration.serviceLevels?.levels).toEqual([
      { id: 'resolve-50', clock: 'resolve', percent: 50 },
      { id: 'own-200', clock: 'own', percent: 200 },
    ]);
    expect((await withServiceLevels({ levels: [] })).configuration.serviceLevels?.levels).toEqual([]);
  });

  it('at risk, hierarchical threshold and digest window', async () => {
    const loaded = await withServiceLevels({ atRiskPercent: 50, hierarchicalMinPriority: 3, digestWindowMinutes: 0.5 });
    expect(loaded.configuration.serviceLevels).toMatchObject({ atRiskPercent: 50, hierarchicalMinPriority: 3 });
    expect(loaded.configuration.digestWindowMs).toBe(30_000);
  });

  // [what, the file, what the admin reads]
  const mistakes: ReadonlyArray<readonly [string, unknown, string]> = [
    ['unknown zone', { serviceLevels: { calendar: { timeZone: 'Europe/Pariss' } } }, 'serviceLevels.calendar.timeZone: an IANA time zone, such as "Europe/Paris" or "UTC"'],
    ['hour without its zero', { serviceLevels: { calendar: { days: { mon: ['8:00-18:00'] } } } }, 'serviceLevels.calendar.days.mon.0: an opening range "HH:MM-HH:MM", such as "08:00-18:00"'],
    ['25:00', { serviceLevels: { calendar: { days: { mon: ['08:00-25:00'] } } } }, 'serviceLevels.calendar.days.mon.0: an opening range "HH:MM-HH:MM", such as "08:00-18:00"'],
    ['a range backwards', { serviceLevels: { calendar: { days: { wed: ['18:00-08:00'] } } } }, 'serviceLevels.calendar.days.wed.0: a range must end after it starts'],
    ['an empty range', { serviceLevels: { calendar: { days: { wed: ['08:00-08:00'] } } } }, 'serviceLevels.calendar.days.wed.0: a range must end after it starts'],
    ['overlapping ranges', { serviceLevels: { calendar: { days: { tue: ['08:00-12:00', '11:00-18:00'] } } } }, 'serviceLevels.calendar.days.tue.1: ranges must be in order and must not overlap'],
    ['ranges out of order', { serviceLevels: { calendar: { days: { tue: ['13:30-18:00', '08:00-12:00'] } } } }, 'serviceLevels.calendar.days.tue.1: ranges must be in order and must not overlap'],
    ['no open day', { serviceLevels: { calendar: { days: { sat: [] } } } }, 'serviceLevels.calendar.days: the calendar must be open at least one day of the week'],
    ['a day in full', { serviceLevels: { calendar: { days: { monday: ['08:00-18:00'] } } } }, 'serviceLevels.calendar.days: Unrecognized key: "monday"; serviceLevels.calendar.days: the calendar must be open at least one day of the week'],
    ['a holiday that is no date', { serviceLevels: { calendar: { holidays: ['2026-02-30'] } } }, 'serviceLevels.calendar.holidays.0: a date of the calendar, "YYYY-MM-DD"'],
    ['a holiday the French way', { serviceLevels: { calendar: { holidays: ['2026-05-01', '25/12/2026'] } } }, 'serviceLevels.calendar.holidays.1: a date of the calendar, "YYYY-MM-DD"'],
    ['a priority 6', { serviceLevels: { targets: { 6: { timeToOwnMinutes: 5, timeToResolveMinutes: 10 } } } }, 'serviceLevels.targets: Unrecognized key: "6"'],
    ['a target of 0', { serviceLevels: { targets: { 5: { timeToOwnMinutes: 0, timeToResolveMinutes: 10 } } } }, 'serviceLevels.targets.5.timeToOwnMinutes: Too small: expected number to be >=1'],
    ['a target in seconds', { serviceLevels: { targets: { 5: { timeToOwnMinutes: 0.5, timeToResolveMinutes: 10 } } } }, 'serviceLevels.targets.5.timeToOwnMinutes: whole minutes'],
    ['half a target', { serviceLevels: { targets: { 4: { timeToOwnMinutes: 30 } } } }, 'serviceLevels.targets.4.timeToResolveMinutes: Invalid input: expected number, received undefined'],
    ['to own after to resolve', { serviceLevels: { targets: { 3: { timeToOwnMinutes: 300, timeToResolveMinutes: 240 } } } }, 'serviceLevels.targets.3.timeToOwnMinutes: timeToOwnMinutes must not exceed timeToResolveMinutes'],
    ['a level at 0 %', { serviceLevels: { levels: [{ clock: 'own', percent: 0 }] } }, 'serviceLevels.levels.0.percent: Too small: expected number to be >=1'],
    ['a level past 1000 %', { serviceLevels: { levels: [{ clock: 'own', percent: 75 }, { clock: 'resolve', percent: 1001 }] } }, 'serviceLevels.levels.1.percent: Too big: expected number to be <=1000'],
    ['an unknown clock', { serviceLevels: { levels: [{ clock: 'solve', percent: 75 }] } }, 'serviceLevels.levels.0.clock: Invalid option: expected one of "own"|"resolve"'],
    ['a level twice', { serviceLevels: { levels: [{ clock: 'own', percent: 75 }, { clock: 'resolve', percent: 75 }, { clock: 'own', percent: 75 }] } }, 'serviceLevels.levels.2: level own-75 is listed twice'],
    ['at risk past 100 %', { serviceLevels: { atRiskPercent: 150 } }, 'serviceLevels.atRiskPercent: Too big: expected number to be <=100'],
    ['a priority 6 for hierarchical escalation', { serviceLevels: { hierarchicalMinPriority: 6 } }, 'serviceLevels.hierarchicalMinPriority: Too big: expected number to be <=5'],
    ['a negative digest window', { serviceLevels: { digestWindowMinutes: -1 } }, 'serviceLevels.digestWindowMinutes: Too small: expected number to be >=0'],
    ['a misspelt setting', { serviceLevels: { level: [] } }, 'serviceLevels: Unrecognized key: "level"'],
    ['a contact without a name', { groups: [{ id: 'support-n1', name: { fr: 'N1', en: 'L1' }, escalationContact: { id: 'aad-1' } }] }, 'groups.0.escalationContact.name: Invalid input: expected string, received undefined'],
  ];

  it.each(mistakes)('refuses %s at start-up, naming the field', async (_, content, message) => {
    expect(await refusal(content)).toBe(message);
  });

  it('names every faulty field at once', async () => {
    expect(await refusal({ serviceLevels: { atRiskPercent: 0, calendar: { timeZone: 'Mars/Olympus' } } })).toBe(
      'serviceLevels.calendar.timeZone: an IANA time zone, such as "Europe/Paris" or "UTC"; serviceLevels.atRiskPercent: Too small: expected number to be >=1',
    );
  });
});
