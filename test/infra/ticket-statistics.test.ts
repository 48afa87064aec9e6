import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ComputeStatistics } from '../../src/app/compute-statistics.use-case.js';
import type { Actor } from '../../src/domain/actor.js';
import type { Level } from '../../src/domain/priority.js';
import { DEFAULT_CALENDAR } from '../../src/domain/business-hours.js';
import type { Ticket, TicketSource, TicketStatus } from '../../src/domain/ticket.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { backfillStatsFacts } from '../../src/infra/clock/stats-backfill.js';
import { CLOSED_INDEX, STATS_INDEX } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketStatistics } from '../../src/infra/mongo/mongo-ticket-statistics.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { useTestDatabase } from '../support/mongo.js';
import { anActor, aSolution, aTicketIn, people } from '../support/ticket-mother.js';

/**
 * « stats » on a generated month of a helpdesk stored in a real mongod: every figure is computed
 * again here, straight from the tickets generated (not from what the store returns), and compared.
 */

const db = useTestDatabase();
const TENANT = 'tenant-stats';
const NOW = new Date('2026-11-20T15:00:00Z');
const DAY = 24 * 60 * 60_000;
const MINUTE = 60_000;
const N1 = 'grp-n1';
const N2 = 'grp-n2';
const LEAD: Actor = anActor(['requester', 'lead'], { ...people.lea, groupIds: [N1] });
const ADMIN: Actor = anActor(['requester', 'admin'], people.adam);
const STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending', 'solved', 'closed'];
const SOURCES: readonly TicketSource[] = ['chat', 'call', 'message', 'chat'];
const LEVEL_IDS = ['own-75', 'own-100', 'resolve-75', 'resolve-100'];

/** 600 tickets over 45 days, two groups, every status, sources, SLA clocks met or missed, ratings */
function generated(): Ticket[] {
  const tickets: Ticket[] = [];
  for (let n = 1; n <= 600; n += 1) {
    const status = STATUSES[(n * 7) % STATUSES.length]!;
    const createdAt = new Date(NOW.getTime() - ((n * 7919) % (45 * 24 * 60)) * MINUTE - MINUTE);
    const ownConsumed = ((n * 37) % 300) * MINUTE;
    const ownStopped = status !== 'new';
    const resolveStopped = status === 'solved' || status === 'closed';
    const resolveConsumed = ((n * 53) % 3000) * MINUTE;
    const closedAt = status === 'closed' ? new Date(createdAt.getTime() + ((n * 13) % 72) * 60 * MINUTE) : null;
    const source = SOURCES[n % SOURCES.length]!;
    tickets.push(
      aTicketIn(status, {
        id: `tkt-${n}`,
        tenantId: TENANT,
        number: n,
        groupId: n % 3 === 0 ? N2 : N1,
        categoryId: ['hardware.screen', 'printing', null][n % 3]!,
        priority: (((n * 11) % 5) + 1) as Level,
        source,
        createdAt,
        closedAt: closedAt && closedAt < NOW ? closedAt : null,
        sla: {
          own: { targetMs: 120 * MINUTE, consumedMs: ownConsumed, runningSince: null, dueAt: new Date(createdAt.getTime() + 120 * MINUTE), stoppedAt: ownStopped ? new Date(createdAt.getTime() + ownConsumed) : null },
          resolve: {
            targetMs: 1_440 * MINUTE,
            consumedMs: resolveConsumed,
            runningSince: null,
            dueAt: new Date(createdAt.getTime() + 1_440 * MINUTE),
            stoppedAt: resolveStopped ? new Date(createdAt.getTime() + resolveConsumed) : null,
          },
        },
        escalation: { fired: LEVEL_IDS.slice(0, n % 5), next: null, supportLevel: n % 7 === 0 ? 2 : 1, riskAt: null, breachAt: null },
        solutions: resolveStopped ? [aSolution({ ...(source === 'call' && n % 8 === 1 ? { duringCall: true } : {}) })] : [],
        survey: status === 'closed' && n % 4 !== 0 ? { until: NOW, answer: { rating: ((n % 5) + 1) as 1 | 2 | 3 | 4 | 5, comment: null, at: NOW } } : status === 'closed' ? { until: NOW, answer: null } : null,
      }),
    );
  }
  return tickets;
}

let all: Ticket[];
beforeAll(async () => {
  await ensureIndexes(db());
});

