import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { FailedNotification } from '../../domain/ports/failed-notification.query.js';
import type { ClaimedBatch, EntryOutcome, OutboxEntry, OutboxStore } from '../../domain/ports/outbox-store.js';
import { EPOCH, outboxItemSchema, queuedOf } from './outbox-item.js';
import { fromDocument, ticketDocumentSchema, type TicketDocument } from './ticket-document.schema.js';
import { failedOf } from './outbox-rows.js';
import { recordCopyIn } from './mongo-card-copies.js';

/**
 * The outbox inside ticket documents: a change and the messages it queues are one atomic
 * write. A claim leases every due entry of one ticket, so its messages leave in order.
 */
export class MongoTicketOutboxStore implements OutboxStore {
  private readonly tickets: Collection<TicketDocument>;

  constructor(
    db: Db,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.tickets = db.collection<TicketDocument>('tickets');
  }

  async claim(now: Date, leaseMs: number): Promise<ClaimedBatch | null> {
    const token = randomUUID();
    const due = { state: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } };
    const claimed = await this.tickets.findOneAndUpdate(
      {
        outbox: { $elemMatch: due },
        // a ticket whose earlier notification waits for a retry keeps its later ones behind it
        $or: [{ outboxHeldUntil: null }, { outboxHeldUntil: { $lte: now } }],
      },
      { $set: { 'outbox.$[item].leaseUntil': new Date(now.getTime() + leaseMs), 'outbox.$[item].leaseToken': token } },
      {
        arrayFilters: [{ 'item.state': 'pending', 'item.nextAttemptAt': { $lte: now }, 'item.leaseUntil': { $lte: now } }],
        returnDocument: 'after',
        // No sort: the only usable index, outbox_due, is walked in (state, nextAttemptAt) order,
        // so the first match is already the longest-waiting one. A sort on that multikey field
        // was a blocking sort of the whole backlog on every claim (5,000 waiting: 15 ms of mongod each).
      },
    );
    if (!claimed) return null;
    const parsed = ticketDocumentSchema.safeParse(claimed);
    if (!parsed.success) {
      this.log(`[guichet] outbox: ticket ${String(claimed._id)} is malformed; its notifications wait`);
      return null;
    }
    const leased = (parsed.data.outbox ?? []) as { id?: unknown; leaseToken?: unknown }[];
    // an entry without an id cannot be recorded like the others: it is failed here, visibly
    if (leased.some((raw) => raw.leaseToken === token && typeof raw.id !== 'string')) await this.failEntriesWithoutId(claimed._id, token, now);
    const entries: OutboxEntry[] = [];
    for (const raw of parsed.data.outbox ?? []) {
      const mine = raw as { id?: unknown; leaseToken?: unknown; state?: unknown; attempts?: unknown; createdAt?: unknown };
      if (mine.leaseToken !== token || mine.state !== 'pending' || typeof mine.id !== 'string') continue;
      const item = outboxItemSchema.safeParse(raw);
      entries.push({
        id: mine.id,
        message: item.success ? queuedOf(item.data) : null,
        attempts: typeof mine.attempts === 'number' ? mine.attempts : 0,
        createdAt: mine.createdAt instanceof Date ? mine.createdAt : now,
      });
    }
    const ticket = fromDocument(parsed.data);
    const leasedUntil = new Date(now.getTime() + leaseMs);
    return { key: ticket.id, tenantId: ticket.tenantId, token, leasedUntil, ticket, copies: parsed.data.cardCopies ?? [], entries };
  }

  private async failEntriesWithoutId(ticketId: string, token: string, now: Date): Promise<void> {
    await this.tickets.updateOne(
      { _id: ticketId },
      {
        $set: {
          'outbox.$[noId].state': 'failed',
          'outbox.$[noId].lastError': 'unreadable outbox entry (no id)',
          'outbox.$[noId].doneAt': now,
          'outbox.$[noId].leaseToken': null,
        },
      },
      { arrayFilters: [{ 'noId.leaseToken': token, 'noId.id': { $not: { $type: 'string' } } }] },
    );
  }

  async record(batch: ClaimedBatch, entryId: string, outcome: EntryOutcome, now: Date): Promise<void> {
    const mine = { 'item.id': entryId, 'item.leaseToken': batch.token };
    if (!('error' in outcome)) {
      // only while the entry is still ours: a copy is recorded once, by whoever sent it
      const ours = { _id: batch.key, outbox: { $elemMatch: { id: entryId, leaseToken: batch.token } } };
      const set = { 'outbox.$[item].state': outcome.state, 'outbox.$[item].doneAt': now, 'outbox.$[item].lastError': null };
      if (outcome.state === 'sent' && outcome.copy) {
        await recordCopyIn(this.tickets, ours, outcome.copy, now, { set, arrayFilters: [mine] });
        return;
      }
      await this.tickets.updateOne(ours, { $set: set }, { arrayFilters: [mine] });
      return;
    }
    await this.tickets.updateOne(
      { _id: batch.key },
      {
        $set: {
          'outbox.$[item].state': outcome.state,
          'outbox.$[item].attempts': outcome.attempts,
          'outbox.$[item].nextAttemptAt': outcome.nextAttemptAt,
          'outbox.$[item].leaseUntil': EPOCH,
          'outbox.$[item].leaseToken': null,
          'outbox.$[item].lastError': outcome.error,
          'outbox.$[item].doneAt': outcome.state === 'failed' ? now : null,
        },
      },
      { arrayFilters: [mine] },
    );
  }

  /**
   * The ticket's unsent entries wait until `heldUntil` (behind a retry, or for their conversation's
   * turn). Their due time moves too, so the claim's index walk meets them only once they are due.
   */
  async release(batch: ClaimedBatch, heldUntil: Date): Promise<void> {
    await this.tickets.updateOne(
      { _id: batch.key },
      {
        $set: { 'outbox.$[item].leaseUntil': EPOCH, 'outbox.$[item].leaseToken': null, outboxHeldUntil: heldUntil },
        $max: { 'outbox.$[item].nextAttemptAt': heldUntil },
      },
      { arrayFilters: [{ 'item.leaseToken': batch.token, 'item.state': 'pending' }] },
    );
  }

  async forgetCopies(batch: ClaimedBatch, activityIds: readonly string[]): Promise<void> {
    if (activityIds.length === 0) return;
    await this.tickets.updateOne({ _id: batch.key }, { $pull: { cardCopies: { activityId: { $in: [...activityIds] } } } });
  }

  /**
   * Delivered notifications are kept a day (for support questions), then dropped, so a
   * long-lived ticket's document does not grow without bound. Failed ones stay for the admins.
   */
  async prune(batch: ClaimedBatch, before: Date): Promise<void> {
    await this.tickets.updateOne(
      { _id: batch.key },
      { $pull: { outbox: { state: { $in: ['sent', 'skipped'] }, doneAt: { $lt: before } } } },
    );
  }

  async stats(): Promise<{ pending: number; failed: number }> {
    const [result] = await this.tickets
      .aggregate<{ pending: number; failed: number }>([
        { $match: { 'outbox.state': { $in: ['pending', 'failed'] } } },
        { $unwind: '$outbox' },
        {
          $group: {
            _id: null,
            pending: { $sum: { $cond: [{ $eq: ['$outbox.state', 'pending'] }, 1, 0] } },
            failed: { $sum: { $cond: [{ $eq: ['$outbox.state', 'failed'] }, 1, 0] } },
          },
        },
      ])
      .toArray();
    return { pending: result?.pending ?? 0, failed: result?.failed ?? 0 };
  }

  async listFailed(tenantId: string, limit: number): Promise<FailedNotification[]> {
    const rows = await this.tickets
      .aggregate<{ number: number; outbox: Record<string, unknown> }>([
        { $match: { tenantId: String(tenantId), 'outbox.state': 'failed' } },
        { $project: { number: 1, outbox: 1 } },
        { $unwind: '$outbox' },
        { $match: { 'outbox.state': 'failed' } },
        { $sort: { 'outbox.doneAt': -1 } },
        { $limit: Math.max(1, Math.min(50, limit)) },
      ])
      .toArray();
    return rows.map(({ number, outbox }) => failedOf(number, outbox));
  }
}
