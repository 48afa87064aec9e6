import type { Collection, Db } from 'mongodb';
import type { Notification } from '../../domain/notification.js';
import type { CardCopyRepository, PostedCard } from '../../domain/ports/card-copy.repository.js';
import type {
  NewTicket,
  TicketListQuery,
  TicketPage,
  TicketQuery,
  TicketRepository,
} from '../../domain/ports/ticket.repository.js';
import { fail, ok, type Result } from '../../domain/result.js';
import type { Ticket } from '../../domain/ticket.js';
import { toOutboxItem } from './outbox-item.js';
import { insertEach, isDuplicateKey, WriteCoalescer, type BatchOutcome } from './write-coalescer.js';
import { fromDocument, ticketDocumentSchema, toDocument, type TicketDocument } from './ticket-document.schema.js';

interface PendingCreate {
  readonly build: (number: number) => NewTicket;
  readonly intakeKey: string | undefined;
  readonly copies: readonly PostedCard[];
}

type Created = { kind: 'stored'; ticket: Ticket; queued: boolean } | { kind: 'duplicate'; number: number };

interface CounterDocument {
  _id: string;
  seq: number;
}

export type MalformedReporter = (collection: string, id: unknown, issues: string) => void;

const defaultReporter: MalformedReporter = (collection, id, issues) =>
  console.error(`[guichet] malformed document in ${collection} (_id=${String(id)}): ${issues}`);

/**
 * Tickets in MongoDB. Every change is one `updateOne` filtered on the previous
 * version: the history appended by the domain and the queued notifications travel
 * in the same atomic write, and a stale card can never overwrite a newer ticket.
 * New tickets are group-committed (see WriteCoalescer): the tickets of a batch take their
 * numbers in one `$inc` of the tenant's counter and are inserted in one unordered
 * `insertMany`; each ticket still succeeds or fails on its own.
 */
export class MongoTicketRepository implements TicketRepository, CardCopyRepository {
  private readonly tickets: Collection<TicketDocument>;
  private readonly counters: Collection<CounterDocument>;

  private readonly creators = new Map<string, WriteCoalescer<PendingCreate, Created>>();

  /**
   * @param onQueued called after a write that queued notifications: the dispatcher is woken
   *   for those only, not for every change (an empty claim is a wasted database command).
   */
  constructor(
    db: Db,
    private readonly reportMalformed: MalformedReporter = defaultReporter,
    private readonly onQueued: () => void = () => undefined,
  ) {
    this.tickets = db.collection<TicketDocument>('tickets');
    this.counters = db.collection<CounterDocument>('counters');
  }

  async create(
    tenantId: string,
    build: (number: number) => NewTicket,
    intakeKey?: string,
    copies: readonly PostedCard[] = [],
  ): Promise<Result<Ticket>> {
    const key = String(tenantId);
    let creator = this.creators.get(key);
    if (!creator) {
      // one coalescer per tenant (one counter each); idle ones go when many tenants were seen
      if (this.creators.size >= 1_000) for (const [k, c] of this.creators) if (c.idle) this.creators.delete(k);
      creator = new WriteCoalescer((pending) => this.createAll(key, pending));
      this.creators.set(key, creator);
    }
    const created = await creator.submit({ build, intakeKey, copies });
    if (created.kind === 'duplicate') return this.firstOf(key, intakeKey, created.number);
    if (created.queued) this.onQueued();
    return ok(created.ticket);
  }

  /** One `$inc` for the whole batch, then one insert: numbers follow the order of the calls. */
  private async createAll(tenantId: string, pending: readonly PendingCreate[]): Promise<BatchOutcome<Created>[]> {
    const first = await this.takeNumbers(tenantId, pending.length);
    const outcomes: BatchOutcome<Created>[] = new Array(pending.length);
    const docs: TicketDocument[] = [];
    const made: { index: number; ticket: Ticket; queued: boolean }[] = [];
    pending.forEach((p, i) => {
      try {
        const { ticket, notifications } = p.build(first + i);
        if (ticket.tenantId !== tenantId || ticket.number !== first + i) throw new Error('ticket built with another tenant or number');
        const saved = { ...ticket, version: 1 };
        docs.push(documentOf(saved, p.intakeKey, notifications, p.copies));
        made.push({ index: i, ticket: saved, queued: notifications.length > 0 });
      } catch (error) {
        outcomes[i] = { ok: false, error };
      }
    });
    const inserted = docs.length > 0 ? await insertEach(this.tickets, docs) : [];
    inserted.forEach((outcome, j) => {
      const { index, ticket, queued } = made[j];
      if (outcome.ok) outcomes[index] = { ok: true, value: { kind: 'stored', ticket, queued } };
      else if (isDuplicateKey(outcome.error)) outcomes[index] = { ok: true, value: { kind: 'duplicate', number: ticket.number } };
      else outcomes[index] = { ok: false, error: outcome.error };
    });
    return outcomes;
  }

