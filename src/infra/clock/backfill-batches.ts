import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';

/** A one-time migration of the tickets stored before some derived fields existed. */
export interface TicketBackfill {
  /** its name in the `migrations` collection, written once every ticket concerned has the fields */
  readonly migration: string;
  /** the tickets still without the fields; also the condition of each write, so a change made since wins */
  readonly missing: Document;
  /** which of those are concerned (say, open ones only); all of them when absent */
  readonly among?: Document;
  readonly projection: Document;
  readonly batchSize: number;
  /** the fields to set on one ticket, or null when it cannot be read (left as it is, and reported) */
  fieldsOf(doc: Document): Promise<Document | null> | Document | null;
  /** stops between two batches (the server is stopping); the migration is then not marked done */
  readonly signal?: AbortSignal;
}

/**
 * Runs a backfill at start, in bounded batches, by any number of instances at once. Once it has
 * been through without an unreadable ticket, later starts ask one document and stop. Returns how
 * many tickets were written and how many could not be read.
 */
export async function runTicketBackfill(db: Db, backfill: TicketBackfill): Promise<{ written: number; unreadable: number }> {
  const migrations = db.collection<{ _id: string; doneAt: Date }>('migrations');
  if (await migrations.findOne({ _id: backfill.migration })) return { written: 0, unreadable: 0 };
  const tickets = db.collection<Document>('tickets');
  let written = 0;
  const unreadable = new Set<Document['_id']>();
  for (;;) {
    if (backfill.signal?.aborted) return { written, unreadable: unreadable.size };
    const batch = await tickets
      .find({ ...backfill.among, ...backfill.missing, _id: { $nin: [...unreadable] } }, { projection: backfill.projection, limit: backfill.batchSize })
      .toArray();
    if (batch.length === 0) break;
    const updates: AnyBulkWriteOperation<Document>[] = [];
    for (const doc of batch) {
      const fields = await backfill.fieldsOf(doc);
      if (fields === null) unreadable.add(doc._id);
      else updates.push({ updateOne: { filter: { _id: doc._id, ...backfill.missing }, update: { $set: fields } } });
    }
    const modified = updates.length > 0 ? (await tickets.bulkWrite(updates, { ordered: false })).modifiedCount : 0;
    written += modified;
    // a short batch was the last one; a batch nobody could write means another instance is on it
    if (batch.length < backfill.batchSize || (updates.length > 0 && modified === 0)) break;
  }
  if (unreadable.size === 0) await migrations.updateOne({ _id: backfill.migration }, { $setOnInsert: { doneAt: new Date() } }, { upsert: true });
  return { written, unreadable: unreadable.size };
}
