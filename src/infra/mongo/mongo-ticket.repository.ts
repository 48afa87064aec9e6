import type { Collection, Db } from 'mongodb';
import type { TicketListQuery, TicketPage, TicketRepository } from '../../domain/ports/ticket.repository.js';
import { fail, ok, type Result } from '../../domain/result.js';
import type { Ticket } from '../../domain/ticket.js';
import { fromDocument, ticketDocumentSchema, toDocument, type TicketDocument } from './ticket-document.schema.js';

interface CounterDocument {
  _id: string;
  seq: number;
}

export type MalformedReporter = (collection: string, id: unknown, issues: string) => void;

const defaultReporter: MalformedReporter = (collection, id, issues) =>
  console.error(`[guichet] malformed document in ${collection} (_id=${String(id)}): ${issues}`);

/**
 * Tickets in MongoDB. Every change is one `replaceOne` filtered on the previous
 * version: the history appended by the domain travels in the same atomic write,
 * and a stale card can never overwrite a newer ticket.
 */
export class MongoTicketRepository implements TicketRepository {
  private readonly tickets: Collection<TicketDocument>;
  private readonly counters: Collection<CounterDocument>;

  constructor(db: Db, private readonly reportMalformed: MalformedReporter = defaultReporter) {
    this.tickets = db.collection<TicketDocument>('tickets');
    this.counters = db.collection<CounterDocument>('counters');
  }

  async nextNumber(tenantId: string): Promise<number> {
    const counter = await this.counters.findOneAndUpdate(
      { _id: `ticket:${tenantId}` },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!counter) throw new Error('counter upsert returned nothing');
    return counter.seq;
  }

  async insert(ticket: Ticket, intakeKey?: string): Promise<Result<Ticket>> {
    const saved = { ...ticket, version: 1 };
    try {
      await this.tickets.insertOne({ ...toDocument(saved), ...(intakeKey ? { intakeKey } : {}) });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = intakeKey ? await this.findByIntakeKey(ticket.tenantId, intakeKey) : null;
      if (first) return ok(first);
      return fail('TICKET.CONFLICT', `ticket #${ticket.number} already exists`);
    }
    return ok(saved);
  }

  async findByIntakeKey(tenantId: string, intakeKey: string): Promise<Ticket | null> {
    const doc = await this.tickets.findOne({ tenantId: String(tenantId), intakeKey: String(intakeKey) });
    if (!doc) return null;
    const parsed = this.parse(doc);
    return parsed.ok ? parsed.value : null;
  }

  async update(ticket: Ticket): Promise<Result<Ticket>> {
    const saved = { ...ticket, version: ticket.version + 1 };
    const result = await this.tickets.replaceOne(
      { _id: ticket.id, tenantId: ticket.tenantId, version: ticket.version },
      toDocument(saved),
    );
    if (result.matchedCount === 0) {
      return fail('TICKET.CONFLICT', `ticket #${ticket.number} changed since version ${ticket.version}`, {
        number: ticket.number,
      });
    }
    return ok(saved);
  }

  async findByNumber(tenantId: string, number: number): Promise<Result<Ticket>> {
    const doc = await this.tickets.findOne({ tenantId: String(tenantId), number: Number(number) });
    if (!doc) return fail('TICKET.NOT_FOUND', `no ticket #${number}`, { number });
    return this.parse(doc);
  }

  async listByRequester(query: TicketListQuery): Promise<TicketPage> {
    const filter = {
      tenantId: String(query.tenantId),
      'requester.id': String(query.requesterId),
      ...(query.openOnly ? { status: { $ne: 'closed' as const } } : {}),
    };
    const [docs, total] = await Promise.all([
      this.tickets.find(filter).sort({ createdAt: -1, number: -1 }).skip(query.skip).limit(query.limit).toArray(),
      this.tickets.countDocuments(filter),
    ]);
    const tickets = docs.flatMap((doc) => {
      const parsed = this.parse(doc);
      return parsed.ok ? [parsed.value] : [];
    });
    return { tickets, total };
  }

  private parse(doc: unknown): Result<Ticket> {
    const parsed = ticketDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      const id = (doc as { _id?: unknown })._id;
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      this.reportMalformed('tickets', id, issues);
      return fail('STORAGE.MALFORMED', `ticket document ${String(id)} is malformed`, { issues });
    }
    return ok(fromDocument(parsed.data));
  }
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