async function load() {
  all = generated();
  await db()
    .collection('tickets')
    .insertMany(all.map((ticket) => ({ ...toDocument(ticket), outbox: [], cardCopies: [] })) as Document[]);
}

const statistics = (deflections = 0) =>
  new ComputeStatistics({
    source: new MongoTicketStatistics(db()),
    knowledgeBase: { countDeflections: async () => deflections },
    settings: { serviceLevels: async () => ({ calendar: DEFAULT_CALENDAR, levels: LEVEL_IDS.map((id) => ({ id })) }) as never },
    now: () => NOW,
  });

/** nearest rank, written again here */
const rank = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];

describe('« stats » on a generated month', () => {
  it('a lead’s 30 days: every figure as computed from the tickets themselves', async () => {
    await load();
    const report = await statistics(4).execute(TENANT, LEAD, 30);
    if (!report.ok) throw new Error(report.error.message);
    const s = report.value.statistics;
    const from = NOW.getTime() - 30 * DAY;
    const mine = all.filter((t) => t.groupId === N1);
    const period = mine.filter((t) => t.createdAt.getTime() >= from);
    expect(period.length).toBeGreaterThan(200);

    expect(s.opened).toBe(period.length);
    expect(s.closed).toBe(mine.filter((t) => t.closedAt && t.closedAt.getTime() >= from).length);
    expect(s.byDay.reduce((sum, d) => sum + d.opened, 0)).toBe(period.length);
    expect(s.byDay).toHaveLength(31);
    for (const status of STATUSES) expect(s.byStatus[status], status).toBe(period.filter((t) => t.status === status).length);
    for (const level of [1, 2, 3, 4, 5] as const) expect(s.byPriority[level]).toBe(period.filter((t) => t.priority === level).length);
    expect(s.byCategory.find((c) => c.categoryId === 'printing')?.count).toBe(period.filter((t) => t.categoryId === 'printing').length);

    const owned = period.filter((t) => t.sla.own.stoppedAt).map((t) => Math.round(t.sla.own.consumedMs / MINUTE));
    expect(s.timeToOwn).toEqual({ count: owned.length, median: rank(owned, 0.5), p90: rank(owned, 0.9) });
    const resolved = period.filter((t) => t.sla.resolve.stoppedAt).map((t) => Math.round(t.sla.resolve.consumedMs / MINUTE));
    expect(s.timeToResolve).toEqual({ count: resolved.length, median: rank(resolved, 0.5), p90: rank(resolved, 0.9) });
    const ownStopped = period.filter((t) => t.sla.own.stoppedAt);
    expect(s.ownCompliance).toEqual({ total: ownStopped.length, met: ownStopped.filter((t) => t.sla.own.stoppedAt! <= t.sla.own.dueAt!).length });

    const open = mine.filter((t) => t.status !== 'closed').map((t) => (NOW.getTime() - t.createdAt.getTime()) / DAY);
    expect(s.backlog).toEqual({
      under1: open.filter((d) => d < 1).length,
      from1to3: open.filter((d) => d >= 1 && d < 3).length,
      from3to7: open.filter((d) => d >= 3 && d < 7).length,
      over7: open.filter((d) => d >= 7).length,
    });

    const calls = period.filter((t) => t.source === 'call');
    expect(s.firstContact).toEqual({ calls: calls.length, solvedDuringCall: calls.filter((t) => t.solutions[0]?.duringCall).length });
    expect(s.firstContact.solvedDuringCall).toBeGreaterThan(0);

    const ratings = period.flatMap((t) => (t.survey?.answer ? [t.survey.answer.rating] : []));
    expect(s.satisfaction.count).toBe(ratings.length);
    expect(s.satisfaction.average).toBeCloseTo(ratings.reduce((a, b) => a + b, 0) / ratings.length, 10);
    expect(s.satisfaction.distribution).toEqual([1, 2, 3, 4, 5].map((r) => ratings.filter((x) => x === r).length));

    expect(s.deflections).toBe(4);
    expect(s.escalationLevels).toEqual(LEVEL_IDS.map((levelId) => ({ levelId, count: period.filter((t) => t.escalation.fired.includes(levelId)).length })).filter((l) => l.count > 0));
    expect(s.functionalEscalations).toBe(period.filter((t) => t.escalation.supportLevel > 1).length);
  });

  it('an admin’s week covers both groups; a technician is refused', async () => {
    await load();
    const report = await statistics().execute(TENANT, ADMIN, 7);
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.groupIds).toBeNull();
    expect(report.value.statistics.opened).toBe(all.filter((t) => t.createdAt.getTime() >= NOW.getTime() - 7 * DAY).length);

    const refused = await statistics().execute(TENANT, anActor(['requester', 'technician'], { ...people.tina, groupIds: [N1] }), 30);
    expect(refused).toMatchObject({ ok: false, error: { code: 'HELPDESK.FORBIDDEN', details: { capability: 'helpdesk.stats' } } });
    // a period it does not offer is refused to the lead after the capability, before any read
    expect(await statistics().execute(TENANT, LEAD, 45)).toMatchObject({ ok: false, error: { code: 'HELPDESK.UNKNOWN_PERIOD', details: { days: 45 } } });
  });

  it('the same figures when a long period is counted in slices at once', async () => {
    await load();
    const sliced = new ComputeStatistics({
      source: new MongoTicketStatistics(db(), { slices: 4, sliceMinDays: 5 }),
      knowledgeBase: { countDeflections: async () => 0 },
      settings: { serviceLevels: async () => ({ calendar: DEFAULT_CALENDAR, levels: LEVEL_IDS.map((id) => ({ id })) }) as never },
      now: () => NOW,
    });
    const whole = await statistics().execute(TENANT, ADMIN, 30);
    const inSlices = await sliced.execute(TENANT, ADMIN, 30);
    if (!whole.ok || !inSlices.ok) throw new Error('stats refused');
    expect(inSlices.value.statistics).toEqual(whole.value.statistics);
    expect(whole.value.statistics.opened).toBe(all.filter((t) => t.createdAt.getTime() >= NOW.getTime() - 30 * DAY).length);
  });

  it('a period is counted on the index keys alone: not one ticket opened, no key read twice', async () => {
    await load();
    await db().command({ profile: 2 });
    try {
      const source = new MongoTicketStatistics(db(), { slices: 2, sliceMinDays: 10 });
      await source.tally({ tenantId: TENANT, groupIds: [N1], from: new Date(NOW.getTime() - 30 * DAY), to: NOW, timeZone: 'Europe/Paris' });
    } finally {
      await db().command({ profile: 0 });
    }
    const profiled = await db().collection('system.profile').find({ 'command.aggregate': 'tickets' }).toArray();
    const onIndex = (name: string) => profiled.filter((entry) => entry.command.hint === name);
    const inPeriod = all.filter((t) => t.createdAt.getTime() >= NOW.getTime() - 30 * DAY).length;
    const closedInPeriod = all.filter((t) => t.closedAt && t.closedAt.getTime() >= NOW.getTime() - 30 * DAY).length;

    expect(onIndex(STATS_INDEX)).toHaveLength(2);
    for (const entry of [...onIndex(STATS_INDEX), ...onIndex(CLOSED_INDEX)]) expect(entry.docsExamined, entry.planSummary).toBe(0);
    // both groups' keys of the period are read once (the lead's group is kept on the keys)
    expect(onIndex(STATS_INDEX).reduce((sum, entry) => sum + entry.keysExamined, 0)).toBeLessThanOrEqual(inPeriod + 2);
    expect(onIndex(CLOSED_INDEX)).toHaveLength(1);
    expect(onIndex(CLOSED_INDEX)[0]!.keysExamined).toBeLessThanOrEqual(closedInPeriod + 1);
  });

  it('tickets stored before the statistics facts get them once, and are counted like the others', async () => {
    await load();
    const before = await statistics().execute(TENANT, LEAD, 30);
    await db().collection('tickets').updateMany({ number: { $lte: 300 } }, { $unset: { stats: '' } });
    const unbackfilled = await statistics().execute(TENANT, LEAD, 30);
    if (!before.ok || !unbackfilled.ok) throw new Error('stats refused');
    expect(unbackfilled.value.statistics.timeToResolve?.count).toBeLessThan(before.value.statistics.timeToResolve!.count);

    // a server stopping before it ran leaves it for the next start
    const stopping = new AbortController();
    stopping.abort();
    expect(await backfillStatsFacts(db(), { signal: stopping.signal })).toBe(0);
    expect(await db().collection('migrations').countDocuments()).toBe(0);
    expect(await backfillStatsFacts(db(), { batchSize: 64 })).toBe(300);
    expect(await backfillStatsFacts(db())).toBe(0);
    const after = await statistics().execute(TENANT, LEAD, 30);
    if (!after.ok) throw new Error('stats refused');
    expect(after.value.statistics).toEqual(before.value.statistics);
  });
});
