import type { Db } from 'mongodb';
import { fromDocument, storedFacts, ticketDocumentSchema } from '../mongo/ticket-document.schema.js';
import { runTicketBackfill } from './backfill-batches.js';

const MIGRATION = 'stats-facts';

/**
 * « stats » counts a period on the statistics index alone, from the `stats` facts every save
 * writes; a ticket stored before has none and would count as opened but never taken, solved,
 * rated or escalated. Once per database (the `migrations` collection remembers), in bounded
 * batches, each ticket still without them, open or closed, gets them as its next save would
 * write them; a change made since wins. Run in the background once the server listens: every
 * ticket, open or closed, is read once, which on a large helpdesk takes longer than a start should.
 * Returns how many tickets were written.
 */
export async function backfillStatsFacts(db: Db, options: { batchSize?: number; log?: (line: string) => void; signal?: AbortSignal } = {}): Promise<number> {
  const { batchSize = 1_000, log = () => undefined, signal } = options;
  const { written, unreadable } = await runTicketBackfill(db, {
    migration: MIGRATION,
    missing: { stats: { $exists: false } },
    projection: { outbox: 0, cardCopies: 0 },
    batchSize,
    ...(signal ? { signal } : {}),
    fieldsOf: (doc) => {
      const parsed = ticketDocumentSchema.safeParse(doc);
      return parsed.success ? { stats: storedFacts(fromDocument(parsed.data)) } : null;
    },
  });
  if (written > 0) log(`[guichet] stats: ${written} ticket(s) stored before the statistics index are now counted by « stats »`);
  if (unreadable > 0) log(`[guichet] stats: ${unreadable} ticket(s) could not be read to count them in « stats »`);
  return written;
}
