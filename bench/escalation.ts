/**
 * `npm run bench` (escalation part): SLA levels on a real mongod holding 100,000 open tickets
 * in 10 groups, 1,000 of which cross a level in the same minute. One instance's clock records
 * the levels (the system actor, through decide), the dispatcher gathers the alerts into digest
 * cards and posts them to the groups' channels on a fake Bot Connector that throttles like Teams
 * (7/1 s, 8/2 s, 60/30 s per conversation, and an app-wide rate per tenant). Prints: levels
 * recorded and how long it took, digest cards posted and updated, the time until every alert is
 * on a card in Teams, the 429s our pacing caused (should be 0), and the clock's cost per tick
 * when nothing is due (documents and index keys examined, ms). Figures, not a test.
 *
 * Environment:
 *   BENCH_SLA_TICKETS   open tickets stored (default 100000)
 *   BENCH_SLA_DUE       of which crossing a level in the same minute (default 1000)
 *   BENCH_SLA_GROUPS    groups, each with a linked channel (default 10)
 *   BENCH_SLA_IDLE      idle ticks measured (default 200)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import categories from '../config/categories.json' with { type: 'json' };
import { ApplyDueChanges } from '../src/app/apply-due-changes.use-case.js';
import { ChangeTicket } from '../src/app/change-ticket.use-case.js';
import { ALWAYS_OPEN } from '../src/domain/business-hours.js';
import type { Category } from '../src/domain/category.js';
import type { Level } from '../src/domain/priority.js';
import { DEFAULT_SERVICE_LEVELS, breachAtOf, newSla, nextLevelOf, riskAtOf, type ServiceLevelRules } from '../src/domain/sla.js';
import type { TicketStatus } from '../src/domain/ticket.js';
import { MongoDueTicketFinder } from '../src/infra/clock/mongo-due-ticket.finder.js';
import { TicketClock } from '../src/infra/clock/ticket-clock.js';
import { LogEventPublisher } from '../src/infra/log-event.publisher.js';
import { startEmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { MongoAlertDigests } from '../src/infra/mongo/mongo-alert-digests.js';
import { MongoConversationRepository } from '../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../src/infra/mongo/mongo-indexes.js';
import { MongoTicketOutboxStore } from '../src/infra/mongo/mongo-ticket-outbox.store.js';
import { MongoTicketRepository } from '../src/infra/mongo/mongo-ticket.repository.js';
import { toDocument } from '../src/infra/mongo/ticket-document.schema.js';
import { BotConnectorMessenger } from '../src/infra/notify/bot-connector.messenger.js';
import { OutboxDispatcher } from '../src/infra/notify/outbox-dispatcher.js';
import { TEAMS_TENANT_REQUESTS_PER_SECOND } from '../src/infra/notify/rate-limiter.js';
import { renderCardCopy, renderNotification } from '../src/views/notification.view.js';
import { renderAlertDigest } from '../src/views/notifications/alert-digest.view.js';
import { aTicketIn, people } from '../test/support/ticket-mother.js';
import { explainLast, intEnv, quantile } from './bench-support.js';

const TOTAL = intEnv('BENCH_SLA_TICKETS', 100_000, 1);
const DUE = Math.min(intEnv('BENCH_SLA_DUE', 1_000, 1), TOTAL);
const GROUPS = intEnv('BENCH_SLA_GROUPS', 10, 1);
const IDLE_TICKS = intEnv('BENCH_SLA_IDLE', 200, 1);
const TENANT = 'tenant-contoso';
const MINUTE = 60_000;
const NOW = new Date('2025-03-10T12:00:00.000Z');
/** the desk is open round the clock here, so the arithmetic of the set-up stays readable */
const RULES: ServiceLevelRules = { ...DEFAULT_SERVICE_LEVELS, calendar: ALWAYS_OPEN };
const PER_CONVERSATION: [number, number][] = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
];
const OPEN: readonly TicketStatus[] = ['new', 'assigned', 'planned'];
const groupId = (i: number) => `group-${i % GROUPS}`;

