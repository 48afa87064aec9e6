import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordCardCopy } from '../../src/app/record-card-copy.use-case.js';
import type { Notification, Queued, TicketRef } from '../../src/domain/notification.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoMessageOutbox } from '../../src/infra/mongo/mongo-message-outbox.js';
import { MongoTicketOutboxStore } from '../../src/infra/mongo/mongo-ticket-outbox.store.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import type { Messenger } from '../../src/infra/notify/messenger.js';
import { OutboxDispatcher, type MessageRenderer } from '../../src/infra/notify/outbox-dispatcher.js';
import { ConversationRateLimiter, TEAMS_CONVERSATION_LIMITS } from '../../src/infra/notify/rate-limiter.js';
import { useTestDatabase } from '../support/mongo.js';
import { aTicket } from '../support/ticket-mother.js';
import { FakeMessenger } from './support/fake-messenger.js';
import { VirtualTime } from './support/virtual-time.js';

/**
 * Nobody's burst delays someone else's notice: a requester who re-opened her card 200 times
 * and a user who opened 150 tickets in 2 s, against a third user whose new ticket and whose
 * notice must still arrive within 5 s. Real mongod, real dispatcher and Teams pacing, on a
 * virtual clock (no sleeps): the dispatcher is drained at every moment something becomes due.
 */

const TENANT = 'tenant-contoso';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const GROUP = 'support-n1';
const CHANNEL = '19:support-n1@thread.tacv2';
const T0 = Date.parse('2025-03-03T09:00:00Z');

const rose: Person = { id: 'aad-rose', name: 'Rose Requérante' };
const bruno: Person = { id: 'aad-bruno', name: 'Bruno Rafale' };
const camille: Person = { id: 'aad-camille', name: 'Camille Martin' };
const theo: Person = { id: 'aad-theo', name: 'Théo Technicien' };
const tina: Person = { id: 'aad-tina', name: 'Tina Tech' };

const chatOf = (person: Person) => `a:personal-${person.id}`;
const referenceOf = (conversationId: string) => ({ channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: conversationId } });

const db = useTestDatabase();
let time: VirtualTime;
let tickets: MongoTicketRepository;
let messenger: FakeMessenger;
let dispatcher: OutboxDispatcher;
let groups: MongoGroupRepository;
let conversations: MongoConversationRepository;

/** every message names its ticket and kind; a new ticket's message carries its card (a copy kept up to date) */
const render: MessageRenderer = {
  notification(notification, { ticket }) {
    const number = 'number' in notification.payload ? notification.payload.number : 0;
    const text = `#${number} ${notification.kind}`;
    if (notification.kind !== 'ticket.new' || !ticket) return { text };
    return { text, card: { type: 'AdaptiveCard', number, version: ticket.version }, ticketCard: 'technician' };
  },
  copy: (ticket) => ({ type: 'AdaptiveCard', number: ticket.number, version: ticket.version }),
};

beforeAll(async () => {
  await ensureIndexes(db());
  await new MongoMessageOutbox(db()).ensureIndexes();
});

beforeEach(async () => {
  time = new VirtualTime(T0 - 120_000);
  const clock = () => new Date(time.now());
  tickets = new MongoTicketRepository(db());
  groups = new MongoGroupRepository(db());
  conversations = new MongoConversationRepository(db());
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
  for (const person of [rose, bruno, camille, theo, tina]) {
    await conversations.save({ tenantId: TENANT, userId: person.id, userName: person.name, locale: 'fr-FR', reference: referenceOf(chatOf(person)), updatedAt: clock() });
  }
  messenger = new FakeMessenger(0, 'act', time.now);
  dispatcher = new OutboxDispatcher(
    { stores: [new MongoTicketOutboxStore(db()), new MongoMessageOutbox(db())], messenger, conversations, groups, render, clock, log: () => undefined },
    { defaultServiceUrl: SERVICE_URL },
  );
});

const refOf = (ticket: Ticket): TicketRef => ({ number: ticket.number, title: ticket.title });

/** what OpenTicket queues for a new ticket of this group: its channel, then each on-duty technician */
const announced = (ref: TicketRef, by: Person): Notification[] => [
  { kind: 'ticket.new', recipient: { kind: 'channel', groupId: GROUP }, actor: by, payload: ref },
  { kind: 'ticket.new', recipient: { kind: 'user', user: theo }, actor: by, payload: ref },
  { kind: 'ticket.new', recipient: { kind: 'user', user: tina }, actor: by, payload: ref },
];

