import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  DEFAULT_CALENDAR,
  addBusinessTime,
  businessTimeBetween,
  calendarIsOpenSomeday,
  isKnownTimeZone,
  type BusinessCalendar,
  type OpeningRange,
  type Weekday,
} from '../../src/domain/business-hours.js';

const MIN = 60_000;
const H = 60 * MIN;

/** A Paris wall time (never one of the ambiguous or skipped ones) as an instant. */
const paris = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
/** An instant as Paris wall time with its offset, so a failure reads like the table. */
const inParis = (d: Date): string => DateTime.fromJSDate(d, { zone: 'Europe/Paris' }).toFormat("ccc yyyy-MM-dd'T'HH:mmZZ");

const hhmm = (range: string): OpeningRange => {
  const [from, to] = range.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return (h as number) * 60 + (m as number);
  });
  return { from: from as number, to: to as number };
};

const calendar = (days: Partial<Record<Weekday, string[]>>, holidays: string[] = [], timeZone = 'Europe/Paris'): BusinessCalendar => ({
  timeZone,
  week: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [], ...Object.fromEntries(Object.entries(days).map(([d, r]) => [d, r.map(hhmm)])) },
  holidays,
});

const OFFICE_WITH_CHRISTMAS = { ...DEFAULT_CALENDAR, holidays: ['2026-12-25'] };
/** the seeds' morning and afternoon */
const SPLIT = calendar({ 1: ['08:00-12:00', '13:30-18:00'], 2: ['08:00-12:00', '13:30-18:00'], 3: ['08:00-12:00', '13:30-18:00'], 4: ['08:00-12:00', '13:30-18:00'], 5: ['08:00-12:00', '13:30-18:00'] });
/** open every day, Sundays included, so the daylight-saving Sundays count */
const EVERY_DAY_OFFICE = calendar({ 1: ['08:00-18:00'], 2: ['08:00-18:00'], 3: ['08:00-18:00'], 4: ['08:00-18:00'], 5: ['08:00-18:00'], 6: ['08:00-18:00'], 7: ['08:00-18:00'] });
const PARIS_ROUND_THE_CLOCK = { ...ALWAYS_OPEN, timeZone: 'Europe/Paris' };
/** open across the night of the changes: 01:00–04:00 covers the skipped and the repeated hour */
const SUNDAY_NIGHT = calendar({ 7: ['01:00-04:00'] });
/** open only within the hour that is skipped in spring and repeated in autumn */
const SKIPPED_HOUR_ONLY = calendar({ 7: ['02:00-02:30'] });

