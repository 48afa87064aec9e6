import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredConversation } from '../../src/domain/ports/conversation.repository.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { captureLogs } from '../support/captured-logs.js';
import { useTestDatabase } from '../support/mongo.js';
import { people } from '../support/ticket-mother.js';

const db = useTestDatabase();

beforeAll(async () => {
  await ensureIndexes(db());
});

const TENANT = 'tenant-contoso';

function aConversation(overrides: Partial<StoredConversation> = {}): StoredConversation {
  return {
    tenantId: TENANT,
    userId: people.alice.id,
    userName: people.alice.name,
    locale: 'fr-FR',
    reference: {
      activityId: 'act-1',
      user: { id: '29:alice', aadObjectId: people.alice.id, name: people.alice.name },
      bot: { id: '28:guichet', name: 'Guichet' },
      conversation: { id: 'a:conv-1', conversationType: 'personal', tenantId: TENANT },
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    },
    updatedAt: new Date('2025-03-04T14:00:00.000Z'),
    ...overrides,
  };
}

const raw = () => db().collection<Record<string, unknown> & { _id: string }>('conversations');

describe('MongoConversationRepository', () => {
  it('round-trips a conversation (nested reference, date as Date)', async () => {
    const repo = new MongoConversationRepository(db());
    const conversation = aConversation();
    await repo.save(conversation);
    const found = await repo.find(TENANT, people.alice.id);
    expect(found).toEqual(conversation);
    expect(found!.updatedAt).toBeInstanceOf(Date);
    expect(found).not.toHaveProperty('_id');
  });

  it('upserts: a second save replaces the first, one document per tenant + user', async () => {
    const repo = new MongoConversationRepository(db());
    await repo.save(aConversation());
    const newer = aConversation({
      locale: 'en-US',
      userName: 'Alice M.',
      reference: { conversation: { id: 'a:conv-2' }, serviceUrl: 'https://smba.trafficmanager.net/amer/' },
      updatedAt: new Date('2025-03-05T08:00:00.000Z'),
    });
    await repo.save(newer);
    await repo.save(aConversation({ userId: people.oscar.id, userName: people.oscar.name }));
    await repo.save(aConversation({ tenantId: 'other' }));

    expect(await raw().countDocuments({ tenantId: TENANT, userId: people.alice.id })).toBe(1);
    expect(await raw().countDocuments()).toBe(3);
    const found = await repo.find(TENANT, people.alice.id);
    expect(found).toEqual(newer);
    // replaced, not merged: the old reference's keys are gone
    expect(found!.reference).not.toHaveProperty('activityId');
    expect((await repo.find('other', people.alice.id))?.tenantId).toBe('other');
    expect((await repo.find(TENANT, people.oscar.id))?.userName).toBe(people.oscar.name);
  });

  it('returns null for an unknown tenant or user', async () => {
    const repo = new MongoConversationRepository(db());
    await repo.save(aConversation());
    expect(await repo.find(TENANT, 'aad-nobody')).toBeNull();
    expect(await repo.find('tenant-unknown', people.alice.id)).toBeNull();
  });

  it('returns null (no throw) for a malformed document', async () => {
    const reported = captureLogs('error');
    const repo = new MongoConversationRepository(db(), reported.logger);
    await raw().insertOne({
      _id: `${TENANT}:${people.alice.id}`,
      tenantId: TENANT,
      userId: people.alice.id,
      userName: people.alice.name,
      locale: 'fr-FR',
      reference: 'not-an-object',
      updatedAt: '2025-03-04',
    });
    expect(await repo.find(TENANT, people.alice.id)).toBeNull();
    expect(reported.messages()).toEqual([`malformed conversation document ${TENANT}:${people.alice.id}`]);
  });
});
