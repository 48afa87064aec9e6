import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIORITY_MATRIX,
  computePriority,
  isLevel,
  isValidMatrix,
  type Level,
  type PriorityMatrix,
} from '../../src/domain/priority.js';
import { ALWAYS_OPEN } from '../../src/domain/business-hours.js';
import { DEFAULT_SERVICE_LEVELS, DEFAULT_SLA_POLICY, newSla, type ServiceLevelRules, type SlaPolicy, type SlaState } from '../../src/domain/sla.js';

// GLPI's default matrix, cell by cell: [urgency, impact, priority]
// prettier-ignore
const GLPI_DEFAULT: ReadonlyArray<readonly [Level, Level, Level]> = [
  [1, 1, 1], [1, 2, 1], [1, 3, 2], [1, 4, 2], [1, 5, 2],
  [2, 1, 1], [2, 2, 2], [2, 3, 2], [2, 4, 3], [2, 5, 3],
  [3, 1, 2], [3, 2, 2], [3, 3, 3], [3, 4, 4], [3, 5, 4],
  [4, 1, 2], [4, 2, 3], [4, 3, 4], [4, 4, 4], [4, 5, 5],
  [5, 1, 2], [5, 2, 3], [5, 3, 4], [5, 4, 5], [5, 5, 5],
];

describe('computePriority — GLPI default matrix', () => {
  it.each(GLPI_DEFAULT)('urgency %i × impact %i → priority %i', (urgency, impact, priority) => {
    expect(computePriority(urgency, impact)).toBe(priority);
    expect(computePriority(urgency, impact, DEFAULT_PRIORITY_MATRIX)).toBe(priority);
  });
});

describe('computePriority — custom matrix', () => {
  // a desk that cares only about impact: priority = impact
  const impactOnly: PriorityMatrix = [
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 5],
  ];
  it.each([
    [5, 1, 1],
    [1, 5, 5],
    [3, 2, 2],
    [4, 4, 4],
  ] as const)('urgency %i × impact %i → %i', (urgency, impact, priority) => {
    expect(computePriority(urgency, impact, impactOnly)).toBe(priority);
  });

  it('rows are urgency and columns impact', () => {
    const urgencyOnly: PriorityMatrix = [
      [1, 1, 1, 1, 1],
      [2, 2, 2, 2, 2],
      [3, 3, 3, 3, 3],
      [4, 4, 4, 4, 4],
      [5, 5, 5, 5, 5],
    ];
    expect(computePriority(5, 1, urgencyOnly)).toBe(5);
    expect(computePriority(1, 5, urgencyOnly)).toBe(1);
  });
});

describe('isValidMatrix', () => {
  const row = [1, 2, 3, 4, 5];
  it.each([
    ['the default matrix', DEFAULT_PRIORITY_MATRIX],
    ['an all-5 matrix', [row, row, row, row, row].map(() => [5, 5, 5, 5, 5])],
  ])('accepts %s', (_label, matrix) => {
    expect(isValidMatrix(matrix)).toBe(true);
  });

  it.each([
    ['null', null],
    ['an object', { 0: row }],
    ['a flat list of 25 levels', Array.from({ length: 25 }, () => 3)],
    ['4 rows', [row, row, row, row]],
    ['6 rows', [row, row, row, row, row, row]],
    ['a short row', [row, row, row, [1, 2, 3, 4], row]],
    ['a long row', [row, row, [1, 2, 3, 4, 5, 5], row, row]],
    ['a 0', [row, row, [0, 2, 3, 4, 5], row, row]],
    ['a 6', [row, row, row, row, [1, 2, 3, 4, 6]]],
    ['a fraction', [row, [1, 2.5, 3, 4, 5], row, row, row]],
    ['a numeric string', [row, row, row, ['1', 2, 3, 4, 5], row]],
    ['a null cell', [row, row, row, row, [1, null, 3, 4, 5]]],
    ['a row that is not an array', [row, row, '12345', row, row]],
    ['a NaN', [row, row, row, row, [1, 2, 3, 4, Number.NaN]]],
  ])('rejects %s', (_label, matrix) => {
    expect(isValidMatrix(matrix)).toBe(false);
  });
});

