import type { Db } from 'mongodb';

/**
 * How late the most overdue notification is: the oldest `nextAttemptAt` still pending and
 * due, in each outbox (ticket documents, the message outbox, alert digests), read through
 * the index the dispatcher claims with. 0 when nothing is due. A ticket whose messages wait
 * behind a retry (`outboxHeldUntil`) counts from the end of that wait, not from before it.
 */
export class MongoOutboxLagQuery {
  constructor(private readonly db: Db) {}

  async lagMs(now: Date): Promise<number> {
    const due = { state: 'pending', nextAttemptAt: { $lte: now } };
    const [ticket, message, digest] = await Promise.all([
      this.db
        .collection('tickets')
        .find(
          { outbox: { $elemMatch: due }, $or: [{ outboxHeldUntil: null }, { outboxHeldUntil: { $lte: now } }] },
          { projection: { outbox: 1, outboxHeldUntil: 1 } },
        )
        // walked in (state, nextAttemptAt) order: the first ticket holds the oldest due entry
        .hint('outbox_due')
        .limit(1)
        .next(),
      this.db.collection('outbox').find(due, { projection: { nextAttemptAt: 1 } }).sort({ nextAttemptAt: 1 }).limit(1).next(),
      this.db.collection('alertDigests').find(due, { projection: { nextAttemptAt: 1 } }).sort({ nextAttemptAt: 1 }).limit(1).next(),
    ]);
    const since: number[] = [];
    if (ticket) {
      const entries = (ticket.outbox ?? []) as { state?: unknown; nextAttemptAt?: unknown }[];
      const times = entries
        .filter((entry) => entry.state === 'pending' && entry.nextAttemptAt instanceof Date && entry.nextAttemptAt <= now)
        .map((entry) => (entry.nextAttemptAt as Date).getTime());
      const held = ticket.outboxHeldUntil instanceof Date ? ticket.outboxHeldUntil.getTime() : 0;
      if (times.length > 0) since.push(Math.max(Math.min(...times), held));
    }
    for (const doc of [message, digest]) if (doc?.nextAttemptAt instanceof Date) since.push(doc.nextAttemptAt.getTime());
    return since.length === 0 ? 0 : Math.max(0, now.getTime() - Math.min(...since));
  }
}
