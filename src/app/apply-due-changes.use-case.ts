import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../domain/actor.js';
import type { DueKind, DueTicketFinder } from '../domain/ports/due-ticket.finder.js';
import type { TicketCommand } from '../domain/ticket-command.js';
import type { Ticket } from '../domain/ticket.js';
import type { ChangeTicket } from './change-ticket.use-case.js';

/** One kind of time-driven change: which due time it waits for, and what the system does when it comes. */
export interface DueJob {
  readonly kind: DueKind;
  /** the command the system actor gives a ticket whose due time has come (the same `decide` as a click) */
  command(ticket: Ticket): Exclude<TicketCommand, { type: 'create' }>;
}

/**
 * The jobs of this version: closing the solved tickets nobody answered, resuming the tickets
 * whose « jusqu'au » came (the resumption stays in the timeline), alerting on SLA levels.
 */
export const DUE_JOBS: readonly DueJob[] = [
  { kind: 'autoClose', command: () => ({ type: 'autoClose' }) },
  { kind: 'resume', command: () => ({ type: 'resume', followupId: randomUUID() }) },
  { kind: 'slaLevel', command: () => ({ type: 'alertLevel' }) },
];

export interface DueRound {
  /** tickets changed by this instance */
  readonly applied: number;
  /** tickets someone else changed first (another instance, a person's click): nothing written */
  readonly lost: number;
  /** unreadable documents and refused decisions, logged and not asked for again */
  readonly skipped: number;
  /** a batch came back full: more may be due right now */
  readonly more: boolean;
}

export interface ApplyDueChangesOptions {
  /** tickets read per job and round: catching up after downtime never loads more than this at once */
  readonly batchSize: number;
  /** tickets of a batch changed at the same time */
  readonly concurrency: number;
  /** ids given up on, remembered per job (the oldest forgotten beyond this) */
  readonly maxSkipped: number;
}

export const DEFAULT_DUE_OPTIONS: ApplyDueChangesOptions = { batchSize: 200, concurrency: 8, maxSkipped: 1_000 };

interface Deps {
  readonly due: DueTicketFinder;
  /** the clock changes a ticket the way a click does: ChangeTicket, on the ticket it already read */
  readonly tickets: Pick<ChangeTicket, 'apply'>;
  readonly jobs?: readonly DueJob[];
  readonly log?: (line: string) => void;
}

/**
 * One round of the clock: for each job, one bounded batch of due tickets, each changed by
 * the system actor through the version-guarded write (its notifications in the same write).
 * A document this version cannot read, or a change `decide` refuses, is logged once and
 * left out of every later round of this instance: it must never be retried in a hot loop.
 */
export class ApplyDueChanges {
  private readonly options: ApplyDueChangesOptions;
  private readonly jobs: readonly DueJob[];
  private readonly log: (line: string) => void;
  /** per job, ids given up on, oldest first */
  private readonly skipped = new Map<DueKind, Set<string>>();

  constructor(
    private readonly deps: Deps,
    options: Partial<ApplyDueChangesOptions> = {},
  ) {
    this.options = { ...DEFAULT_DUE_OPTIONS, ...options };
    this.jobs = deps.jobs ?? DUE_JOBS;
    this.log = deps.log ?? (() => undefined);
  }

  async execute(now: Date): Promise<DueRound> {
    const round = { applied: 0, lost: 0, skipped: 0, more: false };
    for (const job of this.jobs) {
      const skipped = this.skippedOf(job.kind);
      const batch = await this.deps.due.findDue(job.kind, now, this.options.batchSize, [...skipped]);
      for (const { id, issues } of batch.unreadable) {
        this.skip(job.kind, id, `unreadable document: ${issues}`);
        round.skipped += 1;
      }
      await eachLimited(batch.tickets, this.options.concurrency, async (ticket) => {
        const changed = await this.deps.tickets.apply(ticket, SYSTEM_ACTOR, job.command(ticket), now);
        if (changed.ok) round.applied += 1;
        else if (changed.error.code === 'TICKET.CONFLICT') round.lost += 1;
        else {
          this.skip(job.kind, ticket.id, `#${ticket.number} refused: ${changed.error.code} ${changed.error.message}`);
          round.skipped += 1;
        }
      });
      if (batch.tickets.length + batch.unreadable.length >= this.options.batchSize) round.more = true;
    }
    return round;
  }

  private skippedOf(kind: DueKind): Set<string> {
    let ids = this.skipped.get(kind);
    if (!ids) this.skipped.set(kind, (ids = new Set()));
    return ids;
  }

  private skip(kind: DueKind, id: string, why: string): void {
    const ids = this.skippedOf(kind);
    ids.add(id);
    if (ids.size > this.options.maxSkipped) ids.delete(ids.values().next().value as string);
    this.log(`[guichet] clock: ${kind} skips ticket ${id} until restart (${why})`);
  }
}

/**
 * Runs `work` on every item, at most `limit` at a time. The first failure (the database is
 * down) stops handing out items and is thrown once every started one has settled.
 */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      try {
        await work(items[next++] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
