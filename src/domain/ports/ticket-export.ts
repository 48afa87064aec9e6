import type { Level } from '../priority.js';
import type { TicketSource, TicketStatus, TicketType } from '../ticket.js';

/** The periods « stats » offers, in days. */
export const STATS_PERIODS = [7, 30, 90] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

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

/** What the statistics read besides the period's tickets: closings in the period, today's backlog. */
export interface StatisticsSource extends TicketExportSource {
  /** when each ticket closed in [from, to) closed, whenever it was opened */
  closedBetween(request: Omit<ExportRequest, 'limit'>): Promise<Date[]>;
  /** when each ticket still open was opened: the backlog's age */
  openSince(request: Pick<ExportRequest, 'tenantId' | 'groupIds'>): Promise<Date[]>;
}
