import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId, type CommandStartedEvent, type Document } from 'mongodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApplyDueChanges, type ApplyDueChangesOptions, type DueRound } from '../../src/app/apply-due-changes.use-case.js';
import { ChangeTicket } from '../../src/app/change-ticket.use-case.js';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { DUE_KINDS, type DueKind, type DueTicketFinder } from '../../src/domain/ports/due-ticket.finder.js';
import type { EventPublisher } from '../../src/domain/ports/event-publisher.js';
import type { Result } from '../../src/domain/result.js';
import type { TicketEvent } from '../../src/domain/ticket-event.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { backfillAutoCloseDue } from '../../src/infra/clock/auto-close-backfill.js';
import { MongoDueTicketFinder } from '../../src/infra/clock/mongo-due-ticket.finder.js';
import { TicketClock, type TicketClockOptions } from '../../src/infra/clock/ticket-clock.js';
import { loadHelpdeskConfig } from '../../src/infra/config/helpdesk-config.loader.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { AUTO_CLOSE_INDEX, ensureIndexes, RESUME_INDEX, SLA_LEVEL_INDEX } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import type { OutboxItem } from '../../src/infra/mongo/outbox-item.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { FakeMessenger } from '../notify/support/fake-messenger.js';
import { useTestDatabase } from '../support/mongo.js';
import { actors, aTicketIn, AUTO_CLOSE_AT, NOW, people, SOLVED_AT } from '../support/ticket-mother.js';

const TENANT = 'tenant-contoso';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const db = useTestDatabase();

/** a solved ticket at version 1, due to close at `due` (Alice asked, Bob solved) */
const solvedDue = (number: number, due: Date = AUTO_CLOSE_AT): Ticket =>
  aTicketIn('solved', { id: `tkt-${number}`, number, version: 1, autoCloseAt: due });

const rawTickets = () => db().collection<Record<string, unknown> & { _id: string | ObjectId }>('tickets');

async function store(...tickets: Ticket[]): Promise<void> {
  await rawTickets().insertMany(tickets.map((t) => ({ ...toDocument(t), outbox: [], cardCopies: [] })));
}

async function stored(number: number): Promise<Document> {
  const doc = await rawTickets().findOne({ tenantId: TENANT, number });
  if (!doc) throw new Error(`no ticket #${number}`);
  return doc;
}

const autoClosedNotices = (doc: Document) => (doc.outbox as OutboxItem[]).filter((item) => item.kind === 'ticket.autoClosed');
const closings = (doc: Document) => (doc.history as { field: string; to: string | null }[]).filter((h) => h.field === 'status' && h.to === 'closed');

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

/** One instance's clock over its own connection to the shared database, with a movable time. */
interface Instance {
  readonly clock: TicketClock;
  readonly changeTicket: ChangeTicket;
  readonly groups: MongoGroupRepository;
  readonly published: RecordingPublisher;
  readonly logs: string[];
  /** what the finder handed out, per call (one per due kind and round) */
  readonly batches: { kind: DueKind; limit: number; found: number; unreadable: number }[];
  at(time: Date): void;
}

const clients: MongoClient[] = [];

async function instance(
  options: Partial<ApplyDueChangesOptions> = {},
  clockOptions: Partial<TicketClockOptions> = {},
  wrapFinder: (finder: DueTicketFinder) => DueTicketFinder = (f) => f,
): Promise<Instance> {
  const client = await new MongoClient(db.uri()).connect();
  clients.push(client);
  const own = client.db(db.dbName);
  let now = NOW;
  const logs: string[] = [];
  const batches: Instance['batches'] = [];
  const published = new RecordingPublisher();
  const groups = new MongoGroupRepository(own);
  const changeTicket = new ChangeTicket({ tickets: new MongoTicketRepository(own), groups, events: published, settings: groups, now: () => now });
  const real = new MongoDueTicketFinder(own);
  const counted: DueTicketFinder = {
    async findDue(kind, at, limit, except) {
      const batch = await real.findDue(kind, at, limit, except);
      batches.push({ kind, limit, found: batch.tickets.length, unreadable: batch.unreadable.length });
      return batch;
    },
  };
  const due = new ApplyDueChanges({ due: wrapFinder(counted), tickets: changeTicket, log: (line) => logs.push(line) }, options);
  const clock = new TicketClock({ due, now: () => now, log: (line) => logs.push(line) }, { intervalMs: HOUR, ...clockOptions });
  return { clock, changeTicket, groups, published, logs, batches, at: (time) => (now = time) };
}

