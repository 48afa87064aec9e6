import type { NewTicketWrites, TicketPage, TicketQuery, TicketRepository } from '../../domain/ports/ticket.repository.js';
import type { Queued } from '../../domain/notification.js';
import type { Result } from '../../domain/result.js';
import type { Ticket } from '../../domain/ticket.js';
import type { Inserted, NewTicket } from './mongo-ticket.repository.js';
import { WriteCoalescer, type BatchOutcome } from './write-coalescer.js';

/** The batch forms of the port's two creation steps, as the store underneath offers them. */
export interface BatchTicketStore extends TicketRepository {
  /** `count` consecutive numbers of the tenant in one write; returns the first */
  takeNumbers(tenantId: string, count: number): Promise<number>;
  /** one write for all; throws when it failed as a whole */
  insertAll(entries: readonly NewTicket[]): Promise<readonly BatchOutcome<Inserted>[]>;
  /** what the caller of `insert` gets for its ticket */
  resultOf(entry: NewTicket, inserted: Inserted): Promise<Result<Ticket>>;
}

/** One tenant's queues: its counter is its own, so are its batches. */
interface Lane {
  readonly numbers: WriteCoalescer<void, number>;
  readonly inserts: WriteCoalescer<NewTicket, Inserted>;
}

/**
 * Group commit for new tickets, behind the plain port. The `nextNumber` calls of one
 * event-loop turn take their numbers in one `$inc` of the tenant's counter, and the
 * `insert` calls in one unordered insertMany (see WriteCoalescer): under a burst, a batch
 * of tickets costs two commands instead of two per ticket, which is what makes creation
 * fast. Each ticket still gets its own outcome; everything else goes straight through.
 */
export class GroupCommitTicketRepository implements TicketRepository {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly store: BatchTicketStore) {}

  nextNumber(tenantId: string): Promise<number> {
    return this.laneOf(tenantId).numbers.submit(undefined);
  }

  async insert(ticket: Ticket, writes: NewTicketWrites = {}): Promise<Result<Ticket>> {
    const entry = { ticket, writes };
    return this.store.resultOf(entry, await this.laneOf(ticket.tenantId).inserts.submit(entry));
  }

  update(ticket: Ticket, notifications?: readonly Queued[]): Promise<Result<Ticket>> {
    return this.store.update(ticket, notifications);
  }

  findByNumber(tenantId: string, number: number): Promise<Result<Ticket>> {
    return this.store.findByNumber(tenantId, number);
  }

  list(query: TicketQuery): Promise<TicketPage> {
    return this.store.list(query);
  }

  private laneOf(tenantId: string): Lane {
    const key = String(tenantId);
    const held = this.lanes.get(key);
    if (held) return held;
    // idle lanes go once many tenants were seen: a lane holds nothing a new one would not have
    if (this.lanes.size >= 1_000) {
      for (const [k, lane] of this.lanes) if (lane.numbers.idle && lane.inserts.idle) this.lanes.delete(k);
    }
    const lane: Lane = {
      numbers: new WriteCoalescer(async (calls) => {
        const first = await this.store.takeNumbers(key, calls.length);
        return calls.map((_, i) => ({ ok: true, value: first + i }));
      }),
      inserts: new WriteCoalescer((entries) => this.store.insertAll(entries)),
    };
    this.lanes.set(key, lane);
    return lane;
  }
}
