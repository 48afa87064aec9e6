import type { Db } from 'mongodb';
import { involvedIn } from '../mongo/ticket-document.schema.js';
import { runTicketBackfill } from './backfill-batches.js';

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
  const { written, unreadable } = await runTicketBackfill(db, {
    migration: MIGRATION,
    missing: { $or: [{ involved: { $exists: false } }, { unassigned: { $exists: false } }] },
    among: { status: { $in: ['new', 'assigned', 'planned', 'pending', 'solved'] } },
    projection: { requester: 1, assignee: 1, observers: 1 },
    batchSize,
    fieldsOf: (doc) => {
      const { requester, assignee: stored, observers: followers } = doc as LegacyTicket;
      if (typeof requester?.id !== 'string') return null;
      const assignee = typeof stored?.id === 'string' ? { id: stored.id, name: '' } : null;
      const observers = (followers ?? []).flatMap((o) => (typeof o?.id === 'string' ? [{ id: o.id, name: '' }] : []));
      return { involved: involvedIn({ requester: { id: requester.id, name: '' }, assignee, observers }), unassigned: assignee === null };
    },
  });
  if (written > 0) log(`[guichet] queues: ${written} open ticket(s) stored before « mes tickets » was indexed are now in « mes tickets » and « à traiter »`);
  if (unreadable > 0) log(`[guichet] queues: ${unreadable} open ticket(s) could not be read to index them for « mes tickets » and « à traiter »`);
  return written;
}
