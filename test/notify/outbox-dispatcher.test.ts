import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import type { Category } from '../../src/domain/category.js';
import type { Notification, NotificationKind, Queued, TicketRef } from '../../src/domain/notification.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoMessageOutbox } from '../../src/infra/mongo/mongo-message-outbox.js';
import { MongoTicketOutboxStore } from '../../src/infra/mongo/mongo-ticket-outbox.store.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import type { OutboxItem } from '../../src/infra/mongo/outbox-item.js';
import { DeliveryError } from '../../src/infra/notify/messenger.js';
import { OutboxDispatcher, type DispatcherOptions, type MessageRenderer, type Reader } from '../../src/infra/notify/outbox-dispatcher.js';
import { OutboxFailuresQuery } from '../../src/infra/notify/outbox-failures.query.js';
import { ConversationRateLimiter } from '../../src/infra/notify/rate-limiter.js';
import { renderCardCopy, renderNotification } from '../../src/views/notification.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { useTestDatabase } from '../support/mongo.js';
import { aTicket } from '../support/ticket-mother.js';
import { FakeMessenger } from './support/fake-messenger.js';
import { VirtualTime } from './support/virtual-time.js';

const TENANT = 'tenant-contoso';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const GROUP = 'support-n1';
const QUIET_GROUP = 'support-n2';
const CHANNEL = '19:support-n1@thread.tacv2';

const camille: Person = { id: 'aad-camille', name: 'Camille Martin' };
const jordan: Person = { id: 'aad-jordan', name: 'Jordan Smith' };
const theo: Person = { id: 'aad-theo', name: 'Théo Technicien' };
const tina: Person = { id: 'aad-tina', name: 'Tina Tech' };
const system: Person = { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.name };

const personal = (person: Person) => `a:personal-${person.id}`;

const db = useTestDatabase();
let tickets: MongoTicketRepository;
let groups: MongoGroupRepository;
let conversations: MongoConversationRepository;
let ticketOutbox: MongoTicketOutboxStore;
let messageOutbox: MongoMessageOutbox;
let logs: string[];
let renders: { kind: string; ticket: number | null; reader: Reader }[];
const running: OutboxDispatcher[] = [];

beforeAll(async () => {
  await ensureIndexes(db());
  await new MongoMessageOutbox(db()).ensureIndexes();
});

beforeEach(async () => {
  tickets = new MongoTicketRepository(db());
  groups = new MongoGroupRepository(db());
  conversations = new MongoConversationRepository(db());
  logs = [];
  renders = [];
  ticketOutbox = new MongoTicketOutboxStore(db(), (line) => logs.push(line));
  messageOutbox = new MongoMessageOutbox(db());
  await groups.saveConfiguration(TENANT, {
    defaultGroupId: GROUP,
    admins: [],
    groups: [
      {
        id: GROUP,
        name: { fr: 'Support N1', en: 'Level 1 support' },
        lead: null,
        technicians: [
          { ...theo, onDuty: true },
          { ...tina, onDuty: true },
        ],
        channel: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: CHANNEL, isGroup: true } },
      },
      // a group whose channel the bot was never told about
      { id: QUIET_GROUP, name: { fr: 'Support N2', en: 'Level 2 support' }, lead: null, technicians: [], channel: null },
    ],
  });
  // Camille and Jordan talked to the bot already; the technicians never did
  for (const [person, locale] of [
    [camille, 'fr-FR'],
    [jordan, 'en-US'],
  ] as const) {
    await conversations.save({
      tenantId: TENANT,
      userId: person.id,
      userName: person.name,
      locale,
      reference: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: personal(person) } },
      updatedAt: new Date(),
    });
  }
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

/** the field that carries each kind's own text, shown after the kind by the test renderer */
const NOTE_FIELD: Partial<Record<NotificationKind, 'text' | 'reason' | 'solution'>> = {
  'followup.public': 'text',
  'followup.private': 'text',
  'comment.added': 'text',
  'ticket.pending': 'reason',
  'solution.refused': 'reason',
  'ticket.reopened': 'reason',
  'solution.proposed': 'solution',
};
/** the kinds whose real view is the ticket card (a copy kept up to date) */
const CARD_KINDS = new Set<NotificationKind>(['ticket.new', 'ticket.assignedToYou', 'ticket.transferred']);

const testCard = (ticket: Ticket, audience: string, reader: Reader) => ({
  type: 'AdaptiveCard',
  number: ticket.number,
  version: ticket.version,
  status: ticket.status,
  audience,
  locale: reader.locale,
});

