import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordCardCopy } from '../../src/app/record-card-copy.use-case.js';
import type { PostedCard } from '../../src/domain/ports/card-copy.repository.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { MAX_COPIES } from '../../src/infra/mongo/mongo-card-copies.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketOutboxStore } from '../../src/infra/mongo/mongo-ticket-outbox.store.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { OutboxDispatcher } from '../../src/infra/notify/outbox-dispatcher.js';
import { useTestDatabase } from '../support/mongo.js';
import { aTicket } from '../support/ticket-mother.js';
import { FakeMessenger } from './support/fake-messenger.js';

/**
 * Posted copies of a ticket card: one per conversation (the newest), at most MAX_COPIES per
 * ticket, wherever a copy is recorded: a card shown by the bot, a card the dispatcher posted,
 * the form a new ticket replaces.
 */

const TENANT = 'tenant-contoso';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const camille: Person = { id: 'aad-camille', name: 'Camille Martin' };
const theo: Person = { id: 'aad-theo', name: 'Théo Technicien' };

const db = useTestDatabase();
let tickets: MongoTicketRepository;

beforeAll(async () => {
  await ensureIndexes(db());
});

beforeEach(() => {
  tickets = new MongoTicketRepository(db());
});

const shownIn = (conversationId: string, activityId: string): PostedCard => ({
  activityId,
  audience: 'requester',
  locale: 'fr-FR',
  reference: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: conversationId } },
});

async function insert(number: number, writes: Parameters<MongoTicketRepository['insert']>[1] = {}): Promise<Ticket> {
  const now = new Date();
  const saved = await tickets.insert(
    aTicket({ id: randomUUID(), tenantId: TENANT, number, version: 1, requester: camille, assignee: null, createdAt: now, updatedAt: now, history: [] }),
    writes,
  );
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

/** [conversation, activity] of each recorded copy, in stored order */
async function copies(number: number): Promise<[string, string][]> {
  const doc = (await db().collection('tickets').findOne({ number })) as unknown as {
    cardCopies: { activityId: string; reference: { conversation: { id: string } } }[];
  };
  return doc.cardCopies.map((c) => [c.reference.conversation.id, c.activityId]);
}

describe('recorded card copies', () => {
  it('a card re-opened in the same chat replaces the copy there; another chat keeps its own; the same card twice is one copy', async () => {
    await insert(1);
    const record = new RecordCardCopy(tickets);
    for (const id of ['open-1', 'open-2', 'open-3']) await record.execute(TENANT, 1, shownIn('a:camille', id));
    await record.execute(TENANT, 1, shownIn('a:theo', 'theo-1'));
    await record.execute(TENANT, 1, shownIn('a:theo', 'theo-1'));
    expect(await copies(1)).toEqual([
      ['a:camille', 'open-3'],
      ['a:theo', 'theo-1'],
    ]);
  });

  it('a card recorded already stays as it is, even clicked from its thread (another conversation id)', async () => {
    await insert(1);
    const record = new RecordCardCopy(tickets);
    await record.execute(TENANT, 1, shownIn('19:support@thread.tacv2', 'channel-card'));
    const before = await db().collection('tickets').findOne({ number: 1 });
    await record.execute(TENANT, 1, shownIn('19:support@thread.tacv2;messageid=channel-card', 'channel-card'));
    expect((await db().collection('tickets').findOne({ number: 1 }))?.cardCopies).toEqual(before?.cardCopies);
  });

  it('re-opens racing each other still leave one copy in that chat', async () => {
    await insert(1);
    const record = new RecordCardCopy(tickets);
    await Promise.all(Array.from({ length: 12 }, (_, i) => record.execute(TENANT, 1, shownIn('a:camille', `open-${i}`))));
    const recorded = await copies(1);
    expect(recorded).toHaveLength(1);
    expect(recorded[0][0]).toBe('a:camille');
  });

  it(`a ticket keeps the ${MAX_COPIES} most recently posted copies`, async () => {
    await insert(1);
    const record = new RecordCardCopy(tickets);
    // a second between cards, so "most recent" is never a tie (only Date is faked: no timer runs)
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (let i = 1; i <= MAX_COPIES + 5; i += 1) {
        vi.setSystemTime(start + i * 1_000);
        await record.execute(TENANT, 1, shownIn(`a:reader-${i}`, `card-${i}`));
      }
      // a reader shows the card again: it is the newest now, not the next one dropped
      vi.setSystemTime(start + 100_000);
      await record.execute(TENANT, 1, shownIn('a:reader-6', 'card-6-again'));
      vi.setSystemTime(start + 101_000);
      await record.execute(TENANT, 1, shownIn('a:reader-99', 'card-99'));
    } finally {
      vi.useRealTimers();
    }
    const recorded = await copies(1);
    expect(recorded).toHaveLength(MAX_COPIES);
    expect(recorded.map(([, id]) => id)).toEqual([
      ...Array.from({ length: MAX_COPIES - 2 }, (_, i) => `card-${i + 8}`),
      'card-6-again',
      'card-99',
    ]);
  });

  it('the cards a new ticket is stored with: one per conversation, the last one', async () => {
    await insert(1, { copies: [shownIn('a:camille', 'form-1'), shownIn('a:theo', 'theo-1'), shownIn('a:camille', 'form-2')] });
    expect(await copies(1)).toEqual([
      ['a:theo', 'theo-1'],
      ['a:camille', 'form-2'],
    ]);
  });

  it('a card the dispatcher posts again in a chat replaces its copy there', async () => {
    await insert(1, { copies: [shownIn('a:camille', 'form-1')] });
    const groups = new MongoGroupRepository(db());
    const conversations = new MongoConversationRepository(db());
    await conversations.save({ tenantId: TENANT, userId: theo.id, userName: theo.name, locale: 'fr-FR', reference: shownIn('a:theo', '').reference, updatedAt: new Date() });
    const ref = { number: 1, title: 'Imprimante' };
    const announce = (kind: 'ticket.new' | 'ticket.assignedToYou') =>
      ({ kind, recipient: { kind: 'user', user: theo }, actor: camille, payload: ref }) as const;
    const current = await tickets.findByNumber(TENANT, 1);
    if (!current.ok) throw new Error('missing');
    await tickets.update({ ...current.value, updatedAt: new Date() }, [announce('ticket.new'), announce('ticket.assignedToYou')]);

    const messenger = new FakeMessenger();
    const dispatcher = new OutboxDispatcher(
      {
        stores: [new MongoTicketOutboxStore(db())],
        messenger,
        conversations,
        groups,
        render: {
          notification: (n, { ticket }) => ({ text: n.kind, card: { type: 'AdaptiveCard', number: ticket?.number }, ticketCard: 'technician' }),
          copy: (ticket) => ({ type: 'AdaptiveCard', number: ticket.number }),
        },
        log: () => undefined,
      },
      { defaultServiceUrl: SERVICE_URL },
    );
    expect(await dispatcher.drain()).toBe(2);
    const [first, second] = messenger.sentTo('a:theo');
    expect([first.message.text, second.message.text]).toEqual(['ticket.new', 'ticket.assignedToYou']);
    expect(await copies(1)).toEqual([
      ['a:camille', 'form-1'],
      ['a:theo', second.activityId],
    ]);
  });
});
