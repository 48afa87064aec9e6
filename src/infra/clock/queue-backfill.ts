import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { involvedIn } from '../mongo/ticket-document.schema.js';

const MIGRATION = 'queue-fields';

interface LegacyTicket {
  _id: string;
  requester?: { id?: unknown } | null;
  assignee?: { id?: unknown } | null;
  observers?: readonly { id?: unknown }[] | null;
  involved?: string[];
  unassigned?: boolean;
}

/**
 * « mes tickets » is indexed on `involved` (requester, assignee, observers) and « à traiter » on
 * `unassigned`, which every save writes since; an open ticket stored before has neither and would
 * be missing from those queues until its next change. Once per database (the `migrations` collection remembers), in
 * bounded batches: each open ticket still without it gets it; a change made since (which
 * writes it) wins. Closed tickets are in no queue, and get it if they ever change. Returns
 * how many tickets were written.
 */
export async function backfillQueueFields(db: Db, options: { batchSize?: number; log?: (line: string) => void } = {}): Promise<number> {
  const { batchSize = 1_000, log = () => undefined } = options;
  const migrations = db.collection<{ _id: string; doneAt: Date }>('migrations');
  if (await migrations.findOne({ _id: MIGRATION })) return 0;
  const tickets = db.collection<LegacyTicket>('tickets');
  const missing = { $or: [{ involved: { $exists: false } }, { unassigned: { $exists: false } }] };
  const legacy = { status: { $in: ['new', 'assigned', 'planned', 'pending', 'solved'] }, ...missing };
  let written = 0;
  const unreadable = new Set<string>();
  for (;;) {
    const batch = await tickets
      .find({ ...legacy, _id: { $nin: [...unreadable] } }, { projection: { requester: 1, assignee: 1, observers: 1 }, limit: batchSize })
      .toArray();
    if (batch.length === 0) break;
    const updates: AnyBulkWriteOperation<LegacyTicket>[] = [];
    for (const doc of batch) {
      const requester = doc.requester;
      if (typeof requester?.id !== 'string') {
        unreadable.add(doc._id);
        continue;
      }
      const assignee = typeof doc.assignee?.id === 'string' ? { id: doc.assignee.id, name: '' } : null;
      const observers = (doc.observers ?? []).flatMap((o) => (typeof o?.id === 'string' ? [{ id: o.id, name: '' }] : []));
      const involved = involvedIn({ requester: { id: requester.id, name: '' }, assignee, observers });
      updates.push({ updateOne: { filter: { _id: doc._id, ...missing }, update: { $set: { involved, unassigned: assignee === null } } } });
    }
    const result = updates.length > 0 ? await tickets.bulkWrite(updates, { ordered: false }) : null;
    written += result?.modifiedCount ?? 0;
    if (batch.length < batchSize) break;
  }
  if (unreadable.size === 0) await migrations.updateOne({ _id: MIGRATION }, { $setOnInsert: { doneAt: new Date() } }, { upsert: true });
  if (written > 0) log(`[guichet] queues: ${written} open ticket(s) stored before « mes tickets » was indexed are now in « mes tickets » and « à traiter »`);
  if (unreadable.size > 0) log(`[guichet] queues: ${unreadable.size} open ticket(s) could not be read to index them for « mes tickets » and « à traiter »`);
  return written;
}
