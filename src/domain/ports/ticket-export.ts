import type { Level } from '../priority.js';
import type { TicketSource, TicketStatus, TicketType } from '../ticket.js';

/** The periods « stats » offers, in days. */
export const STATS_PERIODS = [7, 30, 90] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];
export const isStatsPeriod = (days: number): days is StatsPeriod => (STATS_PERIODS as readonly number[]).includes(days);

/** Who asked for an export link, for which period, in which language. */
export interface ExportLinkRequest {
  readonly tenantId: string;
  readonly userId: string;
  readonly userName: string;
  readonly language: 'fr' | 'en';
  readonly days: StatsPeriod;
}

/** Makes the signed, expiring link a browser opens to download the period's CSV. */
export interface ExportLinkMaker {
  linkFor(request: ExportLinkRequest): string;
}

/** One line of the period's export: what a spreadsheet needs of a ticket, nothing of its conversation. */
export interface ExportRow {
  readonly number: number;
  readonly title: string;
  readonly type: TicketType;
  readonly status: TicketStatus;
  readonly categoryId: string | null;
  readonly priority: Level;
  readonly groupId: string | null;
  readonly requester: string;
  readonly assignee: string | null;
  readonly source: TicketSource;
  readonly createdAt: Date;
  readonly solvedAt: Date | null;
  readonly closedAt: Date | null;
  /** business minutes to take it in charge / to solve it, once stopped; null while running */
  readonly ownMinutes: number | null;
  readonly resolveMinutes: number | null;
  readonly ownMet: boolean | null;
  readonly resolveMet: boolean | null;
  readonly supportLevel: number;
  readonly rating: number | null;
  /** the escalation levels it reached ('own-75', 'resolve-100'…) */
  readonly escalationsFired: readonly string[];
  /** a call ticket whose first solution was given while the caller was on the line */
  readonly solvedDuringCall: boolean;
}

export interface ExportRequest {
  readonly tenantId: string;
  /** the lead's groups; null: every group (an admin) */
  readonly groupIds: readonly string[] | null;
  /** tickets created in [from, to) */
  readonly from: Date;
  readonly to: Date;
  readonly limit: number;
}

/** The tickets of a period, oldest first, as rows (MongoDB: a projection, never the whole document). */
export interface TicketExportSource {
  rows(request: ExportRequest): Promise<ExportRow[]>;
}

/** How many tickets share one value (a day, a status, a number of minutes…). */
export interface Count<K> {
  readonly key: K;
  readonly count: number;
}

/** Open tickets by how long they have waited: under a day, 1–3 days, 3–7 days, over a week. */
export const BACKLOG_BUCKETS = ['under1', 'from1to3', 'from3to7', 'over7'] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number];
/** Where the first three buckets end, in days waited (the last has no end). */
export const BACKLOG_BUCKET_ENDS_DAYS = [1, 3, 7] as const;

/**
 * The period's tickets already counted where they are stored: what « stats » needs, and nothing
 * per ticket. Durations come as value → how many, so a median and a p90 stay exact without
 * carrying 40,000 rows out of the database.
 */
export interface PeriodTally {
  /** tickets opened in [from, to), by calendar day (YYYY-MM-DD) in the requested time zone */
  readonly openedByDay: readonly Count<string>[];
  /** tickets closed in [from, to), whenever they were opened, by day */
  readonly closedByDay: readonly Count<string>[];
  readonly byStatus: readonly Count<TicketStatus>[];
  readonly byPriority: readonly Count<Level>[];
  /** null: no category */
  readonly byCategory: readonly Count<string | null>[];
  /** business minutes to take in charge / to solve, of the clocks stopped (rounded to the minute) */
  readonly ownMinutes: readonly Count<number>[];
  readonly resolveMinutes: readonly Count<number>[];
  readonly ownCompliance: { readonly met: number; readonly total: number };
  readonly resolveCompliance: { readonly met: number; readonly total: number };
  /** satisfaction answers by rating (1–5) */
  readonly ratings: readonly Count<number>[];
  /** escalation levels reached, each counted once per ticket */
  readonly escalationLevels: readonly Count<string>[];
  /** tickets moved above support level 1 */
  readonly functionalEscalations: number;
  readonly calls: number;
  /** call tickets whose first solution was given while the caller was on the line */
  readonly solvedDuringCall: number;
  /** every ticket still open (whenever opened) by how long it has waited at `to` */
  readonly backlog: Readonly<Record<BacklogBucket, number>>;
}

export interface TallyRequest {
  readonly tenantId: string;
  /** the lead's groups; null: every group (an admin) */
  readonly groupIds: readonly string[] | null;
  readonly from: Date;
  readonly to: Date;
  /** the helpdesk's time zone (IANA), for the calendar days */
  readonly timeZone: string;
}

/** Counts a period's tickets for « stats » (MongoDB: one aggregation on the server per figure set). */
export interface StatisticsSource {
  tally(request: TallyRequest): Promise<PeriodTally>;
}
