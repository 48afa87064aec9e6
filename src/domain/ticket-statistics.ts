import type { ExportRow } from './ports/ticket-export.js';
import { LEVELS, type Level } from './priority.js';
import { TICKET_STATUSES, type TicketStatus } from './ticket.js';

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

/** Open tickets by how long they have waited: under a day, 1–3 days, 3–7 days, over a week. */
export const BACKLOG_BUCKETS = ['under1', 'from1to3', 'from3to7', 'over7'] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number];

/** Everything « stats » shows, computed from plain rows: the same figures whatever the store. */
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
  /** the tickets opened in [from, to) */
  readonly rows: readonly ExportRow[];
  /** when the tickets closed in [from, to) closed */
  readonly closedAt: readonly Date[];
  /** when the tickets still open were opened */
  readonly openSince: readonly Date[];
  readonly deflections: number;
  /** the order escalation levels are listed in (the helpdesk's levels) */
  readonly levelOrder: readonly string[];
}

const DAY_MS = 24 * 60 * 60_000;

/** The value at rank ⌈q·n⌉ of the sorted values (nearest rank), so a reported p90 is a real duration. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
}

/** Building a formatter costs ~100 times using one: one per time zone, for every ticket of a period. */
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

function backlogBucket(waitedMs: number): BacklogBucket {
  if (waitedMs < DAY_MS) return 'under1';
  if (waitedMs < 3 * DAY_MS) return 'from1to3';
  if (waitedMs < 7 * DAY_MS) return 'from3to7';
  return 'over7';
}

export function computeStatistics(input: StatisticsInput): Statistics {
  const { rows, timeZone } = input;
  // every day of the period, even the quiet ones: a chart with gaps would lie about them
  const days = new Map<string, { opened: number; closed: number }>();
  for (let at = input.from.getTime(); at < input.to.getTime(); at += DAY_MS) days.set(dayIn(new Date(at), timeZone), { opened: 0, closed: 0 });
  // and today, which the steps of a day from `from` stop just short of
  const today = dayIn(new Date(input.to.getTime() - 1), timeZone);
  if (!days.has(today)) days.set(today, { opened: 0, closed: 0 });
  for (const row of rows) {
    const day = days.get(dayIn(row.createdAt, timeZone));
    if (day) day.opened += 1;
  }
  for (const closedAt of input.closedAt) {
    const day = days.get(dayIn(closedAt, timeZone));
    if (day) day.closed += 1;
  }

  const byStatus = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<TicketStatus, number>;
  const byPriority = Object.fromEntries(LEVELS.map((level) => [level, 0])) as Record<Level, number>;
  const categories = new Map<string | null, number>();
  const levels = new Map<string, number>();
  const ratings: number[] = [];
  const distribution = [0, 0, 0, 0, 0];
  let calls = 0;
  let solvedDuringCall = 0;
  let functionalEscalations = 0;
  const own = { met: 0, total: 0 };
  const resolve = { met: 0, total: 0 };
  for (const row of rows) {
    byStatus[row.status] += 1;
    byPriority[row.priority] += 1;
    categories.set(row.categoryId, (categories.get(row.categoryId) ?? 0) + 1);
    for (const levelId of new Set(row.escalationsFired)) levels.set(levelId, (levels.get(levelId) ?? 0) + 1);
    if (row.supportLevel > 1) functionalEscalations += 1;
    if (row.source === 'call') {
      calls += 1;
      if (row.solvedDuringCall) solvedDuringCall += 1;
    }
    if (row.rating !== null) {
      ratings.push(row.rating);
      distribution[row.rating - 1] = (distribution[row.rating - 1] ?? 0) + 1;
    }
    if (row.ownMet !== null) {
      own.total += 1;
      if (row.ownMet) own.met += 1;
    }
    if (row.resolveMet !== null) {
      resolve.total += 1;
      if (row.resolveMet) resolve.met += 1;
    }
  }

  const backlog = Object.fromEntries(BACKLOG_BUCKETS.map((bucket) => [bucket, 0])) as Record<BacklogBucket, number>;
  for (const since of input.openSince) backlog[backlogBucket(input.to.getTime() - since.getTime())] += 1;

  const order = (id: string) => {
    const index = input.levelOrder.indexOf(id);
    return index === -1 ? input.levelOrder.length : index;
  };
  return {
    from: input.from,
    to: input.to,
    opened: rows.length,
    closed: input.closedAt.length,
    byDay: [...days.entries()].map(([day, figures]) => ({ day, ...figures })),
    byStatus,
    byCategory: [...categories.entries()].map(([categoryId, count]) => ({ categoryId, count })).sort((a, b) => b.count - a.count || String(a.categoryId).localeCompare(String(b.categoryId))),
    byPriority,
    timeToOwn: spreadOf(rows.flatMap((row) => (row.ownMinutes === null ? [] : [row.ownMinutes]))),
    timeToResolve: spreadOf(rows.flatMap((row) => (row.resolveMinutes === null ? [] : [row.resolveMinutes]))),
    ownCompliance: own,
    resolveCompliance: resolve,
    backlog,
    firstContact: { calls, solvedDuringCall },
    satisfaction: { count: ratings.length, average: ratings.length === 0 ? null : ratings.reduce((a, b) => a + b, 0) / ratings.length, distribution },
    deflections: input.deflections,
    escalationLevels: [...levels.entries()].map(([levelId, count]) => ({ levelId, count })).sort((a, b) => order(a.levelId) - order(b.levelId) || a.levelId.localeCompare(b.levelId)),
    functionalEscalations,
  };
}
