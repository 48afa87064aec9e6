import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Notification } from '../../src/domain/notification.js';
import type { Person } from '../../src/domain/ticket.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { MongoMessageOutbox } from '../../src/infra/mongo/mongo-message-outbox.js';
import { OutboxDispatcher } from '../../src/infra/notify/outbox-dispatcher.js';
import { ConversationRateLimiter, TEAMS_CONVERSATION_LIMITS } from '../../src/infra/notify/rate-limiter.js';
import { useTestDatabase } from '../support/mongo.js';
import { FakeMessenger } from './support/fake-messenger.js';
import { VirtualTime } from './support/virtual-time.js';

/**
 * Teams' app-wide limit per tenant, across all conversations, on top of the per-conversation
 * limits: a burst to many people is spread out, each instance keeping its share. Virtual
 * clock: no sleeps.
 */

const CONTOSO = 'tenant-contoso';
const FABRIKAM = 'tenant-fabrikam';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

/** the largest number of times within any window [t, t + windowMs) */
const busiest = (times: readonly number[], windowMs: number) =>
  Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));

/** a message that asks for a slot, waits as long as it is told, and asks again; resolves once sent */
async function paced(limiter: ConversationRateLimiter, time: VirtualTime, conversation: string, tenant: string, sent: number[]): Promise<void> {
  for (;;) {
    const hold = limiter.take(conversation, { id: `${tenant} ${conversation}`, share: 'someone', tenant });
    if (hold === 0) return void sent.push(time.now());
    await time.sleep(hold);
  }
}

describe('ConversationRateLimiter: the tenant-wide limit', () => {
  it('100 messages to 100 different conversations of one tenant go at no more than the tenant’s rate; another tenant is not held', async () => {
    const time = new VirtualTime(1_000_000);
    const limiter = new ConversationRateLimiter(TEAMS_CONVERSATION_LIMITS, time.now, 250, 10);
    const contoso: number[] = [];
    const fabrikam: number[] = [];
    const done = Array.from({ length: 100 }, (_, i) => paced(limiter, time, `a:contoso-${i}`, CONTOSO, contoso));
    done.push(paced(limiter, time, 'a:fabrikam-1', FABRIKAM, fabrikam));
    await time.runAll();
    await Promise.all(done);

    expect(contoso).toHaveLength(100);
    expect(busiest(contoso, 1_000)).toBeLessThanOrEqual(10);
    // spread out, not stalled: 100 at 10 per (1 s + the safety margin) take about 12 s
    expect(contoso.at(-1)! - contoso[0]).toBeGreaterThanOrEqual(9_000);
    expect(contoso.at(-1)! - contoso[0]).toBeLessThanOrEqual(13_000);
    expect(contoso.slice(0, 10).every((t) => t === 1_000_000)).toBe(true);
    expect(fabrikam).toEqual([1_000_000]);
  });

  it('a share below one request per second (30 shared by 40 instances) still sends, one per longer window', async () => {
    const time = new VirtualTime(0);
    const limiter = new ConversationRateLimiter(TEAMS_CONVERSATION_LIMITS, time.now, 0, 30 / 40);
    const sent: number[] = [];
    const done = Array.from({ length: 4 }, (_, i) => paced(limiter, time, `a:${i}`, CONTOSO, sent));
    await time.runAll();
    await Promise.all(done);
    expect(sent.map((t) => Math.round(t))).toEqual([0, 1_333, 2_667, 4_000]);
  });

  it('a message whose conversation is busy does not hold a tenant slot meanwhile', async () => {
    const time = new VirtualTime(0);
    const limiter = new ConversationRateLimiter([[1, 10_000]], time.now, 0, 1);
    expect(limiter.take('a:busy', { id: 'first', share: 's', tenant: CONTOSO })).toBe(0);
    // the busy conversation's next message waits 10 s for its conversation, not for the tenant
    expect(limiter.take('a:busy', { id: 'second', share: 's', tenant: CONTOSO })).toBe(10_000);
    await time.advanceTo(1_000);
    // so another conversation of the tenant gets the tenant's next slot at once
    expect(limiter.take('a:other', { id: 'third', share: 's', tenant: CONTOSO })).toBe(0);
  });
});

describe('the dispatcher keeps its share of the tenant-wide limit', () => {
  const db = useTestDatabase();
  beforeAll(async () => {
    await new MongoMessageOutbox(db()).ensureIndexes();
  });

  it('GUICHET_TENANT_REQUESTS_PER_SECOND=30 over GUICHET_INSTANCES=3: 100 messages to 100 people leave at ≤ 10 per second', { timeout: 60_000 }, async () => {
    const loaded = loadConfig({ GUICHET_TENANT_REQUESTS_PER_SECOND: '30', GUICHET_INSTANCES: '3' });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(loaded.config.tenantRequestsPerSecond).toBe(10);
    const defaults = loadConfig({});
    expect(defaults.ok ? defaults.config.tenantRequestsPerSecond : null).toBe(30);

    const time = new VirtualTime(Date.parse('2025-03-03T09:00:00Z'));
    const clock = () => new Date(time.now());
    const conversations = new MongoConversationRepository(db());
    const people: Person[] = Array.from({ length: 100 }, (_, i) => ({ id: `aad-${i}`, name: `Personne ${i}` }));
    for (const person of people) {
      await conversations.save({
        tenantId: CONTOSO,
        userId: person.id,
        userName: person.name,
        locale: 'fr-FR',
        reference: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: `a:personal-${person.id}` } },
        updatedAt: clock(),
      });
    }
    const outbox = new MongoMessageOutbox(db());
    const told = (person: Person, number: number): Notification => ({
      kind: 'ticket.taken',
      recipient: { kind: 'user', user: person },
      actor: { id: 'aad-theo', name: 'Théo' },
      payload: { number, title: `Ticket ${number}` },
    });
    await outbox.enqueue(CONTOSO, people.map((person, i) => told(person, i + 1)), clock());
    const messenger = new FakeMessenger(0, 'act', time.now);
    const dispatcher = new OutboxDispatcher(
      {
        stores: [outbox],
        messenger,
        conversations,
        groups: new MongoGroupRepository(db()),
        render: { notification: (n) => ({ text: `#${'number' in n.payload ? n.payload.number : 0}` }), copy: () => ({}) },
        clock,
        log: () => undefined,
      },
      { defaultServiceUrl: SERVICE_URL, tenantRequestsPerSecond: loaded.config.tenantRequestsPerSecond },
    );
    for (let round = 0; round < 1_000 && messenger.sent.length < 100; round += 1) {
      await dispatcher.drain();
      const wake = dispatcher.nextWake();
      await time.advanceTo(wake && wake.getTime() > time.now() ? wake.getTime() : time.now() + 100);
    }
    const times = messenger.sent.map((s) => s.at);
    expect(new Set(messenger.sent.map((s) => s.conversationId)).size).toBe(100);
    expect(busiest(times, 1_000)).toBeLessThanOrEqual(10);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(15_000);
    expect(await dispatcher.stats()).toEqual({ pending: 0, failed: 0 });
  });
});
