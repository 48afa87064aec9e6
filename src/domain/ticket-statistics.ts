import { BACKLOG_BUCKETS, type BacklogBucket, type Count, type PeriodTally } from './ports/ticket-export.js';
import { LEVELS, type Level } from './priority.js';
import type { SlaClock } from './sla.js';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from './ticket.js';

/** Minutes, ranked: the middle one and the one nine in ten stay under (nearest rank). */
export interface Spread {
  readonly count: number;
  readonly median: number;
  readonly p90: number;
}

export interface Compliance {
  readonly met: number;
  readonly total: number;
}

export interface DayFigures {
  /** YYYY-MM-DD in the helpdesk's time zone */
  readonly day: string;
  readonly opened: number;
  readonly closed: number;
}

export { BACKLOG_BUCKETS, type BacklogBucket } from './ports/ticket-export.js';

/**
 * What « stats » counts of one ticket beyond its status, priority, category and dates: derived
 * from it at every save, so the store counts a period without opening its tickets.
 */
export interface TicketFacts {
  /** business minutes to take it in charge, once that clock stopped (rounded); null while it runs */
  readonly own: number | null;
  /** whether it was taken in charge by its due time; null while running or without a due time */
  readonly ownMet: boolean | null;
  readonly resolve: number | null;
  readonly resolveMet: boolean | null;
  /** the satisfaction answer, 1–5 */
  readonly rating: number | null;
  /** the escalation levels it reached, each once, in id order */
  readonly levels: readonly string[];
  /** moved above support level 1 (N1 → N2…) */
  readonly escalated: boolean;
  /** a call ticket, and one whose first solution was given while the caller was on the line */
  readonly call: boolean;
  readonly duringCall: boolean;
}

/** A clock as stored, possibly older and partial (the CSV export reads it as such). */
type ClockLike = Partial<Pick<SlaClock, 'consumedMs' | 'stoppedAt' | 'dueAt'>> | undefined;

/** Business minutes a stopped clock counted (rounded); null while it runs. */
export const minutesOf = (clock: ClockLike) => (clock?.stoppedAt && clock.consumedMs !== undefined ? Math.round(clock.consumedMs / 60_000) : null);
/** Whether a stopped clock stopped by its due time; null while it runs or when it had none. */
export const metOf = (clock: ClockLike) => (clock?.stoppedAt && clock.dueAt ? clock.stoppedAt.getTime() <= clock.dueAt.getTime() : null);

export function factsOf(ticket: Pick<Ticket, 'sla' | 'survey' | 'escalation' | 'source' | 'solutions'>): TicketFacts {
  const call = ticket.source === 'call';
  return {
    own: minutesOf(ticket.sla.own),
    ownMet: metOf(ticket.sla.own),
    resolve: minutesOf(ticket.sla.resolve),
    resolveMet: metOf(ticket.sla.resolve),
    rating: ticket.survey?.answer?.rating ?? null,
    levels: [...new Set(ticket.escalation.fired)].sort(),
    escalated: ticket.escalation.supportLevel > 1,
    call,
    duringCall: call && ticket.solutions[0]?.duringCall === true,
  };
}

/** Everything « stats » shows, computed from the store's counts: the same figures whatever the store. */
export interface Statistics {
  readonly from: Date;
  readonly to: Date;
  readonly opened: number;
  readonly closed: number;
  readonly byDay: readonly DayFigures[];
  readonly byStatus: Readonly<Record<TicketStatus, number>>;
  /** most frequent first; null: no category */
  readonly byCategory: readonly { readonly categoryId: string | null; readonly count: number }[];
  readonly byPriority: Readonly<Record<Level, number>>;
  readonly timeToOwn: Spread | null;
  readonly timeToResolve: Spread | null;
  readonly ownCompliance: Compliance;
  readonly resolveCompliance: Compliance;
  readonly backlog: Readonly<Record<BacklogBucket, number>>;
  /** call tickets, and those solved while the caller was on the line */
  readonly firstContact: { readonly calls: number; readonly solvedDuringCall: number };
  readonly satisfaction: { readonly count: number; readonly average: number | null; readonly distribution: readonly number[] };
  readonly deflections: number;
  /** escalation levels reached by the period's tickets, by level id, in the order of the levels */
  readonly escalationLevels: readonly { readonly levelId: string; readonly count: number }[];
  /** tickets moved up at least one support level (N1 → N2…) */
  readonly functionalEscalations: number;
}

export interface StatisticsInput {
  readonly from: Date;
  readonly to: Date;
  readonly timeZone: string;
  /** the period's tickets, counted by the store */
  readonly tally: PeriodTally;
  readonly deflections: number;
  /** the order escalation levels are listed in (the helpdesk's levels) */
  readonly levelOrder: readonly string[];
}

