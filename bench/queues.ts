/**
 * `npm run bench` (queues part): every queue a person opens (« mes tickets », « à traiter »,
 * « groupe », « alertes », « global », a requester's own) against a real mongod holding
 * 10,000 then 100,000 tickets of one tenant: 14 % open, 5 groups of 5 technicians. Prints,
 * side by side, each queue's p50/p95 for one page (the repository call, as ListQueue makes
 * it: the page and its total) and what mongod examined for it (documents and keys, page
 * and count), so a queue that grows with the backlog shows. Figures, not a test.
 *
 * Environment:
 *   BENCH_QUEUES_ITERATIONS  pages read per queue and size (default 300)
 *   BENCH_QUEUES_MILLION=1   also 1,000,000 tickets (a few minutes to load)
 *   BENCH_QUEUES_SIZES       the sizes instead, e.g. 10000,100000
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import { ListQueue } from '../src/app/list-queue.use-case.js';
import type { Actor } from '../src/domain/actor.js';
import type { QueueName, QueueSort } from '../src/domain/queue.js';
import type { Ticket, TicketStatus } from '../src/domain/ticket.js';
import { startEmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { ensureIndexes } from '../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../src/infra/mongo/mongo-ticket.repository.js';
import { toDocument } from '../src/infra/mongo/ticket-document.schema.js';
import { aGroup, anActor, aTicketIn } from '../test/support/ticket-mother.js';
import { intEnv, quantile } from './bench-support.js';

const ITERATIONS = intEnv('BENCH_QUEUES_ITERATIONS', 300, 10);
const SIZES = process.env.BENCH_QUEUES_SIZES
  ? process.env.BENCH_QUEUES_SIZES.split(',').map(Number)
  : [10_000, 100_000, ...(process.env.BENCH_QUEUES_MILLION === '1' ? [1_000_000] : [])];
const TENANT = 'tenant-contoso';
const PAGE_SIZE = 5;
const MINUTE = 60_000;
/** the queues' "now" (« alertes » are as of it) */
const NOW = new Date('2026-06-01T12:00:00.000Z');
const GROUP_IDS = [0, 1, 2, 3, 4].map((g) => `grp-${g}`);
const techOf = (group: number, k: number) => ({ id: `aad-tech-${group}-${k}`, name: `Tech ${group}.${k}` });
/** a well-mixed number per ticket and purpose, so the fields are not correlated with each other */
const hash = (n: number, salt: number) => Math.imul(n ^ (salt * 0x9e3779b9), 2_654_435_761) >>> 0;
const requesterOf = (user: number) => ({ id: `aad-user-${user}`, name: `User ${user}` });
/** open ones by share: new (unassigned) 30 %, assigned 30 %, planned 15 %, pending 10 %, solved 15 % */
const OPEN_MIX: readonly TicketStatus[] = ['new', 'new', 'new', 'new', 'new', 'new', 'assigned', 'assigned', 'assigned', 'assigned', 'assigned', 'assigned', 'planned', 'planned', 'planned', 'pending', 'pending', 'solved', 'solved', 'solved'];
const CLOCKED = new Set<TicketStatus>(['new', 'assigned', 'planned']);

/** Ticket n: 14 in 100 open (scrambled over the numbers), over 5 groups, created one every few minutes up to NOW. */
function ticketNumber(n: number, total: number): Document {
  const open = hash(n, 1) % 10_000 < 1_400;
  const status = open ? OPEN_MIX[hash(n, 2) % OPEN_MIX.length]! : 'closed';
  const group = n % 5;
  const worker = techOf(group, hash(n, 3) % 5);
  const riskAt = CLOCKED.has(status) ? new Date(NOW.getTime() + ((hash(n, 8) % 2_880) - 720) * MINUTE) : null;
  const ticket: Ticket = aTicketIn(status, {
    id: `tkt-${n}`,
    number: n,
    version: 2,
    tenantId: TENANT,
    requester: requesterOf(hash(n, 5) % 300),
    groupId: GROUP_IDS[group]!,
    assignee: status === 'new' ? null : worker,
    observers: hash(n, 6) % 10 === 0 ? [techOf((group + 1) % 5, hash(n, 7) % 5)] : [],
    priority: ((hash(n, 4) % 5) + 1) as Ticket['priority'],
    createdAt: new Date(NOW.getTime() - (total - n) * 3 * MINUTE),
    escalation: { fired: [], next: null, supportLevel: 1, riskAt, breachAt: riskAt && new Date(riskAt.getTime() + 120 * MINUTE) },
  });
  return { ...toDocument(ticket), outbox: [], cardCopies: [] };
}