  /** `count` consecutive numbers in one `$inc`; returns the first. */
  private async takeNumbers(tenantId: string, count: number): Promise<number> {
    // two first-ever upserts for a tenant can race on _id; the loser simply tries again
    for (let attempt = 0; ; attempt += 1) {
      try {
        const counter = await this.counters.findOneAndUpdate(
          { _id: `ticket:${tenantId}` },
          { $inc: { seq: count } },
          { upsert: true, returnDocument: 'after' },
        );
        if (!counter) throw new Error('counter upsert returned nothing');
        return counter.seq - count + 1;
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= 5) throw error;
      }
    }
  }

  async insert(
    ticket: Ticket,
    intakeKey?: string,
    notifications: readonly Notification[] = [],
    copies: readonly PostedCard[] = [],
  ): Promise<Result<Ticket>> {
    const saved = { ...ticket, version: 1 };
    // a ticket whose number is already known: one plain insert (new tickets go through create)
    const [outcome] = await insertEach(this.tickets, [documentOf(saved, intakeKey, notifications, copies)]);
    if (!outcome.ok) {
      if (!isDuplicateKey(outcome.error)) throw outcome.error;
      return this.firstOf(ticket.tenantId, intakeKey, ticket.number);
    }
    if (notifications.length > 0) this.onQueued();
    return ok(saved);
  }

  /** A duplicate key on insert: the first ticket of that intake key, or a number clash. */
  private async firstOf(tenantId: string, intakeKey: string | undefined, number: number): Promise<Result<Ticket>> {
    const first = intakeKey ? await this.findByIntakeKey(tenantId, intakeKey) : null;
    if (first) return ok(first);
    return fail('TICKET.CONFLICT', `ticket #${number} already exists`);
  }

  async findByIntakeKey(tenantId: string, intakeKey: string): Promise<Ticket | null> {
    const doc = await this.tickets.findOne(
      { tenantId: String(tenantId), intakeKey: { $eq: String(intakeKey), $type: 'string' } },
      // mongod 4.0's planner would rather scan another index: every new ticket is a miss
      { projection: { outbox: 0, cardCopies: 0 }, hint: 'tenant_intake_unique' },
    );
    if (!doc) return null;
    const parsed = this.parse(doc);
    return parsed.ok ? parsed.value : null;
  }

  async update(ticket: Ticket, notifications: readonly Notification[] = []): Promise<Result<Ticket>> {
    const saved = { ...ticket, version: ticket.version + 1 };
    const { _id, ...fields } = toDocument(saved);
    const outbox = notifications.map((notification) => toOutboxItem(notification, ticket.updatedAt));
    // $set the ticket's own fields only: the outbox and card copies are appended by
    // other writers (the dispatcher) and must never be rolled back by a ticket change
    const result = await this.tickets.updateOne(
      { _id, tenantId: ticket.tenantId, version: ticket.version },
      { $set: fields, ...(outbox.length > 0 ? { $push: { outbox: { $each: outbox } } } : {}) },
    );
    if (result.matchedCount === 0) {
      return fail('TICKET.CONFLICT', `ticket #${ticket.number} changed since version ${ticket.version}`, {
        number: ticket.number,
      });
    }
    if (outbox.length > 0) this.onQueued();
    return ok(saved);
  }

  async findByNumber(tenantId: string, number: number): Promise<Result<Ticket>> {
    const doc = await this.tickets.findOne(
      { tenantId: String(tenantId), number: Number(number) },
      { projection: { outbox: 0, cardCopies: 0 } },
    );
    if (!doc) return fail('TICKET.NOT_FOUND', `no ticket #${number}`, { number });
    return this.parse(doc);
  }

  listByRequester(query: TicketListQuery): Promise<TicketPage> {
    return this.list({ ...query, sort: 'newest' });
  }

  async list(query: TicketQuery): Promise<TicketPage> {
    // every value is forced to a plain string: nothing a user typed can become an operator
    const filter: Record<string, unknown> = { tenantId: String(query.tenantId) };
    if (query.requesterId !== undefined) filter['requester.id'] = String(query.requesterId);
    if (query.assigneeId !== undefined) filter['assignee.id'] = String(query.assigneeId);
    if (query.involvingId !== undefined) {
      const id = String(query.involvingId);
      filter.$or = [{ 'requester.id': id }, { 'assignee.id': id }, { 'observers.id': id }];
    }
    if (query.groupIds !== undefined) filter.groupId = { $in: query.groupIds.map(String) };
    if (query.unassignedOnly) filter.assignee = null;
    if (query.openOnly) filter.status = { $ne: 'closed' };
    const sort: Record<string, 1 | -1> =
      query.sort === 'priority'
        ? { priority: -1, createdAt: 1, number: 1 }
        : query.sort === 'age'
          ? { createdAt: 1, number: 1 }
          : { createdAt: -1, number: -1 };
    const skip = Math.max(0, Math.floor(query.skip));
    const limit = Math.max(1, Math.min(100, Math.floor(query.limit)));
    const [docs, total] = await Promise.all([
      this.tickets.find(filter, { projection: { outbox: 0, cardCopies: 0 } }).sort(sort).skip(skip).limit(limit).toArray(),
      this.tickets.countDocuments(filter),
    ]);
    const tickets = docs.flatMap((doc) => {
      const parsed = this.parse(doc);
      return parsed.ok ? [parsed.value] : [];
    });
    return { tickets, total };
  }

  async record(tenantId: string, number: number, copy: PostedCard): Promise<void> {
    await this.tickets.updateOne(
      { tenantId: String(tenantId), number: Number(number), 'cardCopies.activityId': { $ne: String(copy.activityId) } },
      { $push: { cardCopies: storedCopy(copy) } },
    );
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

function documentOf(
  saved: Ticket,
  intakeKey: string | undefined,
  notifications: readonly Notification[],
  copies: readonly PostedCard[],
): TicketDocument {
  return {
    ...toDocument(saved),
    ...(intakeKey ? { intakeKey } : {}),
    outbox: notifications.map((notification) => toOutboxItem(notification, saved.updatedAt)),
    cardCopies: copies.map((copy) => storedCopy(copy)),
  };
}

function storedCopy(copy: PostedCard) {
  return { ...copy, reference: { ...copy.reference }, postedAt: new Date() };
}