describe('addBusinessTime', () => {
  // [what, calendar, start (Paris), business time, end (Paris)]
  const cases: ReadonlyArray<readonly [string, BusinessCalendar, string, number, string]> = [
    ['within a day', DEFAULT_CALENDAR, '2026-01-12T09:00', 2 * H, 'Mon 2026-01-12T11:00+01:00'],
    ['across a night', DEFAULT_CALENDAR, '2026-01-12T17:00', 2 * H, 'Tue 2026-01-13T09:00+01:00'],
    ['across a weekend', DEFAULT_CALENDAR, '2026-01-09T17:00', 2 * H, 'Mon 2026-01-12T09:00+01:00'],
    ['across a holiday (Christmas, a Friday) and the weekend', OFFICE_WITH_CHRISTMAS, '2026-12-24T17:00', 2 * H, 'Mon 2026-12-28T09:00+01:00'],
    ['from a holiday: counting starts at the next opening', OFFICE_WITH_CHRISTMAS, '2026-12-25T10:00', 1 * H, 'Mon 2026-12-28T09:00+01:00'],
    ['start before opening', DEFAULT_CALENDAR, '2026-01-12T06:00', 1 * H, 'Mon 2026-01-12T09:00+01:00'],
    ['start after closing', DEFAULT_CALENDAR, '2026-01-12T19:00', 1 * H, 'Tue 2026-01-13T09:00+01:00'],
    ['start on closing', DEFAULT_CALENDAR, '2026-01-12T18:00', 1 * H, 'Tue 2026-01-13T09:00+01:00'],
    ['start on a Saturday', DEFAULT_CALENDAR, '2026-01-10T11:00', 15 * MIN, 'Mon 2026-01-12T08:15+01:00'],
    ['an end on a closing time is that closing time', DEFAULT_CALENDAR, '2026-01-12T17:00', 1 * H, 'Mon 2026-01-12T18:00+01:00'],
    ['a whole day from its opening ends at its closing', DEFAULT_CALENDAR, '2026-01-12T08:00', 10 * H, 'Mon 2026-01-12T18:00+01:00'],
    ['a Friday\'s last hour ends on Friday, not Monday', DEFAULT_CALENDAR, '2026-01-09T17:00', 1 * H, 'Fri 2026-01-09T18:00+01:00'],
    ['zero from a closed time is the start itself', DEFAULT_CALENDAR, '2026-01-10T11:00', 0, 'Sat 2026-01-10T11:00+01:00'],
    ['a negative amount is zero', DEFAULT_CALENDAR, '2026-01-12T10:00', -5 * MIN, 'Mon 2026-01-12T10:00+01:00'],
    ['ten business days (time to resolve of a priority 1)', DEFAULT_CALENDAR, '2026-01-12T10:00', 100 * H, 'Mon 2026-01-26T10:00+01:00'],
    ['ten business days over a holiday', OFFICE_WITH_CHRISTMAS, '2026-12-21T10:00', 100 * H, 'Tue 2027-01-05T10:00+01:00'],
    ['split day: across lunch', SPLIT, '2026-01-13T11:00', 2 * H, 'Tue 2026-01-13T14:30+01:00'],
    ['split day: a morning that ends at noon', SPLIT, '2026-01-13T11:00', 1 * H, 'Tue 2026-01-13T12:00+01:00'],
    ['split day: from lunch', SPLIT, '2026-01-13T12:30', 30 * MIN, 'Tue 2026-01-13T14:00+01:00'],
    ['split day: a whole day is 8 h 30', SPLIT, '2026-01-13T08:00', 8.5 * H + 1 * MIN, 'Wed 2026-01-14T08:01+01:00'],
    ['spring change, office hours: the weekend is skipped and Monday is in summer time', DEFAULT_CALENDAR, '2026-03-27T17:00', 2 * H, 'Mon 2026-03-30T09:00+02:00'],
    ['spring change, open Sunday: office hours keep their wall times', EVERY_DAY_OFFICE, '2026-03-28T17:00', 2 * H, 'Sun 2026-03-29T09:00+02:00'],
    ['spring change, round the clock: Sunday has 23 hours', PARIS_ROUND_THE_CLOCK, '2026-03-29T00:00', 24 * H, 'Mon 2026-03-30T01:00+02:00'],
    ['spring change, round the clock: 1 h from 01:30 is 03:30', PARIS_ROUND_THE_CLOCK, '2026-03-29T01:30', 1 * H, 'Sun 2026-03-29T03:30+02:00'],
    ['autumn change, open Sunday: office hours keep their wall times', EVERY_DAY_OFFICE, '2026-10-24T17:00', 2 * H, 'Sun 2026-10-25T09:00+01:00'],
    ['autumn change, round the clock: Sunday has 25 hours', PARIS_ROUND_THE_CLOCK, '2026-10-25T00:00', 24 * H, 'Sun 2026-10-25T23:00+01:00'],
    ['spring change inside a range: 01:00–04:00 is 2 h that night', SUNDAY_NIGHT, '2026-03-28T12:00', 2 * H, 'Sun 2026-03-29T04:00+02:00'],
    ['spring change inside a range: the rest is the next Sunday', SUNDAY_NIGHT, '2026-03-28T12:00', 2 * H + 30 * MIN, 'Sun 2026-04-05T01:30+02:00'],
    ['autumn change inside a range: 01:00–04:00 is 4 h that night', SUNDAY_NIGHT, '2026-10-24T12:00', 4 * H, 'Sun 2026-10-25T04:00+01:00'],
    ['a range within the skipped hour is closed that day, not a loop', SKIPPED_HOUR_ONLY, '2026-03-28T12:00', 10 * MIN, 'Sun 2026-04-05T02:10+02:00'],
    ['a range within the repeated hour counts once', SKIPPED_HOUR_ONLY, '2026-10-24T12:00', 30 * MIN, 'Sun 2026-10-25T02:30+02:00'],
  ];

  it.each(cases)('%s', (_, cal, start, amount, end) => {
    expect(inParis(addBusinessTime(paris(start), amount, cal))).toBe(end);
  });

  it('in UTC round the clock, it is plain arithmetic', () => {
    const start = new Date('2026-03-29T00:30:00Z');
    expect(addBusinessTime(start, 36 * H + 7, ALWAYS_OPEN).toISOString()).toBe('2026-03-30T12:30:00.007Z');
  });

  it('does not change the date it was given', () => {
    const start = paris('2026-01-10T11:00');
    const end = addBusinessTime(start, 0, DEFAULT_CALENDAR);
    expect(end).not.toBe(start);
    expect(end.getTime()).toBe(start.getTime());
  });

  it('gives up with a clear error instead of looping when no day ever opens', () => {
    const closed = calendar({});
    expect(() => addBusinessTime(paris('2026-01-12T10:00'), 1 * MIN, closed)).toThrow(
      'the business calendar (Europe/Paris) has no open time within 10 years of 2026-01-12T09:00:00.000Z',
    );
  });

  it('gives up when holidays close every open day for more than 10 years', () => {
    const mondays = Array.from({ length: 11 * 53 }, (_, i) => DateTime.fromISO('2026-01-12').plus({ weeks: i }).toISODate() as string);
    const cal = calendar({ 1: ['08:00-18:00'] }, mondays);
    expect(() => addBusinessTime(paris('2026-01-12T10:00'), 1 * MIN, cal)).toThrow('no open time within 10 years');
  });

  it('refuses a zone it does not know', () => {
    expect(() => addBusinessTime(new Date(), 1 * MIN, { ...DEFAULT_CALENDAR, timeZone: 'Europe/Pariss' })).toThrow(
      'unknown time zone in the business calendar: "Europe/Pariss"',
    );
  });
});

