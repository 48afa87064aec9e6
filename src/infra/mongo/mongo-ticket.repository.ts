import type { Collection, Db } from 'mongodb';
import type { Queued } from '../../domain/notification.js';
import type { CardCopyRepository, PostedCard } from '../../domain/ports/card-copy.repository.js';
import type { NewTicketWrites, TicketPage, TicketQuery, TicketRepository } from '../../domain/ports/ticket.repository.js';
import { QUEUE_TOTAL_CAP, type QueueSort } from '../../domain/queue.js';
import { fail, ok, type Result } from '../../domain/result.js';
import { TICKET_STATUSES, type Ticket } from '../../domain/ticket.js';
import { newestPerConversation, recordCopyIn } from './mongo-card-copies.js';
import {
  GROUP_BREACH_INDEX,
  GROUP_PRIORITY_INDEX,
  GROUP_RISK_COUNT_INDEX,
  STATUS_BREACH_INDEX,
  STATUS_PRIORITY_INDEX,
  STATUS_RISK_COUNT_INDEX,
} from './mongo-indexes.js';
import { outboxItemsOf } from './outbox-item.js';
import { insertEach, isDuplicateKey, type BatchOutcome } from './write-coalescer.js';
import { fromDocument, ticketDocumentSchema, toDocument, type TicketDocument } from './ticket-document.schema.js';

/** A ticket about to be inserted, with what its creation stores with it. */
export interface NewTicket {
  readonly ticket: Ticket;
  readonly writes: NewTicketWrites;
}

/** How one ticket of an insert went: stored, or refused by a unique index (its number or its intake key). */
export type Inserted = { readonly kind: 'stored'; readonly ticket: Ticket } | { readonly kind: 'duplicate' };

interface CounterDocument {
  _id: string;
  seq: number;
}

export type MalformedReporter = (collection: string, id: unknown, issues: string) => void;

/** Nowhere by default: the app passes one that logs (tests built without it stay quiet). */
const defaultReporter: MalformedReporter = () => undefined;

/**
 * The queue orders, each ending on the number so pages never overlap; the indexes of
 * mongo-indexes.ts end with the same keys, so a page reads about as many tickets as it shows.
 */
const SORTS: Readonly<Record<QueueSort, Readonly<Record<string, 1 | -1>>>> = {
  newest: { createdAt: -1, number: -1 },
  priority: { priority: -1, createdAt: 1, number: 1 },
  age: { createdAt: 1, number: 1 },
  urgency: { 'escalation.breachAt': 1, number: 1 },
};

/** The queue index whose leading keys are a queue's whole filter (mongo-indexes.ts), to count its total on. */
function countIndexOf(query: TicketQuery): string | undefined {
  if (query.statuses === undefined && !query.openOnly) return undefined;
  if (query.involvingId !== undefined && query.requesterId === undefined && query.groupIds === undefined) return 'queue_involved_created';
  if (query.requesterId !== undefined && query.involvingId === undefined && query.groupIds === undefined) return 'queue_requester_created';
  if (query.groupIds !== undefined && query.requesterId === undefined && query.involvingId === undefined) {
    return query.unassignedOnly ? 'queue_nobody_created' : 'queue_group_created';
  }
  return undefined;
}

/** Per order of an alert list: the index that gives it, for some groups or all. */
const AT_RISK_HINTS: Partial<Record<QueueSort, { readonly groups: string; readonly all: string }>> = {
  priority: { groups: GROUP_PRIORITY_INDEX, all: STATUS_PRIORITY_INDEX },
  urgency: { groups: GROUP_BREACH_INDEX, all: STATUS_BREACH_INDEX },
};

/**
 * Tickets in MongoDB. Every change is one `updateOne` filtered on the previous
 * version: the history appended by the domain and the queued notifications travel
 * in the same atomic write, and a stale card can never overwrite a newer ticket.
 * Creation is plain here (one `$inc`, one insert); `takeNumbers` and `insertAll` are the
 * batch forms GroupCommitTicketRepository uses to create a burst of tickets in two commands.
 */