const HOUR_MS = 60 * 60_000;

/**
 * Median and p90 by nearest rank (the value at rank ⌈q·n⌉, so a reported p90 is a real duration),
 * read from value → how many, as the store counts durations.
 */
export function spreadOfCounts(counts: readonly Count<number>[]): Spread | null {
  const sorted = counts.filter((c) => c.count > 0).sort((a, b) => a.key - b.key);
  const total = sorted.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return null;
  const at = (q: number) => {
    const rank = Math.min(total, Math.max(1, Math.ceil(q * total)));
    let seen = 0;
    for (const c of sorted) {
      seen += c.count;
      if (seen >= rank) return c.key;
    }
    return sorted[sorted.length - 1]!.key;
  };
  return { count: total, median: at(0.5), p90: at(0.9) };
}

/** Building a formatter costs ~100 times using one: one per time zone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `date` in `timeZone`, as YYYY-MM-DD. */
export function dayIn(date: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(date);
}

const sum = (counts: readonly Count<unknown>[]) => counts.reduce((total, c) => total + c.count, 0);

export function computeStatistics(input: StatisticsInput): Statistics {
  const { tally, timeZone } = input;
  // every day of the period, even the quiet ones: a chart with gaps would lie about them. Hour by
  // hour, so a 23-hour day (spring forward) is not stepped over
  const days = new Map<string, { opened: number; closed: number }>();
  for (let at = input.from.getTime(); at < input.to.getTime(); at += HOUR_MS) {
    const day = dayIn(new Date(at), timeZone);
    if (!days.has(day)) days.set(day, { opened: 0, closed: 0 });
  }
  const today = dayIn(new Date(input.to.getTime() - 1), timeZone);
  if (!days.has(today)) days.set(today, { opened: 0, closed: 0 });
  for (const c of tally.openedByDay) {
    const day = days.get(c.key);
    if (day) day.opened += c.count;
  }
  for (const c of tally.closedByDay) {
    const day = days.get(c.key);
    if (day) day.closed += c.count;
  }

  const byStatus = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<TicketStatus, number>;
  for (const c of tally.byStatus) if (c.key in byStatus) byStatus[c.key] += c.count;
  const byPriority = Object.fromEntries(LEVELS.map((level) => [level, 0])) as Record<Level, number>;
  for (const c of tally.byPriority) if (c.key in byPriority) byPriority[c.key] += c.count;

  const distribution = [0, 0, 0, 0, 0];
  let ratingSum = 0;
  for (const c of tally.ratings) {
    if (!Number.isInteger(c.key) || c.key < 1 || c.key > 5) continue;
    distribution[c.key - 1] = (distribution[c.key - 1] ?? 0) + c.count;
    ratingSum += c.key * c.count;
  }
  const rated = distribution.reduce((a, b) => a + b, 0);

  const order = (id: string) => {
    const index = input.levelOrder.indexOf(id);
    return index === -1 ? input.levelOrder.length : index;
  };
  return {
    from: input.from,
    to: input.to,
    opened: sum(tally.openedByDay),
    closed: sum(tally.closedByDay),
    byDay: [...days.entries()].map(([day, figures]) => ({ day, ...figures })),
    byStatus,
    byCategory: tally.byCategory
      .filter((c) => c.count > 0)
      .map((c) => ({ categoryId: c.key, count: c.count }))
      .sort((a, b) => b.count - a.count || String(a.categoryId).localeCompare(String(b.categoryId))),
    byPriority,
    timeToOwn: spreadOfCounts(tally.ownMinutes),
    timeToResolve: spreadOfCounts(tally.resolveMinutes),
    ownCompliance: { ...tally.ownCompliance },
    resolveCompliance: { ...tally.resolveCompliance },
    backlog: Object.fromEntries(BACKLOG_BUCKETS.map((bucket) => [bucket, tally.backlog[bucket] ?? 0])) as Record<BacklogBucket, number>,
    firstContact: { calls: tally.calls, solvedDuringCall: tally.solvedDuringCall },
    satisfaction: { count: rated, average: rated === 0 ? null : ratingSum / rated, distribution },
    deflections: input.deflections,
    escalationLevels: tally.escalationLevels
      .filter((c) => c.count > 0)
      .map((c) => ({ levelId: c.key, count: c.count }))
      .sort((a, b) => order(a.levelId) - order(b.levelId) || a.levelId.localeCompare(b.levelId)),
    functionalEscalations: tally.functionalEscalations,
  };
}