describe('businessTimeBetween', () => {
  // [what, calendar, from (Paris), to (Paris), business time]
  const cases: ReadonlyArray<readonly [string, BusinessCalendar, string, string, number]> = [
    ['a pause spanning a night counts the evening and the morning', DEFAULT_CALENDAR, '2026-01-12T17:00', '2026-01-13T09:00', 2 * H],
    ['a pause spanning a weekend', DEFAULT_CALENDAR, '2026-01-09T17:00', '2026-01-12T09:00', 2 * H],
    ['a holiday counts nothing', OFFICE_WITH_CHRISTMAS, '2026-12-24T17:00', '2026-12-28T09:00', 2 * H],
    ['within closed hours: nothing', DEFAULT_CALENDAR, '2026-01-12T19:00', '2026-01-13T07:00', 0],
    ['a weekend: nothing', DEFAULT_CALENDAR, '2026-01-10T00:00', '2026-01-12T08:00', 0],
    ['to before from: nothing', DEFAULT_CALENDAR, '2026-01-13T10:00', '2026-01-12T10:00', 0],
    ['from equals to: nothing', DEFAULT_CALENDAR, '2026-01-12T10:00', '2026-01-12T10:00', 0],
    ['split day: lunch is not counted', SPLIT, '2026-01-13T11:00', '2026-01-13T14:00', 1.5 * H],
    ['split day: a week is 42 h 30', SPLIT, '2026-01-12T00:00', '2026-01-19T00:00', 42.5 * H],
    ['two weeks of office hours', DEFAULT_CALENDAR, '2026-01-12T10:00', '2026-01-26T10:00', 100 * H],
    ['a year of office hours (2026: 261 weekdays)', DEFAULT_CALENDAR, '2026-01-01T00:00', '2027-01-01T00:00', 261 * 10 * H],
    ['spring Sunday, round the clock: 23 h', PARIS_ROUND_THE_CLOCK, '2026-03-29T00:00', '2026-03-30T00:00', 23 * H],
    ['autumn Sunday, round the clock: 25 h', PARIS_ROUND_THE_CLOCK, '2026-10-25T00:00', '2026-10-26T00:00', 25 * H],
    ['the week of the spring change, round the clock', PARIS_ROUND_THE_CLOCK, '2026-03-23T00:00', '2026-03-30T00:00', (7 * 24 - 1) * H],
    ['spring Sunday, office hours: still 10 h', EVERY_DAY_OFFICE, '2026-03-29T00:00', '2026-03-30T00:00', 10 * H],
    ['autumn Sunday, office hours: still 10 h', EVERY_DAY_OFFICE, '2026-10-25T00:00', '2026-10-26T00:00', 10 * H],
    ['a pause across the spring change', EVERY_DAY_OFFICE, '2026-03-28T17:00', '2026-03-29T09:00', 2 * H],
    ['a pause across the autumn change', EVERY_DAY_OFFICE, '2026-10-24T17:00', '2026-10-25T09:00', 2 * H],
    ['spring night 01:00–04:00: 2 h', SUNDAY_NIGHT, '2026-03-29T00:00', '2026-03-29T05:00', 2 * H],
    ['autumn night 01:00–04:00: 4 h', SUNDAY_NIGHT, '2026-10-25T00:00', '2026-10-25T05:00', 4 * H],
    ['a range within the skipped hour: nothing', SKIPPED_HOUR_ONLY, '2026-03-29T00:00', '2026-03-29T05:00', 0],
  ];

  it.each(cases)('%s', (_, cal, from, to, expected) => {
    expect(businessTimeBetween(paris(from), paris(to), cal)).toBe(expected);
  });

  it('a calendar that never opens counts nothing, and returns', () => {
    expect(businessTimeBetween(paris('2026-01-01T00:00'), paris('2036-01-01T00:00'), calendar({}))).toBe(0);
  });
});

