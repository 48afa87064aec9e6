import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import categories from '../../config/categories.json' with { type: 'json' };
import { OpenTicket } from '../../src/app/open-ticket.use-case.js';
import type { Category } from '../../src/domain/category.js';
import { decide } from '../../src/domain/decide.js';
import type { Notification } from '../../src/domain/notification.js';
import type { EventPublisher } from '../../src/domain/ports/event-publisher.js';
import type { TicketQuery, TicketRepository } from '../../src/domain/ports/ticket.repository.js';
import type { Result } from '../../src/domain/result.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { GroupCommitTicketRepository } from '../../src/infra/mongo/group-commit-ticket.repository.js';
import { autoCloseDueFilter, CLOSED_INDEX, ensureIndexes, STATS_INDEX, STATUS_PRIORITY_INDEX } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { MongoTicketRepository, type MalformedReporter } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { useTestDatabase } from '../support/mongo.js';
import { actors, aDraft, aSolution, aTicket, aTicketIn, commands, GROUP_N1, NOW, OPENED_AT, people, SOLVED_AT } from '../support/ticket-mother.js';

const TENANT = 'tenant-contoso';
const db = useTestDatabase();

let reporter: ReturnType<typeof vi.fn<MalformedReporter>>;
let repo: MongoTicketRepository;

beforeAll(async () => {
  await ensureIndexes(db());
});

beforeEach(() => {
  reporter = vi.fn<MalformedReporter>();
  repo = new MongoTicketRepository(db(), reporter);
});

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const rawTickets = () => db().collection<Record<string, unknown> & { _id: string }>('tickets');

/** waits for every promise (so nothing keeps writing into the next test), then unwraps them */
async function all<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length > 0) {
    throw new Error(`${failures.length}/${settled.length} calls threw; first: ${String(failures[0]!.reason)}`);
  }
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** a freshly inserted-like ticket at version 1 */
const stored = (overrides: Partial<Ticket> = {}): Ticket => aTicket({ version: 1, ...overrides });

describe('MongoTicketRepository: insert and findByNumber', () => {
  it('round-trips a ticket: equal fields, dates as Date, version 1', async () => {
    const ticket = aTicketIn('planned', { version: 7 });
    const inserted = value(await repo.insert(ticket));
    expect(inserted).toEqual({ ...ticket, version: 1 });

    const found = value(await repo.findByNumber(TENANT, ticket.number));
    expect(found).toEqual({ ...ticket, version: 1 });
    expect(found.version).toBe(1);
    expect(found.createdAt).toBeInstanceOf(Date);
    expect(found.createdAt.getTime()).toBe(OPENED_AT.getTime());
    expect(found.sla.resolve.dueAt).toBeInstanceOf(Date);
    expect(found.tasks[0]!.plannedStart).toBeInstanceOf(Date);
    expect(found.history[0]!.at).toBeInstanceOf(Date);
    expect(found).not.toHaveProperty('_id');
    expect(found).not.toHaveProperty('intakeKey');
    expect(reporter).not.toHaveBeenCalled();
  });

  it('returns TICKET.NOT_FOUND for a missing number', async () => {
    await repo.insert(aTicket());
    const missing = await repo.findByNumber(TENANT, 999_999);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error.code).toBe('TICKET.NOT_FOUND');
  });

  it('isolates tenants: the same number in two tenants, each finds its own', async () => {
    value(await repo.insert(aTicket({ id: 'a-1', tenantId: 't-a', number: 1, title: 'Tenant A' })));
    value(await repo.insert(aTicket({ id: 'b-1', tenantId: 't-b', number: 1, title: 'Tenant B' })));

    const a = value(await repo.findByNumber('t-a', 1));
    const b = value(await repo.findByNumber('t-b', 1));
    expect([a.id, a.title, a.tenantId]).toEqual(['a-1', 'Tenant A', 't-a']);
    expect([b.id, b.title, b.tenantId]).toEqual(['b-1', 'Tenant B', 't-b']);
    const c = await repo.findByNumber('t-c', 1);
    expect(!c.ok && c.error.code).toBe('TICKET.NOT_FOUND');
  });

  it('refuses a second ticket with the same number in a tenant (TICKET.CONFLICT, nothing overwritten)', async () => {
    value(await repo.insert(aTicket({ id: 'first', number: 5 })));
    const second = await repo.insert(aTicket({ id: 'second', number: 5, title: 'Autre' }));
    expect(!second.ok && second.error.code).toBe('TICKET.CONFLICT');
    expect(await rawTickets().countDocuments({ tenantId: TENANT, number: 5 })).toBe(1);
    expect(value(await repo.findByNumber(TENANT, 5)).id).toBe('first');
  });
});

