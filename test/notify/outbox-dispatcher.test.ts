import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Notification, NotificationMessage, Recipient } from '../../src/domain/notification.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import type { OutboxItem } from '../../src/infra/mongo/outbox-item.js';
import { DeliveryError } from '../../src/infra/notify/messenger.js';
import {
  OutboxDispatcher,
  type DispatcherOptions,
  type NotificationRenderer,
} from '../../src/infra/notify/outbox-dispatcher.js';
import { ConversationRateLimiter } from '../../src/infra/notify/rate-limiter.js';
import { useTestDatabase } from '../support/mongo.js';
import { aTicket } from '../support/ticket-mother.js';
import { FakeMessenger } from './support/fake-messenger.js';
import { VirtualTime } from './support/virtual-time.js';

const TENANT = 'tenant-contoso';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const GROUP = 'support-n1';
const CHANNEL = '19:support-n1@thread.tacv2';

const camille: Person = { id: 'aad-camille', name: 'Camille Martin' };
const jordan: Person = { id: 'aad-jordan', name: 'Jordan Smith' };
const theo: Person = { id: 'aad-theo', name: 'Théo Technicien' };
const tina: Person = { id: 'aad-tina', name: 'Tina Tech' };

const personal = (person: Person) => `a:personal-${person.id}`;

const db = useTestDatabase();
let tickets: MongoTicketRepository;
let groups: MongoGroupRepository;
let conversations: MongoConversationRepository;
let logs: string[];
const running: OutboxDispatcher[] = [];

beforeAll(async () => {
  await ensureIndexes(db());
});

beforeEach(async () => {
  tickets = new MongoTicketRepository(db());
  groups = new MongoGroupRepository(db());
  conversations = new MongoConversationRepository(db());
  logs = [];
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

/** a renderer that makes every delivered message say which ticket, what and to whom */
const render: NotificationRenderer = (ticket, item, { locale }) => ({
  text: `#${ticket.number} ${item.message}${item.note ? `: ${item.note}` : ''}`,
  ...(item.withCard
    ? { card: { type: 'AdaptiveCard', number: ticket.number, version: ticket.version, status: ticket.status, audience: item.audience, locale } }
    : {}),
});

function dispatcher(
  messenger: FakeMessenger,
  options: Partial<DispatcherOptions> = {},
  extra: { clock?: () => Date; limiter?: ConversationRateLimiter } = {},
): OutboxDispatcher {
  const created = new OutboxDispatcher(
    { db: db(), messenger, conversations, groups, render, log: (line) => logs.push(line), ...extra },
    { baseDelayMs: 50, maxDelayMs: 500, pollMs: 50, defaultServiceUrl: SERVICE_URL, ...options },
  );
  running.push(created);
  return created;
}

const toUser = (user: Person, message: NotificationMessage = 'ticket.taken', note: string | null = null): Notification => ({
  recipient: { kind: 'user', user },
  message,
  audience: user === camille || user === jordan ? 'requester' : 'technician',
  withCard: false,
  note,
  actor: theo,
});

const toChannel = (): Notification => ({
  recipient: { kind: 'channel', groupId: GROUP },
  message: 'ticket.new',
  audience: 'technician',
  withCard: true,
  note: null,
  actor: camille,
});

const toCopies = (): Notification => ({
  recipient: { kind: 'copies' } as Recipient,
  message: 'card.refresh',
  audience: 'technician',
  withCard: false,
  note: null,
  actor: theo,
});

/** stores ticket #number with its notifications in one write, as OpenTicket does */
async function insertTicket(number: number, notifications: readonly Notification[], overrides: Partial<Ticket> = {}) {
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
  const saved = await tickets.insert(ticket, undefined, notifications);
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

interface StoredTicket {
  number: number;
  version: number;
  outbox: OutboxItem[];
  cardCopies: { activityId: string; audience: string; locale: string; reference: Record<string, unknown> }[];
}

const stored = async (number: number) =>
  (await db().collection('tickets').findOne({ tenantId: TENANT, number })) as unknown as StoredTicket;

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
      await insertTicket(n, [toChannel(), toUser(jordan, 'ticket.new', `t${n}`), toUser(camille, 'ticket.taken', `t${n}`)]);
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
          return insertTicket(n, [toUser(jordan, 'ticket.new', `t${n}`)], { createdAt: new Date(base + n * 1000), updatedAt: new Date(base + n * 1000) });
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
        Array.from({ length: 20 }, (_, i) => `#${i + 1} ticket.new: t${i + 1}`),
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
    await insertTicket(1, [toUser(camille, 'ticket.solved', 'Redémarrez le poste')]);
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
    expect(messenger.sent[0].message.text).toBe('#1 ticket.solved: Redémarrez le poste');
  });

  it('429 forever: given up after maxAgeMs as "failed" with the error kept, without holding back other tickets', async () => {
    await insertTicket(1, [toUser(jordan, 'ticket.taken', 'throttled')]);
    for (let n = 2; n <= 6; n += 1) await insertTicket(n, [toUser(camille, 'ticket.taken', `t${n}`), toChannel()]);
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

    // a failed notification stays failed (visible), it is not retried any more
    const attemptsSoFar = messenger.attempts.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await d.drain()).toBe(0);
    expect(messenger.attempts).toHaveLength(attemptsSoFar);
  });

  it('a 403 fails at once: no retry', async () => {
    await insertTicket(1, [toUser(jordan, 'ticket.taken'), toUser(camille, 'ticket.taken')]);
    const messenger = new FakeMessenger().failNext(personal(jordan), new DeliveryError('Forbidden: bot blocked', 403, null));
    const d = dispatcher(messenger);
    expect(await d.drain()).toBe(2);
    const [blocked, other] = (await stored(1)).outbox;
    expect(blocked).toMatchObject({ state: 'failed', attempts: 1, lastError: '403: Forbidden: bot blocked' });
    expect(other.state).toBe('sent');

    d.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messenger.attempts.filter((a) => a.conversationId === personal(jordan))).toHaveLength(1);
    expect(await d.stats()).toEqual({ pending: 0, failed: 1 });
  });

  // BUG (src/infra/notify/outbox-dispatcher.ts, processOneTicket() "keep a ticket's messages in
  // order" + release()): after a retryable
  // failure the ticket's later claimed items are released with leaseUntil = EPOCH, and the claim
  // filter only looks at each item's own due date, so the very next claim (same drain) sends them
  // at once, ahead of the earlier message waiting for its retry. Remove `.fails` once fixed.
  it('keeps a ticket\'s messages in order: a later one waits behind an earlier one being retried', async () => {
    await insertTicket(1, [toUser(camille, 'ticket.taken', 'first'), toUser(camille, 'ticket.solved', 'second')]);
    const messenger = new FakeMessenger().failNext(personal(camille), new DeliveryError('Too Many Requests', 429, 200));
    const d = dispatcher(messenger);
    d.start();
    await until(async () => (await stored(1)).outbox.every((i) => i.state === 'sent'), 5_000);
    expect(messenger.sentTo(personal(camille)).map((s) => s.message.text)).toEqual([
      '#1 ticket.taken: first',
      '#1 ticket.solved: second',
    ]);
  });
});

