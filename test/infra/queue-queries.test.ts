import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ListQueue } from '../../src/app/list-queue.use-case.js';
import type { Actor } from '../../src/domain/actor.js';
import { QUEUE_TOTAL_CAP, type QueueName, type QueueSort } from '../../src/domain/queue.js';
import type { Ticket, TicketStatus } from '../../src/domain/ticket.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { backfillQueueFields } from '../../src/infra/clock/queue-backfill.js';
import { useTestDatabase } from '../support/mongo.js';
import { actors, aGroup, anActor, aTicketIn, NOW, OPENED_AT, people } from '../support/ticket-mother.js';

/**
 * The queries behind the lead queues (« alertes », « global ») and the group queues, as
 * ListQueue sends them to a real mongod: the right tickets in the right order, and a page
 * that reads about as many ticket documents as it skips and shows, whatever the collection holds.
 */

const TENANT = 'tenant-contoso';
const MINUTE = 60_000;
const db = useTestDatabase();

const N1 = 'grp-n1';
const N2 = 'grp-n2';
const N3 = 'grp-n3';
const GROUPS = [aGroup({ id: N1 }), aGroup({ id: N2, name: { fr: 'N2 Réseau', en: 'L2 Network' } }), aGroup({ id: N3, name: { fr: 'N3', en: 'L3' } })];

/** Léa leads N1 and N2; Adam is an admin of no group; Tina a technician of N1 */
const LEAD: Actor = anActor(['requester', 'lead'], { ...people.lea, groupIds: [N1, N2] });
const ADMIN: Actor = actors.admin;
const TECHNICIAN: Actor = anActor(['requester', 'technician'], { ...people.tina, groupIds: [N1] });

/** who works the tickets (Tina among them) and who asks for them (Tina too, now and then) */
const WORKERS = [people.tina, people.bob, people.nadia];
const REQUESTERS = [people.alice, people.oscar, people.alice, people.tina, people.oscar];

const STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending', 'solved', 'closed'];
const CLOCKED = new Set<TicketStatus>(['new', 'assigned', 'planned']);

/**
 * `count` tickets over three groups and every status, worked by Tina, Bob or Nadia (nobody
 * when new, and now and then in other statuses), Tina observing one in seven: two in three of the clocked ones
 * turn at risk some time around NOW (before it: in « alertes »), the others have no clock
 * running (riskAt null). Two tickets share each creation minute, so the number decides.
 */
function manyTickets(count: number): Ticket[] {
  const tickets: Ticket[] = [];
  for (let n = 1; n <= count; n += 1) {
    const status = STATUSES[(n * 7) % STATUSES.length]!;
    // spread over ±10 h, in a scrambled order, so no order comes for free from the numbers
    const riskAt = CLOCKED.has(status) && n % 3 !== 0 ? new Date(NOW.getTime() + (((n * 7919) % 1200) - 600) * MINUTE) : null;
    const worker = WORKERS[(n * 11) % WORKERS.length]!;
    tickets.push(
      aTicketIn(status, {
        requester: REQUESTERS[(n * 17) % REQUESTERS.length]!,
        assignee: status === 'new' || n % 23 === 0 ? null : worker,
        observers: n % 7 === 0 ? [people.tina] : [],
        id: `tkt-${n}`,
        number: n,
        version: 1,
        groupId: [N1, N2, N3][n % 3]!,
        priority: (((n * 13) % 5) + 1) as Ticket['priority'],
        createdAt: new Date(OPENED_AT.getTime() + Math.floor(n / 2) * MINUTE),
        escalation: { fired: [], next: null, supportLevel: 1, riskAt, breachAt: riskAt && new Date(riskAt.getTime() + 2 * 60 * MINUTE) },
      }),
    );
  }
  return tickets;
}

let all: Ticket[];
let monitored: MongoClient;
let finds: CommandStartedEvent[];
let counts: CommandStartedEvent[];

beforeAll(async () => {
  await ensureIndexes(db());
});

beforeEach(async () => {
  all = manyTickets(2_400);
  await db()
    .collection('tickets')
    .insertMany(all.map((ticket) => ({ ...toDocument(ticket), outbox: [], cardCopies: [] })) as Document[]);
  monitored = await new MongoClient(db.uri(), { monitorCommands: true }).connect();
  finds = [];
  counts = [];
  monitored.on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command.find === 'tickets') finds.push(event);
    if (event.commandName === 'count' && event.command.count === 'tickets') counts.push(event);
  });
});

