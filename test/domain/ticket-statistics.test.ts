import { describe, expect, it } from 'vitest';
import type { PeriodTally } from '../../src/domain/ports/ticket-export.js';
import { computeStatistics, factsOf, spreadOfCounts } from '../../src/domain/ticket-statistics.js';
import { aSolution, aTicketIn } from '../support/ticket-mother.js';

const MINUTE = 60_000;
const EMPTY: PeriodTally = {
  openedByDay: [],
  closedByDay: [],
  byStatus: [],
  byPriority: [],
  byCategory: [],
  ownMinutes: [],
  resolveMinutes: [],
  ownCompliance: { met: 0, total: 0 },
  resolveCompliance: { met: 0, total: 0 },
  ratings: [],
  escalationLevels: [],
  functionalEscalations: 0,
  calls: 0,
  solvedDuringCall: 0,
  backlog: { under1: 0, from1to3: 0, from3to7: 0, over7: 0 },
};

describe('the figures « stats » derives from counts', () => {
  it('median and p90 from minutes → how many are the nearest-rank ones of the same minutes listed one by one', () => {
    const minutes = [5, 5, 5, 12, 12, 40, 41, 90, 90, 90, 90, 300, 7, 7];
    const listed = [...minutes].sort((a, b) => a - b);
    const rank = (q: number) => listed[Math.ceil(q * listed.length) - 1];
    const counted = [...new Set(minutes)].reverse().map((key) => ({ key, count: minutes.filter((m) => m === key).length }));
    expect(spreadOfCounts(counted)).toEqual({ count: minutes.length, median: rank(0.5), p90: rank(0.9) });
    expect(spreadOfCounts([{ key: 30, count: 1 }])).toEqual({ count: 1, median: 30, p90: 30 });
    expect(spreadOfCounts([])).toBeNull();
  });

  it('a month that springs forward still has every calendar day on its chart', () => {
    // Paris: 29 March 2026 lasts 23 hours; from 23:30 the evening before, a day later is already the 30th
    const from = new Date('2026-03-01T22:30:00Z');
    const to = new Date('2026-03-31T21:30:00Z');
    const days = computeStatistics({ from, to, timeZone: 'Europe/Paris', tally: EMPTY, deflections: 0, levelOrder: [] }).byDay.map((d) => d.day);
    expect(days).toContain('2026-03-29');
    expect(days).toContain('2026-03-30');
    expect(days[0]).toBe('2026-03-01');
    expect(days.at(-1)).toBe('2026-03-31');
    expect(new Set(days).size).toBe(days.length);
    expect(days).toHaveLength(31);
  });

  it('counts a ticket’s facts the way the figures say: a level fired twice is one, the first solution decides « during the call »', () => {
    const createdAt = new Date('2026-11-02T09:00:00Z');
    const ticket = aTicketIn('closed', {
      source: 'call',
      createdAt,
      sla: {
        own: { targetMs: 120 * MINUTE, consumedMs: 89.5 * MINUTE, runningSince: null, dueAt: new Date(createdAt.getTime() + 120 * MINUTE), stoppedAt: new Date(createdAt.getTime() + 90 * MINUTE) },
        resolve: { targetMs: 60 * MINUTE, consumedMs: 200 * MINUTE, runningSince: null, dueAt: null, stoppedAt: new Date(createdAt.getTime() + 200 * MINUTE) },
      },
      escalation: { fired: ['resolve-100', 'own-75', 'resolve-100'], next: null, supportLevel: 2, riskAt: null, breachAt: null },
      solutions: [aSolution({}), aSolution({ duringCall: true })],
    });
    expect(factsOf(ticket)).toMatchObject({ own: 90, ownMet: true, resolve: 200, resolveMet: null, levels: ['own-75', 'resolve-100'], escalated: true, call: true, duringCall: false });
    const running = aTicketIn('new', { source: 'chat', solutions: [aSolution({ duringCall: true })] });
    expect(factsOf(running)).toMatchObject({ own: null, ownMet: null, resolve: null, call: false, duringCall: false, escalated: false });
  });
});
