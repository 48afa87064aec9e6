import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { DirectoryPerson } from '../../domain/ports/directory.js';
import { escapeRegex, nameWords } from './name-words.js';

const knownSchema = z.object({ userId: z.string(), userName: z.string(), locale: z.string().optional() });

/**
 * People the bot already talked with (their stored conversation: AAD id and display name): the
 * people the technician can still find when the directory (Microsoft Graph) is down or refuses.
 * Only profiles' id, name and locale are known; the rest is null.
 */
export class ConversationKnownPeople {
  private readonly conversations: Collection;

  constructor(db: Db) {
    this.conversations = db.collection('conversations');
  }

  /** people whose name has a word starting with each typed word, by name, at most `limit` */
  async search(tenantId: string, text: string, limit: number): Promise<readonly DirectoryPerson[]> {
    const words = nameWords(String(text));
    if (words.length === 0) return [];
    const docs = await this.conversations
      .find({ tenantId: String(tenantId), $and: words.map((w) => ({ nameWords: { $regex: `^${escapeRegex(w)}` } })) })
      .project({ userId: 1, userName: 1, locale: 1 })
      .sort({ userName: 1 })
      .limit(Math.max(1, Math.min(limit, 50)))
      .toArray();
    return docs.flatMap((doc) => {
      const parsed = knownSchema.safeParse(doc);
      return parsed.success ? [toPerson(parsed.data)] : [];
    });
  }

  async profile(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    const doc = await this.conversations.findOne({ _id: `${String(tenantId)}:${String(userId)}` as never });
    const parsed = knownSchema.safeParse(doc);
    return parsed.success ? toPerson(parsed.data) : null;
  }
}

const toPerson = ({ userId, userName, locale }: z.infer<typeof knownSchema>): DirectoryPerson => ({
  id: userId,
  name: userName,
  department: null,
  officeLocation: null,
  jobTitle: null,
  mail: null,
  preferredLanguage: locale ?? null,
});