afterEach(async () => {
  await monitored.close();
});

const listQueue = () =>
  new ListQueue({ tickets: new MongoTicketRepository(monitored.db(db.dbName)), groups: { list: async () => GROUPS }, now: () => NOW });

const numbers = (tickets: readonly Ticket[]) => tickets.map((ticket) => ticket.number);

const byPriority = (a: Ticket, b: Ticket) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.number - b.number;
const byUrgency = (a: Ticket, b: Ticket) => a.escalation.riskAt!.getTime() - b.escalation.riskAt!.getTime() || a.number - b.number;
const byNewest = (a: Ticket, b: Ticket) => b.createdAt.getTime() - a.createdAt.getTime() || b.number - a.number;
const byAge = (a: Ticket, b: Ticket) => -byNewest(a, b);

const atRisk = (ticket: Ticket) => CLOCKED.has(ticket.status) && ticket.escalation.riskAt !== null && ticket.escalation.riskAt <= NOW;
const stillToWork = (ticket: Ticket) => ['new', 'assigned', 'planned', 'pending'].includes(ticket.status);

/** the find ListQueue sent, as mongod ran it */
async function explainLastFind(): Promise<{ docsExamined: number; plan: string }> {
  const { find, filter, sort, skip, limit, projection, hint } = finds.at(-1)!.command;
  const explained = await db().command({ explain: { find, filter, sort, skip, limit, projection, ...(hint ? { hint } : {}) }, verbosity: 'executionStats' });
  return { docsExamined: explained.executionStats.totalDocsExamined, plan: JSON.stringify(explained.queryPlanner.winningPlan) };
}

/** the count commands sent since `counts` was emptied (one per group and status when few), as mongod ran them, summed */
async function explainCounts(): Promise<{ docsExamined: number; keysExamined: number; countScans: boolean }> {
  const total = { docsExamined: 0, keysExamined: 0, countScans: counts.length > 0 };
  for (const { command } of counts) {
    const { count, query, hint, limit } = command;
    const explained = await db().command({ explain: { count, query, limit, ...(hint ? { hint } : {}) }, verbosity: 'executionStats' });
    total.docsExamined += explained.executionStats.totalDocsExamined;
    total.keysExamined += explained.executionStats.totalKeysExamined;
    total.countScans &&= JSON.stringify(explained.queryPlanner.winningPlan).includes('COUNT_SCAN');
  }
  return total;
}

describe('« alertes »: the open tickets at risk or late, most urgent first', () => {
  it('a lead: those of the groups they work in, new, assigned or planned (a pending ticket’s clocks are paused)', async () => {
    const expected = all.filter((ticket) => atRisk(ticket) && [N1, N2].includes(ticket.groupId!)).sort(byUrgency);
    expect(expected.length).toBeGreaterThan(50);

    const first = await listQueue().execute(TENANT, LEAD, 'atRisk', 'urgency', 0, 5);
    expect(numbers(first.tickets)).toEqual(numbers(expected.slice(0, 5)));
    expect(first.total).toBe(expected.length);
    expect(first.asOf).toEqual(NOW);
    expect(first.groups.map((group) => group.id)).toEqual([N1, N2, N3]);

    const third = await listQueue().execute(TENANT, LEAD, 'atRisk', 'urgency', 2, 5);
    expect(numbers(third.tickets)).toEqual(numbers(expected.slice(10, 15)));
  });

  it('an admin: every group’s', async () => {
    const expected = all.filter(atRisk).sort(byUrgency);
    const page = await listQueue().execute(TENANT, ADMIN, 'atRisk', 'urgency', 1, 5);
    expect(numbers(page.tickets)).toEqual(numbers(expected.slice(5, 10)));
    expect(page.total).toBe(expected.length);
    expect(page.groups).toHaveLength(3);
  });

  it('by priority too; an order the list does not offer falls back to urgency', async () => {
    const expected = all.filter((ticket) => atRisk(ticket) && [N1, N2].includes(ticket.groupId!));
    const byPriorityPage = await listQueue().execute(TENANT, LEAD, 'atRisk', 'priority', 0, 5);
    expect(numbers(byPriorityPage.tickets)).toEqual(numbers([...expected].sort(byPriority).slice(0, 5)));
    const newest = await listQueue().execute(TENANT, LEAD, 'atRisk', 'newest', 0, 5);
    expect(numbers(newest.tickets)).toEqual(numbers([...expected].sort(byUrgency).slice(0, 5)));
  });

  it('a technician asking for it gets their own requests, as for any queue they may not open', async () => {
    const own = all.filter((ticket) => ticket.status !== 'closed' && ticket.requester.id === people.tina.id).sort(byNewest);
    const page = await listQueue().execute(TENANT, TECHNICIAN, 'atRisk', 'urgency', 0, 5);
    expect(numbers(page.tickets)).toEqual(numbers(own.slice(0, 5)));
    expect(page).toMatchObject({ total: own.length, groups: [] });
  });
});