/** Adds tickets from..to (numbers), 5,000 per insertMany. */
async function fill(db: Db, from: number, to: number, total: number): Promise<void> {
  const tickets = db.collection<Document>('tickets');
  for (let start = from; start <= to; start += 5_000) {
    const chunk: Document[] = [];
    for (let n = start; n <= Math.min(to, start + 4_999); n += 1) chunk.push(ticketNumber(n, total));
    await tickets.insertMany(chunk, { ordered: false });
  }
}

const TECHNICIAN: Actor = anActor(['requester', 'technician'], { ...techOf(0, 0), groupIds: [GROUP_IDS[0]!] });
const LEAD: Actor = anActor(['requester', 'lead'], { ...techOf(1, 4), groupIds: [GROUP_IDS[1]!, GROUP_IDS[2]!] });
const ADMIN: Actor = anActor(['requester', 'admin'], { id: 'aad-admin', name: 'Admin', groupIds: [] });
const REQUESTER: Actor = anActor(['requester'], { ...requesterOf(42), groupIds: [] });

const CASES: readonly { readonly label: string; readonly actor: Actor; readonly queue: QueueName; readonly sort: QueueSort }[] = [
  { label: 'mes tickets (technicien)', actor: TECHNICIAN, queue: 'mine', sort: 'priority' },
  { label: 'mes tickets, récents', actor: TECHNICIAN, queue: 'mine', sort: 'newest' },
  { label: 'à traiter', actor: TECHNICIAN, queue: 'toProcess', sort: 'priority' },
  { label: 'à traiter, anciens', actor: TECHNICIAN, queue: 'toProcess', sort: 'age' },
  { label: 'groupe', actor: TECHNICIAN, queue: 'group', sort: 'priority' },
  { label: 'groupe, récents', actor: TECHNICIAN, queue: 'group', sort: 'newest' },
  { label: 'alertes (responsable, 2 groupes)', actor: LEAD, queue: 'atRisk', sort: 'urgency' },
  { label: 'alertes (admin)', actor: ADMIN, queue: 'atRisk', sort: 'urgency' },
  { label: 'global, priorité', actor: ADMIN, queue: 'global', sort: 'priority' },
  { label: 'global, récents', actor: ADMIN, queue: 'global', sort: 'newest' },
  { label: 'mes demandes (demandeur)', actor: REQUESTER, queue: 'requested', sort: 'newest' },
];

interface Figures {
  readonly p50: number;
  readonly p95: number;
  readonly docs: number;
  readonly keys: number;
  readonly countDocs: number;
  readonly countKeys: number;
  readonly total: number;
  readonly index: string;
  readonly countStage: string;
}

/** What mongod did for the last page and its count, from explain('executionStats'). */
async function explained(db: Db, find: CommandStartedEvent, countParts: readonly CommandStartedEvent[]) {
  const { filter, sort, skip, limit, projection, hint } = find.command;
  const f = await db.command({ explain: { find: 'tickets', filter, sort, skip, limit, projection, ...(hint ? { hint } : {}) }, verbosity: 'executionStats' });
  const countStats = { totalDocsExamined: 0, totalKeysExamined: 0 };
  const stages = new Set<string>();
  for (const count of countParts) {
    const { query, hint: countHint, limit: countLimit } = count.command;
    const c = await db.command({ explain: { count: 'tickets', query, limit: countLimit, ...(countHint ? { hint: countHint } : {}) }, verbosity: 'executionStats' });
    countStats.totalDocsExamined += c.executionStats.totalDocsExamined;
    countStats.totalKeysExamined += c.executionStats.totalKeysExamined;
    stages.add(JSON.stringify(c.queryPlanner.winningPlan).includes('COUNT_SCAN') ? 'COUNT_SCAN' : 'COUNT');
  }
  const plan = JSON.stringify(f.queryPlanner.winningPlan);
  return {
    docs: f.executionStats.totalDocsExamined as number,
    keys: f.executionStats.totalKeysExamined as number,
    countDocs: countStats.totalDocsExamined as number,
    countKeys: countStats.totalKeysExamined as number,
    countStage: `${countParts.length} × ${[...stages].join('/')}`,
    index: plan.includes('COLLSCAN') ? 'COLLSCAN' : `${[...new Set([...plan.matchAll(/"indexName":"([^"]+)"/g)].map((m) => m[1]))].join('+')}${plan.includes('"stage":"SORT"') ? ' +SORT' : ''}`,
  };
}