/** a renderer that makes every delivered message say which ticket, what and to whom; it remembers what it drew */
const render: MessageRenderer = {
  notification(notification, { ticket }, reader) {
    renders.push({ kind: notification.kind, ticket: ticket?.number ?? null, reader });
    if (notification.kind === 'group.digest') {
      const { groupId, tickets: lines } = notification.payload;
      return { text: `digest ${groupId}: ${lines.map((l) => `#${l.number}`).join(' ')}`, card: { type: 'AdaptiveCard', digest: groupId } };
    }
    if (notification.kind === 'sla.alert') return { text: `#${notification.payload.line.number} sla.alert` };
    const field = NOTE_FIELD[notification.kind];
    const note = field ? (notification.payload as unknown as Record<string, string>)[field] : '';
    const text = `#${notification.payload.number} ${notification.kind}${note ? `: ${note}` : ''}`;
    if (!CARD_KINDS.has(notification.kind) || !ticket) return { text };
    return { text, card: testCard(ticket, 'technician', reader), ticketCard: 'technician' };
  },
  copy: (ticket, audience, reader) => testCard(ticket, audience, reader),
};

/** the views the app really uses (create-app.ts wires the same two calls) */
const realRender: MessageRenderer = {
  notification: async (notification, { tenantId, ticket }, reader) =>
    renderNotification(notification, ticket, reader, categories as Category[], await groups.list(tenantId)),
  copy: async (ticket, audience, reader) => renderCardCopy(ticket, audience, reader, categories as Category[], await groups.list(ticket.tenantId)),
};

function dispatcher(
  messenger: FakeMessenger,
  options: Partial<DispatcherOptions> = {},
  extra: { clock?: () => Date; limiter?: ConversationRateLimiter; render?: MessageRenderer } = {},
): OutboxDispatcher {
  const created = new OutboxDispatcher(
    {
      stores: [ticketOutbox, messageOutbox],
      messenger,
      conversations,
      groups,
      render,
      log: (line) => logs.push(line),
      ...extra,
    },
    { baseDelayMs: 50, maxDelayMs: 500, pollMs: 50, defaultServiceUrl: SERVICE_URL, ...options },
  );
  running.push(created);
  return created;
}

/** a clock that starts now and moves only when told */
function manualClock() {
  const start = Date.now();
  let offset = 0;
  return {
    now: () => new Date(start + offset),
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

/** a message a ticket change queues, made for the ticket it is about */
type Message = (about: TicketRef) => Queued;
type TicketKind = Exclude<NotificationKind, 'group.digest'>;

const toUser =
  (user: Person, kind: TicketKind = 'ticket.taken', note = ''): Message =>
  (about) => {
    const field = NOTE_FIELD[kind];
    const payload = field ? { ...about, [field]: note } : { ...about };
    return { kind, recipient: { kind: 'user', user }, actor: theo, payload } as Notification;
  };

const toChannel =
  (): Message =>
  (about): Notification => ({ kind: 'ticket.new', recipient: { kind: 'channel', groupId: GROUP }, actor: camille, payload: { ...about } });

const toCopies = (): Message => () => ({ kind: 'card.refresh', actor: theo });

/** a group's list of tickets needing attention, born outside any ticket change */
const digest = (groupId: string, numbers: readonly number[]): Notification<'group.digest'> => ({
  kind: 'group.digest',
  recipient: { kind: 'channel', groupId },
  actor: system,
  payload: { groupId, tickets: numbers.map((number) => ({ number, title: `Imprimante ${number}`, status: 'new', priority: 3 })) },
});

const refOf = (ticket: Ticket): TicketRef => ({ number: ticket.number, title: ticket.title });

/** stores ticket #number with its notifications in one write, as OpenTicket does */
async function insertTicket(number: number, messages: readonly Message[], overrides: Partial<Ticket> = {}) {
  const now = new Date();
  const ticket = aTicket({
    id: randomUUID(),
    tenantId: TENANT,
    number,
    version: 1,
    requester: camille,
    groupId: GROUP,
    assignee: null,
    createdAt: now,
    updatedAt: now,
    history: [],
    ...overrides,
  });
  const saved = await tickets.insert(ticket, { notifications: messages.map((m) => m(refOf(ticket))) });
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

/** a change of the ticket, with what it queues, in one write, as ChangeTicket does */
async function updateTicket(ticket: Ticket, messages: readonly Message[]) {
  const saved = await tickets.update(ticket, messages.map((m) => m(refOf(ticket))));
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

async function current(number: number): Promise<Ticket> {
  const found = await tickets.findByNumber(TENANT, number);
  if (!found.ok) throw new Error(`ticket #${number} missing`);
  return found.value;
}

interface StoredTicket {
  number: number;
  version: number;
  outbox: OutboxItem[];
  cardCopies: { activityId: string; audience: string; locale: string; reference: Record<string, unknown> }[];
}

const stored = async (number: number) =>
  (await db().collection('tickets').findOne({ tenantId: TENANT, number })) as unknown as StoredTicket;

type StoredMessage = Omit<OutboxItem, 'id'> & { _id: string; tenantId: string };

/** the outbox collection, oldest first */
const storedMessages = async () =>
  (await db().collection('outbox').find({}).sort({ createdAt: 1, _id: 1 }).toArray()) as unknown as StoredMessage[];

/** how many times each message text reached each conversation */
function deliveriesPerMessage(messenger: FakeMessenger): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of messenger.sent) {
    const key = `${s.conversationId} ${s.message.text}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const HOUR = 3600_000;

describe('OutboxDispatcher: crash recovery', () => {
  it('notifications written before a crash are all delivered once by the next dispatcher, then never again', async () => {
    // the "crash": the ticket and its notifications are stored, no dispatcher ever ran
    await insertTicket(1, [toChannel(), toUser(theo, 'ticket.new'), toUser(tina, 'ticket.new'), toUser(jordan, 'ticket.taken')]);
    expect((await stored(1)).outbox.map((i) => i.state)).toEqual(['pending', 'pending', 'pending', 'pending']);

    const messenger = new FakeMessenger();
    const restarted = dispatcher(messenger);
    expect(await restarted.drain()).toBe(4);

    expect(messenger.sent.map((s) => s.conversationId)).toEqual([
      CHANNEL,
      `a:created-${theo.id}`,
      `a:created-${tina.id}`,
      personal(jordan),
    ]);
    expect([...deliveriesPerMessage(messenger).values()]).toEqual([1, 1, 1, 1]);
    // the technicians never talked to the bot: a 1:1 was opened once each and remembered
    expect(messenger.created.map((c) => c.userId)).toEqual([theo.id, tina.id]);
    expect(messenger.created.every((c) => c.serviceUrl === SERVICE_URL)).toBe(true);
    expect((await conversations.find(TENANT, theo.id))?.reference).toMatchObject({ conversation: { id: `a:created-${theo.id}` } });

    const outbox = (await stored(1)).outbox;
    expect(outbox.map((i) => i.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(outbox.every((i) => i.doneAt instanceof Date && i.lastError === null)).toBe(true);

    // a second pass, and another dispatcher (another instance after a restart): nothing more
    expect(await restarted.drain()).toBe(0);
    expect(await dispatcher(new FakeMessenger()).drain()).toBe(0);
    expect(messenger.sent).toHaveLength(4);
    expect(messenger.created).toHaveLength(2);
    expect(await restarted.stats()).toEqual({ pending: 0, failed: 0 });
  });
});

describe('OutboxDispatcher: leases', () => {
  it('a notification claimed by a dispatcher that died is re-delivered only once its lease expired', async () => {
    await insertTicket(1, [toUser(camille, 'ticket.taken'), toUser(jordan, 'ticket.taken')]);
    const leaseMs = 60_000;

    // dispatcher A claims the ticket, then freezes in the middle of the first send
    const frozen = new FakeMessenger().failNext(personal(camille), 'hang');
    const dead = dispatcher(frozen, { leaseMs });
    const deadDrain = dead.drain();
    await frozen.whenHung();
    const claimed = (await stored(1)).outbox;
    expect(claimed.every((i) => i.state === 'pending' && i.leaseToken !== null && i.leaseUntil.getTime() > Date.now())).toBe(true);

    // dispatcher B, on another instance, with a clock it can move forward
    let offset = 0;
    const messenger = new FakeMessenger();
    const survivor = dispatcher(messenger, { leaseMs }, { clock: () => new Date(Date.now() + offset) });

    expect(await survivor.drain()).toBe(0);
    offset = leaseMs - 1_000; // still leased
    expect(await survivor.drain()).toBe(0);
    expect(messenger.attempts).toHaveLength(0);

    offset = leaseMs + 1_000; // the lease expired: B takes over
    expect(await survivor.drain()).toBe(2);
    expect(messenger.sent.map((s) => s.conversationId)).toEqual([personal(camille), personal(jordan)]);
    expect(await survivor.drain()).toBe(0);

    // A wakes up late: its lease is gone, so it may not touch what B recorded
    frozen.wakeHung();
    await deadDrain;
    expect(frozen.sent).toHaveLength(0);
    expect((await stored(1)).outbox.map((i) => [i.state, i.attempts, i.lastError])).toEqual([
      ['sent', 0, null],
      ['sent', 0, null],
    ]);
    expect(messenger.sent).toHaveLength(2);
  });

  it('two dispatchers draining 20 tickets at once deliver each notification exactly once', async () => {
    for (let n = 1; n <= 20; n += 1) {
      // known conversations only: opening 1:1s concurrently is another race (conversation-upsert-race.test.ts)
      await insertTicket(n, [toChannel(), toUser(jordan, 'followup.public', `t${n}`), toUser(camille, 'ticket.taken')]);
    }
    // one shared Teams, seen by two instances; latency makes their claims interleave
    const teams = new FakeMessenger(5);
    const unpaced = () => new ConversationRateLimiter([]);
    const [a, b] = [
      dispatcher(teams, { concurrency: 4 }, { limiter: unpaced() }),
      dispatcher(teams, { concurrency: 4 }, { limiter: unpaced() }),
    ];
    const [handledA, handledB] = await Promise.all([a.drain(), b.drain()]);

    expect(handledA + handledB).toBe(60);
    expect(handledA).toBeGreaterThan(0);
    expect(handledB).toBeGreaterThan(0);
    const counts = deliveriesPerMessage(teams);
    expect(counts.size).toBe(60);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(teams.sent).toHaveLength(60);
    expect(teams.attempts.every((a) => a.outcome === 'sent')).toBe(true);
    expect(await a.stats()).toEqual({ pending: 0, failed: 0 });
    for (let n = 1; n <= 20; n += 1) {
      expect((await stored(n)).outbox.map((i) => i.state)).toEqual(['sent', 'sent', 'sent']);
    }
  });
});

describe('OutboxDispatcher: a backlog', () => {
  it('does not slow each claim down: the longest-waiting goes first, and a claim reads a handful of documents', async () => {
    // an incident storm: 300 new tickets, each waiting to be announced, the oldest first
    const base = Date.now() - 300_000;
    for (let start = 1; start <= 300; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) => {
          const n = start + k;
          return insertTicket(n, [toUser(jordan, 'ticket.taken')], { createdAt: new Date(base + n * 1000), updatedAt: new Date(base + n * 1000) });
        }),
      );
    }
    await db().command({ profile: 2 });
    try {
      const teams = new FakeMessenger();
      const d = dispatcher(teams, { concurrency: 1 }, { limiter: new ConversationRateLimiter([]) });
      d.start();
      await until(() => teams.sent.length >= 20);
      await d.stop();
      expect(teams.sent.slice(0, 20).map((s) => s.message.text)).toEqual(
        Array.from({ length: 20 }, (_, i) => `#${i + 1} ticket.taken`),
      );
    } finally {
      await db().command({ profile: 0 });
    }
    const claims = await db()
      .collection<{ docsExamined?: number }>('system.profile')
      .find({ 'command.findAndModify': 'tickets', 'command.update.$set': { $exists: true } })
      .toArray();
    expect(claims.length).toBeGreaterThanOrEqual(20);
    // a blocking sort would read all 300 waiting tickets on every claim
    expect(Math.max(...claims.map((c) => c.docsExamined ?? Infinity))).toBeLessThanOrEqual(3);
  });
});