describe('« global »: every ticket still to work, in every group', () => {
  it.each<[QueueSort, (a: Ticket, b: Ticket) => number]>([
    ['priority', byPriority],
    ['newest', byNewest],
    ['age', byAge],
  ])('sorted by %s, solved and closed ones left out', async (sort, order) => {
    const expected = all.filter(stillToWork).sort(order);
    const page = await listQueue().execute(TENANT, LEAD, 'global', sort, 3, 5);
    expect(numbers(page.tickets)).toEqual(numbers(expected.slice(15, 20)));
    // more open tickets than the count goes to: the card says « plus de 1 000 »
    expect(expected.length).toBeGreaterThan(QUEUE_TOTAL_CAP);
    expect(page).toMatchObject({ total: QUEUE_TOTAL_CAP, totalCapped: true });
    expect(page.tickets.map((ticket) => ticket.status)).not.toContain('solved');
  });
});

describe('a technician’s and a requester’s queues: the same tickets in the same order, whatever the indexes', () => {
  const open = (ticket: Ticket) => ticket.status !== 'closed';
  const involvesTina = (ticket: Ticket) =>
    ticket.requester.id === people.tina.id || ticket.assignee?.id === people.tina.id || ticket.observers.some((o) => o.id === people.tina.id);
  const REQUESTER = anActor(['requester'], people.alice);
  const orders: readonly [QueueSort, (a: Ticket, b: Ticket) => number][] = [
    ['priority', byPriority],
    ['newest', byNewest],
    ['age', byAge],
  ];

  it.each<[string, Actor, QueueName, (ticket: Ticket) => boolean]>([
    ['« mes tickets »: requested by, assigned to or observed by Tina', TECHNICIAN, 'mine', (t) => open(t) && involvesTina(t)],
    ['« à traiter »: nobody on it in Tina’s group', TECHNICIAN, 'toProcess', (t) => open(t) && t.groupId === N1 && t.assignee === null],
    ['« groupe »: everything open in Tina’s group', TECHNICIAN, 'group', (t) => open(t) && t.groupId === N1],
    ['a requester’s own open tickets', REQUESTER, 'requested', (t) => open(t) && t.requester.id === people.alice.id],
  ])('%s, in each of its orders', async (_name, actor, queue, shown) => {
    for (const [sort, order] of orders) {
      const expected = all.filter(shown).sort(order);
      expect(expected.length).toBeGreaterThan(25);
      const page = await listQueue().execute(TENANT, actor, queue, sort, 2, 5);
      expect(numbers(page.tickets)).toEqual(numbers(expected.slice(10, 15)));
      expect(page.total).toBe(expected.length);
    }
  });
});

