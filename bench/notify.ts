/**
 * `npm run bench` (second part): notification delivery against a fake Bot Connector that
 * enforces Teams' per-conversation limits (7 msgs/1 s, 8/2 s, 60/30 s; 429 + Retry-After
 * beyond), through the real dispatcher, messenger (botbuilder CloudAdapter) and mongod.
 * Prints: dispatch rate, 429s our own pacing triggered (should be 0), and the time to
 * update every posted copy of a ticket card (5 copies). Figures, not a test.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { MongoClient } from 'mongodb';
import categories from '../config/categories.json' with { type: 'json' };
import type { Category } from '../src/domain/category.js';
import type { Notification } from '../src/domain/notification.js';
import { startEmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { MongoConversationRepository } from '../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../src/infra/mongo/mongo-ticket.repository.js';
import { MongoTicketOutboxStore } from '../src/infra/mongo/mongo-ticket-outbox.store.js';
import { BotConnectorMessenger } from '../src/infra/notify/bot-connector.messenger.js';
import { OutboxDispatcher } from '../src/infra/notify/outbox-dispatcher.js';
import { renderCardCopy, renderNotification } from '../src/views/notification.view.js';
import { aTicketIn } from '../test/support/ticket-mother.js';

const CONVERSATIONS = Number(process.env.BENCH_NOTIFY_CONVERSATIONS ?? 20);
const PER_CONVERSATION = Number(process.env.BENCH_NOTIFY_PER_CONVERSATION ?? 10);
const COPIES = 5;
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
  } finally {
    await client.close();
    await mongod.stop();
    await new Promise<void>((resolve) => connector.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