describe('OutboxDispatcher: retries', () => {
  it('a 429 with Retry-After: 1 s is retried once it is due, not before, and delivered once', async () => {
    await insertTicket(1, [toUser(camille, 'solution.proposed', 'Redémarrez le poste')]);
    const messenger = new FakeMessenger().failNext(personal(camille), new DeliveryError('Too Many Requests', 429, 1_000));
    const d = dispatcher(messenger);
    d.start();

    await until(async () => (await stored(1)).outbox[0].state !== 'pending', 5_000);
    const [item] = (await stored(1)).outbox;
    expect(item.state).toBe('sent');
    expect(item.attempts).toBe(1);
    expect(item.lastError).toBeNull();
    expect(messenger.attempts.map((a) => a.outcome)).toEqual(['failed', 'sent']);
    expect(messenger.attempts[1].at - messenger.attempts[0].at).toBeGreaterThanOrEqual(1_000);
    expect(messenger.sent).toHaveLength(1);
    expect(messenger.sent[0].message.text).toBe('#1 solution.proposed: Redémarrez le poste');
  });

  it('429 forever: given up after maxAgeMs as "failed" with the error kept, without holding back other tickets', async () => {
    await insertTicket(1, [toUser(jordan, 'ticket.taken')]);
    for (let n = 2; n <= 6; n += 1) await insertTicket(n, [toUser(camille, 'ticket.taken'), toChannel()]);
    const messenger = new FakeMessenger().failAlways(personal(jordan), new DeliveryError('Too Many Requests', 429, 100));
    const d = dispatcher(messenger, { maxAgeMs: 400 });
    d.start();

    await until(async () => (await stored(1)).outbox[0].state !== 'pending', 5_000);
    const [item] = (await stored(1)).outbox;
    expect(item.state).toBe('failed');
    expect(item.lastError).toBe('429: Too Many Requests');
    expect(item.attempts).toBeGreaterThanOrEqual(2);
    expect(item.doneAt).toBeInstanceOf(Date);
    // never given up before the bound, never long after it either
    expect(item.doneAt!.getTime() - item.createdAt.getTime()).toBeGreaterThanOrEqual(200);
    expect(item.doneAt!.getTime() - item.createdAt.getTime()).toBeLessThan(2_000);
    expect(await d.stats()).toEqual({ pending: 0, failed: 1 });
    expect(logs.some((line) => line.includes('failed for good') && line.includes('429'))).toBe(true);

    // the other tickets were delivered before the throttled one was even retried
    const throttled = messenger.attempts.filter((a) => a.conversationId === personal(jordan));
    const others = messenger.sent.filter((s) => s.conversationId !== personal(jordan));
    expect(others).toHaveLength(10);
    expect(Math.max(...others.map((s) => s.at))).toBeLessThan(throttled[1].at);

    // a failed notification stays failed (visible): an instance a day later does not try it again
    await d.stop();
    const attemptsSoFar = messenger.attempts.length;
    expect(await dispatcher(messenger, {}, { clock: () => new Date(Date.now() + 24 * HOUR) }).drain()).toBe(0);
    expect(messenger.attempts).toHaveLength(attemptsSoFar);
    expect((await stored(1)).outbox[0].state).toBe('failed');
  });

  it('a 403 fails at once: no retry', async () => {
    await insertTicket(1, [toUser(jordan, 'ticket.taken'), toUser(camille, 'ticket.taken')]);
    const messenger = new FakeMessenger().failNext(personal(jordan), new DeliveryError('Forbidden: bot blocked', 403, null));
    const d = dispatcher(messenger);
    expect(await d.drain()).toBe(2);
    const [blocked, other] = (await stored(1)).outbox;
    expect(blocked).toMatchObject({ state: 'failed', attempts: 1, lastError: '403: Forbidden: bot blocked' });
    expect(other.state).toBe('sent');

    // long after any backoff would have brought it back, still not retried
    expect(await dispatcher(messenger, {}, { clock: () => new Date(Date.now() + HOUR) }).drain()).toBe(0);
    expect(messenger.attempts.filter((a) => a.conversationId === personal(jordan))).toHaveLength(1);
    expect(await d.stats()).toEqual({ pending: 0, failed: 1 });
  });

  it("keeps a ticket's messages in order: a later one waits behind an earlier one being retried", async () => {
    await insertTicket(1, [toUser(camille, 'followup.public', 'first'), toUser(camille, 'solution.proposed', 'second')]);
    const messenger = new FakeMessenger().failNext(personal(camille), new DeliveryError('Too Many Requests', 429, 200));
    const d = dispatcher(messenger);
    d.start();
    await until(async () => (await stored(1)).outbox.every((i) => i.state === 'sent'), 5_000);
    expect(messenger.sentTo(personal(camille)).map((s) => s.message.text)).toEqual([
      '#1 followup.public: first',
      '#1 solution.proposed: second',
    ]);
  });

  it('an unreadable entry (a bad payload, a kind this version does not know) fails visibly and does not hold back the ticket', async () => {
    await insertTicket(1, [toUser(camille, 'followup.public', 'lisible'), toUser(camille, 'ticket.pending', 'abîmé'), toUser(jordan, 'ticket.taken')]);
    await insertTicket(2, [toUser(camille, 'ticket.closed')]);
    // a hand edit broke one payload; a newer version queued a kind this one cannot draw
    await db().collection('tickets').updateOne({ tenantId: TENANT, number: 1 }, { $set: { 'outbox.1.payload': { number: 'un', reason: 7 } } });
    await db()
      .collection('tickets')
      .updateOne({ tenantId: TENANT, number: 2 }, { $push: { outbox: { ...(await stored(2)).outbox[0], id: randomUUID(), kind: 'sla.alert' } } } as never);
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger, { concurrency: 1 });
    expect(await d.drain()).toBe(5);

    expect(messenger.sent.map((s) => [s.conversationId, s.message.text])).toEqual([
      [personal(camille), '#1 followup.public: lisible'],
      [personal(jordan), '#1 ticket.taken'],
      [personal(camille), '#2 ticket.closed'],
    ]);
    expect(renders.map((r) => r.kind)).toEqual(['followup.public', 'ticket.taken', 'ticket.closed']);
    const broken = [(await stored(1)).outbox[1], (await stored(2)).outbox[1]];
    for (const entry of broken) {
      expect(entry).toMatchObject({ state: 'failed', attempts: 1 });
      expect(entry.lastError).toContain('unreadable outbox entry');
      expect(entry.doneAt).toBeInstanceOf(Date);
    }
    expect((await stored(1)).outbox.map((i) => i.state)).toEqual(['sent', 'failed', 'sent']);
    expect(await d.stats()).toEqual({ pending: 0, failed: 2 });
    expect(await dispatcher(messenger, {}, { clock: () => new Date(Date.now() + HOUR) }).drain()).toBe(0);
    expect(messenger.attempts).toHaveLength(3);
  });
});

