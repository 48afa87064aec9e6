/**
 * `npm run bench` (clock part): the auto-close clock against a real mongod holding 100,000
 * tickets, 10,000 of them solved and due. Prints: the time for one instance's clock to close
 * the 10,000 (tickets/s) and the notifications it queued; the clock's cost per tick when
 * nothing is due (documents and keys examined by its query, ms per tick), with the due
 * tickets still waiting and once they are closed; the start-up backfill's cost when there is
 * nothing left to backfill. Figures, not a test.
 *
 * Environment:
 *   BENCH_CLOCK_TICKETS   tickets stored (default 100000)
 *   BENCH_CLOCK_DUE       of which solved and due (default 10000)
 *   BENCH_CLOCK_IDLE      idle ticks measured (default 200)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import { ApplyDueChanges } from '../src/app/apply-due-changes.use-case.js';
import { ChangeTicket } from '../src/app/change-ticket.use-case.js';
import type { TicketStatus } from '../src/domain/ticket.js';
import { backfillAutoCloseDue } from '../src/infra/clock/auto-close-backfill.js';
import { MongoDueTicketFinder } from '../src/infra/clock/mongo-due-ticket.finder.js';
import { TicketClock } from '../src/infra/clock/ticket-clock.js';
import { LogEventPublisher } from '../src/infra/log-event.publisher.js';
import { startEmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { MongoGroupRepository } from '../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../src/infra/mongo/mongo-ticket.repository.js';
import { toDocument } from '../src/infra/mongo/ticket-document.schema.js';
import { aTicketIn, GROUP_N1, people } from '../test/support/ticket-mother.js';
import { explainLast, intEnv, quantile } from './bench-support.js';

const TOTAL = intEnv('BENCH_CLOCK_TICKETS', 100_000, 1);
const DUE = Math.min(intEnv('BENCH_CLOCK_DUE', 10_000, 1), TOTAL);
const IDLE_TICKS = intEnv('BENCH_CLOCK_IDLE', 200, 1);
const TENANT = 'tenant-contoso';
const HOUR = 3_600_000;
/** the clock's "now" for the run; due tickets fell due over the day before */
const NOW = new Date('2025-03-10T12:00:00.000Z');
/** the other tickets: as many solved but not due as due ones, the rest spread over the other statuses */
const OTHERS: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending', 'closed'];

/** The stored shape, built like the tests build documents; inserted directly, in chunks. */
async function fill(db: Db): Promise<void> {
  const tickets = db.collection<Document>('tickets');
  const chunk: Document[] = [];
  for (let i = 1; i <= TOTAL; i += 1) {
    const requester = { id: `aad-user-${i % 500}`, name: `User ${i % 500}` };
    const base = { id: `tkt-${i}`, number: i, version: 3, tenantId: TENANT, requester, groupId: GROUP_N1 };
    let ticket;
    if (i <= DUE) {
      // due between 24 h and 1 min ago, spread over the day
      ticket = aTicketIn('solved', { ...base, autoCloseAt: new Date(NOW.getTime() - 60_000 - ((i * 7919) % (24 * 60)) * 60_000) });
    } else if (i <= 2 * DUE) {
      ticket = aTicketIn('solved', { ...base, autoCloseAt: new Date(NOW.getTime() + HOUR + (i % 1_000) * 60_000) });
    } else {
      ticket = aTicketIn(OTHERS[i % OTHERS.length]!, base);
    }
    chunk.push({ ...toDocument(ticket), outbox: [], cardCopies: [] });
    if (chunk.length === 5_000 || i === TOTAL) {
      await tickets.insertMany(chunk.splice(0), { ordered: false });
    }
  }
}

/** What mongod did for the clock's last `find`, from explain('executionStats'). */