export class MongoTicketRepository implements TicketRepository, CardCopyRepository {
  private readonly tickets: Collection<TicketDocument>;
  private readonly counters: Collection<CounterDocument>;

  /**
   * @param onQueued called after a write that queued notifications: the dispatcher is woken
   *   for those only, not for every change (an empty claim is a wasted database command).
   */
  constructor(
    private readonly db: Db,
    private readonly reportMalformed: MalformedReporter = defaultReporter,
    private readonly onQueued: () => void = () => undefined,
  ) {
    this.tickets = db.collection<TicketDocument>('tickets');
    this.counters = db.collection<CounterDocument>('counters');
  }

  nextNumber(tenantId: string): Promise<number> {
    return this.takeNumbers(tenantId, 1);
  }

  /** `count` consecutive numbers of the tenant in one `$inc`; returns the first. */
  async takeNumbers(tenantId: string, count: number): Promise<number> {
    // two first-ever upserts for a tenant can race on _id; the loser simply tries again
    for (let attempt = 0; ; attempt += 1) {
      try {
        const counter = await this.counters.findOneAndUpdate(
          { _id: `ticket:${String(tenantId)}` },
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

  async insert(ticket: Ticket, writes: NewTicketWrites = {}): Promise<Result<Ticket>> {
    const entry = { ticket, writes };
    const [outcome] = await this.insertAll([entry]);
    if (!outcome.ok) throw outcome.error;
    return this.resultOf(entry, outcome.value);
  }

  /**
   * Inserts new tickets in one command, each stored or refused on its own; throws when the
   * command failed as a whole (then none counts as stored). `resultOf` tells each caller.
   */
  async insertAll(entries: readonly NewTicket[]): Promise<BatchOutcome<Inserted>[]> {
    const saved = entries.map(({ ticket }) => ({ ...ticket, version: 1 }));
    const outcomes = await insertEach(
      this.tickets,
      entries.map(({ writes }, i) => documentOf(saved[i], writes)),
    );
    return outcomes.map((outcome, i) => {
      if (outcome.ok) return { ok: true, value: { kind: 'stored', ticket: saved[i] } };
      if (isDuplicateKey(outcome.error)) return { ok: true, value: { kind: 'duplicate' } };
      return outcome;
    });
  }

  /** What the caller of `insert` gets: the stored ticket, the first one of its intake key, or a conflict. */
  async resultOf({ ticket, writes }: NewTicket, inserted: Inserted): Promise<Result<Ticket>> {
    if (inserted.kind === 'duplicate') return this.firstOf(ticket.tenantId, writes.intakeKey, ticket.number);
    if ((writes.notifications?.length ?? 0) > 0) this.onQueued();
    return ok(inserted.ticket);
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

  async update(ticket: Ticket, notifications: readonly Queued[] = []): Promise<Result<Ticket>> {
    const saved = { ...ticket, version: ticket.version + 1 };
    const { _id, ...fields } = toDocument(saved);
    const outbox = outboxItemsOf(notifications, ticket.updatedAt);
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

  async list(query: TicketQuery): Promise<TicketPage> {
    // every value is forced to a plain string: nothing a user typed can become an operator
    const filter: Record<string, unknown> = { tenantId: String(query.tenantId) };
    if (query.requesterId !== undefined) filter['requester.id'] = String(query.requesterId);
    if (query.assigneeId !== undefined) filter['assignee.id'] = String(query.assigneeId);
    if (query.groupIds !== undefined) filter.groupId = { $in: query.groupIds.map(String) };
    // a stored boolean (ticket-document.schema.ts) rather than `assignee: null`, which mongod 4.0 checks on each document
    if (query.unassignedOnly) filter.unassigned = true;
    // only names from the fixed list of statuses reach the filter, never a value as given. A set of
    // values (unlike `$ne: 'closed'`) is one index run per status, merged in the queue's order: a
    // page reads about as many tickets as it shows, however many are open or closed
    const wanted = TICKET_STATUSES.filter(
      (status) => (query.statuses === undefined || query.statuses.includes(status)) && !(query.openOnly && status === 'closed'),
    );
    if (wanted.length < TICKET_STATUSES.length) filter.status = { $in: wanted };
    if (query.atRiskBy !== undefined) filter['escalation.riskAt'] = { $lte: new Date(query.atRiskBy.getTime()) };
    // requester, assignee or observer: one multikey field written with every save (ticket-document.schema.ts),
    // so « mes tickets » is one index run per status merged in order (an $or would sort every open ticket in memory)
    if (query.involvingId !== undefined) filter.involved = String(query.involvingId);
    const sort = SORTS[query.sort];
    // tickets at risk: the index of the page's order skips the others on its keys (the risk index would sort them all)
    const hint = query.atRiskBy !== undefined ? AT_RISK_HINTS[query.sort]?.[query.groupIds ? 'groups' : 'all'] : undefined;
    // the total of an alert list is counted on the at-risk keys alone, whatever order the page is in;
    // the others on their queue's index, whose prefix is the whole filter (the planner, left to itself,
    // may count on an index that holds the person or group but not the status, and read every ticket)
    const countHint = query.atRiskBy !== undefined ? (query.groupIds ? GROUP_RISK_COUNT_INDEX : STATUS_RISK_COUNT_INDEX) : countIndexOf(query);
    const skip = Math.max(0, Math.floor(query.skip));
    const limit = Math.max(1, Math.min(100, Math.floor(query.limit)));
    const [docs, counted] = await Promise.all([
      this.tickets.find(filter, { projection: { outbox: 0, cardCopies: 0 }, ...(hint ? { hint } : {}) }).sort(sort).skip(skip).limit(limit).toArray(),
      this.countOf(filter, countHint),
    ]);
    const tickets = docs.flatMap((doc) => {
      const parsed = this.parse(doc);
      return parsed.ok ? [parsed.value] : [];
    });
    return { tickets, ...counted };
  }

  /**
   * The `count` command rather than countDocuments (an aggregation that hands every counted key to
   * the pipeline), one per status and group of the filter when they are few: each is then a single run
   * of its index's keys, which mongod counts in place (COUNT_SCAN) without reading a ticket, several
   * times faster than walking the runs of a set. Each stops one past QUEUE_TOTAL_CAP, so the
   * largest queue (« global » of a million tickets) counts a few thousand keys, not its whole backlog.
   */
  private async countOf(filter: Record<string, unknown>, hint: string | undefined): Promise<Pick<TicketPage, 'total' | 'totalCapped'>> {
    const count = async (query: Record<string, unknown>) =>
      Number((await this.db.command({ count: 'tickets', query, limit: QUEUE_TOTAL_CAP + 1, ...(hint ? { hint } : {}) })).n);
    const counted = await Promise.all(splitOnSets(filter, ['groupId', 'status']).map(count));
    const total = counted.reduce((sum, n) => sum + n, 0);
    return total > QUEUE_TOTAL_CAP ? { total: QUEUE_TOTAL_CAP, totalCapped: true } : { total };
  }

  /** One copy per conversation (this one replaces the card shown there before), at most MAX_COPIES. */
  async record(tenantId: string, number: number, copy: PostedCard): Promise<void> {
    await recordCopyIn(this.tickets, { tenantId: String(tenantId), number: Number(number) }, { ...copy, activityId: String(copy.activityId) }, new Date());
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

/** The filter once per combination of the values of its `$in` on `fields`, when there are at most 12 of them. */
function splitOnSets(filter: Record<string, unknown>, fields: readonly string[]): Record<string, unknown>[] {
  let parts = [filter];
  for (const field of fields) {
    const values = (filter[field] as { $in?: unknown[] } | undefined)?.$in;
    if (!values || values.length === 0 || parts.length * values.length > 12) continue;
    parts = parts.flatMap((part) => values.map((value) => ({ ...part, [field]: value })));
  }
  return parts;
}

function documentOf(saved: Ticket, { intakeKey, notifications = [], copies = [] }: NewTicketWrites): TicketDocument {
  return {
    ...toDocument(saved),
    ...(intakeKey ? { intakeKey } : {}),
    outbox: outboxItemsOf(notifications, saved.updatedAt),
    cardCopies: newestPerConversation(copies, new Date()),
  };
}