beforeAll(async () => {
  await ensureIndexes(db());
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('the clock closes solved tickets nobody answered', () => {
  it('closes a due ticket once, at its due time and not a millisecond before; the requester is told', async () => {
    await store(solvedDue(7));
    const node = await instance();

    node.at(new Date(AUTO_CLOSE_AT.getTime() - 1));
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    expect((await stored(7)).status).toBe('solved');
    expect((await stored(7)).outbox).toEqual([]);

    node.at(AUTO_CLOSE_AT);
    expect(await node.clock.tick()).toMatchObject({ applied: 1, lost: 0, skipped: 0 });
    const closed = await stored(7);
    expect(closed.status).toBe('closed');
    expect(closed.version).toBe(2);
    expect(closed.autoCloseAt).toBeNull();
    expect(closed.closedAt).toEqual(AUTO_CLOSE_AT);
    expect(closed.solutions.at(-1).outcome).toEqual({ kind: 'autoClosed', by: { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.name }, at: AUTO_CLOSE_AT });
    // the survey opens for the default 30 days
    expect(closed.survey).toEqual({ until: new Date(AUTO_CLOSE_AT.getTime() + 30 * DAY), answer: null });
    const notices = autoClosedNotices(closed);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ recipient: { kind: 'user', user: people.alice }, payload: { number: 7, title: closed.title }, state: 'pending' });
    expect((closed.outbox as OutboxItem[]).map((item) => item.kind)).toEqual(['ticket.autoClosed', 'card.refresh']);
    expect(node.published.events.map((e) => [e.type, e.number, e.actor.id])).toEqual([['TicketAutoClosed', 7, 'system']]);

    node.at(new Date(AUTO_CLOSE_AT.getTime() + DAY));
    expect(await node.clock.tick()).toMatchObject({ applied: 0, lost: 0, skipped: 0 });
    const after = await stored(7);
    expect(after.version).toBe(2);
    expect(autoClosedNotices(after)).toHaveLength(1);
    expect(closings(after)).toHaveLength(1);
  });

  it('leaves alone a ticket someone answered: an accepted solution is not closed again, a refused one is not closed at all', async () => {
    await store(solvedDue(1), solvedDue(2));
    const node = await instance();
    node.at(new Date(AUTO_CLOSE_AT.getTime() - HOUR));
    value(await node.changeTicket.execute(TENANT, actors.ownRequester, 1, 1, { type: 'approve' }));
    value(await node.changeTicket.execute(TENANT, actors.ownRequester, 2, 1, { type: 'refuse', followupId: 'f-1', reason: 'Toujours « Accès refusé »' }));

    node.at(new Date(AUTO_CLOSE_AT.getTime() + DAY));
    expect(await node.clock.tick()).toMatchObject({ applied: 0, skipped: 0 });
    expect((await stored(1)).solutions.at(-1).outcome.kind).toBe('approved');
    expect(autoClosedNotices(await stored(1))).toEqual([]);
    expect((await stored(2)).status).toBe('assigned');
    expect(autoClosedNotices(await stored(2))).toEqual([]);
  });

  it('two instances racing on the same due tickets close each exactly once, with one notice each', async () => {
    const count = 40;
    await store(...Array.from({ length: count }, (_, i) => solvedDue(i + 1, new Date(AUTO_CLOSE_AT.getTime() - i * 1_000))));
    // both instances read the same first batch before either writes: a real race on every ticket of it
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const barrier = (finder: DueTicketFinder): DueTicketFinder => ({
      async findDue(...args) {
        const batch = await finder.findDue(...args);
        if (arrived < 2 && ++arrived === 2) release();
        await bothRead;
        return batch;
      },
    });
    const a = await instance({ batchSize: 10, concurrency: 4 }, {}, barrier);
    const b = await instance({ batchSize: 10, concurrency: 4 }, {}, barrier);
    a.at(AUTO_CLOSE_AT);
    b.at(AUTO_CLOSE_AT);

    const [ta, tb] = await Promise.all([a.clock.tick(), b.clock.tick()]);

    expect(ta.applied + tb.applied).toBe(count);
    // every ticket of the first batch was read by both: one of them lost it, and wrote nothing
    expect(ta.lost + tb.lost).toBeGreaterThanOrEqual(10);
    expect(ta.skipped + tb.skipped).toBe(0);
    const docs = await rawTickets().find({ tenantId: TENANT }).toArray();
    expect(docs).toHaveLength(count);
    for (const doc of docs) {
      expect({ number: doc.number, status: doc.status, version: doc.version, notices: autoClosedNotices(doc).length, closings: closings(doc).length }).toEqual({
        number: doc.number,
        status: 'closed',
        version: 2,
        notices: 1,
        closings: 1,
      });
    }
    const events = [...a.published.events, ...b.published.events].map((e) => e.number).sort((x, y) => x - y);
    expect(events).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it('catches up in bounded batches, oldest due first, and a tick yields after its round limit', async () => {
    await store(...Array.from({ length: 25 }, (_, i) => solvedDue(i + 1, new Date(AUTO_CLOSE_AT.getTime() - (25 - i) * HOUR))));
    const node = await instance({ batchSize: 10 }, { roundsPerTick: 2 });
    node.at(new Date(AUTO_CLOSE_AT.getTime() + 7 * DAY));

    expect(await node.clock.tick()).toEqual({ applied: 20, lost: 0, skipped: 0, rounds: 2, more: true });
    // the earliest due went first
    const open = await rawTickets().find({ status: 'solved' }, { projection: { number: 1 } }).sort({ number: 1 }).toArray();
    expect(open.map((d) => d.number)).toEqual([21, 22, 23, 24, 25]);

    expect(await node.clock.tick()).toEqual({ applied: 5, lost: 0, skipped: 0, rounds: 1, more: false });
    expect(node.batches.filter((b) => b.kind === 'autoClose')).toEqual([
      { kind: 'autoClose', limit: 10, found: 10, unreadable: 0 },
      { kind: 'autoClose', limit: 10, found: 10, unreadable: 0 },
      { kind: 'autoClose', limit: 10, found: 5, unreadable: 0 },
    ]);
    // nothing else was due: the other kinds found nothing
    expect(node.batches.filter((b) => b.kind !== 'autoClose').every((b) => b.found === 0 && b.unreadable === 0)).toBe(true);
    expect(await rawTickets().countDocuments({ status: 'closed' })).toBe(25);
  });

  it('skips an unreadable document or a refused change once, with one log line, and never asks for it again', async () => {
    const past = new Date(AUTO_CLOSE_AT.getTime() - HOUR);
    // a hand-edited document: its title is a number
    await rawTickets().insertOne({ ...toDocument(solvedDue(90)), title: 42, outbox: [] });
    // inserted by hand in the shell: an ObjectId, almost nothing else
    const { insertedId } = await rawTickets().insertOne({ _id: new ObjectId(), tenantId: TENANT, status: 'solved', autoCloseAt: past });
    // readable, but closed with a due time left on it: decide refuses to close it again
    await store(aTicketIn('closed', { id: 'tkt-91', number: 91, version: 1, autoCloseAt: past }), solvedDue(92));
    const node = await instance();
    node.at(AUTO_CLOSE_AT);

    expect(await node.clock.tick()).toMatchObject({ applied: 1, skipped: 3 });
    expect((await stored(92)).status).toBe('closed');
    expect(node.logs).toEqual([
      // how many more issues depends on the document's schema of the day
      expect.stringMatching(
        new RegExp(
          `^\\[guichet\\] clock: autoClose skips ticket ${String(insertedId)} until restart \\(unreadable document: _id: Invalid input: expected string, received ObjectId; number: Invalid input: expected number, received undefined; version: Invalid input: expected number, received undefined \\(and \\d+ more\\)\\)$`,
        ),
      ),
      '[guichet] clock: autoClose skips ticket tkt-90 until restart (unreadable document: title: Invalid input: expected string, received number)',
      '[guichet] clock: autoClose skips ticket tkt-91 until restart (#91 refused: TICKET.INVALID_TRANSITION cannot autoClose a ticket that is closed)',
    ]);

    for (let i = 1; i <= 5; i += 1) {
      node.at(new Date(AUTO_CLOSE_AT.getTime() + i * HOUR));
      expect(await node.clock.tick()).toEqual({ applied: 0, lost: 0, skipped: 0, rounds: 1, more: false });
    }
    expect(node.logs).toHaveLength(3);
    // after the first round, the finder never hands them out again
    expect(node.batches.slice(DUE_KINDS.length).every((b) => b.found === 0 && b.unreadable === 0)).toBe(true);
    expect((await rawTickets().findOne({ _id: 'tkt-91' }))?.version).toBe(1);
  });

});

describe('the clock loop', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** rounds answered in order (a thrown error: the database is away); then nothing is due */
  function scripted(...answers: (DueRound | Error)[]) {
    const calls: Date[] = [];
    return {
      calls,
      async execute(now: Date): Promise<DueRound> {
        calls.push(now);
        const answer = answers.shift() ?? { applied: 0, lost: 0, skipped: 0, more: false };
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  }
  const round = (applied: number, more: boolean): DueRound => ({ applied, lost: 0, skipped: 0, more });

  it('ticks at start, then once per interval; a tick that fails is logged and tried again at the next interval, not at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const due = scripted(new Error('connection refused'), round(1, false));
    const logs: string[] = [];
    const clock = new TicketClock({ due, now: () => NOW, log: (line) => logs.push(line) }, { intervalMs: HOUR });
    clock.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(due.calls).toHaveLength(1);
    expect(logs).toEqual(['[guichet] clock: connection refused']);

    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(due.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(due.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(due.calls).toHaveLength(3);
    await clock.stop();
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(due.calls).toHaveLength(3);
  });

  it('after downtime, a tick stops at its round limit and the next one comes at once until the backlog is gone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const due = scripted(round(10, true), round(10, true), round(10, true), round(3, false));
    const clock = new TicketClock({ due, now: () => NOW }, { intervalMs: HOUR, roundsPerTick: 2 });
    clock.start();
    // two rounds, then the next tick without waiting for the interval
    await vi.advanceTimersByTimeAsync(1);
    expect(due.calls).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(due.calls).toHaveLength(4);
    await clock.stop();
  });
});

describe('the clock’s query', () => {
  let monitored: MongoClient;
  let finds: CommandStartedEvent[];

  beforeEach(async () => {
    monitored = await new MongoClient(db.uri(), { monitorCommands: true }).connect();
    finds = [];
    monitored.on('commandStarted', (event) => {
      if (event.commandName === 'find' && event.command.find === 'tickets') finds.push(event);
    });
  });

  afterEach(async () => {
    await monitored.close();
  });

  /** the find command the clock sent, explained as mongod ran it */
  async function explainSent(command: Document): Promise<Document> {
    const { find, filter, sort, limit, hint, projection } = command;
    return db().command({ explain: { find, filter, sort, limit, hint, projection }, verbosity: 'executionStats' });
  }

  it('examines no ticket document when nothing is due, among thousands of tickets', async () => {
    const later = new Date(NOW.getTime() + HOUR);
    const tickets: Ticket[] = [];
    for (let i = 1; i <= 2_000; i += 1) {
      const status = (['new', 'assigned', 'pending', 'closed', 'solved'] as const)[i % 5]!;
      tickets.push(aTicketIn(status, { id: `tkt-${i}`, number: i, version: 1, ...(status === 'solved' ? { autoCloseAt: later } : {}) }));
    }
    await store(...tickets);
    const own = monitored.db(db.dbName);
    const groups = new MongoGroupRepository(own);
    const due = new ApplyDueChanges({
      due: new MongoDueTicketFinder(own),
      tickets: new ChangeTicket({ tickets: new MongoTicketRepository(own), groups, events: new RecordingPublisher(), settings: groups }),
    });
    const clock = new TicketClock({ due, now: () => NOW });

    expect(await clock.tick()).toEqual({ applied: 0, lost: 0, skipped: 0, rounds: 1, more: false });
    // one query per kind of due time, each on its own index
    expect(finds.map((f) => f.command.hint)).toEqual([AUTO_CLOSE_INDEX, RESUME_INDEX, SLA_LEVEL_INDEX]);
    for (const find of finds) {
      const explained = await explainSent(find.command);
      expect(explained.executionStats.totalDocsExamined, find.command.hint).toBe(0);
      expect(explained.executionStats.nReturned).toBe(0);
      expect(JSON.stringify(explained.queryPlanner.winningPlan)).toContain(`"indexName":"${find.command.hint}"`);
      expect(JSON.stringify(explained.queryPlanner.winningPlan)).not.toContain('COLLSCAN');
      expect(JSON.stringify(explained.queryPlanner.winningPlan)).not.toContain('"SORT"');
    }

    // the same query an hour later: the 400 solved tickets are due, it reads one batch of them and nothing else
    const sent = finds[0]!.command;
    const explainedLater = await explainSent({ ...sent, filter: { ...sent.filter, autoCloseAt: { $type: 'date', $lte: later } } });
    expect(explainedLater.executionStats.nReturned).toBe(sent.limit);
    expect(explainedLater.executionStats.totalDocsExamined).toBe(sent.limit);
  });
});

describe('tickets solved before the clock existed', () => {
  it('get their due time once, from their solution time and their helpdesk’s delay, in bounded batches', async () => {
    const legacy = (number: number, solvedAt: Date) => {
      const { autoCloseAt: _none, ...doc } = { ...toDocument(aTicketIn('solved', { id: `tkt-${number}`, number, version: 4, solvedAt })), outbox: [] };
      return doc;
    };
    await rawTickets().insertMany([
      ...Array.from({ length: 7 }, (_, i) => legacy(i + 1, new Date(SOLVED_AT.getTime() + i * HOUR))),
      // a ticket of another helpdesk, whose admin file never closes tickets
      { ...legacy(8, SOLVED_AT), tenantId: 'tenant-fabrikam' },
    ]);
    await store(solvedDue(9, new Date('2025-03-10T00:00:00.000Z')), aTicketIn('assigned', { id: 'tkt-10', number: 10, version: 1 }));
    const groups = new MongoGroupRepository(db());
    await groups.saveConfiguration('tenant-fabrikam', { defaultGroupId: null, admins: [], groups: [], closurePolicy: { autoCloseAfterMinutes: 0, surveyMinutes: 60 } });
    const logs: string[] = [];

    expect(await backfillAutoCloseDue(db(), groups, { batchSize: 3, log: (line) => logs.push(line) })).toBe(8);
    for (let i = 1; i <= 7; i += 1) {
      expect((await stored(i)).autoCloseAt).toEqual(new Date(SOLVED_AT.getTime() + (i - 1) * HOUR + DAY));
      expect((await stored(i)).version).toBe(4);
    }
    expect((await rawTickets().findOne({ number: 8 }))?.autoCloseAt).toBeNull();
    expect((await stored(9)).autoCloseAt).toEqual(new Date('2025-03-10T00:00:00.000Z'));
    expect((await stored(10)).autoCloseAt).toBeNull();
    expect(logs).toEqual(['[guichet] clock: 8 ticket(s) solved before the automatic closing now have their closing time']);

    // the second start finds nothing left to do
    expect(await backfillAutoCloseDue(db(), groups, { batchSize: 3, log: (line) => logs.push(line) })).toBe(0);
    expect(logs).toHaveLength(1);
  });
});

describe('a restart after the due time', () => {
  let app: App | null = null;

  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('closes on start what fell due while every instance was stopped, old solved tickets included', async () => {
    // #1 was due yesterday; #2 was solved by the version before the clock (no due time at all)
    await store(solvedDue(1));
    const { autoCloseAt: _none, ...old } = toDocument(aTicketIn('solved', { id: 'tkt-2', number: 2, version: 1 }));
    await rawTickets().insertOne({ ...old, outbox: [] });
    const loaded = loadConfig({ NODE_ENV: 'test', PORT: '0', GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk.json', GUICHET_CLOCK_INTERVAL_MS: String(HOUR) });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const closed: number[] = [];
    let bothClosed!: () => void;
    const done = new Promise<void>((resolve) => (bothClosed = resolve));
    const events: EventPublisher = {
      async publish(happened) {
        for (const event of happened) if (event.type === 'TicketAutoClosed') closed.push(event.number);
        if (closed.length === 2) bothClosed();
      },
    };
    const restartedAt = new Date(AUTO_CLOSE_AT.getTime() + DAY);
    app = await createApp(loaded.config, { db: db(), events, messenger: new FakeMessenger(), clockNow: () => restartedAt });
    await app.start();

    // the interval is an hour: only the tick at start can have done it
    await done;
    expect(closed.sort()).toEqual([1, 2]);
    for (const number of [1, 2]) {
      const doc = await stored(number);
      expect(doc.status).toBe('closed');
      expect(doc.closedAt).toEqual(restartedAt);
      expect(autoClosedNotices(doc).map((n) => n.recipient)).toEqual([{ kind: 'user', user: people.alice }]);
    }
  });
});

describe('the admin file sets the delays', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-helpdesk-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function configure(node: Instance, file: string): Promise<void> {
    const loaded = await loadHelpdeskConfig(file);
    if (!loaded) throw new Error(`${file} missing`);
    await node.groups.saveConfiguration(TENANT, loaded.configuration);
  }

  const solve = (node: Instance, number: number) =>
    node.changeTicket.execute(TENANT, actors.assigneeTechnician, number, null, { type: 'proposeSolution', text: 'Droits rétablis.' });

  it('2 hours and 7 days: the solution closes 2 hours later, and the survey stays open 7 days', async () => {
    await store(aTicketIn('assigned', { id: 'tkt-5', number: 5, version: 1 }));
    const node = await instance();
    await configure(node, 'test/fixtures/helpdesk-closing.json');
    node.at(NOW);

    const solved = value(await solve(node, 5));
    expect(solved.autoCloseAt).toEqual(new Date(NOW.getTime() + 2 * HOUR));
    expect((await stored(5)).autoCloseAt).toEqual(new Date(NOW.getTime() + 2 * HOUR));

    node.at(new Date(NOW.getTime() + 2 * HOUR - 1));
    expect(await node.clock.tick()).toMatchObject({ applied: 0 });
    node.at(new Date(NOW.getTime() + 2 * HOUR));
    expect(await node.clock.tick()).toMatchObject({ applied: 1 });
    expect((await stored(5)).survey).toEqual({ until: new Date(NOW.getTime() + 2 * HOUR + 7 * DAY), answer: null });
  });

  it('0 hours: solved tickets are never closed by the clock', async () => {
    await store(aTicketIn('assigned', { id: 'tkt-6', number: 6, version: 1 }));
    const node = await instance();
    await configure(node, 'test/fixtures/helpdesk-never-closes.json');
    node.at(NOW);

    expect(value(await solve(node, 6)).autoCloseAt).toBeNull();
    node.at(new Date(NOW.getTime() + 365 * DAY));
    expect(await node.clock.tick()).toMatchObject({ applied: 0 });
    expect((await stored(6)).status).toBe('solved');
  });

  it('a file without the setting keeps the seed’s 24 hours and 30 days (older files stay valid)', async () => {
    await store(aTicketIn('assigned', { id: 'tkt-7', number: 7, version: 1 }));
    const node = await instance();
    await configure(node, 'test/fixtures/helpdesk-closing.json');
    await configure(node, 'test/fixtures/helpdesk.json');
    node.at(NOW);

    expect(value(await solve(node, 7)).autoCloseAt).toEqual(new Date(NOW.getTime() + DAY));
    expect(await node.groups.closurePolicy(TENANT)).toEqual({ autoCloseAfterMinutes: 24 * 60, surveyMinutes: 30 * 24 * 60 });
  });

  it('a handler cannot choose the delays: the helpdesk’s win over what the command carries', async () => {
    await store(aTicketIn('assigned', { id: 'tkt-8', number: 8, version: 1 }));
    const node = await instance();
    await configure(node, 'test/fixtures/helpdesk-closing.json');
    node.at(NOW);

    const solved = await node.changeTicket.execute(TENANT, actors.assigneeTechnician, 8, null, {
      type: 'proposeSolution',
      text: 'Droits rétablis.',
      closurePolicy: { autoCloseAfterMinutes: 1, surveyMinutes: 1 },
    });
    expect(value(solved).autoCloseAt).toEqual(new Date(NOW.getTime() + 2 * HOUR));
  });

  it.each([
    [{ autoCloseAfterHours: -1 }, 'closing.autoCloseAfterHours: Too small: expected number to be >=0'],
    [{ surveyDays: 'thirty' }, 'closing.surveyDays: Invalid input: expected number, received string'],
    [{ autoCloseAfterHours: 0.001 }, 'closing.autoCloseAfterHours: 0, or at least one minute in hours'],
    [{ autoCloseHours: 2 }, 'closing: Unrecognized key: "autoCloseHours"'],
  ])('refuses %j at start-up, naming the field', async (closing, issue) => {
    const file = path.join(dir, 'helpdesk.json');
    await writeFile(file, JSON.stringify({ closing }));
    await expect(loadHelpdeskConfig(file)).rejects.toThrow(`${file}: invalid helpdesk configuration: ${issue}`);
  });
});