async function opcounters(db: Db): Promise<Record<string, number>> {
  const status = await db.admin().command({ serverStatus: 1 });
  return { ...status.opcounters };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-bench-clock-'));
  const mongod = await startEmbeddedMongod({ dbPath: path.join(dir, 'db'), port: 0 });
  const client = await new MongoClient(mongod.uri, { monitorCommands: true }).connect();
  const finds: CommandStartedEvent[] = [];
  client.on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command.find === 'tickets') finds.push(event);
  });
  try {
    const db = client.db('guichet_bench_clock');
    await ensureIndexes(db);
    const groups = new MongoGroupRepository(db);
    await groups.saveConfiguration(TENANT, {
      defaultGroupId: GROUP_N1,
      admins: [],
      groups: [{ id: GROUP_N1, name: { fr: 'Support N1', en: 'N1 Support' }, lead: people.lea, technicians: [{ ...people.tina, onDuty: true }], channel: null }],
    });
    let started = performance.now();
    await fill(db);
    const fillMs = performance.now() - started;

    // the clock as createApp wires it (events logged to nowhere: the log line's cost stays in)
    let now = new Date(NOW.getTime() - 24 * HOUR - HOUR);
    const changeTicket = new ChangeTicket({
      tickets: new MongoTicketRepository(db),
      groups,
      events: new LogEventPublisher(() => undefined),
      settings: groups,
    });
    const clock = new TicketClock({ due: new ApplyDueChanges({ due: new MongoDueTicketFinder(db), tickets: changeTicket }), now: () => now });

    const idle = async () => {
      const times: number[] = [];
      for (let i = 0; i < IDLE_TICKS; i += 1) {
        const t0 = performance.now();
        const tick = await clock.tick();
        times.push(performance.now() - t0);
        if (tick.applied !== 0) throw new Error('an idle tick changed a ticket');
      }
      times.sort((a, b) => a - b);
      return { mean: times.reduce((s, t) => s + t, 0) / times.length, p50: quantile(times, 0.5), p99: quantile(times, 0.99), ...(await explainLast(db, finds)) };
    };

    // 1. nothing due yet (20,000 solved tickets waiting in the index)
    const idleBefore = await idle();

    // 2. the due time has come for DUE of them
    now = NOW;
    const opsBefore = await opcounters(db);
    started = performance.now();
    let closed = 0;
    let ticks = 0;
    let rounds = 0;
    for (;;) {
      const tick = await clock.tick();
      ticks += 1;
      rounds += tick.rounds;
      closed += tick.applied;
      if (!tick.more) break;
    }
    const closeMs = performance.now() - started;
    const opsAfter = await opcounters(db);
    const queued = await db
      .collection('tickets')
      .aggregate<{ _id: string; count: number }>([{ $match: { 'outbox.0': { $exists: true } } }, { $unwind: '$outbox' }, { $group: { _id: '$outbox.kind', count: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    const closedStored = await db.collection('tickets').countDocuments({ status: 'closed', 'solutions.outcome.kind': 'autoClosed' });

    // 3. nothing due any more (the DUE closed, the others due in an hour or more)
    const idleAfter = await idle();

    // 4. the start-up backfill over every ticket, with nothing left to backfill
    started = performance.now();
    const backfilled = await backfillAutoCloseDue(db, groups, { log: () => undefined });
    const backfillMs = performance.now() - started;

    const ops = (name: string) => ((opsAfter[name] ?? 0) - (opsBefore[name] ?? 0)) / Math.max(1, closed);
    const idleLine = (label: string, r: Awaited<ReturnType<typeof idle>>) =>
      console.log(`  ${label}  ${r.mean.toFixed(2)} ms mean, ${r.p50.toFixed(2)} p50, ${r.p99.toFixed(2)} p99; ${r.docs} documents and ${r.keys} index keys examined (${r.plan})`);
    console.log(`\nClock  (${TOTAL.toLocaleString('en')} tickets stored in ${(fillMs / 1000).toFixed(1)} s, ${DUE.toLocaleString('en')} solved and due, ${DUE.toLocaleString('en')} solved and not yet due; one instance)`);
    console.log(`  closed by the clock        ${closed} (${closedStored} stored as auto-closed) in ${(closeMs / 1000).toFixed(2)} s: ${(closed / (closeMs / 1000)).toFixed(0)} tickets/s`);
    console.log(`  ticks / batches            ${ticks} ticks, ${rounds} rounds of at most 200`);
    console.log(`  notifications queued       ${queued.map((q) => `${q.count} ${q._id}`).join(', ')}`);
    console.log(`  mongod ops per closed      ${ops('query').toFixed(3)} query, ${ops('update').toFixed(3)} update, ${ops('command').toFixed(3)} command`);
    console.log(`  idle tick, nothing due (${IDLE_TICKS} ticks each):`);
    idleLine('  before the due time     ', idleBefore);
    idleLine('  after closing them all  ', idleAfter);
    console.log(`  start-up backfill          ${backfillMs.toFixed(1)} ms over ${TOTAL.toLocaleString('en')} tickets, ${backfilled} to write`);
    if (closed !== DUE || closedStored !== DUE) throw new Error(`expected ${DUE} closed, got ${closed} (${closedStored} stored)`);
  } finally {
    await client.close();
    await mongod.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