describe('ConversationRateLimiter: Teams pacing per conversation', () => {
  /** the largest number of times within any window [t, t + windowMs) */
  const busiest = (times: readonly number[], windowMs: number) =>
    Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));

  it('20 messages for one conversation never exceed 7 per 1 s nor 8 per 2 s; another conversation is not delayed', async () => {
    const time = new VirtualTime(1_000_000);
    const limiter = new ConversationRateLimiter(undefined, time.now, time.sleep);
    const busy: number[] = [];
    const quiet: number[] = [];
    const done = [
      ...Array.from({ length: 20 }, () => limiter.acquire('busy').then(() => void busy.push(time.now()))),
      ...Array.from({ length: 3 }, () => limiter.acquire('quiet').then(() => void quiet.push(time.now()))),
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

  it('the dispatcher paces through the limiter per conversation', async () => {
    const keys: string[] = [];
    const limiter = new ConversationRateLimiter([]);
    const acquire = limiter.acquire.bind(limiter);
    limiter.acquire = (key: string) => {
      keys.push(key);
      return acquire(key);
    };
    await insertTicket(1, [toChannel(), toUser(camille)]);
    await dispatcher(new FakeMessenger(), {}, { limiter }).drain();
    expect(keys).toEqual([CHANNEL, personal(camille)]);
  });
});

describe('OutboxDispatcher: card copies', () => {
  it('records where each card was posted, then updates every copy in place on the next change', async () => {
    await insertTicket(1, [toChannel(), { ...toUser(theo, 'ticket.new'), withCard: true }, toUser(jordan, 'ticket.taken')]);
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
    const copies = (await stored(1)).cardCopies;
    expect(copies.map((c) => [c.activityId, c.audience, (c.reference.conversation as { id: string }).id])).toEqual([
      ['form-card-1', 'requester', personal(camille)],
      [channelCard.activityId, 'technician', CHANNEL],
      [theoCard.activityId, 'technician', `a:created-${theo.id}`],
    ]);

    // the ticket changes: one "copies" notification refreshes every posted card
    const current = await tickets.findByNumber(TENANT, 1);
    if (!current.ok) throw new Error('not found');
    const saved = await tickets.update({ ...current.value, status: 'assigned', assignee: theo, updatedAt: new Date() }, [toCopies()]);
    expect(saved.ok).toBe(true);
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
    expect((await stored(1)).outbox.at(-1)?.state).toBe('sent');
  });

  it('a copy that was deleted (404) does not stop the others from being updated', async () => {
    await insertTicket(1, [toChannel(), { ...toUser(theo, 'ticket.new'), withCard: true }, { ...toUser(tina, 'ticket.new'), withCard: true }]);
    const messenger = new FakeMessenger();
    const d = dispatcher(messenger);
    await d.drain();
    const [channelCard, theoCard, tinaCard] = messenger.sent;
    messenger.failUpdate(channelCard.activityId, new DeliveryError('Not Found', 404, null));

    const current = await tickets.findByNumber(TENANT, 1);
    if (!current.ok) throw new Error('not found');
    await tickets.update({ ...current.value, updatedAt: new Date() }, [toCopies()]);
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
    await tickets.update(ticket, [toUser(jordan, 'followup.public', 'bonjour')]);
    await dispatcher(messenger, {}, { clock }).drain();

    now = new Date(now.getTime() + 25 * 3600_000); // a day and an hour later, a new change
    const current = await tickets.findByNumber(TENANT, 70);
    if (!current.ok) throw new Error('ticket missing');
    await tickets.update({ ...current.value, updatedAt: now }, [toUser(camille, 'ticket.resumed')]);
    await dispatcher(messenger, {}, { clock }).drain();

    const doc = await db().collection('tickets').findOne({ number: 70 });
    const left = (doc?.outbox ?? []).map((item: OutboxItem) => `${item.message}:${item.state}`);
    expect(left).toEqual(['followup.public:failed', 'ticket.resumed:sent']);
  });
});
