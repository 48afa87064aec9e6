import { ObjectId, type Collection, type Db, type Document, type Filter } from 'mongodb';
import type { DueBatch, DueKind, DueTicketFinder } from '../../domain/ports/due-ticket.finder.js';
import type { Ticket } from '../../domain/ticket.js';
import {
  AUTO_CLOSE_INDEX,
  autoCloseDueFilter,
  RESUME_INDEX,
  resumeDueFilter,
  SLA_LEVEL_INDEX,
  slaLevelDueFilter,
} from '../mongo/mongo-indexes.js';
import { fromDocument, ticketDocumentSchema } from '../mongo/ticket-document.schema.js';

/** read as it is stored: the schema decides whether this version can read it */
type StoredTicket = { _id: string | ObjectId } & Document;

/** Per kind of due time: the indexed query, the field it is sorted on, and its index. */
interface DueQuery {
  readonly filter: (now: Date) => Filter<StoredTicket>;
  readonly field: string;
  readonly index: string;
}

const DUE_QUERIES: Readonly<Record<DueKind, DueQuery>> = {
  autoClose: { filter: autoCloseDueFilter, field: 'autoCloseAt', index: AUTO_CLOSE_INDEX },
  resume: { filter: resumeDueFilter, field: 'pendingUntil', index: RESUME_INDEX },
  slaLevel: { filter: slaLevelDueFilter, field: 'escalation.next.at', index: SLA_LEVEL_INDEX },
};

/**
 * Due tickets straight from their due-time index, earliest first. The index is named
 * (`hint`): when ids are left out, the planner could otherwise weigh a scan of `_id`; with
 * it, nothing due reads no document. The outbox and card copies are not read: the clock
 * changes the ticket, the dispatcher delivers.
 */
export class MongoDueTicketFinder implements DueTicketFinder {
  private readonly tickets: Collection<StoredTicket>;

  constructor(db: Db) {
    this.tickets = db.collection('tickets');
  }

  async findDue(kind: DueKind, now: Date, limit: number, except: readonly string[]): Promise<DueBatch> {
    const query = DUE_QUERIES[kind];
    const filter: Filter<StoredTicket> = except.length > 0 ? { ...query.filter(now), _id: { $nin: except.flatMap(storedIds) } } : query.filter(now);
    const docs = await this.tickets
      .find(filter, { projection: { outbox: 0, cardCopies: 0 }, sort: { [query.field]: 1 }, limit, hint: query.index })
      .toArray();
    const tickets: Ticket[] = [];
    const unreadable: { id: string; issues: string }[] = [];
    for (const doc of docs) {
      const parsed = ticketDocumentSchema.safeParse(doc);
      if (parsed.success) tickets.push(fromDocument(parsed.data));
      else unreadable.push({ id: String(doc._id), issues: summary(parsed.error.issues) });
    }
    return { tickets, unreadable };
  }
}

/** Tickets have string ids; a document inserted by hand may have an ObjectId, which must be left out too. */
const storedIds = (id: string): (string | ObjectId)[] => (/^[0-9a-f]{24}$/.test(id) ? [id, new ObjectId(id)] : [id]);

/** The first issues are enough to find the document; a stray insert can have thirty. */
function summary(issues: readonly { path: readonly PropertyKey[]; message: string }[], shown = 3): string {
  const first = issues.slice(0, shown).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
  return issues.length > shown ? `${first} (and ${issues.length - shown} more)` : first;
}