describe('OutboxDispatcher: what the admins read about an unreadable entry', () => {
  // neither Teams nor the network was involved: « échecs » must not send an admin that way
  it('is not reported as a network error', async () => {
    await insertTicket(1, [toUser(camille, 'ticket.pending', 'abîmé')]);
    await db().collection('tickets').updateOne({ tenantId: TENANT, number: 1 }, { $set: { 'outbox.0.payload': { number: 'un' } } });
    await dispatcher(new FakeMessenger()).drain();
    const [failure] = await new OutboxFailuresQuery([ticketOutbox, messageOutbox]).listFailed(TENANT, 10);
    expect(failure.error).toContain('unreadable outbox entry');
    expect(failure.error).not.toMatch(/network/);
  });
});

describe('OutboxDispatcher: an entry with no id', () => {
  // it cannot be recorded by id like the others; left pending, it would be claimed for ever
  // and its empty batch would end the drain while other tickets wait
  it('is failed visibly, and the drain goes on to the other tickets', async () => {
    await insertTicket(1, [toUser(camille, 'ticket.taken')], { createdAt: new Date(Date.now() - 1_000), updatedAt: new Date(Date.now() - 1_000) });
    await insertTicket(2, [toUser(jordan, 'ticket.taken')]);
    await db().collection('tickets').updateOne({ tenantId: TENANT, number: 1 }, { $unset: { 'outbox.0.id': '' } });
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger, { concurrency: 1 });
    await d.drain();
    expect(messenger.sent.map((s) => s.conversationId)).toEqual([personal(jordan)]);
    expect((await stored(1)).outbox[0].state).toBe('failed');
    expect(await d.stats()).toEqual({ pending: 0, failed: 1 });
  });
});

