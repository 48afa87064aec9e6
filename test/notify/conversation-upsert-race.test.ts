import { describe, expect, it } from 'vitest';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { useTestDatabase } from '../support/mongo.js';

const db = useTestDatabase();

/**
 * The dispatcher opens a 1:1 with a technician the bot never talked to and saves the new
 * reference; with two instances (or two tickets processed at once, `concurrency` > 1) two
 * saves for the same new user race. So does the bot's "remember" on a user's first two
 * turns arriving together.
 */
describe('MongoConversationRepository.save under concurrency (as the dispatcher uses it)', () => {
  // Two upserts of a new _id race and one fails with E11000 (mongod < 4.2 never retries it):
  // save() retries that one as a plain update, so neither the dispatcher nor the bot sees it.
  it('concurrent saves for a user seen for the first time never throw', async () => {
    const conversations = new MongoConversationRepository(db());
    const rejected: string[] = [];
    for (let round = 0; round < 150; round += 1) {
      const saves = Array.from({ length: 4 }, (_, i) =>
        conversations.save({
          tenantId: 'tenant-contoso',
          userId: `aad-new-technician-${round}`,
          userName: 'Nouveau Technicien',
          locale: 'fr-FR',
          reference: { channelId: 'msteams', conversation: { id: `a:created-${round}-${i}` } },
          updatedAt: new Date(),
        }),
      );
      for (const outcome of await Promise.allSettled(saves)) {
        if (outcome.status === 'rejected') rejected.push((outcome.reason as Error).message);
      }
    }
    expect(rejected).toEqual([]);
  });
});
