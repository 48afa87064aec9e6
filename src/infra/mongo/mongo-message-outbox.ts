import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Queued } from '../../domain/notification.js';
import type { FailedNotification } from '../../domain/ports/failed-notification.query.js';
import type { ClaimedBatch, EntryOutcome, MessageOutbox, OutboxStore } from '../../domain/ports/outbox-store.js';
import { EPOCH, outboxItemSchema, queuedOf, toOutboxItem, type OutboxItem } from './outbox-item.js';
import { failedOf } from './outbox-rows.js';

type MessageDocument = Omit<OutboxItem, 'id'> & { _id: string; tenantId: string };

/**
 * The outbox for messages no ticket change carries (a group digest, a scheduled post):
 * one document per message, each its own atomic unit, drained by the same dispatcher.
 */
export class MongoMessageOutbox implements OutboxStore, MessageOutbox {
  private readonly messages: Collection<MessageDocument>;

  /** @param onQueued wakes the dispatcher after an enqueue */
  constructor(
    db: Db,
    private readonly onQueued: () => void = () => undefined,
  ) {
    this.messages = db.collection<MessageDocument>('outbox');
  }

  async ensureIndexes(): Promise<void> {
    await this.messages.createIndexes([
      { key: { state: 1, nextAttemptAt: 1 }, name: 'due' },
      { key: { tenantId: 1, state: 1, doneAt: -1 }, name: 'tenant_state_done' },
    ]);
  }

  async enqueue(tenantId: string, messages: readonly Queued[], now: Date): Promise<void> {
    if (messages.length === 0) return;
    const docs = messages.map((message) => {
      const { id, ...item } = toOutboxItem(message, now);
      return { _id: id, tenantId: String(tenantId), ...item };
    });
    await this.messages.insertMany(docs, { ordered: false });
    this.onQueued();
  }

  async claim(now: Date, leaseMs: number): Promise<ClaimedBatch | null> {
    const token = randomUUID();
    const claimed = await this.messages.findOneAndUpdate(
      { state: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } },
      { $set: { leaseUntil: new Date(now.getTime() + leaseMs), leaseToken: token } },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    );
    if (!claimed) return null;
    const { _id, tenantId, ...rest } = claimed;
    const item = outboxItemSchema.safeParse({ id: _id, ...rest });
    return {
      key: String(_id),
      leasedUntil: new Date(now.getTime() + leaseMs),
      tenantId: String(tenantId),
      token,
      ticket: null,
      copies: [],
      entries: [
        {
          id: String(_id),
          message: item.success ? queuedOf(item.data) : null,
          attempts: typeof rest.attempts === 'number' ? rest.attempts : 0,
          createdAt: rest.createdAt instanceof Date ? rest.createdAt : now,
        },
      ],
    };
  }

  async record(batch: ClaimedBatch, entryId: string, outcome: EntryOutcome, now: Date): Promise<void> {
    const filter = { _id: String(entryId), leaseToken: batch.token };
    if (!('error' in outcome)) {
      await this.messages.updateOne(filter, { $set: { state: outcome.state, doneAt: now, lastError: null } });
      return;
    }
    await this.messages.updateOne(filter, {
      $set: {
        state: outcome.state,
        attempts: outcome.attempts,
        nextAttemptAt: outcome.nextAttemptAt,
        leaseUntil: EPOCH,
        leaseToken: null,
        lastError: outcome.error,
        doneAt: outcome.state === 'failed' ? now : null,
      },
    });
  }

  /**
   * A message is its own unit: nothing else of it waits behind a retry. A message handed back
   * unsent (its conversation at Teams' pace) is due again at `heldUntil`, no attempt counted;
   * after a recorded retry the lease is gone already and this changes nothing.
   */
  async release(batch: ClaimedBatch, heldUntil: Date): Promise<void> {
    await this.messages.updateOne(
      { _id: String(batch.key), leaseToken: batch.token, state: 'pending' },
      { $set: { leaseUntil: EPOCH, leaseToken: null }, $max: { nextAttemptAt: heldUntil } },
    );
  }

  async forgetCopies(): Promise<void> {}

  async prune(_batch: ClaimedBatch, before: Date): Promise<void> {
    await this.messages.deleteMany({ state: { $in: ['sent', 'skipped'] }, doneAt: { $lt: before } });
  }

  async stats(): Promise<{ pending: number; failed: number }> {
    const [pending, failed] = await Promise.all([
      this.messages.countDocuments({ state: 'pending' }),
      this.messages.countDocuments({ state: 'failed' }),
    ]);
    return { pending, failed };
  }

  async listFailed(tenantId: string, limit: number): Promise<FailedNotification[]> {
    const docs = await this.messages
      .find({ tenantId: String(tenantId), state: 'failed' })
      .sort({ doneAt: -1 })
      .limit(Math.max(1, Math.min(50, limit)))
      .toArray();
    return docs.map((doc) => failedOf(null, doc as unknown as Record<string, unknown>));
  }
}