describe('ConversationRateLimiter: Teams pacing per conversation', () => {
  /** the largest number of times within any window [t, t + windowMs) */
  const busiest = (times: readonly number[], windowMs: number) =>
    Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));

  /** a message that asks for a slot, waits as long as it is told, and asks again; resolves once sent */
  const paced = async (limiter: ConversationRateLimiter, time: VirtualTime, conversation: string, id: string, share: string, sent: number[]) => {
    for (;;) {
      const hold = limiter.take(conversation, { id, share });
      if (hold === 0) return void sent.push(time.now());
      await time.sleep(hold);
    }
  };

  it('20 messages for one conversation never exceed 7 per 1 s nor 8 per 2 s; another conversation is not delayed', async () => {
    const time = new VirtualTime(1_000_000);
    const limiter = new ConversationRateLimiter(undefined, time.now);
    const busy: number[] = [];
    const quiet: number[] = [];
    const done = [
      ...Array.from({ length: 20 }, (_, i) => paced(limiter, time, 'busy', `busy-${i}`, 'someone', busy)),
      ...Array.from({ length: 3 }, (_, i) => paced(limiter, time, 'quiet', `quiet-${i}`, 'someone', quiet)),
    ];
    await time.runAll();
    await Promise.all(done);

    expect(busy).toHaveLength(20);
    expect(busiest(busy, 1_000)).toBeLessThanOrEqual(7);
    expect(busiest(busy, 2_000)).toBeLessThanOrEqual(8);
    expect(busiest(busy, 30_000)).toBeLessThanOrEqual(60);
    expect([...busy].sort((a, b) => a - b)).toEqual(busy); // served in order
    // it paces rather than stalls: the 8-per-2-s limit allows 20 in about 5 s
    expect(busy.at(-1)! - busy[0]).toBeLessThanOrEqual(6_000);
    expect(busy.slice(0, 7).every((t) => t === 1_000_000)).toBe(true);
    // "quiet" went through at once, though "busy" was being held back
    expect(quiet).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });

  it("a saturated conversation serves people in turns: one person's burst of 40 does not go before someone else's one message", async () => {
    const time = new VirtualTime(1_000_000);
    const limiter = new ConversationRateLimiter(undefined, time.now);
    const burst: number[] = [];
    const other: number[] = [];
    const done = Array.from({ length: 40 }, (_, i) => paced(limiter, time, 'channel', `burst-${i}`, 'burster', burst));
    // the other person's message comes once the burst has filled the conversation's windows
    await time.advanceTo(1_003_000);
    done.push(paced(limiter, time, 'channel', 'other-1', 'other', other));
    await time.runAll();
    await Promise.all(done);

    expect(burst).toHaveLength(40);
    const all = [...burst, ...other].sort((a, b) => a - b);
    expect(busiest(all, 1_000)).toBeLessThanOrEqual(7);
    expect(busiest(all, 2_000)).toBeLessThanOrEqual(8);
    expect(busiest(all, 30_000)).toBeLessThanOrEqual(60);
    // the next slot after it asked was its own: at most one of the burst went between
    expect(other[0] - 1_003_000).toBeLessThanOrEqual(2_250);
    expect(burst.filter((t) => t > 1_003_000 && t < other[0]).length).toBeLessThanOrEqual(1);
    // most of the burst was still waiting: first come was not first served
    expect(burst.filter((t) => t > other[0]).length).toBeGreaterThanOrEqual(15);
  });

  it('newcomers do not starve someone already waiting: turns go by who has waited longest since their last slot', async () => {
    const time = new VirtualTime(1_000_000);
    const limiter = new ConversationRateLimiter([[1, 1_000]], time.now, 0);
    const sent: Record<string, number[]> = {};
    const send = (id: string, share: string) => paced(limiter, time, 'chat', id, share, (sent[share] ??= []));
    const done = [send('s-1', 'steady'), send('s-2', 'steady')];
    // a new person every 300 ms, faster than the one slot a second
    for (let i = 1; i <= 10; i += 1) done.push(time.sleep(i * 300).then(() => send(`n-${i}`, `newcomer-${i}`)));
    await time.runAll();
    await Promise.all(done);
    expect(sent.steady).toEqual([1_000_000, 1_001_000]);
    // the newcomers, one a second, in the order they came
    expect(Array.from({ length: 10 }, (_, i) => sent[`newcomer-${i + 1}`][0])).toEqual(Array.from({ length: 10 }, (_, i) => 1_002_000 + i * 1_000));
  });

  it('a message that never comes back for its turn holds the others up only briefly', async () => {
    const time = new VirtualTime(1_000_000);
    const limiter = new ConversationRateLimiter([[1, 1_000]], time.now, 0);
    expect(limiter.take('chat', { id: 'first', share: 'a' })).toBe(0);
    // "gone" is told to come back in 1 s, then never does (another instance sent it)
    expect(limiter.take('chat', { id: 'gone', share: 'b' })).toBe(1_000);
    await time.advanceTo(1_001_000);
    expect(limiter.take('chat', { id: 'later', share: 'c' })).toBeGreaterThan(0);
    await time.advanceTo(1_001_250);
    expect(limiter.take('chat', { id: 'later', share: 'c' })).toBe(0);
  });

  it('the dispatcher paces through the limiter per conversation, a standalone message included', async () => {
    const keys: string[] = [];
    const limiter = new ConversationRateLimiter([]);
    const take = limiter.take.bind(limiter);
    limiter.take = (key, request) => {
      keys.push(key);
      return take(key, request);
    };
    await insertTicket(1, [toChannel(), toUser(camille)]);
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [1])], new Date());
    await dispatcher(new FakeMessenger(), { concurrency: 1 }, { limiter }).drain();
    expect(keys).toEqual([CHANNEL, personal(camille), CHANNEL]);
  });
});

