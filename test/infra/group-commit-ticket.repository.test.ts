import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notification } from '../../src/domain/notification.js';
import type { NewTicketWrites, TicketRepository } from '../../src/domain/ports/ticket.repository.js';
import type { Result } from '../../src/domain/result.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { GroupCommitTicketRepository } from '../../src/infra/mongo/group-commit-ticket.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository, type NewTicket } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { useTestDatabase } from '../support/mongo.js';
import { aTicket, people } from '../support/ticket-mother.js';

const TENANT = 'tenant-contoso';
const db = useTestDatabase();

/** a client that reports the counter writes and ticket inserts it sends, as `findAndModify counters +3` / `insert tickets ×3` */
let monitored: MongoClient;
let commands: string[];

beforeAll(async () => {
  await ensureIndexes(db());
  monitored = new MongoClient(db.uri(), { monitorCommands: true });
  monitored.on('commandStarted', (event: CommandStartedEvent) => {
    const { command } = event;
    if (event.commandName === 'findAndModify' && command.findAndModify === 'counters') {
      commands.push(`findAndModify counters +${command.update.$inc.seq}`);
    }
    if (event.commandName === 'insert' && command.insert === 'tickets') commands.push(`insert tickets ×${command.documents.length}`);
  });
  await monitored.connect();
});

afterAll(async () => {
  await monitored.close();
});

beforeEach(() => {
  commands = [];
});

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const rawTickets = () => db().collection<Record<string, unknown> & { _id: string }>('tickets');

/** opens a ticket the way OpenTicket does: a number, then the insert */
const open = async (tickets: TicketRepository, id: string, tenantId = TENANT, writes?: NewTicketWrites) =>
  tickets.insert(aTicket({ id, tenantId, number: await tickets.nextNumber(tenantId) }), writes);

/** The real store, with its next counter write or insert command failing as a whole (a connection reset). */
class ResettingStore extends MongoTicketRepository {
  failNumbers = false;
  failInserts = false;

  override takeNumbers(tenantId: string, count: number): Promise<number> {
    if (!this.failNumbers) return super.takeNumbers(tenantId, count);
    this.failNumbers = false;
    return Promise.reject(new Error('connection reset'));
  }

  override insertAll(entries: readonly NewTicket[]) {
    if (!this.failInserts) return super.insertAll(entries);
    this.failInserts = false;
    return Promise.reject(new Error('connection reset'));
  }
}