/** A Bot Connector that throttles like Teams: per conversation, and per tenant across all of them. */
function fakeConnector() {
  const perConversation = new Map<string, number[]>();
  let all: number[] = [];
  const stats = { posts: 0, updates: 0, throttled: 0, lastAt: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      const conversation = decodeURIComponent(match?.[1] ?? '');
      const now = Date.now();
      const times = (perConversation.get(conversation) ?? []).filter((t) => now - t < 30_000);
      all = all.filter((t) => now - t < 1_000);
      const over =
        PER_CONVERSATION.some(([count, windowMs]) => times.filter((t) => now - t < windowMs).length >= count) ||
        all.length >= TEAMS_TENANT_REQUESTS_PER_SECOND;
      res.setHeader('content-type', 'application/json');
      if (over) {
        stats.throttled += 1;
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
        res.end('{"error":{"code":"TooManyRequests"}}');
        return;
      }
      times.push(now);
      all.push(now);
      perConversation.set(conversation, times);
      if (req.method === 'PUT') stats.updates += 1;
      else stats.posts += 1;
      stats.lastAt = now;
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  return { server, stats };
}

/**
 * Tickets as the domain builds them, opened so that their first level (75 % of time to own) falls
 * in the minute before NOW for the DUE ones, and hours later for the others.
 */
async function fill(db: Db): Promise<void> {
  const tickets = db.collection<Document>('tickets');
  const chunk: Document[] = [];
  for (let i = 1; i <= TOTAL; i += 1) {
    const priority = ((i % 5) + 1) as Level;
    const ownMs = RULES.policy[priority].timeToOwnMinutes * MINUTE;
    const due = i <= DUE;
    // due: 75 % of time to own reached between 59 s and 1 s ago; others: opened now, or later
    const openedAt = due
      ? new Date(NOW.getTime() - 0.75 * ownMs - 1_000 - ((i * 7919) % 59_000))
      : new Date(NOW.getTime() - (i % 7) * 1_000);
    const status: TicketStatus = due ? 'new' : OPEN[i % OPEN.length]!;
    const sla = newSla(priority, openedAt, RULES);
    const ticket = aTicketIn(status, {
      id: `tkt-${i}`,
      number: i,
      version: 3,
      tenantId: TENANT,
      priority,
      groupId: groupId(i),
      assignee: status === 'new' ? null : people.tina,
      createdAt: openedAt,
      updatedAt: openedAt,
      sla: status === 'new' ? sla : { ...sla, own: { ...sla.own, runningSince: null, stoppedAt: openedAt } },
    });
    const withLevels = {
      ...ticket,
      escalation: { fired: [], next: nextLevelOf(ticket.sla, [], RULES), supportLevel: 1, riskAt: riskAtOf(ticket.sla, RULES), breachAt: breachAtOf(ticket.sla) },
    };
    chunk.push({ ...toDocument(withLevels), outbox: [], cardCopies: [] });
    if (chunk.length === 5_000 || i === TOTAL) await tickets.insertMany(chunk.splice(0), { ordered: false });
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-bench-sla-'));
  const mongod = await startEmbeddedMongod({ dbPath: path.join(dir, 'db'), port: 0 });
  const client = await new MongoClient(mongod.uri, { monitorCommands: true }).connect();
  const finds: CommandStartedEvent[] = [];
  client.on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command.find === 'tickets' && typeof event.command.hint === 'string') finds.push(event);
  });
  const connector = fakeConnector();
  await new Promise<void>((resolve) => connector.server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connector.server.address() as AddressInfo).port}/`;
  try {
    const db = client.db('guichet_bench_sla');
    await ensureIndexes(db);
    const groups = new MongoGroupRepository(db);
    await groups.saveConfiguration(TENANT, {
      defaultGroupId: groupId(0),
      admins: [],
      serviceLevels: RULES,
      digestWindowMs: 5 * MINUTE,
      groups: Array.from({ length: GROUPS }, (_, i) => ({
        id: groupId(i),
        name: { fr: `Groupe ${i}`, en: `Group ${i}` },
        lead: people.lea,
        technicians: [{ ...people.tina, onDuty: true }],
        channel: { channelId: 'msteams', serviceUrl, conversation: { id: `19:group-${i}@thread.tacv2`, conversationType: 'channel' }, bot: { id: 'bot' } },
      })),
    });
    let started = performance.now();
    await fill(db);
    const fillMs = performance.now() - started;

    let now = new Date(NOW.getTime() - 2 * MINUTE);
    const changeTicket = new ChangeTicket({ tickets: new MongoTicketRepository(db), groups, events: new LogEventPublisher(() => undefined), settings: groups });
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
      return { mean: times.reduce((s, t) => s + t, 0) / times.length, p99: quantile(times, 0.99), ...(await explainLast(db, finds)) };
    };

    // 1. nothing due: every open ticket waits in the level index, none has come
    const idleBefore = await idle();

    // 2. the minute has passed: DUE tickets crossed 75 % of their time to own
    now = NOW;
    started = performance.now();
    let recorded = 0;
    for (;;) {
      const tick = await clock.tick();
      recorded += tick.applied;
      if (!tick.more) break;
    }
    const clockMs = performance.now() - started;

    // 3. the dispatcher (as createApp wires it) gathers the alerts and posts the digests
    const digests = new MongoAlertDigests(db, { windowMs: (tenantId) => groups.digestWindowMs(tenantId), log: () => undefined });
    await digests.ensureIndexes();
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }));
    const dispatcher = new OutboxDispatcher(
      {
        stores: [new MongoTicketOutboxStore(db), digests],
        messenger: new BotConnectorMessenger(adapter, ''),
        conversations: new MongoConversationRepository(db),
        groups,
        render: {
          notification: async (notification, { ticket }, reader) =>
            renderNotification(notification, ticket, reader, categories as Category[], await groups.list(TENANT)),
          copy: async (ticket, audience, reader) => renderCardCopy(ticket, audience, reader, categories as Category[], await groups.list(TENANT)),
          digest: async (digest, reader, at) => renderAlertDigest(digest, { reader, groups: await groups.list(digest.tenantId), now: at }),
        },
        board: digests,
        log: () => undefined,
      },
      { concurrency: 8, pollMs: 50 },
    );
    started = performance.now();
    const startedAt = Date.now();
    while ((await dispatcher.stats()).pending > 0) {
      await dispatcher.drain();
      const wake = dispatcher.nextWake();
      if (wake) await new Promise((resolve) => setTimeout(resolve, Math.max(5, wake.getTime() - Date.now())));
    }
    const deliverMs = performance.now() - started;
    const lines = await db
      .collection('alertDigests')
      .aggregate<{ cards: number; lines: number }>([{ $group: { _id: null, cards: { $sum: 1 }, lines: { $sum: { $size: '$lines' } } } }])
      .toArray();
    const alerts = await db
      .collection('tickets')
      .aggregate<{ count: number }>([{ $unwind: '$outbox' }, { $match: { 'outbox.kind': 'sla.alert' } }, { $count: 'count' }])
      .toArray();

    // 4. nothing due any more: the levels recorded, the next ones hours away
    const idleAfter = await idle();

    const idleLine = (label: string, r: Awaited<ReturnType<typeof idle>>) =>
      console.log(`  ${label}  ${r.mean.toFixed(2)} ms mean, ${r.p99.toFixed(2)} p99; ${r.docs} documents and ${r.keys} index keys examined (${r.plan})`);
    console.log(
      `\nSLA levels and digests  (${TOTAL.toLocaleString('en')} open tickets in ${GROUPS} groups stored in ${(fillMs / 1000).toFixed(1)} s; ${DUE.toLocaleString('en')} cross 75 % of their time to own in the same minute; one instance)`,
    );
    console.log(`  levels recorded by the clock      ${recorded} in ${(clockMs / 1000).toFixed(2)} s (${(recorded / (clockMs / 1000)).toFixed(0)} tickets/s), ${alerts[0]?.count ?? 0} alerts queued`);
    console.log(`  digest cards                      ${lines[0]?.cards ?? 0} (one per group channel) holding ${lines[0]?.lines ?? 0} lines`);
    console.log(`  Bot Connector calls               ${connector.stats.posts} posts, ${connector.stats.updates} in-place updates`);
    console.log(`  alerts → all on cards in Teams    ${(deliverMs / 1000).toFixed(2)} s (last call ${((connector.stats.lastAt - startedAt) / 1000).toFixed(2)} s after the start)`);
    console.log(`  429 caused by us                  ${connector.stats.throttled}  ${connector.stats.throttled === 0 ? '(pacing holds)' : '(PACING TOO FAST)'}`);
    console.log(`  idle tick, nothing due (${IDLE_TICKS} ticks each, the three due kinds):`);
    idleLine('  before the minute       ', idleBefore);
    idleLine('  after the levels        ', idleAfter);
    if (recorded !== DUE) throw new Error(`expected ${DUE} levels recorded, got ${recorded}`);
  } finally {
    await client.close();
    await mongod.stop();
    await new Promise<void>((resolve) => connector.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