describe('OutboxDispatcher: a burst to one busy conversation', () => {
  it('waits for its turns without writing each message back to its store, and sends each once', async () => {
    for (let n = 1; n <= 12; n += 1) await insertTicket(n, [toUser(camille)]);
    // started once every message is queued: they are all due at its first reading (on a busy machine,
    // a clock started before the inserts saw the later ones as not due yet)
    const clock = manualClock();
    const limiter = new ConversationRateLimiter([[1, 1_000]], () => clock.now().getTime(), 0);
    let released = 0;
    const release = ticketOutbox.release.bind(ticketOutbox);
    ticketOutbox.release = (batch, until) => {
      released += 1;
      return release(batch, until);
    };
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger, {}, { clock: clock.now, limiter });
    await d.drain();
    expect(messenger.sent).toHaveLength(1);
    for (let second = 1; second <= 12 && messenger.sent.length < 12; second += 1) {
      clock.advance(1_000);
      await d.drain();
    }
    expect(messenger.sent).toHaveLength(12);
    expect([...deliveriesPerMessage(messenger).values()].every((count) => count === 1)).toBe(true);
    // the eleven that waited were kept by the dispatcher within their lease, never handed back
    expect(released).toBe(0);
    expect(await d.stats()).toEqual({ pending: 0, failed: 0 });
  });
});

describe('OutboxDispatcher: card copies', () => {
  it('records where each card was posted, then updates every copy in place on the next change', async () => {
    await insertTicket(1, [toChannel(), toUser(theo, 'ticket.new'), toUser(jordan, 'ticket.taken')]);
    // the requester's own card, shown when she created it (recorded by the bot)
    await tickets.record(TENANT, 1, {
      activityId: 'form-card-1',
      audience: 'requester',
      locale: 'fr-FR',
      reference: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: personal(camille) } },
    });
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger);
    await d.drain();

    const [channelCard, theoCard, plainText] = messenger.sent;
    expect(channelCard).toMatchObject({ conversationId: CHANNEL, message: { card: { audience: 'technician' } } });
    expect(theoCard.message.card).toBeDefined();
    expect(plainText.message.card).toBeUndefined();
    // the channel is read by the team; Théo's 1:1 by him alone
    expect(renders.map((r) => [r.kind, r.ticket, r.reader.inChannel])).toEqual([
      ['ticket.new', 1, true],
      ['ticket.new', 1, false],
      ['ticket.taken', 1, false],
    ]);
    expect(renders[1].reader.userMri).toBe(theo.id);
    const copies = (await stored(1)).cardCopies;
    expect(copies.map((c) => [c.activityId, c.audience, (c.reference.conversation as { id: string }).id])).toEqual([
      ['form-card-1', 'requester', personal(camille)],
      [channelCard.activityId, 'technician', CHANNEL],
      [theoCard.activityId, 'technician', `a:created-${theo.id}`],
    ]);

    // the ticket changes: one card refresh redraws every posted card
    await updateTicket({ ...(await current(1)), status: 'assigned', assignee: theo, updatedAt: new Date() }, [toCopies()]);
    await d.drain();

    expect(messenger.updates.map((u) => [u.conversationId, u.activityId])).toEqual([
      [personal(camille), 'form-card-1'],
      [CHANNEL, channelCard.activityId],
      [`a:created-${theo.id}`, theoCard.activityId],
    ]);
    // each copy is re-rendered for its own reader, at the new version
    expect(messenger.updates.map((u) => u.message.card)).toEqual([
      expect.objectContaining({ audience: 'requester', locale: 'fr-FR', status: 'assigned', version: 2 }),
      expect.objectContaining({ audience: 'technician', status: 'assigned', version: 2 }),
      expect.objectContaining({ audience: 'technician', status: 'assigned', version: 2 }),
    ]);
    expect(messenger.sent).toHaveLength(3); // updates, not new messages
    expect((await stored(1)).outbox.at(-1)).toMatchObject({ kind: 'card.refresh', recipient: null, state: 'sent' });
  });

  it('a copy that was deleted (404) does not stop the others from being updated, and is forgotten', async () => {
    await insertTicket(1, [toChannel(), toUser(theo, 'ticket.new'), toUser(tina, 'ticket.new')]);
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger);
    await d.drain();
    const [channelCard, theoCard, tinaCard] = messenger.sent;
    messenger.failUpdate(channelCard.activityId, new DeliveryError('Not Found', 404, null));

    await updateTicket({ ...(await current(1)), updatedAt: new Date() }, [toCopies()]);
    await d.drain();

    expect(messenger.updateAttempts.map((u) => [u.activityId, u.status])).toEqual([
      [channelCard.activityId, 404],
      [theoCard.activityId, null],
      [tinaCard.activityId, null],
    ]);
    expect(messenger.updates.map((u) => u.activityId)).toEqual([theoCard.activityId, tinaCard.activityId]);
    const refresh = (await stored(1)).outbox.at(-1)!;
    expect(refresh).toMatchObject({ state: 'sent', attempts: 0 });
    expect(await d.drain()).toBe(0);
    expect(messenger.updateAttempts).toHaveLength(3);
    // the next change no longer tries the deleted one
    expect((await stored(1)).cardCopies.map((c) => c.activityId)).toEqual([theoCard.activityId, tinaCard.activityId]);
    await updateTicket({ ...(await current(1)), updatedAt: new Date() }, [toCopies()]);
    await d.drain();
    expect(messenger.updateAttempts.slice(3).map((u) => u.activityId)).toEqual([theoCard.activityId, tinaCard.activityId]);
  });
});

