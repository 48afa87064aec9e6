import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { fromDocument, storedFacts, ticketDocumentSchema } from '../mongo/ticket-document.schema.js';

const MIGRATION = 'stats-facts';

/**
 * « stats » counts a period on the statistics index alone, from the `stats` facts every save
 * writes; a ticket stored before has none and would count as opened but never taken, solved,
 * rated or escalated. Once per database (the `migrations` collection remembers), in bounded
 * batches, each ticket still without them, open or closed, gets them as its next save would
 * write them; a change made since wins. Returns how many tickets were written.
 */
export async function backfillStatsFacts(db: Db, options: { batchSize?: number; log?: (line: string) => void } = {}): Promise<number> {
  const { batchSize = 1_000, log = () => undefined } = options;
  const migrations = db.collection<{ _id: string; doneAt: Date }>('migrations');
  if (await migrations.findOne({ _id: MIGRATION })) return 0;
  const tickets = db.collection<Document>('tickets');
  const missing = { stats: { $exists: false } };
  let written = 0;
  const unreadable = new Set<Document['_id']>();
  for (;;) {
    const batch = await tickets
      .find({ ...missing, _id: { $nin: [...unreadable] } }, { projection: { outbox: 0, cardCopies: 0 }, limit: batchSize })
      .toArray();
    if (batch.length === 0) break;
    const updates: AnyBulkWriteOperation<Document>[] = [];
    for (const doc of batch) {
      const parsed = ticketDocumentSchema.safeParse(doc);
      if (!parsed.success) {
        unreadable.add(doc._id);
        continue;
      }
      updates.push({ updateOne: { filter: { _id: doc._id, ...missing }, update: { $set: { stats: storedFacts(fromDocument(parsed.data)) } } } });
    }
    const result = updates.length > 0 ? await tickets.bulkWrite(updates, { ordered: false }) : null;
    written += result?.modifiedCount ?? 0;
    if (batch.length < batchSize || (updates.length > 0 && (result?.modifiedCount ?? 0) === 0)) break;
  }
  if (unreadable.size === 0) await migrations.updateOne({ _id: MIGRATION }, { $setOnInsert: { doneAt: new Date() } }, { upsert: true });
  if (written > 0) log(`[guichet] stats: ${written} ticket(s) stored before the statistics index are now counted by « stats »`);
  if (unreadable.size > 0) log(`[guichet] stats: ${unreadable.size} ticket(s) could not be read to count them in « stats »`);
  return written;
}
