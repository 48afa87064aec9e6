/**
 * The helpdesk's working calendar: SLA clocks count only the hours it is open (GLPI's
 * calendars). Zone math (daylight-saving changes) is left to a maintained library.
 */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** An opening range of one day, in minutes from local midnight: 08:00–18:00 is { from: 480, to: 1080 }. */
export interface OpeningRange {
  readonly from: number;
  readonly to: number;
}

export interface BusinessCalendar {
  /** IANA zone the hours are read in (Europe/Paris) */
  readonly timeZone: string;
  /** per ISO weekday (1 = Monday … 7 = Sunday): sorted, non-overlapping ranges; none = closed */
  readonly week: Readonly<Record<Weekday, readonly OpeningRange[]>>;
  /** closed days, local dates 'YYYY-MM-DD' */
  readonly holidays: readonly string[];
}

const OFFICE: readonly OpeningRange[] = [{ from: 8 * 60, to: 18 * 60 }];

/** Monday to Friday, 08:00–18:00, Paris time: the seeds' helpdesk. */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Europe/Paris',
  week: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE, 6: [], 7: [] },
  holidays: [],
};

const ALL_DAY: readonly OpeningRange[] = [{ from: 0, to: 24 * 60 }];

/** Round the clock, every day: for a 24/7 desk (and tests that want plain arithmetic). */
export const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: 'UTC',
  week: { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY },
  holidays: [],
};

/**
 * The instant `businessMs` of open time after `start` (start itself when 0). An end that
 * falls exactly on a closing time is that closing time, not the next opening.
 * PLACEHOLDER (24/7 arithmetic) until the calendar implementation lands.
 */
export function addBusinessTime(start: Date, businessMs: number, _calendar: BusinessCalendar): Date {
  return new Date(start.getTime() + Math.max(0, businessMs));
}

/** Open time between two instants (0 when `to` is not after `from`). PLACEHOLDER. */
export function businessTimeBetween(from: Date, to: Date, _calendar: BusinessCalendar): number {
  return Math.max(0, to.getTime() - from.getTime());
}
