import { IANAZone } from 'luxon';

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

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Whether some weekday has open time: a calendar that never opens would never let a clock run out. */
export const calendarIsOpenSomeday = (calendar: BusinessCalendar): boolean =>
  WEEKDAYS.some((day) => calendar.week[day].some((range) => range.to > range.from));

/** Whether luxon knows the zone (an IANA name such as Europe/Paris, or UTC). */
export const isKnownTimeZone = (timeZone: string): boolean => IANAZone.isValidZone(timeZone);

/** How far a search for open time goes before it gives up: a calendar whose holidays close every open day. */
const SEARCH_YEARS = 10;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;
const SEARCH_DAYS = Math.ceil(SEARCH_YEARS * 365.25);

/**
 * The instant `businessMs` of open time after `start` (start itself when 0). An end that
 * falls exactly on a closing time is that closing time, not the next opening; a start
 * outside the hours counts from the next opening.
 */
export function addBusinessTime(start: Date, businessMs: number, calendar: BusinessCalendar): Date {
  if (!(businessMs > 0)) return new Date(start.getTime());
  const c = compiled(calendar);
  const t = start.getTime();
  let remaining = businessMs;
  const firstDay = c.zone.localDay(t);
  const giveUp = t + SEARCH_DAYS * DAY;
  for (let day = firstDay; day - firstDay <= SEARCH_DAYS; day++) {
    if (day > firstDay) {
      const weeks = c.wholeWeeks(day, Math.ceil(remaining / c.weekMs) - 1, giveUp);
      remaining -= weeks * c.weekMs;
      day += weeks * 7;
    }
    for (const [opens, closes] of c.openingsOf(day)) {
      if (closes <= t) continue;
      const from = Math.max(opens, t);
      if (remaining <= closes - from) return new Date(from + remaining);
      remaining -= closes - from;
    }
  }
  throw new Error(`the business calendar (${calendar.timeZone}) has no open time within ${SEARCH_YEARS} years of ${start.toISOString()}`);
}

/** Open time between two instants (0 when `to` is not after `from`). */
export function businessTimeBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const t0 = from.getTime();
  const t1 = to.getTime();
  if (!(t1 > t0)) return 0;
  const c = compiled(calendar);
  let total = 0;
  for (let day = c.zone.localDay(t0); c.zone.dayStart(day) < t1; day++) {
    if (c.zone.dayStart(day) >= t0) {
      const weeks = c.wholeWeeks(day, Number.POSITIVE_INFINITY, t1);
      total += weeks * c.weekMs;
      day += weeks * 7;
    }
    for (const [opens, closes] of c.openingsOf(day)) total += Math.max(0, Math.min(closes, t1) - Math.max(opens, t0));
  }
  return total;
}

/** A calendar made ready for arithmetic: days as numbers, holidays sorted, the open time of a plain week. */
class CompiledCalendar {
  readonly weekMs: number;
  private readonly holidays: readonly number[];

  constructor(
    readonly zone: ZoneOffsets,
    private readonly week: BusinessCalendar['week'],
    holidays: readonly string[],
  ) {
    this.weekMs = WEEKDAYS.reduce((sum, d) => sum + week[d].reduce((s, r) => s + Math.max(0, r.to - r.from) * MINUTE, 0), 0);
    this.holidays = [...new Set(holidays.map(dayNumberOf))].filter(Number.isFinite).sort((a, b) => a - b);
  }

  /** The opening and closing instants of one local day (none on a holiday). */
  openingsOf(day: number): [number, number][] {
    const ranges = this.week[weekdayOf(day)];
    if (ranges.length === 0 || this.isHoliday(day)) return [];
    const start = this.zone.dayStart(day);
    const plain = this.zone.dayStart(day + 1) - start === DAY;
    return ranges.map((r) =>
      plain
        ? [start + r.from * MINUTE, start + r.to * MINUTE]
        : [this.zone.instantOfWall(day * DAY + r.from * MINUTE), this.zone.instantOfWall(day * DAY + r.to * MINUTE)],
    );
  }

  /**
   * How many whole weeks from the start of `day` can be counted as `weekMs` each: at most `most`
   * (and a year, so offsets are read only as far as needed), ending by `until`, with no holiday
   * and no change of UTC offset in them (all days 24 h long).
   */
  wholeWeeks(day: number, most: number, until: number): number {
    if (this.weekMs === 0 || most < 1) return 0;
    const start = this.zone.dayStart(day);
    let weeks = Math.min(most, 53, Math.floor((until - start) / WEEK));
    if (weeks < 1) return 0;
    const holiday = this.nextHoliday(day);
    if (holiday !== undefined) weeks = Math.min(weeks, Math.floor((holiday - day) / 7));
    if (weeks < 1) return 0;
    const change = this.zone.nextChange(start, start + weeks * WEEK);
    return change === null ? weeks : Math.min(weeks, Math.floor((change - start) / WEEK));
  }