describe('open tickets stored before « mes tickets » and « à traiter » were indexed', () => {
  it('are in their queues once the start-up backfill has run, and the backfill runs once per database', async () => {
    const tickets = db().collection('tickets');
    await tickets.deleteMany({});
    const asStoredBefore = (ticket: Ticket) => {
      const { involved: _involved, unassigned: _unassigned, ...stored } = toDocument(ticket);
      return { ...stored, outbox: [], cardCopies: [] } as Document;
    };
    await tickets.insertMany([
      asStoredBefore(aTicketIn('assigned', { id: 'tkt-old', number: 1, assignee: people.tina, groupId: N1, observers: [people.nadia] })),
      asStoredBefore(aTicketIn('new', { id: 'tkt-old-new', number: 2, groupId: N1 })),
    ]);
    expect((await listQueue().execute(TENANT, TECHNICIAN, 'mine', 'priority', 0, 5)).total).toBe(0);
    expect((await listQueue().execute(TENANT, TECHNICIAN, 'toProcess', 'priority', 0, 5)).total).toBe(0);

    expect(await backfillQueueFields(db())).toBe(2);
    expect(numbers((await listQueue().execute(TENANT, TECHNICIAN, 'mine', 'priority', 0, 5)).tickets)).toEqual([1]);
    const nadia = anActor(['requester', 'technician'], { ...people.nadia, groupIds: [N2] });
    expect(numbers((await listQueue().execute(TENANT, nadia, 'mine', 'priority', 0, 5)).tickets)).toEqual([1]);
    expect(numbers((await listQueue().execute(TENANT, TECHNICIAN, 'toProcess', 'priority', 0, 5)).tickets)).toEqual([2]);

    await tickets.insertOne(asStoredBefore(aTicketIn('new', { id: 'tkt-old-3', number: 3, groupId: N1 })));
    expect(await backfillQueueFields(db())).toBe(0);
  });
});

describe('a page reads about as many ticket documents as it skips and shows, through an index', () => {
  it.each<[string, Actor, QueueName, QueueSort, string]>([
    ['a lead’s alerts, most urgent first', LEAD, 'atRisk', 'urgency', 'tenant_group_status_breach'],
    ['a lead’s alerts by priority', LEAD, 'atRisk', 'priority', 'tenant_group_status_priority'],
    ['an admin’s alerts, most urgent first', ADMIN, 'atRisk', 'urgency', 'tenant_status_breach'],
    ['an admin’s alerts by priority', ADMIN, 'atRisk', 'priority', 'tenant_status_priority_number'],
    ['global by priority', LEAD, 'global', 'priority', 'tenant_status_priority_number'],
    ['global, newest first', LEAD, 'global', 'newest', 'tenant_status_created'],
    ['global, oldest first', LEAD, 'global', 'age', 'tenant_status_created'],
    ['a technician’s group queue by priority', TECHNICIAN, 'group', 'priority', 'tenant_group_status_priority'],
    ['a technician’s group queue, newest first', TECHNICIAN, 'group', 'newest', 'queue_group_created'],
    ['a technician’s group queue, oldest first', TECHNICIAN, 'group', 'age', 'queue_group_created'],
    ['« mes tickets » by priority', TECHNICIAN, 'mine', 'priority', 'queue_involved_priority'],
    ['« mes tickets », newest first', TECHNICIAN, 'mine', 'newest', 'queue_involved_created'],
    ['« mes tickets », oldest first', TECHNICIAN, 'mine', 'age', 'queue_involved_created'],
    ['« à traiter » by priority', TECHNICIAN, 'toProcess', 'priority', 'queue_nobody_priority'],
    ['« à traiter », newest first', TECHNICIAN, 'toProcess', 'newest', 'queue_nobody_created'],
    ['« à traiter », oldest first', TECHNICIAN, 'toProcess', 'age', 'queue_nobody_created'],
    ['a requester’s own, newest first', actors.ownRequester, 'requested', 'newest', 'queue_requester_created'],
    ['a requester’s own by priority', actors.ownRequester, 'requested', 'priority', 'queue_requester_priority'],
  ])('%s', async (_name, actor, queue, sort, index) => {
    for (const page of [0, 4]) {
      counts.length = 0;
      const listed = await listQueue().execute(TENANT, actor, queue, sort, page, 5);
      expect(listed.tickets).toHaveLength(5);
      const { docsExamined, plan } = await explainLastFind();
      expect(plan).toContain(`"indexName":"${index}"`);
      expect(plan).not.toContain('COLLSCAN');
      // no sort in memory: the index gives the order
      expect(plan).not.toContain('"stage":"SORT"');
      // the first page reads at most twice what it shows; a later one, what it skips besides
      expect(docsExamined).toBeLessThanOrEqual(page * 5 + 2 * 5);
      // the total is counted on the index keys alone, in place (COUNT_SCAN, one run per group and
      // status), about one key per ticket counted
      const count = await explainCounts();
      expect(count.docsExamined).toBe(0);
      // (or, past the cap, one run per status and group stopped one key past it)
      expect(count.keysExamined).toBeLessThanOrEqual(listed.totalCapped ? counts.length * (QUEUE_TOTAL_CAP + 1) : listed.total + 10);
      expect(count.countScans).toBe(true);
    }
  });
});