describe('isLevel', () => {
  it.each([1, 2, 3, 4, 5])('%s is a level', (value) => expect(isLevel(value)).toBe(true));
  it.each([0, 6, -1, 1.5, '3', null, undefined, Number.NaN])('%s is not a level', (value) => expect(isLevel(value)).toBe(false));
});

/**
 * Each priority's two due times, in plain arithmetic (a desk open round the clock): the
 * business calendar's own arithmetic is in sla.test.ts and business-hours.test.ts.
 */
describe('SLA due dates per priority (default policy)', () => {
  const opened = new Date('2025-03-03T09:00:00.000Z');
  const roundTheClock: ServiceLevelRules = { ...DEFAULT_SERVICE_LEVELS, calendar: ALWAYS_OPEN };
  const dueDates = (sla: SlaState) => ({ timeToOwn: sla.own.dueAt, timeToResolve: sla.resolve.dueAt });

  it.each([
    [1, '2025-03-03T17:00:00.000Z', '2025-03-13T09:00:00.000Z'], // 8 h / 10 days
    [2, '2025-03-03T13:00:00.000Z', '2025-03-08T09:00:00.000Z'], // 4 h / 5 days
    [3, '2025-03-03T11:00:00.000Z', '2025-03-06T09:00:00.000Z'], // 2 h / 3 days
    [4, '2025-03-03T10:00:00.000Z', '2025-03-04T09:00:00.000Z'], // 1 h / 1 day
    [5, '2025-03-03T09:15:00.000Z', '2025-03-03T13:00:00.000Z'], // 15 min / 4 h
  ] as const)('priority %i → own by %s, resolve by %s', (priority, own, resolve) => {
    expect(dueDates(newSla(priority, opened, roundTheClock))).toEqual({ timeToOwn: new Date(own), timeToResolve: new Date(resolve) });
    expect(dueDates(newSla(priority, opened, { ...roundTheClock, policy: DEFAULT_SLA_POLICY }))).toEqual({
      timeToOwn: new Date(own),
      timeToResolve: new Date(resolve),
    });
  });

  it('a higher priority is never given more time, round the clock or in business hours', () => {
    const opened2 = new Date(0);
    for (const rules of [roundTheClock, DEFAULT_SERVICE_LEVELS]) {
      for (const p of [1, 2, 3, 4] as const) {
        const lower = dueDates(newSla(p, opened2, rules));
        const higher = dueDates(newSla((p + 1) as Level, opened2, rules));
        expect(higher.timeToOwn!.getTime()).toBeLessThan(lower.timeToOwn!.getTime());
        expect(higher.timeToResolve!.getTime()).toBeLessThan(lower.timeToResolve!.getTime());
      }
    }
  });

  it('honours a custom policy and does not touch the opening date', () => {
    const policy: SlaPolicy = {
      1: { timeToOwnMinutes: 600, timeToResolveMinutes: 6000 },
      2: { timeToOwnMinutes: 300, timeToResolveMinutes: 3000 },
      3: { timeToOwnMinutes: 90, timeToResolveMinutes: 900 },
      4: { timeToOwnMinutes: 30, timeToResolveMinutes: 300 },
      5: { timeToOwnMinutes: 5, timeToResolveMinutes: 60 },
    };
    const at = new Date(opened);
    expect(dueDates(newSla(3, at, { ...roundTheClock, policy }))).toEqual({
      timeToOwn: new Date('2025-03-03T10:30:00.000Z'),
      timeToResolve: new Date('2025-03-04T00:00:00.000Z'),
    });
    expect(at).toEqual(opened);
  });
});