  private isHoliday(day: number): boolean {
    return this.nextHoliday(day) === day;
  }

  private nextHoliday(day: number): number | undefined {
    let lo = 0;
    let hi = this.holidays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.holidays[mid] as number) < day) lo = mid + 1;
      else hi = mid;
    }
    return this.holidays[lo];
  }
}

/** Days are numbered from 1970-01-01 (a Thursday) in local wall time. */
const weekdayOf = (day: number): Weekday => ((((((day + 3) % 7) + 7) % 7) + 1) as Weekday);

const dayNumberOf = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y as number, (m as number) - 1, d as number) / DAY;
};

/** Offsets are sampled this far apart when a stretch of time is first read. */
const BLOCK = 128 * DAY;

interface OffsetBlock {
  /** offset (minutes) at the block's start */
  readonly first: number;
  /** instants where the offset changes, in (start, start + BLOCK] */
  readonly changes: readonly number[];
  /** the offset from each change on */
  readonly offsets: readonly number[];
}

/**
 * A zone's UTC offsets, asked of luxon once per stretch of 128 days and kept: a luxon
 * lookup costs microseconds and a clock reads offsets on every ticket change. Assumes, as
 * every real zone does, at most one change of offset within a day.
 */
class ZoneOffsets {
  private readonly blocks = new Map<number, OffsetBlock>();

  constructor(private readonly zone: IANAZone) {}

  offsetAt(t: number): number {
    const block = this.block(Math.floor(t / BLOCK));
    let offset = block.first;
    for (let i = 0; i < block.changes.length && (block.changes[i] as number) <= t; i++) offset = block.offsets[i] as number;
    return offset;
  }

  /** The local day number of an instant. */
  localDay(t: number): number {
    return Math.floor((t + this.offsetAt(t) * MINUTE) / DAY);
  }

  /** The instant a local day starts (its 00:00, or the first instant after it when midnight is skipped). */
  dayStart(day: number): number {
    return this.instantOfWall(day * DAY);
  }

  /**
   * The first instant at which the local clock reads `wall` (ms of wall time since 1970) or later:
   * the earlier one when the clock reads it twice (autumn), the change itself when it never does (spring).
   */
  instantOfWall(wall: number): number {
    const before = this.offsetAt(wall - DAY);
    const after = this.offsetAt(wall + DAY);
    if (before === after) return wall - before * MINUTE;
    const candidates = [wall - before * MINUTE, wall - after * MINUTE].filter((t, i) => this.offsetAt(t) === (i === 0 ? before : after));
    if (candidates.length > 0) return Math.min(...candidates);
    const gapFrom = Math.min(wall - before * MINUTE, wall - after * MINUTE);
    return this.nextChange(gapFrom, gapFrom + DAY) ?? wall - before * MINUTE;
  }

  /** The first change of offset after `from` and no later than `until`, or null. */
  nextChange(from: number, until: number): number | null {
    for (let index = Math.floor(from / BLOCK); index * BLOCK < until; index++) {
      for (const change of this.block(index).changes) if (change > from) return change <= until ? change : null;
    }
    return null;
  }

  private block(index: number): OffsetBlock {
    const cached = this.blocks.get(index);
    if (cached) return cached;
    const start = index * BLOCK;
    const changes: number[] = [];
    const offsets: number[] = [];
    let previous = this.zone.offset(start);
    for (let t = start + DAY; t <= start + BLOCK; t += DAY) {
      const offset = this.zone.offset(t);
      if (offset !== previous) {
        changes.push(this.changeBetween(t - DAY, t));
        offsets.push(offset);
        previous = offset;
      }
    }
    const block = { first: this.zone.offset(start), changes, offsets };
    if (this.blocks.size > 1_000) this.blocks.clear();
    this.blocks.set(index, block);
    return block;
  }

  /** The first instant in (lo, hi] with hi's offset, when lo's differs. */
  private changeBetween(lo: number, hi: number): number {
    const target = this.zone.offset(hi);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.zone.offset(mid) === target) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/** Zones are few and their offsets never change: one table per zone for the life of the process. */
const zones = new Map<string, ZoneOffsets>();

/** Calendars are read once per settings snapshot: compiled once per object. */
const calendars = new WeakMap<BusinessCalendar, CompiledCalendar>();

function compiled(calendar: BusinessCalendar): CompiledCalendar {
  const known = calendars.get(calendar);
  if (known) return known;
  let zone = zones.get(calendar.timeZone);
  if (!zone) {
    if (!isKnownTimeZone(calendar.timeZone)) throw new Error(`unknown time zone in the business calendar: "${calendar.timeZone}"`);
    zone = new ZoneOffsets(IANAZone.create(calendar.timeZone));
    zones.set(calendar.timeZone, zone);
  }
  const made = new CompiledCalendar(zone, calendar.week, calendar.holidays);
  calendars.set(calendar, made);
  return made;
}