describe('GroupCommitTicketRepository', () => {
  it('opens a burst of tickets with one counter write and one insert, numbered in call order', async () => {
    const tickets = new GroupCommitTicketRepository(new MongoTicketRepository(monitored.db(db.dbName)));
    const opened = (await Promise.all(Array.from({ length: 60 }, (_, i) => open(tickets, `c-${i}`)))).map(value);

    expect(opened.map((t) => [t.id, t.number])).toEqual(Array.from({ length: 60 }, (_, i) => [`c-${i}`, i + 1]));
    expect(commands).toEqual(['findAndModify counters +60', 'insert tickets ×60']);
    const stored = await rawTickets().find({ tenantId: TENANT }).sort({ number: 1 }).toArray();
    expect(stored.map((d) => [d.number, d._id, d.version])).toEqual(Array.from({ length: 60 }, (_, i) => [i + 1, `c-${i}`, 1]));
  });

  it('costs two commands per ticket without it (the same burst through the plain store)', async () => {
    const tickets = new MongoTicketRepository(monitored.db(db.dbName));
    // the counter exists first: racing first-ever upserts would retry and add commands
    value(await open(tickets, 'p-first'));
    commands = [];
    await Promise.all(Array.from({ length: 5 }, (_, i) => open(tickets, `p-${i}`)));
    expect(commands.filter((c) => c === 'findAndModify counters +1')).toHaveLength(5);
    expect(commands.filter((c) => c === 'insert tickets ×1')).toHaveLength(5);
  });

  it('keeps tenants apart: each has its own counter write, numbered from 1', async () => {
    const tickets = new GroupCommitTicketRepository(new MongoTicketRepository(monitored.db(db.dbName)));
    const opened = await Promise.all(['a', 'b', 'a', 'b', 'a'].map((tenant, i) => open(tickets, `${tenant}-${i}`, `t-${tenant}`)));
    expect(opened.map((r) => [value(r).id, value(r).number])).toEqual([
      ['a-0', 1],
      ['b-1', 1],
      ['a-2', 2],
      ['b-3', 2],
      ['a-4', 3],
    ]);
    expect(commands.filter((c) => c.startsWith('findAndModify')).sort()).toEqual(['findAndModify counters +2', 'findAndModify counters +3']);
  });

  it('settles each ticket of one insert on its own: a taken number is a conflict, a repeated form gets the first ticket', async () => {
    const store = new MongoTicketRepository(monitored.db(db.dbName));
    value(await store.insert(aTicket({ id: 'already-there', number: 7 })));
    commands = [];
    const tickets = new GroupCommitTicketRepository(store);
    const [first, clash, second, again] = await Promise.all([
      tickets.insert(aTicket({ id: 'ok-1', number: 1 }), { intakeKey: 'form-a' }),
      tickets.insert(aTicket({ id: 'clash', number: 7 })),
      tickets.insert(aTicket({ id: 'ok-2', number: 2 }), { intakeKey: 'form-b' }),
      tickets.insert(aTicket({ id: 'again-a', number: 3 }), { intakeKey: 'form-a' }),
    ]);

    expect(commands).toEqual(['insert tickets ×4']);
    expect(value(first).id).toBe('ok-1');
    expect(clash).toMatchObject({ ok: false, error: { code: 'TICKET.CONFLICT', message: 'ticket #7 already exists' } });
    expect(value(second).id).toBe('ok-2');
    expect(value(again)).toEqual(value(first));
    expect((await rawTickets().find().sort({ number: 1 }).toArray()).map((d) => d._id)).toEqual(['ok-1', 'ok-2', 'already-there']);
  });

  it('stores the notifications and the first card copy in the ticket’s own insert, and wakes the dispatcher for those only', async () => {
    const onQueued = vi.fn();
    const tickets = new GroupCommitTicketRepository(new MongoTicketRepository(monitored.db(db.dbName), undefined, onQueued));
    const told: Notification = {
      kind: 'ticket.new',
      recipient: { kind: 'channel', groupId: 'grp-n1-support' },
      actor: people.alice,
      payload: { number: 1, title: 'Imprimante en panne' },
    };
    const copy = {
      activityId: 'form-card-1',
      audience: 'requester' as const,
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
      reference: { conversation: { id: 'a:personal-alice' }, serviceUrl: 'https://smba.example/' },
    };
    await Promise.all([
      open(tickets, 'loud', TENANT, { intakeKey: 'form-loud', notifications: [told], copies: [copy] }),
      open(tickets, 'quiet', TENANT, { intakeKey: 'form-quiet' }),
    ]);

    expect(commands).toEqual(['findAndModify counters +2', 'insert tickets ×2']);
    const loud = await rawTickets().findOne({ _id: 'loud' });
    expect(loud?.outbox).toEqual([
      expect.objectContaining({ kind: 'ticket.new', recipient: told.recipient, payload: told.payload, state: 'pending' }),
    ]);
    expect(loud?.cardCopies).toEqual([{ ...copy, postedAt: expect.any(Date) }]);
    expect((await rawTickets().findOne({ _id: 'quiet' }))?.outbox).toEqual([]);
    expect(onQueued).toHaveBeenCalledTimes(1);
  });

  it('fails every caller of a counter write that failed as a whole, and numbers the next ones from where it was', async () => {
    const store = new ResettingStore(db());
    const tickets = new GroupCommitTicketRepository(store);
    store.failNumbers = true;
    const failed = await Promise.allSettled([tickets.nextNumber(TENANT), tickets.nextNumber(TENANT), tickets.nextNumber(TENANT)]);
    expect(failed.map((s) => s.status === 'rejected' && (s.reason as Error).message)).toEqual(Array(3).fill('connection reset'));

    expect(await Promise.all([tickets.nextNumber(TENANT), tickets.nextNumber(TENANT)])).toEqual([1, 2]);
  });

  it('fails every ticket of an insert that failed as a whole, none stored, and the next batch goes through', async () => {
    const store = new ResettingStore(db());
    const tickets = new GroupCommitTicketRepository(store);
    const numbers = await Promise.all([1, 2, 3].map(() => tickets.nextNumber(TENANT)));
    store.failInserts = true;
    const failed = await Promise.allSettled(numbers.map((number) => tickets.insert(aTicket({ id: `lost-${number}`, number }))));
    expect(failed.map((s) => s.status === 'rejected' && (s.reason as Error).message)).toEqual(Array(3).fill('connection reset'));
    expect(await rawTickets().countDocuments()).toBe(0);

    const next = value(await open(tickets, 'next'));
    expect(next.number).toBe(4);
    expect((await rawTickets().find().toArray()).map((d) => d._id)).toEqual(['next']);
  });
});
