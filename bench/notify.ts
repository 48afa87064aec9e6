/**
 * `npm run bench` (second part): notification delivery against a fake Bot Connector that
 * enforces Teams' per-conversation limits (7 msgs/1 s, 8/2 s, 60/30 s; 429 + Retry-After
 * beyond), through the real dispatcher, messenger (botbuilder CloudAdapter) and mongod.
 * Prints: dispatch rate, 429s our own pacing triggered (should be 0), the time to update
 * every posted copy of a ticket card (5 copies), and the third-user notification delay under
 * two bursts (one requester re-opening her card 200 times, another user opening 150 tickets
 * in 2 s). Figures, not a test.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { MongoClient, type Db } from 'mongodb';
import categories from '../config/categories.json' with { type: 'json' };
import type { Category } from '../src/domain/category.js';
import { RecordCardCopy } from '../src/app/record-card-copy.use-case.js';
import type { Notification, Queued, TicketRef } from '../src/domain/notification.js';
import type { Person, Ticket } from '../src/domain/ticket.js';
import { startEmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { MongoConversationRepository } from '../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../src/infra/mongo/mongo-ticket.repository.js';
import { MongoTicketOutboxStore } from '../src/infra/mongo/mongo-ticket-outbox.store.js';
import { BotConnectorMessenger } from '../src/infra/notify/bot-connector.messenger.js';
import type { Messenger } from '../src/infra/notify/messenger.js';
import { OutboxDispatcher } from '../src/infra/notify/outbox-dispatcher.js';
import { renderCardCopy, renderNotification } from '../src/views/notification.view.js';
import { aTicketIn } from '../test/support/ticket-mother.js';

const CONVERSATIONS = Number(process.env.BENCH_NOTIFY_CONVERSATIONS ?? 20);
const PER_CONVERSATION = Number(process.env.BENCH_NOTIFY_PER_CONVERSATION ?? 10);
const COPIES = 5;
const BURST_TICKETS = 150;
const RE_OPENS = 200;
const LIMITS: [number, number][] = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
];

/** A Bot Connector that throttles like Teams does. */
function fakeConnector() {
  const sent = new Map<string, number[]>();
  const stats = { posts: 0, updates: 0, throttled: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      const conversation = decodeURIComponent(match?.[1] ?? '');
      const now = Date.now();
      const times = (sent.get(conversation) ?? []).filter((t) => now - t < 30_000);
      const over = LIMITS.find(([count, windowMs]) => times.filter((t) => now - t < windowMs).length >= count);
      res.setHeader('content-type', 'application/json');
      if (over) {
        stats.throttled += 1;
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
        res.end('{"error":{"code":"TooManyRequests"}}');
        return;
      }
      times.push(now);
      sent.set(conversation, times);
      if (req.method === 'PUT') stats.updates += 1;
      else stats.posts += 1;
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  return { server, stats };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-bench-notify-'));
  const mongod = await startEmbeddedMongod({ dbPath: path.join(dir, 'db') });
  const client = await new MongoClient(mongod.uri).connect();
  const connector = fakeConnector();
  await new Promise<void>((resolve) => connector.server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connector.server.address() as AddressInfo).port}/`;
  try {
    const db = client.db('guichet_bench_notify');
    await ensureIndexes(db);
    const tickets = new MongoTicketRepository(db);
    const conversations = new MongoConversationRepository(db);
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }));
    const dispatcher = new OutboxDispatcher(
      {
        stores: [new MongoTicketOutboxStore(db)],
        messenger: new BotConnectorMessenger(adapter, ''),
        conversations,
        groups: new MongoGroupRepository(db),
        render: {
          notification: (notification, { ticket }, reader) => renderNotification(notification, ticket, reader, categories as Category[]),
          copy: (ticket, audience, reader) => renderCardCopy(ticket, audience, reader, categories as Category[]),
        },
        log: () => undefined,
      },
      { concurrency: 8, pollMs: 50 },
    );
    const reference = (id: string) => ({
      channelId: 'msteams',
      serviceUrl,
      conversation: { id, conversationType: 'personal' },
      bot: { id: 'bot' },
    });

    // 1. dispatch rate: CONVERSATIONS users, each receiving PER_CONVERSATION notifications
    const users = Array.from({ length: CONVERSATIONS }, (_, i) => ({ id: `user-${i}`, name: `User ${i}` }));
    for (const user of users) {
      await conversations.save({
        tenantId: 'bench',
        userId: user.id,
        userName: user.name,
        locale: 'fr-FR',
        reference: reference(`a:${user.id}`),
        updatedAt: new Date(),
      });
    }
    let number = 0;
    for (let round = 0; round < PER_CONVERSATION; round += 1) {
      for (const user of users) {
        number += 1;
        const ticket = { ...aTicketIn('assigned'), id: randomUUID(), number, tenantId: 'bench', requester: user };
        const notification: Notification = {
          kind: 'ticket.taken',
          recipient: { kind: 'user', user },
          actor: { id: 'tech', name: 'Tech' },
          payload: { number: ticket.number, title: ticket.title },
        };
        await tickets.insert(ticket, { notifications: [notification] });
      }
    }
    const total = CONVERSATIONS * PER_CONVERSATION;
    let started = performance.now();
    while ((await dispatcher.stats()).pending > 0) await dispatcher.drain();
    const dispatchMs = performance.now() - started;
    const dispatchThrottled = connector.stats.throttled;

    // 2. fan-out: one ticket with COPIES posted copies, then a change → every copy updated
    const fanTicket = { ...aTicketIn('assigned'), id: randomUUID(), number: number + 1, tenantId: 'bench' };
    await tickets.insert(fanTicket);
    for (let i = 0; i < COPIES; i += 1) {
      await tickets.record('bench', fanTicket.number, {
        activityId: `card-${i}`,
        audience: i === 0 ? 'requester' : 'technician',
        locale: 'fr-FR',
        reference: reference(`a:copy-${i}`),
      });
    }
    const loaded = await tickets.findByNumber('bench', fanTicket.number);
    if (!loaded.ok) throw new Error('fan-out ticket missing');
    const updatesBefore = connector.stats.updates;
    started = performance.now();
    await tickets.update({ ...loaded.value, title: `${loaded.value.title} (modifié)` }, [
      { kind: 'card.refresh', actor: { id: 'tech', name: 'Tech' } },
    ]);
    while ((await dispatcher.stats()).pending > 0) await dispatcher.drain();
    const fanOutMs = performance.now() - started;

    console.log('\nNotification delivery  (fake Bot Connector enforcing 7/1 s, 8/2 s, 60/30 s per conversation)');
    console.log(`  notifications          ${total} to ${CONVERSATIONS} conversations (${PER_CONVERSATION} each)`);
    console.log(`  delivered              ${connector.stats.posts}`);
    console.log(`  dispatch time          ${(dispatchMs / 1000).toFixed(2)} s`);
    console.log(`  dispatch rate          ${(total / (dispatchMs / 1000)).toFixed(1)} notifications/s`);
    console.log(`  429 caused by us       ${dispatchThrottled}  ${dispatchThrottled === 0 ? '(pacing holds)' : '(PACING TOO FAST)'}`);
    console.log('\nCard fan-out');
    console.log(`  copies updated         ${connector.stats.updates - updatesBefore} of ${COPIES}`);
    console.log(`  change → all copies    ${fanOutMs.toFixed(1)} ms`);

    const throttledBefore = connector.stats.throttled;
    const fair = await thirdUserUnderBursts(client.db('guichet_bench_fairness'), serviceUrl, reference);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\nFairness under two bursts  (${RE_OPENS} re-opens of one card; ${BURST_TICKETS} tickets opened in 2 s by another user)`);
    console.log(`  copies of the re-opened card            ${fair.copies} (one per conversation), ${fair.copiesInHerChat} in the requester's chat`);
    console.log(`  her change → her notice                 ${s(fair.requesterNotice)}`);
    console.log(`  third user's new ticket → channel       ${s(fair.channel)}`);
    console.log(`  third user's new ticket → technicians   ${s(fair.technicians[0])}, ${s(fair.technicians[1])}`);
    console.log(`  third user's notice → her chat          ${s(fair.notice)}`);
    console.log(
      `  the third-user notification delay under the two bursts   ${s(fair.worst)}  ${fair.worst <= 5_000 ? '(under 5 s)' : '(OVER 5 s)'}`,
    );
    console.log(`  burst messages still queued by then     ${fair.burstLeft} of ${BURST_TICKETS * 3}`);
    console.log(`  429 caused by us                        ${connector.stats.throttled - throttledBefore}`);
  } finally {
    await client.close();
    await mongod.stop();
    await new Promise<void>((resolve) => connector.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A requester re-opens her ticket's card RE_OPENS times, then a technician answers her; meanwhile
 * another user opens BURST_TICKETS tickets in 2 s (each announced to the channel and two
 * technicians), and a third user opens a ticket and is told hers was taken. Returns, in ms,
 * how long each of the third user's messages took from being queued to reaching Teams.
 */
async function thirdUserUnderBursts(db: Db, serviceUrl: string, reference: (id: string) => Record<string, unknown>) {
  const TENANT = 'bench-fair';
  const GROUP = 'support';
  const CHANNEL = '19:fair-support@thread.tacv2';
  const person = (id: string, name: string): Person => ({ id, name });
  const [rose, bruno, camille, theo, tina] = [
    person('rose', 'Rose'),
    person('bruno', 'Bruno'),
    person('camille', 'Camille'),
    person('theo', 'Théo'),
    person('tina', 'Tina'),
  ];
  const chat = (p: Person) => `a:fair-${p.id}`;
  await ensureIndexes(db);
  const groups = new MongoGroupRepository(db);
  await groups.saveConfiguration(TENANT, {
    defaultGroupId: GROUP,
    admins: [],
    groups: [
      {
        id: GROUP,
        name: { fr: 'Support', en: 'Support' },
        lead: null,
        technicians: [
          { ...theo, onDuty: true },
          { ...tina, onDuty: true },
        ],
        channel: { ...reference(CHANNEL), conversation: { id: CHANNEL, conversationType: 'channel' } },
      },
    ],
  });
  const conversations = new MongoConversationRepository(db);
  for (const p of [rose, bruno, camille, theo, tina]) {
    await conversations.save({ tenantId: TENANT, userId: p.id, userName: p.name, locale: 'fr-FR', reference: reference(chat(p)), updatedAt: new Date() });
  }
  // what reached the fake Bot Connector, and when
  const reached: { conversation: string; text: string; at: number }[] = [];
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }));
  const connector = new BotConnectorMessenger(adapter, '');
  const recording: Messenger = {
    async send(ref, message) {
      const id = await connector.send(ref, message);
      reached.push({ conversation: String((ref.conversation as { id: string }).id), text: message.text ?? '', at: performance.now() });
      return id;
    },
    update: (ref, activityId, message) => connector.update(ref, activityId, message),
    createPersonalConversation: (...args) => connector.createPersonalConversation(...args),
  };
  let dispatcher: OutboxDispatcher | undefined;
  const tickets = new MongoTicketRepository(db, undefined, () => dispatcher?.kick());
  dispatcher = new OutboxDispatcher(
    {
      stores: [new MongoTicketOutboxStore(db)],
      messenger: recording,
      conversations,
      groups,
      render: {
        notification: (notification, { ticket }, reader) => renderNotification(notification, ticket, reader, categories as Category[]),
        copy: (ticket, audience, reader) => renderCardCopy(ticket, audience, reader, categories as Category[]),
      },
      log: () => undefined,
    },
    { defaultServiceUrl: serviceUrl },
  );
  const announced = (ref: TicketRef, by: Person): Notification[] => [
    { kind: 'ticket.new', recipient: { kind: 'channel', groupId: GROUP }, actor: by, payload: ref },
    { kind: 'ticket.new', recipient: { kind: 'user', user: theo }, actor: by, payload: ref },
    { kind: 'ticket.new', recipient: { kind: 'user', user: tina }, actor: by, payload: ref },
  ];
  const open = async (number: number, requester: Person, formIn?: string): Promise<Ticket> => {
    const now = new Date();
    const ticket = { ...aTicketIn('new'), id: randomUUID(), number, tenantId: TENANT, requester, groupId: GROUP, assignee: null, createdAt: now, updatedAt: now, history: [] };
    const copies = formIn ? [{ activityId: `form-${number}`, audience: 'requester' as const, locale: 'fr-FR', reference: reference(formIn) }] : [];
    const saved = await tickets.insert(ticket, { notifications: announced({ number, title: ticket.title }, requester), copies });
    if (!saved.ok) throw new Error(saved.error.message);
    return saved.value;
  };
  const change = async (number: number, messages: (ref: TicketRef) => Queued[]) => {
    const found = await tickets.findByNumber(TENANT, number);
    if (!found.ok) throw new Error(`#${number} missing`);
    await tickets.update({ ...found.value, updatedAt: new Date() }, messages({ number, title: found.value.title }));
  };
  const reachedAt = (conversation: string, number: number, kind: RegExp) =>
    reached.find((r) => r.conversation === conversation && r.text.includes(`#${number}`) && kind.test(r.text))?.at;
  const until = async (done: () => boolean | Promise<boolean>, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    while (!(await done())) {
      if (performance.now() > deadline) throw new Error('fairness bench: not delivered in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  dispatcher.start();
  try {
    // before: Rose's and Camille's tickets, announced; then Rose re-opens her card RE_OPENS times
    await open(1, rose, chat(rose));
    await open(2, camille);
    await until(async () => (await dispatcher.stats()).pending === 0, 30_000);
    const recordCopy = new RecordCardCopy(tickets);
    for (let i = 0; i < RE_OPENS; i += 1) {
      await recordCopy.execute(TENANT, 1, { activityId: `rose-open-${i}`, audience: 'requester', locale: 'fr-FR', reference: reference(chat(rose)) });
    }
    const stored = (await db.collection('tickets').findOne({ tenantId: TENANT, number: 1 })) as unknown as {
      cardCopies: { reference: { conversation: { id: string } } }[];
    };

    const queued: Record<string, number> = {};
    const steps: Promise<unknown>[] = [];
    const at = (ms: number, step: () => Promise<unknown>) =>
      steps.push(new Promise((resolve, reject) => setTimeout(() => step().then(resolve, reject), ms)));
    at(0, async () => {
      queued.requester = performance.now();
      await change(1, (ref) => [
        { kind: 'followup.public', recipient: { kind: 'user', user: rose }, actor: theo, payload: { ...ref, text: 'Je regarde.' } },
        { kind: 'card.refresh', actor: theo },
      ]);
    });
    const chunk = BURST_TICKETS / 10;
    for (let k = 0; k < 10; k += 1) at(k * 200, () => Promise.all(Array.from({ length: chunk }, (_, i) => open(100 + k * chunk + i, bruno))));
    at(1_000, async () => {
      queued.ticket = performance.now();
      await open(1_000, camille);
    });
    at(1_500, async () => {
      queued.notice = performance.now();
      await change(2, (ref) => [
        { kind: 'ticket.taken', recipient: { kind: 'user', user: camille }, actor: tina, payload: ref },
        { kind: 'card.refresh', actor: tina },
      ]);
    });
    await Promise.all(steps);
    const isNew = /^Nouveau ticket/;
    const isTaken = /pris en charge/;
    const isFollowup = /./;
    await until(
      () =>
        [
          reachedAt(CHANNEL, 1_000, isNew),
          reachedAt(chat(theo), 1_000, isNew),
          reachedAt(chat(tina), 1_000, isNew),
          reachedAt(chat(camille), 2, isTaken),
          reachedAt(chat(rose), 1, isFollowup),
        ].every((v) => v !== undefined),
      120_000,
    );
    const channel = reachedAt(CHANNEL, 1_000, isNew)! - queued.ticket;
    const technicians = [reachedAt(chat(theo), 1_000, isNew)! - queued.ticket, reachedAt(chat(tina), 1_000, isNew)! - queued.ticket];
    const notice = reachedAt(chat(camille), 2, isTaken)! - queued.notice;
    const requesterNotice = reachedAt(chat(rose), 1, isFollowup)! - queued.requester;
    const numberIn = (text: string) => Number(/#(\d+)/.exec(text)?.[1] ?? NaN);
    const burstLeft = BURST_TICKETS * 3 - reached.filter((r) => numberIn(r.text) >= 100 && numberIn(r.text) < 100 + BURST_TICKETS).length;
    return {
      copies: stored.cardCopies.length,
      copiesInHerChat: stored.cardCopies.filter((c) => c.reference.conversation.id === chat(rose)).length,
      requesterNotice,
      channel,
      technicians,
      notice,
      worst: Math.max(channel, ...technicians, notice),
      burstLeft,
    };
  } finally {
    await dispatcher.stop();
  }
}

await main();