describe('MongoTicketRepository: numbering', () => {
  /** stores a plain ticket under the next number of `tenant`, as OpenTicket does */
  const open = async (tickets: TicketRepository, tenant: string) =>
    value(await tickets.insert(aTicket({ id: randomUUID(), tenantId: tenant, number: await tickets.nextNumber(tenant) })));

  it.each([
    ['one by one', () => repo],
    ['group-committed', () => new GroupCommitTicketRepository(repo)],
  ])('gives exactly 1..200 to 200 concurrent creations (%s); another tenant starts at 1', async (_label, make) => {
    const tickets = make();
    const opened = await all(Array.from({ length: 200 }, () => open(tickets, 't1')));
    expect(opened.map((t) => t.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect((await open(tickets, 't2')).number).toBe(1);
    expect((await open(tickets, 't1')).number).toBe(201);
  });

  it('never throws when several instances take the first numbers of new tenants at once', async () => {
    // the counter document does not exist yet: each instance's batch races to upsert it
    // (several rounds, because the race is timing-dependent)
    const instances = Array.from({ length: 4 }, () => new GroupCommitTicketRepository(new MongoTicketRepository(db(), reporter)));
    for (let round = 0; round < 5; round++) {
      const tenants = Array.from({ length: 20 }, (_, i) => `fresh-${round}-${i}`);
      const numbers = await all(
        tenants.flatMap((tenant) =>
          Array.from({ length: 8 }, (_, k) => open(instances[k % instances.length], tenant).then((t) => [tenant, t.number] as const)),
        ),
      );
      for (const tenant of tenants) {
        const mine = numbers.filter(([t]) => t === tenant).map(([, n]) => n).sort((x, y) => x - y);
        expect(mine).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      }
    }
  });

  it('opens 200 tickets concurrently through OpenTicket: 200 documents numbered 1..200', async () => {
    const events: EventPublisher = { publish: async () => undefined };
    const open = new OpenTicket({
      tickets: new GroupCommitTicketRepository(repo),
      groups: new MongoGroupRepository(db()),
      events,
      newId: randomUUID,
      categories: categories as readonly Category[],
      now: () => NOW,
    });
    const results = await all(
      Array.from({ length: 200 }, (_, i) => open.execute(TENANT, actors.ownRequester, aDraft({ title: `Panne n°${i}` }))),
    );
    const tickets = results.map(value);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(200);
    expect(tickets.map((t) => t.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    expect(await rawTickets().countDocuments({ tenantId: TENANT })).toBe(200);
    const storedNumbers = (await rawTickets().find({ tenantId: TENANT }).project<{ number: number }>({ number: 1 }).toArray())
      .map((d) => d.number)
      .sort((x, y) => x - y);
    expect(storedNumbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    // the unique index on (tenantId, number) rejects a manual duplicate insert
    const copy = { ...toDocument(tickets[0]!), _id: randomUUID() };
    await expect(rawTickets().insertOne(copy)).rejects.toMatchObject({ code: 11000 });
    expect(await rawTickets().countDocuments({ tenantId: TENANT })).toBe(200);
  });
});

describe('MongoTicketRepository: optimistic concurrency', () => {
  it('saves the first of two decisions from the same version; the second gets TICKET.CONFLICT', async () => {
    await repo.insert(stored());
    const loaded = value(await repo.findByNumber(TENANT, 1042));
    expect(loaded.version).toBe(1);

    const toTina = value(decide(loaded, commands.assign(people.tina, GROUP_N1), actors.admin, NOW)).ticket;
    const toNadia = value(decide(loaded, commands.assign(people.nadia, GROUP_N1), actors.admin, NOW)).ticket;

    const first = value(await repo.update(toTina));
    expect(first.version).toBe(2);
    expect(first.assignee).toEqual(people.tina);

    const second = await repo.update(toNadia);
    expect(second.ok).toBe(false);
    expect(!second.ok && second.error.code).toBe('TICKET.CONFLICT');

    const after = value(await repo.findByNumber(TENANT, 1042));
    expect(after.version).toBe(2);
    expect(after.assignee).toEqual(people.tina);
    expect(after.status).toBe('assigned');
    expect(await rawTickets().countDocuments()).toBe(1);

    // a reload and a fresh decision go through
    const retry = value(decide(after, commands.assign(people.nadia, GROUP_N1), actors.admin, NOW)).ticket;
    expect(value(await repo.update(retry)).version).toBe(3);
    expect(value(await repo.findByNumber(TENANT, 1042)).assignee).toEqual(people.nadia);
  });

  it('lets exactly one of many concurrent updates from the same version win', async () => {
    await repo.insert(stored());
    const loaded = value(await repo.findByNumber(TENANT, 1042));
    const techs = [people.tina, people.nadia, people.bob, people.lea, people.oscar];
    const results = await all(
      techs.map((tech) => repo.update(value(decide(loaded, commands.assign(tech, GROUP_N1), actors.admin, NOW)).ticket)),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'TICKET.CONFLICT')).toHaveLength(4);
    const after = value(await repo.findByNumber(TENANT, 1042));
    expect(after.version).toBe(2);
    expect(after.assignee).toEqual((winners[0] as { ok: true; value: Ticket }).value.assignee);
  });

  it('does not update a ticket of another tenant with the same id', async () => {
    await repo.insert(stored());
    const loaded = value(await repo.findByNumber(TENANT, 1042));
    const foreign = { ...value(decide(loaded, commands.assign(), actors.admin, NOW)).ticket, tenantId: 'other' };
    const result = await repo.update(foreign);
    expect(!result.ok && result.error.code).toBe('TICKET.CONFLICT');
    expect(value(await repo.findByNumber(TENANT, 1042)).version).toBe(1);
  });
});

describe('MongoTicketRepository: history', () => {
  it('appends the history entry in the same document write as the change', async () => {
    await repo.insert(stored());
    const loaded = value(await repo.findByNumber(TENANT, 1042));
    const decided = value(decide(loaded, commands.assign(people.tina, GROUP_N1), actors.admin, NOW)).ticket;
    value(await repo.update(decided));

    // one read of the raw document: status and history must agree
    const doc = await rawTickets().findOne({ _id: loaded.id });
    expect(doc).not.toBeNull();
    expect(doc!.status).toBe('assigned');
    expect(doc!.version).toBe(2);
    expect(doc!.assignee).toEqual(people.tina);
    expect(doc!.updatedAt).toEqual(NOW);
    const history = doc!.history as Ticket['history'];
    expect(history).toEqual([
      { at: OPENED_AT, actor: people.alice, field: 'status', from: null, to: 'new' },
      { at: NOW, actor: people.adam, field: 'status', from: 'new', to: 'assigned' },
      { at: NOW, actor: people.adam, field: 'assignee', from: null, to: `${people.tina.name} (${people.tina.id})` },
      { at: NOW, actor: people.adam, field: 'group', from: null, to: GROUP_N1 },
    ]);
    expect(history[1]!.at).toBeInstanceOf(Date);
  });

  it('a rejected (stale) update changes neither the status nor the history', async () => {
    await repo.insert(stored());
    const loaded = value(await repo.findByNumber(TENANT, 1042));
    value(await repo.update(value(decide(loaded, commands.assign(), actors.admin, NOW)).ticket));
    const stale = value(decide(loaded, commands.wait(), actors.admin, NOW)).ticket;
    expect(!(await repo.update(stale)).ok).toBe(true);

    const doc = await rawTickets().findOne({ _id: loaded.id });
    expect(doc!.status).toBe('assigned');
    expect((doc!.history as unknown[]).length).toBe(4);
    expect(doc!.pendingReason).toBeNull();
  });
});

describe('MongoTicketRepository: intake key', () => {
  it('a second insert with the same intake key returns the first ticket and stores nothing', async () => {
    const first = value(await repo.insert(aTicket({ id: 'draft-1-a', number: 1 }), { intakeKey: 'draft-1' }));
    const second = value(await repo.insert(aTicket({ id: 'draft-1-b', number: 2, title: 'Doublon' }), { intakeKey: 'draft-1' }));
    expect(second.id).toBe('draft-1-a');
    expect(second).toEqual(first);
    expect(await rawTickets().countDocuments()).toBe(1);

    expect((await repo.findByIntakeKey(TENANT, 'draft-1'))?.id).toBe('draft-1-a');
    expect(await repo.findByIntakeKey(TENANT, 'draft-unknown')).toBeNull();
    expect(await repo.findByIntakeKey('other-tenant', 'draft-1')).toBeNull();
  });

  it('the same intake key in another tenant is a different ticket; tickets without a key do not collide', async () => {
    value(await repo.insert(aTicket({ id: 'k-a', number: 1 }), { intakeKey: 'draft-x' }));
    const other = value(await repo.insert(aTicket({ id: 'k-b', tenantId: 'other', number: 1 }), { intakeKey: 'draft-x' }));
    expect(other.id).toBe('k-b');
    value(await repo.insert(aTicket({ id: 'n-1', number: 2 })));
    value(await repo.insert(aTicket({ id: 'n-2', number: 3 })));
    expect(await rawTickets().countDocuments()).toBe(4);
  });

  it('OpenTicket submitted twice with the same draft id opens one ticket', async () => {
    const open = new OpenTicket({
      tickets: new GroupCommitTicketRepository(repo),
      groups: new MongoGroupRepository(db()),
      events: { publish: async () => undefined },
      newId: randomUUID,
      categories: categories as readonly Category[],
      now: () => NOW,
    });
    const results = await all(
      Array.from({ length: 5 }, () => open.execute(TENANT, actors.ownRequester, aDraft(), 'draft-double-click')),
    );
    const ids = new Set(results.map((r) => value(r).id));
    expect(ids.size).toBe(1);
    expect(await rawTickets().countDocuments()).toBe(1);
  });

  it('settles each of many concurrent inserts on its own: repeats find the first, a taken number is a conflict', async () => {
    const taken = value(await repo.insert(aTicket({ id: 'already-there', number: 7 })));
    const attempts = [
      ...Array.from({ length: 20 }, (_, i) => repo.insert(aTicket({ id: `burst-${i}`, number: 100 + i }), { intakeKey: `draft-${i}` })),
      // the same forms submitted again, at the same time
      ...Array.from({ length: 5 }, (_, i) => repo.insert(aTicket({ id: `again-${i}`, number: 200 + i }), { intakeKey: `draft-${i}` })),
      repo.insert(aTicket({ id: 'clash', number: taken.number })),
    ];
    const results = await all(attempts);
    // two plain inserts racing on one intake key: either may be stored, and both callers get that one
    const stored = new Map((await rawTickets().find({}).toArray()).map((d) => [d.intakeKey, d._id]));
    expect(results.slice(0, 20).map((r) => value(r).id)).toEqual(Array.from({ length: 20 }, (_, i) => stored.get(`draft-${i}`)));
    expect(results.slice(20, 25).map((r) => value(r).id)).toEqual(Array.from({ length: 5 }, (_, i) => stored.get(`draft-${i}`)));
    for (let i = 0; i < 20; i += 1) expect([`burst-${i}`, ...(i < 5 ? [`again-${i}`] : [])]).toContain(stored.get(`draft-${i}`));
    expect(results[25]).toMatchObject({ ok: false, error: { code: 'TICKET.CONFLICT' } });
    expect(await rawTickets().countDocuments()).toBe(21);
    expect((await rawTickets().findOne({ number: 7 }))?._id).toBe('already-there');
  });

  it('records the cards already showing a new ticket in the same write', async () => {
    const copy = {
      activityId: 'form-card-1',
      audience: 'requester' as const,
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
      reference: { conversation: { id: 'a:personal-alice' }, serviceUrl: 'https://smba.example/' },
    };
    value(await repo.insert(aTicket({ id: 'with-copy', number: 1 }), { intakeKey: 'draft-copy', copies: [copy] }));
    const doc = await rawTickets().findOne({ _id: 'with-copy' });
    expect(doc?.cardCopies).toEqual([{ ...copy, postedAt: expect.any(Date) }]);
    expect(doc?.version).toBe(1);
  });

  it('keeps the intake key after an update, so a late retry of the form still finds the first ticket', async () => {
    const first = value(await repo.insert(aTicket({ id: 'late-a', number: 1 }), { intakeKey: 'draft-late' }));
    value(await repo.update(value(decide(first, commands.assign(), actors.admin, NOW)).ticket));

    // the form is submitted again (Teams retry) after a technician took the ticket
    expect((await repo.findByIntakeKey(TENANT, 'draft-late'))?.id).toBe('late-a');
    const retry = await repo.insert(aTicket({ id: 'late-b', number: 2 }), { intakeKey: 'draft-late' });
    expect(retry.ok && retry.value.id).toBe('late-a');
    expect(await rawTickets().countDocuments()).toBe(1);
  });
});

describe('MongoTicketRepository: waking the notification dispatcher', () => {
  const notification: Notification = {
    kind: 'ticket.taken',
    recipient: { kind: 'user', user: people.alice },
    actor: people.tina,
    payload: { number: 2, title: 'Imprimante en panne' },
  };

  it('signals a write that queued notifications, and only such a write', async () => {
    const onQueued = vi.fn();
    const repo = new MongoTicketRepository(db(), reporter, onQueued);
    const quiet = value(await repo.insert(aTicket({ id: 'quiet', number: 1 })));
    expect(onQueued).not.toHaveBeenCalled();
    const loud = value(await repo.insert(aTicket({ id: 'loud', number: 2 }), { notifications: [notification] }));
    expect(onQueued).toHaveBeenCalledTimes(1);

    value(await repo.update(value(decide(quiet, commands.assign(), actors.admin, NOW)).ticket));
    expect(onQueued).toHaveBeenCalledTimes(1);
    const changed = value(decide(loud, commands.assign(), actors.admin, NOW)).ticket;
    value(await repo.update(changed, [notification]));
    expect(onQueued).toHaveBeenCalledTimes(2);

    // a stale write queues nothing, so wakes nobody
    expect((await repo.update(changed, [notification])).ok).toBe(false);
    expect(onQueued).toHaveBeenCalledTimes(2);
  });
});

describe('MongoTicketRepository: malformed documents', () => {
  const bad = (overrides: Record<string, unknown>) => ({ ...toDocument(stored()), ...overrides });

  it.each([
    ['an unknown status', { status: 'weird' }],
    ['an out-of-range urgency', { urgency: 9 }],
    ['a date stored as a string', { createdAt: '2025-03-03T08:30:00.000Z' }],
    ['a missing requester', { requester: null }],
  ])('findByNumber reports %s as STORAGE.MALFORMED instead of throwing', async (_label, overrides) => {
    await rawTickets().insertOne(bad({ _id: 'bad-1', number: 77, ...overrides }));
    const result = await repo.findByNumber(TENANT, 77);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('STORAGE.MALFORMED');
    expect(reporter).toHaveBeenCalledTimes(1);
    expect(reporter).toHaveBeenCalledWith('tickets', 'bad-1', expect.any(String));
  });

  it('list leaves a malformed document out and returns the good ones', async () => {
    value(await repo.insert(aTicket({ id: 'good-1', number: 1, createdAt: new Date('2025-03-01T00:00:00Z') })));
    value(await repo.insert(aTicket({ id: 'good-2', number: 3, createdAt: new Date('2025-03-03T00:00:00Z') })));
    await rawTickets().insertOne(bad({ _id: 'bad-2', number: 2, status: 'weird', createdAt: new Date('2025-03-02T00:00:00Z') }));

    const page = await repo.list({ tenantId: TENANT, requesterId: people.alice.id, openOnly: false, sort: 'newest', skip: 0, limit: 10 });
    expect(page.tickets.map((t) => t.id)).toEqual(['good-2', 'good-1']);
    expect(reporter).toHaveBeenCalledWith('tickets', 'bad-2', expect.stringContaining('status'));
  });
});

describe('MongoTicketRepository: solutions, the auto-close due time and the survey', () => {
  const t = (minutes: number) => new Date(OPENED_AT.getTime() + minutes * 60_000);

  it('round-trips every solution with its outcome, the due time and the survey answer', async () => {
    const solutions = [
      aSolution({ at: t(60), outcome: { kind: 'refused', by: people.alice, at: t(90), reason: 'Toujours bloquée' } }),
      aSolution({ text: 'Profil recréé', author: people.tina, at: t(120), outcome: { kind: 'approved', by: people.alice, at: t(150) } }),
    ];
    const closed = aTicketIn('closed', { solutions, survey: { until: t(200), answer: { rating: 2, comment: 'Lent', at: t(160) } } });
    value(await repo.insert(closed));
    expect(value(await repo.findByNumber(TENANT, closed.number))).toEqual({ ...closed, version: 1 });

    const solved = aTicketIn('solved', { id: 'solved-1', number: 2 });
    value(await repo.insert(solved));
    const found = value(await repo.findByNumber(TENANT, 2));
    expect(found).toEqual({ ...solved, version: 1 });
    expect(found.autoCloseAt).toBeInstanceOf(Date);
    expect(reporter).not.toHaveBeenCalled();
  });

  /** a document as versions before the solution list wrote it: one `solution`, no due time, no survey */
  const oldDocument = (ticket: Ticket, solution: Record<string, unknown> | null) => {
    const { solutions: _solutions, autoCloseAt: _autoCloseAt, survey: _survey, ...rest } = toDocument(ticket);
    return { ...rest, solution };
  };
  const oldSolution = (decision: Record<string, unknown> | null) => ({
    text: 'Compte réactivé dans HorairePro.',
    author: people.bob,
    at: SOLVED_AT,
    decision,
  });

  it.each([
    ['solved, unanswered', 'solved', oldSolution(null), [{ kind: 'proposed' }]],
    ['closed, approved', 'closed', oldSolution({ approved: true, reason: null, at: t(200) }), [{ kind: 'approved', by: people.alice, at: t(200) }]],
    [
      'refused, back to work',
      'assigned',
      oldSolution({ approved: false, reason: 'Toujours bloquée', at: t(200) }),
      [{ kind: 'refused', by: people.alice, at: t(200), reason: 'Toujours bloquée' }],
    ],
    ['never solved', 'assigned', null, []],
  ] as const)('reads a document written before the list: %s', async (_label, status, solution, outcomes) => {
    const ticket = aTicketIn(status, { id: 'old-1', number: 31 });
    await rawTickets().insertOne(oldDocument(ticket, solution));
    const found = value(await repo.findByNumber(TENANT, 31));
    expect(found.solutions.map((s) => s.outcome)).toEqual(outcomes);
    expect(found.solutions.map((s) => [s.text, s.author, s.at])).toEqual(
      solution ? [['Compte réactivé dans HorairePro.', people.bob, SOLVED_AT]] : [],
    );
    expect(found).toMatchObject({ autoCloseAt: null, survey: null, status });
    expect(reporter).not.toHaveBeenCalled();
  });

  it('an old ticket closed without an answer reads as closed by whoever closed it, when it closed', async () => {
    const closedAt = t(300);
    const ticket = aTicketIn('closed', {
      id: 'old-2',
      number: 32,
      closedAt,
      history: [
        { at: OPENED_AT, actor: people.alice, field: 'status', from: null, to: 'new' },
        { at: closedAt, actor: people.bob, field: 'status', from: 'solved', to: 'closed' },
      ],
    });
    await rawTickets().insertOne(oldDocument(ticket, oldSolution(null)));
    const found = value(await repo.findByNumber(TENANT, 32));
    expect(found.solutions.map((s) => s.outcome)).toEqual([{ kind: 'closed', by: people.bob, at: closedAt }]);
  });

  it('an old solved ticket changed and saved again is stored in the new shape and reads the same', async () => {
    await rawTickets().insertOne(oldDocument(aTicketIn('solved', { id: 'old-3', number: 33, version: 4 }), oldSolution(null)));
    const old = value(await repo.findByNumber(TENANT, 33));
    const refused = value(await repo.update(value(decide(old, commands.refuse('Toujours bloquée'), actors.ownRequester, NOW)).ticket));
    const again = value(decide(refused, commands.proposeSolution('Profil recréé'), actors.assigneeTechnician, NOW)).ticket;
    const saved = value(await repo.update(again));
    const found = value(await repo.findByNumber(TENANT, 33));
    expect(found).toEqual(saved);
    expect(found.solutions.map((s) => s.outcome.kind)).toEqual(['refused', 'proposed']);
    expect(found.autoCloseAt).toEqual(new Date(NOW.getTime() + 24 * 60 * 60_000));
    const raw = await rawTickets().findOne({ _id: 'old-3' });
    expect(raw?.solutions).toHaveLength(2);
  });
});

describe('the clock’s query: solved tickets whose auto-close has come', () => {
  /** what a clock asks: due tickets, oldest due first */
  const due = (now: Date) => rawTickets().find(autoCloseDueFilter(now)).sort({ autoCloseAt: 1 });
  const stats = async (now: Date) => {
    const explained = (await due(now).explain('executionStats')) as {
      executionStats: { totalDocsExamined: number; totalKeysExamined: number; nReturned: number };
      queryPlanner: { winningPlan: unknown };
    };
    return { ...explained.executionStats, plan: JSON.stringify(explained.queryPlanner.winningPlan) };
  };

  beforeEach(async () => {
    // 30 tickets with no due time (new, worked, closed), 2 solved and due later
    for (let n = 1; n <= 30; n += 1) {
      value(await repo.insert(aTicketIn(n % 3 === 0 ? 'closed' : n % 3 === 1 ? 'new' : 'assigned', { id: `quiet-${n}`, number: n })));
    }
    for (const n of [41, 42]) {
      value(await repo.insert(aTicketIn('solved', { id: `due-${n}`, number: n, autoCloseAt: new Date(NOW.getTime() + n * 60_000) })));
    }
  });

  it('with nothing due, reads no ticket document, through its partial index', async () => {
    const { totalDocsExamined, totalKeysExamined, nReturned, plan } = await stats(NOW);
    expect(nReturned).toBe(0);
    expect(totalDocsExamined).toBe(0);
    // the 30 tickets with no due time are not even index keys: at most the next due one is looked at
    expect(totalKeysExamined).toBeLessThanOrEqual(1);
    expect(plan).toContain('auto_close_due');
  });

  it('finds the due ones only, oldest first, reading just those', async () => {
    const later = new Date(NOW.getTime() + 41 * 60_000);
    expect((await due(later).toArray()).map((d) => d._id)).toEqual(['due-41']);
    const { totalDocsExamined, nReturned } = await stats(later);
    expect([nReturned, totalDocsExamined]).toEqual([1, 1]);
    const all = new Date(NOW.getTime() + 60 * 60_000);
    expect((await due(all).toArray()).map((d) => d._id)).toEqual(['due-41', 'due-42']);
  });

  it('the index holds only tickets with a due time', async () => {
    const indexes = await db().collection('tickets').indexes();
    expect(indexes.find((i) => i.name === 'auto_close_due')).toMatchObject({
      key: { autoCloseAt: 1 },
      partialFilterExpression: { autoCloseAt: { $type: 'date' } },
    });
  });
});

describe('MongoTicketRepository: a requester’s tickets, newest first', () => {
  const day = (d: number) => new Date(Date.UTC(2025, 2, d, 9));
  const list = (overrides: Partial<TicketQuery> = {}) =>
    repo.list({ tenantId: TENANT, requesterId: people.alice.id, openOnly: false, sort: 'newest', skip: 0, limit: 50, ...overrides });

  beforeEach(async () => {
    // Alice: 1..5 (3 closed), created on day n; Oscar: 6; another tenant: Alice's 1
    for (const n of [1, 2, 3, 4, 5]) {
      value(await repo.insert(aTicketIn(n === 3 ? 'closed' : 'new', { id: `al-${n}`, number: n, createdAt: day(n) })));
    }
    value(await repo.insert(aTicket({ id: 'os-6', number: 6, requester: people.oscar, createdAt: day(6) })));
    value(await repo.insert(aTicket({ id: 'other-1', tenantId: 'other', number: 1, createdAt: day(7) })));
  });

  it('returns the requester’s tickets newest first with the total', async () => {
    const page = await list();
    expect(page.tickets.map((t) => t.number)).toEqual([5, 4, 3, 2, 1]);
    expect(page.total).toBe(5);
    expect(page.tickets.every((t) => t.tenantId === TENANT && t.requester.id === people.alice.id)).toBe(true);
  });

  it('breaks createdAt ties by number, newest first', async () => {
    value(await repo.insert(aTicket({ id: 'al-8', number: 8, createdAt: day(5) })));
    const page = await list({ limit: 2 });
    expect(page.tickets.map((t) => t.number)).toEqual([8, 5]);
  });

  it('openOnly excludes closed tickets (from the page and the total)', async () => {
    const page = await list({ openOnly: true });
    expect(page.tickets.map((t) => t.number)).toEqual([5, 4, 2, 1]);
    expect(page.total).toBe(4);
  });

  it('pages with skip and limit, total unchanged', async () => {
    expect((await list({ skip: 0, limit: 2 })).tickets.map((t) => t.number)).toEqual([5, 4]);
    expect((await list({ skip: 2, limit: 2 })).tickets.map((t) => t.number)).toEqual([3, 2]);
    const last = await list({ skip: 4, limit: 2 });
    expect(last.tickets.map((t) => t.number)).toEqual([1]);
    expect(last.total).toBe(5);
    const beyond = await list({ skip: 10, limit: 2 });
    expect(beyond).toEqual({ tickets: [], total: 5 });
  });

  it('returns nothing for an unknown requester', async () => {
    expect(await list({ requesterId: 'aad-nobody' })).toEqual({ tickets: [], total: 0 });
  });

  it('does not let an operator object in the requester id match every ticket', async () => {
    const page = await list({ requesterId: { $ne: null } as any });
    expect(page.tickets).toHaveLength(0);
    expect(page.total).toBe(0);
    const byTenant = await list({ tenantId: { $ne: null } as any });
    expect(byTenant.tickets).toHaveLength(0);
  });

  it('does not let an operator object in findByNumber / findByIntakeKey match anything', async () => {
    const byNumber = await repo.findByNumber({ $ne: null } as any, { $gt: 0 } as any);
    expect(!byNumber.ok && byNumber.error.code).toBe('TICKET.NOT_FOUND');
    expect(await repo.findByIntakeKey(TENANT, { $exists: false } as any)).toBeNull();
  });
});

describe('ensureIndexes', () => {
  it('is idempotent and creates the unique (tenantId, number) index', async () => {
    // an older database: an index another one now begins with, only costing writes
    await db().collection('tickets').createIndex({ tenantId: 1, status: 1, priority: -1, createdAt: 1 }, { name: 'tenant_status_priority' });
    await ensureIndexes(db());
    await ensureIndexes(db());
    await ensureIndexes(db());
    const indexes = await db().collection('tickets').indexes();
    const unique = indexes.find((i) => i.name === 'tenant_number_unique');
    expect(unique).toMatchObject({ key: { tenantId: 1, number: 1 }, unique: true });
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(['tenant_number_unique', 'tenant_requester_created', STATUS_PRIORITY_INDEX, 'tenant_intake_unique', STATS_INDEX, CLOSED_INDEX]),
    );
    expect(indexes.map((i) => i.name)).not.toContain('tenant_status_priority');
    const conversationIndexes = await db().collection('conversations').indexes();
    expect(conversationIndexes.map((i) => i.name)).toContain('tenant_user');
  });
});
