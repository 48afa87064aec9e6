import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { ConversationRepository, StoredConversation } from '../../domain/ports/conversation.repository.js';
import { silentLogger, type Logger } from '../../domain/ports/logger.js';
import { nameWords } from './name-words.js';

const conversationSchema = z.object({
  tenantId: z.string(),
  userId: z.string(),
  userName: z.string(),
  locale: z.string(),
  timeZone: z.string().nullable().optional(),
  language: z.enum(['fr', 'en']).nullable().optional(),
  detectedLanguage: z.enum(['fr', 'en']).nullable().optional(),
  reference: z.record(z.string(), z.unknown()),
  updatedAt: z.date(),
  /** the name's words as searched (conversation-known-people.ts); absent on documents saved before it */
  nameWords: z.array(z.string()).optional(),
});

type ConversationDocument = z.infer<typeof conversationSchema> & { _id: string };

/** One reference per tenant + user: the latest personal conversation wins. */
export class MongoConversationRepository implements ConversationRepository {
  private readonly conversations: Collection<ConversationDocument>;

  /** @param logger where malformed documents are reported (silent by default) */
  constructor(
    db: Db,
    private readonly logger: Logger = silentLogger,
  ) {
    this.conversations = db.collection<ConversationDocument>('conversations');
  }

  async save(conversation: StoredConversation): Promise<void> {
    const _id = `${conversation.tenantId}:${conversation.userId}`;
    // $set, not replace: the user's language choice survives every refresh of the reference
    const { language, detectedLanguage, ...fields } = conversation;
    const write = () =>
      this.conversations.updateOne(
        { _id },
        { $set: { ...fields, nameWords: nameWords(conversation.userName), ...(language ? { language } : {}), ...(detectedLanguage ? { detectedLanguage } : {}) } },
        { upsert: true },
      );
    try {
      await write();
    } catch (error) {
      // two first-ever upserts for one user race on _id; the second becomes a plain update
      if ((error as { code?: unknown }).code !== 11000) throw error;
      await write();
    }
  }

  async setLanguage(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void> {
    await this.conversations.updateOne(
      { _id: `${String(tenantId)}:${String(userId)}` },
      { $set: { language, tenantId: String(tenantId), userId: String(userId) } },
    );
  }

  async setDetectedLanguage(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void> {
    await this.conversations.updateOne(
      { _id: `${String(tenantId)}:${String(userId)}` },
      { $set: { detectedLanguage: language, tenantId: String(tenantId), userId: String(userId) } },
    );
  }

  async anyServiceUrl(tenantId: string): Promise<string | null> {
    const doc = await this.conversations.findOne({ tenantId: String(tenantId) }, { projection: { 'reference.serviceUrl': 1 } });
    const url = (doc?.reference as { serviceUrl?: unknown } | undefined)?.serviceUrl;
    return typeof url === 'string' ? url : null;
  }

  async find(tenantId: string, userId: string): Promise<StoredConversation | null> {
    const doc = await this.conversations.findOne({ _id: `${String(tenantId)}:${String(userId)}` });
    if (!doc) return null;
    const parsed = conversationSchema.safeParse(doc);
    if (!parsed.success) {
      this.logger.error({ id: doc._id, issues: parsed.error.message }, `malformed conversation document ${doc._id}`);
      return null;
    }
    const { nameWords: _words, ...stored } = parsed.data;
    return stored;
  }
}
