/**
 * « stats » at 100,000 tickets (issue 13 §3, target: under 500 ms): a lead of one group and an
 * admin, over 7, 30 and 90 days, through the use case as the bot calls it (three aggregations
 * counted by mongod on their indexes, the figures finished in the domain). Figures, not a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Db, type Document } from 'mongodb';
import { ComputeStatistics } from '../src/app/compute-statistics.use-case.js';
import type { Actor } from '../src/domain/actor.js';
import { DEFAULT_CALENDAR } from '../src/domain/business-hours.js';
import type { StatsPeriod } from '../src/domain/ports/ticket-export.js';
import { DEFAULT_ESCALATION_LEVELS } from '../src/domain/sla.js';
import type { Ticket, TicketStatus } from '../src/domain/ticket.js';
import { startEmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { ensureIndexes } from '../src/infra/mongo/mongo-indexes.js';
import { MongoTicketStatistics } from '../src/infra/mongo/mongo-ticket-statistics.js';
import { toDocument } from '../src/infra/mongo/ticket-document.schema.js';
import { anActor, aSolution, aTicketIn } from '../test/support/ticket-mother.js';
import { intEnv, quantile } from './bench-support.js';

const SIZE = intEnv('BENCH_STATS_TICKETS', 100_000, 1_000);
const ITERATIONS = intEnv('BENCH_STATS_ITERATIONS', 20, 3);
const TENANT = 'tenant-contoso';
const MINUTE = 60_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const GROUP_IDS = [0, 1, 2, 3, 4].map((g) => `grp-${g}`);
const hash = (n: number, salt: number) => Math.imul(n ^ (salt * 0x9e3779b9), 2_654_435_761) >>> 0;
const OPEN: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending', 'solved'];

/** Ticket n: one every 3 minutes up to NOW (100,000 span 208 days), 14 in 100 open, clocks met or missed, some rated. */
function ticketNumber(n: number): Document {
  const open = hash(n, 1) % 100 < 14;
  const status = open ? OPEN[hash(n, 2) % OPEN.length]! : 'closed';
  const createdAt = new Date(NOW.getTime() - (SIZE - n) * 3 * MINUTE);
  const own = (hash(n, 3) % 240) * MINUTE;
  const resolve = (hash(n, 4) % 4_000) * MINUTE;
  const ticket: Ticket = aTicketIn(status, {
    id: `tkt-${n}`,
    number: n,
    tenantId: TENANT,
    groupId: GROUP_IDS[n % 5]!,
    categoryId: ['hardware.screen', 'printing', 'network.vpn', null][hash(n, 5) % 4]!,
    priority: ((hash(n, 6) % 5) + 1) as Ticket['priority'],
    source: hash(n, 7) % 4 === 0 ? 'call' : 'chat',
    createdAt,
    closedAt: status === 'closed' ? new Date(createdAt.getTime() + resolve) : null,
    sla: {
      own: { targetMs: 120 * MINUTE, consumedMs: own, runningSince: null, dueAt: new Date(createdAt.getTime() + 120 * MINUTE), stoppedAt: status === 'new' ? null : new Date(createdAt.getTime() + own) },
      resolve: { targetMs: 1_440 * MINUTE, consumedMs: resolve, runningSince: null, dueAt: new Date(createdAt.getTime() + 1_440 * MINUTE), stoppedAt: status === 'closed' || status === 'solved' ? new Date(createdAt.getTime() + resolve) : null },
    },
    escalation: { fired: DEFAULT_ESCALATION_LEVELS.slice(0, hash(n, 8) % 5).map((l) => l.id), next: null, supportLevel: hash(n, 9) % 9 === 0 ? 2 : 1, riskAt: null, breachAt: null },
    solutions: status === 'closed' || status === 'solved' ? [aSolution({ ...(hash(n, 10) % 3 === 0 ? { duringCall: true } : {}) })] : [],
    survey: status === 'closed' && hash(n, 11) % 3 === 0 ? { until: NOW, answer: { rating: ((hash(n, 12) % 5) + 1) as 1, comment: null, at: NOW } } : null,
  });
  return { ...toDocument(ticket), outbox: [], cardCopies: [] };
}

async function fill(db: Db): Promise<void> {
  for (let start = 1; start <= SIZE; start += 5_000) {
    const chunk: Document[] = [];
    for (let n = start; n <= Math.min(SIZE, start + 4_999); n += 1) chunk.push(ticketNumber(n));
    await db.collection('tickets').insertMany(chunk, { ordered: false });
  }
}

const LEAD: Actor = anActor(['requester', 'lead'], { id: 'aad-lead', name: 'Lead', groupIds: [GROUP_IDS[1]!] });
const ADMIN: Actor = anActor(['requester', 'admin'], { id: 'aad-admin', name: 'Admin', groupIds: [] });

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-bench-stats-'));
  const mongod = await startEmbeddedMongod({ dbPath: path.join(dir, 'db'), port: 0 });
  const client = await new MongoClient(mongod.uri).connect();
  try {
    const db = client.db('guichet_bench_stats');
    await ensureIndexes(db);
    const t0 = performance.now();
    await fill(db);
    console.log(`\nStatistics (« stats », the use case as the bot calls it) on ${SIZE.toLocaleString('en')} tickets, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${ITERATIONS} runs each`);
    const stats = new ComputeStatistics({
      source: new MongoTicketStatistics(db),
      knowledgeBase: { countDeflections: async () => 0 },
      settings: { serviceLevels: async () => ({ calendar: DEFAULT_CALENDAR, levels: DEFAULT_ESCALATION_LEVELS }) as never },
      now: () => NOW,
    });
    console.log(`  ${'who, period'.padEnd(24)} tickets in period   p50 ms   p95 ms   (target < 500 ms)`);
    for (const [who, actor] of [['lead of 1 group', LEAD], ['admin (5 groups)', ADMIN]] as const) {
      for (const days of [7, 30, 90] as StatsPeriod[]) {
        const times: number[] = [];
        let opened = 0;
        for (let i = 0; i < ITERATIONS; i += 1) {
          const start = performance.now();
          const report = await stats.execute(TENANT, actor, days);
          times.push(performance.now() - start);
          if (report.ok) opened = report.value.statistics.opened;
        }
        times.sort((a, b) => a - b);
        console.log(`  ${`${who}, ${days} d`.padEnd(24)} ${String(opened).padStart(17)}   ${quantile(times, 0.5).toFixed(1).padStart(6)}   ${quantile(times, 0.95).toFixed(1).padStart(6)}`);
      }
    }
  } finally {
    await client.close();
    await mongod.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