/** Minute by minute, with luxon's wall time: slow, obviously right where ranges avoid the repeated hour. */
function openMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  let minutes = 0;
  for (let t = from.getTime(); t < to.getTime(); t += MIN) {
    const local = DateTime.fromMillis(t, { zone: cal.timeZone });
    if (cal.holidays.includes(local.toISODate() as string)) continue;
    const minute = local.hour * 60 + local.minute;
    if (cal.week[local.weekday as Weekday].some((r) => r.from <= minute && minute < r.to)) minutes++;
  }
  return minutes * MIN;
}

/** both daylight-saving weekends of 2026 in Paris, and Christmas */
const AWKWARD_WEEKS = ['2026-03-26T00:00', '2026-10-22T00:00', '2026-12-22T00:00'];

describe('against a minute-by-minute count', () => {
  const calendars: ReadonlyArray<readonly [string, BusinessCalendar]> = [
    ['office hours with Christmas', OFFICE_WITH_CHRISTMAS],
    ['split days, Sundays open', { ...calendar({ 3: ['08:00-12:00', '13:30-18:00'], 6: ['09:00-12:00'], 7: ['00:00-01:30', '08:00-12:00', '13:30-24:00'] }), holidays: ['2026-12-25'] }],
    ['round the clock in Paris', PARIS_ROUND_THE_CLOCK],
  ];

  it.each(calendars)('%s', (_, cal) => {
    for (const week of AWKWARD_WEEKS) {
      for (let start = paris(week).getTime(); start < paris(week).getTime() + 5 * 24 * H; start += 7 * H + 13 * MIN) {
        const from = new Date(start);
        const to = new Date(start + 29 * H + 47 * MIN);
        expect(businessTimeBetween(from, to, cal), `${inParis(from)} → ${inParis(to)}`).toBe(openMinutesBetween(from, to, cal));
      }
    }
  });
});

describe('round trips: between(start, add(start, x)) is x', () => {
  const calendars: ReadonlyArray<readonly [string, BusinessCalendar]> = [
    ['office hours with Christmas', OFFICE_WITH_CHRISTMAS],
    ['split days', SPLIT],
    ['office hours every day', EVERY_DAY_OFFICE],
    ['round the clock in Paris', PARIS_ROUND_THE_CLOCK],
    ['Sunday nights across the changes', SUNDAY_NIGHT],
  ];
  const amounts = [1, MIN, 15 * MIN, 4 * H, 10 * H, 30 * H, 100 * H, 240 * H];

  it.each(calendars)('%s', (_, cal) => {
    for (const week of AWKWARD_WEEKS) {
      for (let start = paris(week).getTime(); start < paris(week).getTime() + 5 * 24 * H; start += 97 * MIN) {
        for (const amount of amounts) {
          const end = addBusinessTime(new Date(start), amount, cal);
          expect(businessTimeBetween(new Date(start), end, cal), `${inParis(new Date(start))} + ${amount} ms`).toBe(amount);
        }
      }
    }
  });
});

describe('calendar checks', () => {
  it('a calendar is open some day when one range has length', () => {
    expect(calendarIsOpenSomeday(DEFAULT_CALENDAR)).toBe(true);
    expect(calendarIsOpenSomeday(calendar({ 6: ['09:00-09:01'] }))).toBe(true);
    expect(calendarIsOpenSomeday(calendar({}))).toBe(false);
    expect(calendarIsOpenSomeday(calendar({ 3: ['09:00-09:00'] }))).toBe(false);
  });

  it('time zones are those luxon knows', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Europe/Pariss')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });
});
