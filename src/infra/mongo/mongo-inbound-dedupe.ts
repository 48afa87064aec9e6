import type { Collection, Db } from 'mongodb';

interface SeenActivity {
  _id: string;
  at: Date;
}

/**
 * Teams retries a request it thinks went unanswered; the same activity id must have
 * one effect. The first delivery claims the id (unique _id); later ones are recognised.
 * Ids expire after a day (TTL index), long past any retry.
 */
export class MongoInboundDedupe {
  private readonly seen: Collection<SeenActivity>;

  constructor(db: Db) {
    this.seen = db.collection<SeenActivity>('inbound_activities');
  }

  async ensureIndexes(): Promise<void> {
    await this.seen.createIndex({ at: 1 }, { name: 'expire_after_a_day', expireAfterSeconds: 24 * 3600 });
  }

  /** A turn that failed did nothing: Teams' retry must be handled, not recognised. */
  async release(conversationId: string, activityId: string): Promise<void> {
    await this.seen.deleteOne({ _id: `${conversationId}|${activityId}` });
  }

  /** true the first time this activity is seen, false for a redelivery */
  async claim(conversationId: string, activityId: string): Promise<boolean> {
    try {
      await this.seen.insertOne({ _id: `${conversationId}|${activityId}`, at: new Date() });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return false;
      throw error;
    }
  }
}
