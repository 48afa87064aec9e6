import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApplyDueChanges, type ApplyDueChangesOptions } from '../../src/app/apply-due-changes.use-case.js';
import { ChangeTicket } from '../../src/app/change-ticket.use-case.js';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import type { Actor } from '../../src/domain/actor.js';
import { ALWAYS_OPEN } from '../../src/domain/business-hours.js';
import { decide } from '../../src/domain/decide.js';
import type { DueTicketFinder } from '../../src/domain/ports/due-ticket.finder.js';
import type { EventPublisher } from '../../src/domain/ports/event-publisher.js';
import type { NotificationPayloads } from '../../src/domain/notification.js';
import type { Level } from '../../src/domain/priority.js';
import type { Result } from '../../src/domain/result.js';
import { DEFAULT_SERVICE_LEVELS, type ServiceLevelRules } from '../../src/domain/sla.js';
import type { TicketCommand } from '../../src/domain/ticket-command.js';
import type { TicketEvent } from '../../src/domain/ticket-event.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { MongoDueTicketFinder } from '../../src/infra/clock/mongo-due-ticket.finder.js';
import { TicketClock } from '../../src/infra/clock/ticket-clock.js';
import { MongoGroupRepository, type HelpdeskConfiguration } from '../../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes, SLA_LEVEL_INDEX } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import type { OutboxItem } from '../../src/infra/mongo/outbox-item.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { FakeMessenger } from '../notify/support/fake-messenger.js';
import { useTestDatabase } from '../support/mongo.js';
import { GROUP_N1, GROUP_N2, actors, commands, people } from '../support/ticket-mother.js';

/**
 * The SLA levels on a real mongod, driven by the clock of the previous issue with an
 * injected time (never a sleep). The helpdesk is open round the clock (plain arithmetic):
 * priority 3 has 2 h to own (levels at 1 h 30 and 2 h) and 72 h to resolve (54 h and 72 h);
 * priority 4 has 1 h and 24 h, and its time-to-resolve breach reaches Marc too (hierarchical).
 * N1 Support has a channel, Léa as its lead and Marc as her escalation contact; N2 has a channel
 * and Inès as its lead.
 */