async function measure(client: MongoClient, db: Db): Promise<Figures[]> {
  const finds: CommandStartedEvent[] = [];
  const counts: CommandStartedEvent[] = [];
  const listen = (event: CommandStartedEvent) => {
    if (event.commandName === 'find' && event.command.find === 'tickets') finds.push(event);
    if (event.commandName === 'count' && event.command.count === 'tickets') counts.push(event);
  };
  client.on('commandStarted', listen);
  const groups = GROUP_IDS.map((id) => aGroup({ id }));
  const listQueue = new ListQueue({ tickets: new MongoTicketRepository(db), groups: { list: async () => groups }, now: () => NOW });
  const figures: Figures[] = [];
  try {
    for (const { actor, queue, sort } of CASES) {
      // warm: the plan cached, the index pages in memory, as on a helpdesk at work
      for (let i = 0; i < 20; i += 1) await listQueue.execute(TENANT, actor, queue, sort, i % 4, PAGE_SIZE);
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < ITERATIONS; i += 1) {
        const t0 = performance.now();
        const page = await listQueue.execute(TENANT, actor, queue, sort, i % 4, PAGE_SIZE);
        times.push(performance.now() - t0);
        total = page.total;
      }
      times.sort((a, b) => a - b);
      // the first page's plan, as explained
      counts.length = 0;
      await listQueue.execute(TENANT, actor, queue, sort, 0, PAGE_SIZE);
      figures.push({ p50: quantile(times, 0.5), p95: quantile(times, 0.95), total, ...(await explained(db, finds.at(-1)!, [...counts])) });
    }
  } finally {
    client.off('commandStarted', listen);
  }
  return figures;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-bench-queues-'));
  const mongod = await startEmbeddedMongod({ dbPath: path.join(dir, 'db'), port: 0 });
  const client = await new MongoClient(mongod.uri, { monitorCommands: true }).connect();
  try {
    const runs: { size: number; open: number; loadMs: number; figures: Figures[] }[] = [];
    for (const size of SIZES) {
      // a fresh collection per size: the numbers (and so the dates) spread over the whole backlog
      const db = client.db(`guichet_bench_queues_${size}`);
      await ensureIndexes(db);
      const t0 = performance.now();
      await fill(db, 1, size, size);
      const loadMs = performance.now() - t0;
      const open = await db.collection('tickets').countDocuments({ status: { $ne: 'closed' } });
      runs.push({ size, open, loadMs, figures: await measure(client, db) });
      await db.dropDatabase();
    }
    const ms = (x: number) => x.toFixed(1).padStart(6);
    console.log(`\nQueues (page of ${PAGE_SIZE}, ${ITERATIONS} pages each, the repository call as ListQueue makes it: page + total; count = its count commands summed)`);
    for (const run of runs) console.log(`  ${run.size.toLocaleString('en')} tickets: ${run.open.toLocaleString('en')} open, loaded in ${(run.loadMs / 1000).toFixed(1)} s`);
    const header = runs.map((run) => `${`${run.size / 1000}k: p50   p95 ms  docs keys count(docs/keys)  total`.padEnd(53)}`).join(' | ');
    console.log(`  ${'queue'.padEnd(34)} ${header}  page index, count stage`);
    CASES.forEach((c, i) => {
      const cells = runs.map(({ figures }) => {
        const f = figures[i]!;
        return `${ms(f.p50)} ${ms(f.p95)}   ${String(f.docs).padStart(5)} ${String(f.keys).padStart(5)}  ${`${f.countDocs}/${f.countKeys}`.padStart(12)} ${String(f.total).padStart(6)}`.padEnd(53);
      });
      console.log(`  ${c.label.padEnd(34)} ${cells.join(' | ')}  ${runs.at(-1)!.figures[i]!.index}, ${runs.at(-1)!.figures[i]!.countStage}`);
    });
  } finally {
    await client.close();
    await mongod.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
