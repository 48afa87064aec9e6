import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { autoCloseDueAt } from '../../domain/closure.js';
import type { HelpdeskSettings } from '../../domain/ports/helpdesk-settings.js';

interface LegacySolved {
  _id: string;
  tenantId: unknown;
  solvedAt: Date;
  autoCloseAt?: Date | null;
}

/**
 * Tickets solved before the clock existed have no due time, so nothing would ever close
 * them: each gets its solution time + its helpdesk's delay (null when that helpdesk never
 * closes automatically; a past time, and the clock closes it at its first tick). Run at
 * every start, in bounded batches, by any number of instances: only a document still
 * without the field is written, and a ticket change made since (which writes it) wins.
 * Returns how many tickets were given a due time.
 */
export async function backfillAutoCloseDue(
  db: Db,
  settings: HelpdeskSettings,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<number> {
  const { batchSize = 500, log = () => undefined } = options;
  const tickets = db.collection<LegacySolved>('tickets');
  const legacy = { status: 'solved', autoCloseAt: { $exists: false }, solvedAt: { $type: 'date' } } as const;
  let written = 0;
  for (;;) {
    const batch = await tickets.find(legacy, { projection: { tenantId: 1, solvedAt: 1 }, limit: batchSize }).toArray();
    if (batch.length === 0) break;
    const updates: AnyBulkWriteOperation<LegacySolved>[] = [];
    for (const { _id, tenantId, solvedAt } of batch) {
      const dueAt = autoCloseDueAt(solvedAt, await settings.closurePolicy(String(tenantId)));
      updates.push({ updateOne: { filter: { _id, autoCloseAt: { $exists: false } }, update: { $set: { autoCloseAt: dueAt } } } });
    }
    const result = await tickets.bulkWrite(updates, { ordered: false });
    written += result.modifiedCount;
    // a short batch was the last one; a batch nobody could write means another instance did it
    if (batch.length < batchSize || result.modifiedCount === 0) break;
  }
  if (written > 0) log(`[guichet] clock: ${written} ticket(s) solved before the automatic closing now have their closing time`);
  return written;
}