describe('a long-lived ticket does not grow without bound', () => {
  it('drops notifications delivered more than a day ago, keeps failed ones for the admins', async () => {
    const messenger = new FakeMessenger();
    let now = new Date();
    const clock = () => now;
    const ticket = await insertTicket(70, [toUser(camille, 'ticket.taken')]);
    await dispatcher(messenger, { maxAgeMs: 60_000 }, { clock }).drain();
    messenger.failAlways(personal(jordan), new DeliveryError('Forbidden', 403, null));
    await updateTicket(ticket, [toUser(jordan, 'followup.public', 'bonjour')]);
    await dispatcher(messenger, {}, { clock }).drain();

    now = new Date(now.getTime() + 25 * HOUR); // a day and an hour later, a new change
    await updateTicket({ ...(await current(70)), updatedAt: now }, [toUser(camille, 'ticket.resumed')]);
    await dispatcher(messenger, {}, { clock }).drain();

    const left = (await stored(70)).outbox.map((item) => `${item.kind}:${item.state}`);
    expect(left).toEqual(['followup.public:failed', 'ticket.resumed:sent']);
  });
});

describe('the outbox collection: messages born outside a ticket change', () => {
  it("a group digest is posted to the group's channel by the same dispatcher, drawn for the channel, and marked sent", async () => {
    const clock = manualClock();
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [12, 15])], clock.now());
    expect((await storedMessages()).map((m) => [m.kind, m.state, m.tenantId])).toEqual([['group.digest', 'pending', TENANT]]);

    const messenger = new FakeMessenger();
    const d = dispatcher(messenger, {}, { clock: clock.now, render: realRender });
    expect(await d.drain()).toBe(1);

    expect(messenger.sent).toHaveLength(1);
    const [posted] = messenger.sent;
    expect(posted.conversationId).toBe(CHANNEL);
    // the helpdesk's language (fr-FR by default), the group's name, one line per ticket
    const card = JSON.stringify(posted.message.card);
    expect(card).toContain('Tickets à surveiller — Support N1');
    expect(card).toContain('2 tickets demandent votre attention.');
    expect(card).toContain('Imprimante 12');
    expect(card).toContain('Imprimante 15');
    const [message] = await storedMessages();
    expect(message).toMatchObject({ state: 'sent', attempts: 0, lastError: null, doneAt: clock.now() });
    // a digest is no ticket's card: nothing to keep up to date, and no ticket document was touched
    expect(await db().collection('tickets').countDocuments()).toBe(0);
    expect(await d.drain()).toBe(0);
    expect(await d.stats()).toEqual({ pending: 0, failed: 0 });
  });

  it('enqueueing wakes the dispatcher once the message is stored, and only when there is one', async () => {
    // create-app.ts passes () => dispatcher.kick(): what is counted here is what the dispatcher would find
    const found: Promise<number>[] = [];
    const outbox = new MongoMessageOutbox(db(), () => found.push(db().collection('outbox').countDocuments({ state: 'pending' })));
    await outbox.enqueue(TENANT, [digest(GROUP, [4]), digest(QUIET_GROUP, [5])], new Date());
    expect(await Promise.all(found)).toEqual([2]);
    await outbox.enqueue(TENANT, [], new Date());
    expect(found).toHaveLength(1);
  });

  it('a message claimed by a dispatcher that died is re-delivered once its lease expired, and only once', async () => {
    const leaseMs = 60_000;
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [9])], new Date());
    const frozen = new FakeMessenger().failNext(CHANNEL, 'hang');
    const deadDrain = dispatcher(frozen, { leaseMs }).drain();
    await frozen.whenHung();
    expect((await storedMessages())[0].leaseToken).not.toBeNull();

    const clock = manualClock();
    const messenger = new FakeMessenger();
    const survivor = dispatcher(messenger, { leaseMs }, { clock: clock.now });
    clock.advance(leaseMs - 1_000);
    expect(await survivor.drain()).toBe(0);
    clock.advance(2_000);
    expect(await survivor.drain()).toBe(1);
    expect(messenger.sent.map((s) => s.conversationId)).toEqual([CHANNEL]);

    // the frozen one wakes with a network error: the message is no longer its to record
    frozen.wakeHung();
    await deadDrain;
    expect((await storedMessages()).map((m) => [m.state, m.attempts, m.lastError])).toEqual([['sent', 0, null]]);
    expect(frozen.sent).toHaveLength(0);
  });

  it('a digest for a group with no known channel is skipped, not failed', async () => {
    await messageOutbox.enqueue(TENANT, [digest(QUIET_GROUP, [4])], new Date());
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger);
    expect(await d.drain()).toBe(1);
    expect(messenger.attempts).toEqual([]);
    expect((await storedMessages()).map((m) => m.state)).toEqual(['skipped']);
    expect(await d.stats()).toEqual({ pending: 0, failed: 0 });
  });

  it('a 429 with Retry-After is retried once due, not before, and delivered once', async () => {
    const clock = manualClock();
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [7])], clock.now());
    const messenger = new FakeMessenger().failNext(CHANNEL, new DeliveryError('Too Many Requests', 429, 30_000));
    const d = dispatcher(messenger, { maxAgeMs: 30 * 60_000 }, { clock: clock.now });

    expect(await d.drain()).toBe(1);
    const [waiting] = await storedMessages();
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1, lastError: '429: Too Many Requests', leaseToken: null, doneAt: null });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + 30_000);
    expect(await d.stats()).toEqual({ pending: 1, failed: 0 });

    clock.advance(29_000);
    expect(await d.drain()).toBe(0);
    clock.advance(2_000);
    expect(await d.drain()).toBe(1);
    expect(messenger.attempts.map((a) => a.outcome)).toEqual(['failed', 'sent']);
    expect(messenger.sent.map((s) => s.message.text)).toEqual([`digest ${GROUP}: #7`]);
    expect((await storedMessages())[0]).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
  });

  it('429 forever: given up past maxAgeMs, counted as failed and listed in « échecs » with no ticket number, after the older ticket failure', async () => {
    const clock = manualClock();
    const messenger = new FakeMessenger()
      .failAlways(CHANNEL, new DeliveryError('Too Many Requests', 429, 1_000))
      .failNext(personal(jordan), new DeliveryError('Forbidden: bot blocked', 403, null));
    // a ticket notification fails first (a 403 gives up at once)…
    await insertTicket(3, [toUser(jordan, 'ticket.taken')], { createdAt: clock.now(), updatedAt: clock.now() });
    const d = dispatcher(messenger, { maxAgeMs: 60_000 }, { clock: clock.now });
    expect(await d.drain()).toBe(1);

    // …then a digest is throttled until it is too old to be worth sending
    clock.advance(1_000);
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [3, 4, 5])], clock.now());
    expect(await d.drain()).toBe(1);
    expect((await storedMessages())[0]).toMatchObject({ state: 'pending', attempts: 1 });
    clock.advance(2_000);
    expect(await d.drain()).toBe(1);
    expect((await storedMessages())[0]).toMatchObject({ state: 'pending', attempts: 2 });
    clock.advance(2 * 60_000);
    expect(await d.drain()).toBe(1);

    const [gaveUp] = await storedMessages();
    expect(gaveUp).toMatchObject({ state: 'failed', attempts: 3, lastError: '429: Too Many Requests', doneAt: clock.now() });
    expect(await d.stats()).toEqual({ pending: 0, failed: 2 });
    expect(logs.some((line) => line.includes('failed for good') && line.includes('of the outbox') && line.includes('429'))).toBe(true);

    const failures = await new OutboxFailuresQuery([ticketOutbox, messageOutbox]).listFailed(TENANT, 10);
    expect(failures).toEqual([
      { number: null, recipient: { kind: 'channel', groupId: GROUP }, kind: 'group.digest', error: '429: Too Many Requests', at: clock.now() },
      { number: 3, recipient: { kind: 'user', name: jordan.name }, kind: 'ticket.taken', error: '403: Forbidden: bot blocked', at: expect.any(Date) },
    ]);
    expect(await new OutboxFailuresQuery([ticketOutbox, messageOutbox]).listFailed('tenant-other', 10)).toEqual([]);

    // failed stays failed: a day later nothing is tried again
    clock.advance(24 * HOUR);
    const attempts = messenger.attempts.length;
    expect(await d.drain()).toBe(0);
    expect(messenger.attempts).toHaveLength(attempts);
  });

  it('an unreadable stored message (bad payload) fails visibly and does not hold back the others', async () => {
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [1]), digest(GROUP, [2])], new Date());
    // both were stored in the same instant: find the one about ticket #1 by its payload
    const first = (await storedMessages()).find((m) => JSON.stringify(m.payload).includes('"number":1,'))!;
    await db().collection('outbox').updateOne({ _id: first._id } as never, { $set: { 'payload.tickets': 'pas une liste' } });
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger, { concurrency: 1 });
    expect(await d.drain()).toBe(2);

    expect(messenger.sent.map((s) => s.message.text)).toEqual([`digest ${GROUP}: #2`]);
    const byId = new Map((await storedMessages()).map((m) => [m._id, m]));
    expect(byId.get(first._id)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(byId.get(first._id)!.lastError).toContain('unreadable outbox entry');
    expect(await d.stats()).toEqual({ pending: 0, failed: 1 });
    expect((await new OutboxFailuresQuery([ticketOutbox, messageOutbox]).listFailed(TENANT, 10)).map((f) => [f.number, f.kind])).toEqual([
      [null, 'group.digest'],
    ]);
  });

  it("one drain() delivers a ticket change's messages and a standalone message alike", async () => {
    await insertTicket(1, [toChannel(), toUser(camille, 'ticket.taken')]);
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [1])], new Date());
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger);
    expect(await d.stats()).toEqual({ pending: 3, failed: 0 });

    expect(await d.drain()).toBe(3);
    expect(messenger.sent.map((s) => [s.conversationId, s.message.text]).sort()).toEqual(
      [
        [CHANNEL, '#1 ticket.new'],
        [CHANNEL, `digest ${GROUP}: #1`],
        [personal(camille), '#1 ticket.taken'],
      ].sort(),
    );
    expect(renders.find((r) => r.kind === 'group.digest')).toMatchObject({ ticket: null, reader: { inChannel: true, locale: 'fr-FR' } });
    expect((await stored(1)).outbox.map((i) => i.state)).toEqual(['sent', 'sent']);
    expect((await storedMessages()).map((m) => m.state)).toEqual(['sent']);
    expect(await d.stats()).toEqual({ pending: 0, failed: 0 });
  });

  it('drops messages delivered more than a day ago, keeps failed ones for the admins', async () => {
    const clock = manualClock();
    const messenger = new FakeMessenger().failNext(CHANNEL, new DeliveryError('Forbidden', 403, null));
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [1])], new Date(clock.now().getTime() - 1));
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [2])], clock.now());
    const d = dispatcher(messenger, { concurrency: 1 }, { clock: clock.now });
    expect(await d.drain()).toBe(2);
    expect((await storedMessages()).map((m) => [m.payload.tickets, m.state])).toEqual([
      [[expect.objectContaining({ number: 1 })], 'failed'],
      [[expect.objectContaining({ number: 2 })], 'sent'],
    ]);

    clock.advance(25 * HOUR);
    await messageOutbox.enqueue(TENANT, [digest(GROUP, [3])], clock.now());
    expect(await d.drain()).toBe(1);
    expect((await storedMessages()).map((m) => [(m.payload.tickets as { number: number }[])[0].number, m.state])).toEqual([
      [1, 'failed'],
      [3, 'sent'],
    ]);
  });
});