const TENANT = 'tenant-contoso';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = new Date('2025-03-03T09:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const ROUND: ServiceLevelRules = { ...DEFAULT_SERVICE_LEVELS, calendar: ALWAYS_OPEN };
const marc: Person = { id: 'aad-marc', name: 'Marc Fontaine' };
const ines: Person = { id: 'aad-ines', name: 'Inès Caron' };
const db = useTestDatabase();

const HELPDESK: HelpdeskConfiguration = {
  defaultGroupId: GROUP_N1,
  admins: [people.adam],
  serviceLevels: ROUND,
  groups: [
    {
      id: GROUP_N1,
      name: { fr: 'Support N1', en: 'N1 Support' },
      lead: people.lea,
      escalationContact: marc,
      technicians: [{ ...people.tina, onDuty: true }],
      channel: { conversation: { id: '19:n1@thread.tacv2' }, serviceUrl: 'https://smba.trafficmanager.net/emea/' },
    },
    {
      id: GROUP_N2,
      name: { fr: 'N2 Réseau', en: 'N2 Network' },
      lead: ines,
      technicians: [{ ...people.nadia, onDuty: true }],
      channel: { conversation: { id: '19:n2@thread.tacv2' }, serviceUrl: 'https://smba.trafficmanager.net/emea/' },
    },
  ],
};

const rawTickets = () => db().collection<Record<string, unknown> & { _id: string }>('tickets');

/** Alice's ticket #`number`, opened at `openedAt` in `groupId`, as the service stores it. */
function opened(number: number, priority: { urgency: Level; impact: Level } = { urgency: 3, impact: 3 }, openedAt = T0, groupId = GROUP_N1): Ticket {
  const command = { ...commands.create({ ...priority, groupId }, { id: `tkt-${number}`, number }), serviceLevels: ROUND };
  const result = decide(null, command, actors.ownRequester, openedAt);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.ticket;
}

async function store(...tickets: Ticket[]): Promise<void> {
  await rawTickets().insertMany(tickets.map((t) => ({ ...toDocument(t), outbox: [], cardCopies: [] })));
}

async function stored(number: number): Promise<Document> {
  const doc = await rawTickets().findOne({ tenantId: TENANT, number });
  if (!doc) throw new Error(`no ticket #${number}`);
  return doc;
}

const outboxOf = (doc: Document, kind: string) => (doc.outbox as OutboxItem[]).filter((item) => item.kind === kind);
const alertsOf = (doc: Document) => outboxOf(doc, 'sla.alert');
const lineOf = (item: OutboxItem) => (item.payload as NotificationPayloads['sla.alert']).line;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

class RecordingPublisher implements EventPublisher {
  readonly events: TicketEvent[] = [];
  async publish(events: readonly TicketEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

interface Instance {
  readonly clock: TicketClock;
  readonly published: RecordingPublisher;
  readonly logs: string[];
  at(time: Date): void;
  /** a person's change through the same use case, at the instance's time */
  change(number: number, actor: Actor, command: Exclude<TicketCommand, { type: 'create' }>): Promise<Ticket>;
}

const clients: MongoClient[] = [];

/** One instance over its own connection, its clock at a movable time. */
async function instance(options: Partial<ApplyDueChangesOptions> = {}, wrapFinder: (finder: DueTicketFinder) => DueTicketFinder = (f) => f): Promise<Instance> {
  const client = await new MongoClient(db.uri()).connect();
  clients.push(client);
  const own = client.db(db.dbName);
  let now = T0;
  const logs: string[] = [];
  const published = new RecordingPublisher();
  // no cache: a configuration written by the test is read at once
  const groups = new MongoGroupRepository(own, 0);
  const changeTicket = new ChangeTicket({ tickets: new MongoTicketRepository(own), groups, events: published, settings: groups, now: () => now });
  const due = new ApplyDueChanges({ due: wrapFinder(new MongoDueTicketFinder(own)), tickets: changeTicket, log: (line) => logs.push(line) }, options);
  const clock = new TicketClock({ due, now: () => now, log: (line) => logs.push(line) }, { intervalMs: HOUR });
  return {
    clock,
    published,
    logs,
    at: (time) => (now = time),
    change: async (number, actor, command) => value(await changeTicket.execute(TENANT, actor, number, null, command)),
  };
}

async function configure(config: HelpdeskConfiguration = HELPDESK): Promise<void> {
  await new MongoGroupRepository(db(), 0).saveConfiguration(TENANT, config);
}

beforeAll(async () => {
  await ensureIndexes(db());
});

beforeEach(async () => {
  await configure();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('SLA levels fire once', () => {
  it('own-75 at 1 h 30, own-100 at 2 h, each once: one alert to the channel per level, the next level stored for the index', async () => {
    await store(opened(1));
    const node = await instance();

    node.at(after(90 * MINUTE - 1));
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    expect((await stored(1)).escalation.fired).toEqual([]);

    node.at(after(90 * MINUTE));
    expect(await node.clock.tick()).toMatchObject({ applied: 1, lost: 0, skipped: 0 });
    let doc = await stored(1);
    expect(doc.escalation).toMatchObject({ fired: ['own-75'], next: { levelId: 'own-100', at: after(2 * HOUR) } });
    expect((doc.outbox as OutboxItem[]).map((item) => item.kind)).toEqual(['sla.alert', 'card.refresh']);
    expect(alertsOf(doc)[0]).toMatchObject({
      recipient: { kind: 'channel', groupId: GROUP_N1 },
      state: 'pending',
      payload: { groupId: GROUP_N1, lead: people.lea, line: { ticketId: 'tkt-1', number: 1, levelId: 'own-75', clock: 'own', percent: 75, dueAt: after(2 * HOUR).toISOString() } },
    });

    // the same time again, then an hour later than own-75 but before own-100: nothing more
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    node.at(after(2 * HOUR - 1));
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });

    node.at(after(2 * HOUR));
    expect(await node.clock.tick()).toMatchObject({ applied: 1, skipped: 0 });
    for (const later of [2 * HOUR, 3 * HOUR, 53 * HOUR]) {
      node.at(after(later));
      expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    }
    doc = await stored(1);
    expect(doc.version).toBe(2);
    expect(alertsOf(doc).map((item) => lineOf(item).levelId)).toEqual(['own-75', 'own-100']);
    expect(doc.escalation.next).toEqual({ levelId: 'resolve-75', at: after(54 * HOUR) });
    expect(node.published.events.map((e) => [e.type, e.level?.id])).toEqual([
      ['SlaLevelReached', 'own-75'],
      ['SlaLevelReached', 'own-100'],
    ]);
    expect(node.logs).toEqual([]);
  });

  it('two instances racing on the same due levels fire each ticket’s once', async () => {
    const count = 30;
    await store(...Array.from({ length: count }, (_, i) => opened(i + 1, undefined, new Date(T0.getTime() - i * 1_000))));
    // both instances read the same first batch before either writes
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const barrier = (finder: DueTicketFinder): DueTicketFinder => ({
      async findDue(kind, ...rest) {
        const batch = await finder.findDue(kind, ...rest);
        if (kind === 'slaLevel' && arrived < 2 && ++arrived === 2) release();
        if (kind === 'slaLevel') await bothRead;
        return batch;
      },
    });
    const a = await instance({ batchSize: 10, concurrency: 4 }, barrier);
    const b = await instance({ batchSize: 10, concurrency: 4 }, barrier);
    a.at(after(90 * MINUTE));
    b.at(after(90 * MINUTE));

    const [ta, tb] = await Promise.all([a.clock.tick(), b.clock.tick()]);

    expect(ta.applied + tb.applied).toBe(count);
    expect(ta.lost + tb.lost).toBeGreaterThanOrEqual(10);
    expect(ta.skipped + tb.skipped).toBe(0);
    const docs = await rawTickets().find({ tenantId: TENANT }).sort({ number: 1 }).toArray();
    expect(docs.map((doc) => ({ number: doc.number, version: doc.version, fired: (doc.escalation as { fired: string[] }).fired, alerts: alertsOf(doc).length }))).toEqual(
      Array.from({ length: count }, (_, i) => ({ number: i + 1, version: 1, fired: ['own-75'], alerts: 1 })),
    );
    const reached = [...a.published.events, ...b.published.events].map((e) => e.number).sort((x, y) => x - y);
    expect(reached).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });
});

describe('pending pauses the clock', () => {
  it('nothing fires while the ticket waits, however long; after the resume, what was left runs out and fires', async () => {
    await store(opened(1));
    const node = await instance();
    node.at(after(HOUR));
    await node.change(1, actors.groupTechnician, { type: 'wait', reason: 'En attente de l’utilisateur', followupId: 'f-hold' });
    expect((await stored(1)).escalation).toMatchObject({ fired: [], next: null });

    for (const later of [90 * MINUTE, 2 * HOUR, 54 * HOUR, 100 * HOUR]) {
      node.at(after(later));
      expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    }
    expect(alertsOf(await stored(1))).toEqual([]);

    // back at 100 h: 1 h of the 2 h to own had run, own-75 comes 30 min later
    await node.change(1, actors.groupTechnician, { type: 'resume', followupId: 'f-back' });
    expect((await stored(1)).escalation.next).toEqual({ levelId: 'own-75', at: after(100 * HOUR + 30 * MINUTE) });
    node.at(after(100 * HOUR + 30 * MINUTE - 1));
    expect(await node.clock.tick()).toMatchObject({ applied: 0 });
    node.at(after(100 * HOUR + 30 * MINUTE));
    expect(await node.clock.tick()).toMatchObject({ applied: 1 });
    expect(alertsOf(await stored(1)).map((item) => lineOf(item).levelId)).toEqual(['own-75']);
  });

  describe('the level query', () => {
    let monitored: MongoClient;
    let finds: CommandStartedEvent[];

    beforeEach(async () => {
      monitored = await new MongoClient(db.uri(), { monitorCommands: true }).connect();
      finds = [];
      monitored.on('commandStarted', (event) => {
        if (event.commandName === 'find' && event.command.find === 'tickets' && event.command.hint === SLA_LEVEL_INDEX) finds.push(event);
      });
    });

    afterEach(async () => {
      await monitored.close();
    });

    it('examines no document when nothing is due, among running, waiting and solved tickets', async () => {
      const tickets: Ticket[] = [];
      for (let i = 1; i <= 1_500; i += 1) tickets.push(opened(i, undefined, after(i * MINUTE)));
      await store(...tickets);
      // a third of them wait (no level scheduled), a third are solved (none either)
      const waits = tickets.filter((_, i) => i % 3 === 1).map((t) => t.number);
      const solves = tickets.filter((_, i) => i % 3 === 2).map((t) => t.number);
      await rawTickets().updateMany({ number: { $in: waits } }, { $set: { status: 'pending', 'escalation.next': null } });
      await rawTickets().updateMany({ number: { $in: solves } }, { $set: { status: 'solved', 'escalation.next': null } });

      const own = monitored.db(db.dbName);
      const groups = new MongoGroupRepository(own, 0);
      const due = new ApplyDueChanges({
        due: new MongoDueTicketFinder(own),
        tickets: new ChangeTicket({ tickets: new MongoTicketRepository(own), groups, events: new RecordingPublisher(), settings: groups }),
      });
      // the first own-75 comes at 1 h 31 min: at 1 h 30 nothing is due
      expect(await new TicketClock({ due, now: () => after(90 * MINUTE) }).tick()).toMatchObject({ applied: 0, skipped: 0 });
      expect(finds).toHaveLength(1);
      const { find, filter, sort, limit, hint, projection } = finds[0]!.command;
      const explained = await db().command({ explain: { find, filter, sort, limit, hint, projection }, verbosity: 'executionStats' });
      expect(explained.executionStats.totalDocsExamined).toBe(0);
      expect(explained.executionStats.nReturned).toBe(0);
      const plan = JSON.stringify(explained.queryPlanner.winningPlan);
      expect(plan).toContain(`"indexName":"${SLA_LEVEL_INDEX}"`);
      expect(plan).not.toContain('COLLSCAN');
      expect(plan).not.toContain('"SORT"');
      // the waiting and solved tickets are not even in the index
      const indexed = await rawTickets().countDocuments({ 'escalation.next.at': { $type: 'date' } }, { hint: SLA_LEVEL_INDEX });
      expect(indexed).toBe(500);
    });
  });
});

describe('a ticket taken before its 100 % own level never fires it', () => {
  it('own-75 fires, Tina takes it, own-100 never comes; the next level is the time to resolve’s', async () => {
    await store(opened(1));
    const node = await instance();
    node.at(after(90 * MINUTE));
    expect(await node.clock.tick()).toMatchObject({ applied: 1 });
    node.at(after(100 * MINUTE));
    await node.change(1, actors.groupTechnician, commands.take());
    expect((await stored(1)).escalation.next).toEqual({ levelId: 'resolve-75', at: after(54 * HOUR) });

    for (const later of [2 * HOUR, 3 * HOUR, 54 * HOUR - 1]) {
      node.at(after(later));
      expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    }
    node.at(after(54 * HOUR));
    expect(await node.clock.tick()).toMatchObject({ applied: 1 });
    const doc = await stored(1);
    expect(doc.escalation.fired).toEqual(['own-75', 'resolve-75']);
    expect(alertsOf(doc).map((item) => [lineOf(item).levelId, lineOf(item).assigneeName])).toEqual([
      ['own-75', null],
      ['resolve-75', 'Tina Moreau'],
    ]);
  });
});

describe('restart catch-up after downtime', () => {
  it('each ticket’s missed levels fire in one change: one alert per ticket and recipient, not one per level', async () => {
    await store(
      opened(1),
      opened(2, undefined, after(HOUR)),
      opened(3, undefined, after(10 * HOUR), GROUP_N2),
      // priority 4, past its time to resolve: Marc hears of it too
      opened(4, { urgency: 3, impact: 4 }),
      // opened 97 h in: only its own levels are due
      opened(5, undefined, after(97 * HOUR)),
    );
    const node = await instance({ batchSize: 2 });
    // nothing ran for 100 hours
    node.at(after(100 * HOUR));
    expect(await node.clock.tick()).toEqual({ applied: 5, lost: 0, skipped: 0, rounds: 3, more: false });

    const summary = async (number: number) => {
      const doc = await stored(number);
      return {
        version: doc.version,
        fired: doc.escalation.fired,
        alerts: alertsOf(doc).map((item) => [item.recipient, lineOf(item).levelId]),
      };
    };
    const all = ['own-75', 'own-100', 'resolve-75', 'resolve-100'];
    expect(await summary(1)).toEqual({ version: 1, fired: all, alerts: [[{ kind: 'channel', groupId: GROUP_N1 }, 'resolve-100']] });
    expect(await summary(2)).toEqual({ version: 1, fired: all, alerts: [[{ kind: 'channel', groupId: GROUP_N1 }, 'resolve-100']] });
    expect(await summary(3)).toEqual({ version: 1, fired: all, alerts: [[{ kind: 'channel', groupId: GROUP_N2 }, 'resolve-100']] });
    expect(await summary(4)).toEqual({
      version: 1,
      fired: all,
      alerts: [
        [{ kind: 'channel', groupId: GROUP_N1 }, 'resolve-100'],
        [{ kind: 'user', user: marc }, 'resolve-100'],
      ],
    });
    expect(await summary(5)).toEqual({ version: 1, fired: ['own-75', 'own-100'], alerts: [[{ kind: 'channel', groupId: GROUP_N1 }, 'own-100']] });
    expect(node.published.events.map((e) => e.number).sort()).toEqual([1, 2, 3, 4, 5]);

    // the next tick has nothing left to do
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
  });
});

describe('the resume job: « jusqu’au » has come', () => {
  async function onHoldUntil(until: Date): Promise<Instance> {
    await store(opened(1));
    const node = await instance();
    node.at(after(30 * MINUTE));
    await node.change(1, actors.groupTechnician, commands.take());
    node.at(after(HOUR));
    await node.change(1, actors.groupTechnician, { type: 'wait', reason: 'En attente du retour de l’éditeur', followupId: 'f-hold', until });
    return node;
  }

  it('resumes the ticket at its date, not before; the requester and the assignee are told; hold and resume stay in the timeline', async () => {
    const node = await onHoldUntil(after(5 * HOUR));
    node.at(after(5 * HOUR - 1));
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    expect((await stored(1)).status).toBe('pending');

    node.at(after(5 * HOUR));
    expect(await node.clock.tick()).toMatchObject({ applied: 1, skipped: 0 });
    const doc = await stored(1);
    expect(doc).toMatchObject({ status: 'assigned', pendingUntil: null, pendingReason: null });
    expect((doc.followups as { kind: string; text: string; author: Person }[]).slice(-2).map((f) => [f.kind, f.text, f.author.id])).toEqual([
      ['hold', 'En attente du retour de l’éditeur', people.tina.id],
      ['resume', '', 'system'],
    ]);
    const queued = (doc.outbox as OutboxItem[]).slice(-3);
    expect(queued.map((item) => [item.kind, item.recipient])).toEqual([
      ['ticket.resumed', { kind: 'user', user: people.alice }],
      ['ticket.holdOver', { kind: 'user', user: people.tina }],
      ['card.refresh', null],
    ]);
    expect(node.published.events.at(-1)).toMatchObject({ type: 'TicketResumed', byClock: true });
    // 1 h of the 72 h ran before the hold: resolve-75 (54 h) comes 53 h after the resumption
    expect(doc.escalation.next).toEqual({ levelId: 'resolve-75', at: after(58 * HOUR) });

    node.at(after(6 * HOUR));
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    expect(outboxOf(await stored(1), 'ticket.holdOver')).toHaveLength(1);
  });

  it('after downtime, the time to resolve counts from the « jusqu’au » date, not from the catch-up', async () => {
    const node = await onHoldUntil(after(5 * HOUR));
    // every instance was down from 4 h to 9 h
    node.at(after(9 * HOUR));
    expect(await node.clock.tick()).toMatchObject({ applied: 1 });
    const doc = await stored(1);
    expect(doc.status).toBe('assigned');
    expect(doc.sla.resolve).toMatchObject({ consumedMs: HOUR, runningSince: after(5 * HOUR) });
  });
});

describe('rules changed in the admin file', () => {
  it('a warning level moved (75 % → 90 %): the level stored for the old share is not lost, the new one fires when it comes', async () => {
    // taken at once; resolve-75 stored for 54 h (72 h to resolve)
    await store(opened(1));
    const node = await instance();
    node.at(after(MINUTE));
    await node.change(1, actors.groupTechnician, commands.take());
    expect((await stored(1)).escalation.next).toEqual({ levelId: 'resolve-75', at: after(54 * HOUR) });

    // the admin warns at 90 % of the time to resolve instead: 64 h 48 min
    const levels = ROUND.levels.map((level) => (level.id === 'resolve-75' ? { id: 'resolve-90', clock: 'resolve' as const, percent: 90 } : level));
    await configure({ ...HELPDESK, serviceLevels: { ...ROUND, levels } });
    node.at(after(54 * HOUR));
    await node.clock.tick();
    expect(alertsOf(await stored(1))).toEqual([]);

    node.at(after(64 * HOUR + 48 * MINUTE));
    await node.clock.tick();
    expect(alertsOf(await stored(1)).map((item) => lineOf(item).levelId)).toEqual(['resolve-90']);
    expect(node.logs).toEqual([]);
  });
});

describe('tickets opened before the escalation levels existed', () => {
  let app: App | null = null;

  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('an open ticket stored with its two due dates only gets its levels too once the service restarts', async () => {
    // #1 was stored by the version before the clocks (two fixed due dates, no level scheduled); #2 by this one
    const legacy = opened(1);
    const { sla: _sla, escalation: _escalation, ...older } = toDocument({ ...legacy, groupId: 'support-n1' });
    await rawTickets().insertOne({ ...older, dueDates: { timeToOwn: after(2 * HOUR), timeToResolve: after(72 * HOUR) }, outbox: [], cardCopies: [] });
    await store({ ...opened(2), groupId: 'support-n1' });
    // the tenant's own settings (round the clock) win over the fixture's: a week later every level is past
    const loaded = loadConfig({ NODE_ENV: 'test', PORT: '0', GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk.json', GUICHET_CLOCK_INTERVAL_MS: String(HOUR) });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const reached = new Set<number>();
    let modernReached!: () => void;
    const modern = new Promise<void>((resolve) => (modernReached = resolve));
    const events: EventPublisher = {
      async publish(happened) {
        for (const event of happened) if (event.type === 'SlaLevelReached') reached.add(event.number);
        if (reached.has(2)) modernReached();
      },
    };
    app = await createApp(loaded.config, { db: db(), events, messenger: new FakeMessenger(), clockNow: () => after(7 * 24 * HOUR) });
    await app.start();
    await modern;
    // the round in hand ends before the clock stops
    await app.stop();
    app = null;

    const all = ['own-75', 'own-100', 'resolve-75', 'resolve-100'];
    expect((await stored(2)).escalation.fired).toEqual(all);
    expect((await stored(1)).escalation?.fired).toEqual(all);
    expect([...reached].sort()).toEqual([1, 2]);
  });
});
