import type { Collection, Db } from 'mongodb';
import { insertEach, isDuplicateKey, WriteCoalescer, type BatchOutcome } from './write-coalescer.js';

interface SeenActivity {
  _id: string;
  at: Date;
}

/**
 * Teams retries a request it thinks went unanswered; the same activity id must have
 * one effect. The first delivery claims the id (unique _id); later ones are recognised.
 * Ids expire after a day (TTL index), long past any retry. Claims made while one is
 * in flight are group-committed in one unordered insertMany (see WriteCoalescer).
 */
export class MongoInboundDedupe {
  private readonly seen: Collection<SeenActivity>;
  private readonly claims: WriteCoalescer<SeenActivity, boolean>;

  constructor(db: Db) {
    this.seen = db.collection<SeenActivity>('inbound_activities');
    this.claims = new WriteCoalescer((docs) => this.insertAll(docs));
  }

  async ensureIndexes(): Promise<void> {
    await this.seen.createIndex({ at: 1 }, { name: 'expire_after_a_day', expireAfterSeconds: 24 * 3600 });
  }

  /** A turn that failed did nothing: Teams' retry must be handled, not recognised. */
  async release(conversationId: string, activityId: string): Promise<void> {
    await this.seen.deleteOne({ _id: `${conversationId}|${activityId}` });
  }

  /** true the first time this activity is seen, false for a redelivery */
  claim(conversationId: string, activityId: string): Promise<boolean> {
    return this.claims.submit({ _id: `${conversationId}|${activityId}`, at: new Date() });
  }

  private async insertAll(docs: readonly SeenActivity[]): Promise<BatchOutcome<boolean>[]> {
    return (await insertEach(this.seen, docs)).map((outcome) =>
      outcome.ok ? { ok: true, value: true } : isDuplicateKey(outcome.error) ? { ok: true, value: false } : outcome,
    );
  }
}