async function open(number: number, requester: Person, copies: { activityId: string; conversationId: string }[] = []): Promise<Ticket> {
  const now = new Date(time.now());
  const ticket = aTicket({ id: randomUUID(), tenantId: TENANT, number, version: 1, requester, groupId: GROUP, assignee: null, createdAt: now, updatedAt: now, history: [] });
  const saved = await tickets.insert(ticket, {
    notifications: announced(refOf(ticket), requester),
    copies: copies.map(({ activityId, conversationId }) => ({ activityId, audience: 'requester', locale: 'fr-FR', reference: referenceOf(conversationId) })),
  });
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

async function change(number: number, messages: (ref: TicketRef) => Queued[]): Promise<void> {
  const found = await tickets.findByNumber(TENANT, number);
  if (!found.ok) throw new Error(`#${number} missing`);
  const saved = await tickets.update({ ...found.value, updatedAt: new Date(time.now()) }, messages(refOf(found.value)));
  if (!saved.ok) throw new Error(saved.error.message);
}

interface Step {
  readonly at: number;
  readonly run: () => Promise<void>;
}

/** Runs the steps at their (virtual) times, draining the outbox whenever something is due, until it is empty. */
async function runUntilDelivered(steps: Step[], limitMs = 10 * 60_000): Promise<void> {
  const queue = [...steps].sort((a, b) => a.at - b.at);
  const end = time.now() + limitMs;
  for (;;) {
    while (queue.length > 0 && queue[0].at <= time.now()) await queue.shift()!.run();
    await dispatcher.drain();
    const { pending } = await dispatcher.stats();
    if (pending === 0 && queue.length === 0) return;
    const next = Math.min(dispatcher.nextWake()?.getTime() ?? Infinity, queue[0]?.at ?? Infinity);
    if (next > end) throw new Error(`${pending} notification(s) still pending after ${limitMs} ms`);
    // nothing deferred and no step left, yet work pending (a retry): the poll would find it
    await time.advanceTo(Number.isFinite(next) ? next : time.now() + 2_000);
  }
}

/** the largest number of sends and updates to one conversation within any window [t, t + windowMs) */
function busiest(conversationId: string, windowMs: number): number {
  const times = [...messenger.sent, ...messenger.updates].filter((s) => s.conversationId === conversationId).map((s) => s.at);
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

const sentAt = (conversationId: string, text: string): number => {
  const found = messenger.sent.find((s) => s.conversationId === conversationId && s.message.text === text);
  if (!found) throw new Error(`${text} never reached ${conversationId}`);
  return found.at;
};

describe("fairness: one person's burst never delays someone else's notice by more than 5 s", () => {
  it("200 re-opens of a card and 150 tickets opened in 2 s: the third user's new ticket and notice arrive within 5 s", { timeout: 120_000 }, async () => {
    // earlier: Rose and Camille each opened a ticket, announced at once
    await open(1, rose, [{ activityId: 'rose-form', conversationId: chatOf(rose) }]);
    await open(2, camille);
    await runUntilDelivered([]);

    // Rose re-opens her ticket's card 200 times (« #1 » in her chat): each answer is recorded as a copy
    const recordCopy = new RecordCardCopy(tickets);
    for (let i = 0; i < 200; i += 1) {
      await recordCopy.execute(TENANT, 1, { activityId: `rose-open-${i}`, audience: 'requester', locale: 'fr-FR', reference: referenceOf(chatOf(rose)) });
    }
    const roseTicket = (await db().collection('tickets').findOne({ number: 1 })) as unknown as { cardCopies: { activityId: string; reference: { conversation: { id: string } } }[] };
    // one copy per conversation: her chat keeps only the card she opened last
    expect(roseTicket.cardCopies.map((c) => c.reference.conversation.id).sort()).toEqual([chatOf(rose), CHANNEL, chatOf(theo), chatOf(tina)].sort());
    expect(roseTicket.cardCopies.find((c) => c.reference.conversation.id === chatOf(rose))?.activityId).toBe('rose-open-199');

    await time.advanceTo(T0);
    const steps: Step[] = [
      // Théo answers Rose: she is told, and every copy of her card is refreshed
      {
        at: T0,
        run: () =>
          change(1, (ref) => [
            { kind: 'followup.public', recipient: { kind: 'user', user: rose }, actor: theo, payload: { ...ref, text: 'Je regarde.' } },
            { kind: 'card.refresh', actor: theo },
          ]),
      },
      // Bruno opens 150 tickets in 2 s: 450 messages for the channel and the two technicians' chats
      ...Array.from({ length: 10 }, (_, k) => ({
        at: T0 + k * 200,
        run: async () => {
          await Promise.all(Array.from({ length: 15 }, (_, i) => open(100 + k * 15 + i, bruno)));
        },
      })),
      // in the middle of it, Camille opens a ticket…
      { at: T0 + 1_000, run: async () => void (await open(300, camille)) },
      // …and Tina takes Camille's earlier one: Camille is told
      {
        at: T0 + 1_500,
        run: () =>
          change(2, (ref) => [
            { kind: 'ticket.taken', recipient: { kind: 'user', user: camille }, actor: tina, payload: ref },
            { kind: 'card.refresh', actor: tina },
          ]),
      },
    ];
    await runUntilDelivered(steps);

    // the third user: her new ticket reached the channel and each technician, and her notice reached her, within 5 s
    const delays = {
      channel: sentAt(CHANNEL, '#300 ticket.new') - (T0 + 1_000),
      theo: sentAt(chatOf(theo), '#300 ticket.new') - (T0 + 1_000),
      tina: sentAt(chatOf(tina), '#300 ticket.new') - (T0 + 1_000),
      notice: sentAt(chatOf(camille), '#2 ticket.taken') - (T0 + 1_500),
      rose: sentAt(chatOf(rose), '#1 followup.public') - T0,
    };
    for (const [who, delay] of Object.entries(delays)) expect({ who, delay: delay <= 5_000 }).toEqual({ who, delay: true });

    // Rose's change refreshed four cards (her newest, the channel's, each technician's), not 200
    const roseUpdates = messenger.updates.filter((u) => (u.message.card as { number: number }).number === 1);
    expect(roseUpdates.map((u) => u.activityId).filter((id) => id.startsWith('rose'))).toEqual(['rose-open-199']);
    expect(roseUpdates.map((u) => u.conversationId).sort()).toEqual([chatOf(rose), CHANNEL, chatOf(theo), chatOf(tina)].sort());

    // the burst was delivered too, all of it, each message once, and never faster than Teams allows
    const burst = messenger.sent.filter((s) => /^#(1\d\d|2[0-4]\d) ticket\.new$/.test(s.message.text ?? ''));
    expect(burst).toHaveLength(450);
    expect(new Set(burst.map((s) => `${s.conversationId} ${s.message.text}`)).size).toBe(450);
    for (const conversation of [CHANNEL, chatOf(theo), chatOf(tina)]) {
      for (const [count, windowMs] of TEAMS_CONVERSATION_LIMITS) expect(busiest(conversation, windowMs)).toBeLessThanOrEqual(count);
    }
    // and in each ticket's order: its channel post before its technicians'
    for (const number of [100, 175, 249, 300]) {
      expect(sentAt(CHANNEL, `#${number} ticket.new`)).toBeLessThanOrEqual(sentAt(chatOf(theo), `#${number} ticket.new`));
      expect(sentAt(chatOf(theo), `#${number} ticket.new`)).toBeLessThanOrEqual(sentAt(chatOf(tina), `#${number} ticket.new`));
    }
  });
});

describe('fairness: a big card refresh', () => {
  it('waits for a paced conversation without holding its other copies, and yields to other tickets every few copies', async () => {
    await time.advanceTo(T0);
    const clock = () => new Date(time.now());
    // sends and updates, in the order they happened
    const log: string[] = [];
    const logged: Messenger = {
      send: (reference, message) => (log.push(`send ${message.text}`), messenger.send(reference, message)),
      update: (reference, activityId, message) => (log.push(`update ${activityId}`), messenger.update(reference, activityId, message)),
      createPersonalConversation: (...args) => messenger.createPersonalConversation(...args),
    };
    const limiter = new ConversationRateLimiter(undefined, time.now);
    const one = new OutboxDispatcher(
      { stores: [new MongoTicketOutboxStore(db())], messenger: logged, conversations, groups, render, clock, limiter, log: () => undefined },
      { defaultServiceUrl: SERVICE_URL, concurrency: 1, copiesPerTurn: 8 },
    );
    dispatcher = one;
    // ticket #1 is shown in the channel and in 19 people's chats
    await open(1, rose, [
      { activityId: 'in-channel', conversationId: CHANNEL },
      ...Array.from({ length: 19 }, (_, i) => ({ activityId: `reader-${i + 1}`, conversationId: `a:reader-${i + 1}` })),
    ]);
    await db().collection('tickets').updateOne({ number: 1 }, { $set: { outbox: [] } });
    // the channel is at its limit right now (7 posts this second)
    for (let i = 0; i < 7; i += 1) expect(limiter.take(CHANNEL, { id: `earlier-${i}`, share: 'someone' })).toBe(0);

    await change(1, () => [{ kind: 'card.refresh', actor: theo }]);
    await open(2, camille);
    await db().collection('tickets').updateOne({ number: 2 }, { $set: { outbox: [] } });
    await change(2, (ref) => [{ kind: 'ticket.taken', recipient: { kind: 'user', user: camille }, actor: tina, payload: ref }]);
    await runUntilDelivered([]);

    const updates = log.filter((line) => line.startsWith('update')).map((line) => line.slice('update '.length));
    expect(updates.sort()).toEqual(['in-channel', ...Array.from({ length: 19 }, (_, i) => `reader-${i + 1}`)].sort());
    // the paced channel copy did not hold the others: it was updated last, at its turn
    expect(log.filter((line) => line.startsWith('update')).at(-1)).toBe('update in-channel');
    expect(messenger.updates.find((u) => u.activityId === 'in-channel')!.at).toBeGreaterThanOrEqual(T0 + 1_000);
    // Camille's notice went out after the first turn of copies, not after all of them
    const notice = log.indexOf('send #2 ticket.taken');
    expect(log.slice(0, notice).filter((line) => line.startsWith('update'))).toHaveLength(8);
  });
});
