import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.js';
import { ALWAYS_OPEN, DEFAULT_CALENDAR, type BusinessCalendar } from '../../src/domain/business-hours.js';
import { decide } from '../../src/domain/decide.js';
import type { Level } from '../../src/domain/priority.js';
import {
  breachAtOf,
  DEFAULT_SERVICE_LEVELS,
  dueLevels,
  elapsedMs,
  moveClock,
  newSla,
  nextLevelOf,
  riskAtOf,
  standingOf,
  startClock,
  type EscalationLevel,
  type ServiceLevelRules,
  type SlaClock,
  type SlaState,
} from '../../src/domain/sla.js';
import type { TicketCommand } from '../../src/domain/ticket-command.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { GROUP_N1, actors, commands, people } from '../support/ticket-mother.js';

/**
 * The SLA clocks by tables. `ROUND` is a desk open round the clock (plain arithmetic);
 * `OFFICE` is the default: Monday to Friday, 08:00–18:00, Paris time. Local times are written
 * with their offset (+01:00 in winter, +02:00 in summer), so a wrong zone shows as an hour off.
 * 2025: Monday 3 March; summer time from Sunday 30 March, winter time from Sunday 26 October;
 * Thursday 1 May is the holiday of the holiday table.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ROUND: ServiceLevelRules = { ...DEFAULT_SERVICE_LEVELS, calendar: ALWAYS_OPEN };
const OFFICE: ServiceLevelRules = DEFAULT_SERVICE_LEVELS;

const at = (iso: string) => new Date(iso);
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

/** A running clock, as a new ticket's. */
const running = (targetMs: number, since: Date, dueAt: Date, consumedMs = 0): SlaClock => ({
  targetMs,
  consumedMs,
  runningSince: since,
  dueAt,
  stoppedAt: null,
});

describe('the clocks of a new ticket', () => {
  const T0 = at('2025-03-03T09:00:00.000Z');

  it.each([
    [1, 8, 240],
    [2, 4, 120],
    [3, 2, 72],
    [4, 1, 24],
    [5, 0.25, 4],
  ] as const)('priority %i, round the clock: %s h to own, %s h to resolve, both running from the opening', (priority, own, resolve) => {
    expect(newSla(priority, T0, ROUND)).toEqual({
      own: running(own * HOUR, T0, plus(T0, own * HOUR)),
      resolve: running(resolve * HOUR, T0, plus(T0, resolve * HOUR)),
    });
  });

  // opened on Monday 3 March at 09:00 in Paris; a business day is 10 hours
  it.each([
    [1, '2025-03-03T17:00:00+01:00', '2025-04-04T09:00:00+02:00'], // 8 h; 240 h = 24 business days, across the change to summer time
    [2, '2025-03-03T13:00:00+01:00', '2025-03-19T09:00:00+01:00'], // 4 h; 120 h = 12 business days
    [3, '2025-03-03T11:00:00+01:00', '2025-03-12T11:00:00+01:00'], // 2 h; 72 h = 7 days and 2 h
    [4, '2025-03-03T10:00:00+01:00', '2025-03-05T13:00:00+01:00'], // 1 h; 24 h = 2 days and 4 h
    [5, '2025-03-03T09:15:00+01:00', '2025-03-03T13:00:00+01:00'], // 15 min; 4 h
  ] as const)('priority %i, in business hours: own by %s, resolve by %s', (priority, own, resolve) => {
    const opened = at('2025-03-03T09:00:00+01:00');
    const sla = newSla(priority, opened, OFFICE);
    expect({ own: sla.own.dueAt, resolve: sla.resolve.dueAt }).toEqual({ own: at(own), resolve: at(resolve) });
    expect(sla.own).toMatchObject({ consumedMs: 0, runningSince: opened, stoppedAt: null });
    expect(sla.resolve).toMatchObject({ consumedMs: 0, runningSince: opened, stoppedAt: null });
  });

  it.each([
    ['Friday 17:30, across the weekend', '2025-03-07T17:30:00+01:00', 4, '2025-03-10T08:30:00+01:00', '2025-03-12T11:30:00+01:00'],
    ['Friday at closing time: from Monday’s opening', '2025-03-07T18:00:00+01:00', 5, '2025-03-10T08:15:00+01:00', '2025-03-10T12:00:00+01:00'],
    ['on Saturday: from Monday’s opening', '2025-03-08T10:00:00+01:00', 5, '2025-03-10T08:15:00+01:00', '2025-03-10T12:00:00+01:00'],
    ['on Tuesday before opening: from 08:00', '2025-03-04T07:00:00+01:00', 4, '2025-03-04T09:00:00+01:00', '2025-03-06T12:00:00+01:00'],
  ] as const)('opened %s', (_label, opened, priority: Level, own, resolve) => {
    const sla = newSla(priority, at(opened), OFFICE);
    expect({ own: sla.own.dueAt, resolve: sla.resolve.dueAt }).toEqual({ own: at(own), resolve: at(resolve) });
  });

  it('the policy of the rules gives the targets; an admin’s minutes are business minutes', () => {
    const policy = { ...DEFAULT_SERVICE_LEVELS.policy, 3: { timeToOwnMinutes: 30, timeToResolveMinutes: 600 } };
    const sla = newSla(3, at('2025-03-03T17:00:00+01:00'), { ...OFFICE, policy });
    expect(sla.own).toMatchObject({ targetMs: 30 * MINUTE, dueAt: at('2025-03-03T17:30:00+01:00') });
    // 10 business hours: one from 17:00 to 18:00, nine on Tuesday
    expect(sla.resolve).toMatchObject({ targetMs: 10 * HOUR, dueAt: at('2025-03-04T17:00:00+01:00') });
  });
});

describe('paused while pending', () => {
  it('round the clock: a pause counts what ran, has no due time, and a resume gives back exactly what was left', () => {
    const T0 = at('2025-03-03T09:00:00.000Z');
    const clock = startClock(10 * HOUR, T0, ALWAYS_OPEN);
    const paused = moveClock(clock, 'paused', 10 * HOUR, plus(T0, 2 * HOUR), ALWAYS_OPEN);
    expect(paused).toEqual({ targetMs: 10 * HOUR, consumedMs: 2 * HOUR, runningSince: null, dueAt: null, stoppedAt: null });
    // nothing is counted while it waits, however long
    expect(elapsedMs(paused, plus(T0, 100 * HOUR), ALWAYS_OPEN)).toBe(2 * HOUR);
    const resumed = moveClock(paused, 'running', 10 * HOUR, plus(T0, 5 * HOUR), ALWAYS_OPEN);
    expect(resumed).toEqual(running(10 * HOUR, plus(T0, 5 * HOUR), plus(T0, 13 * HOUR), 2 * HOUR));
    expect(elapsedMs(resumed, plus(T0, 6 * HOUR), ALWAYS_OPEN)).toBe(3 * HOUR);
  });

  it('a pause spanning a night loses the business hours it covered and nothing of the night', () => {
    // priority 3 (72 business hours to resolve), opened Monday 09:00; on hold at 17:00 (8 h counted)
    const opened = at('2025-03-03T09:00:00+01:00');
    const clock = startClock(72 * HOUR, opened, DEFAULT_CALENDAR);
    expect(clock.dueAt).toEqual(at('2025-03-12T11:00:00+01:00'));
    const paused = moveClock(clock, 'paused', 72 * HOUR, at('2025-03-03T17:00:00+01:00'), DEFAULT_CALENDAR);
    expect(paused.consumedMs).toBe(8 * HOUR);
    // back on Tuesday at 10:00: 17:00–18:00 and 08:00–10:00 were on hold, three hours later than planned
    const resumed = moveClock(paused, 'running', 72 * HOUR, at('2025-03-04T10:00:00+01:00'), DEFAULT_CALENDAR);
    expect(resumed).toEqual(running(72 * HOUR, at('2025-03-04T10:00:00+01:00'), at('2025-03-12T14:00:00+01:00'), 8 * HOUR));
  });

  it('on hold from 17:30 to 07:30 the next morning: only the half hour before closing is given back', () => {
    const clock = startClock(72 * HOUR, at('2025-03-03T09:00:00+01:00'), DEFAULT_CALENDAR);
    const paused = moveClock(clock, 'paused', 72 * HOUR, at('2025-03-03T17:30:00+01:00'), DEFAULT_CALENDAR);
    const resumed = moveClock(paused, 'running', 72 * HOUR, at('2025-03-04T07:30:00+01:00'), DEFAULT_CALENDAR);
    expect(resumed.dueAt).toEqual(at('2025-03-12T11:30:00+01:00'));
  });

  it('through decide: both clocks pause while the ticket waits, nothing is scheduled, and the resume restores what was left', () => {
    // priority 3, nobody takes it: on hold Monday 17:00, resumed Tuesday 10:00 by the clock (« jusqu'au »)
    let ticket = created({ urgency: 3, impact: 3, groupId: GROUP_N1 }, '2025-03-03T09:00:00+01:00');
    ticket = change(ticket, { type: 'wait', reason: 'En attente de l’utilisateur', until: at('2025-03-04T10:00:00+01:00') }, actors.groupTechnician, '2025-03-03T17:00:00+01:00');
    expect(ticket.status).toBe('pending');
    expect(ticket.sla).toEqual({
      own: { targetMs: 2 * HOUR, consumedMs: 8 * HOUR, runningSince: null, dueAt: null, stoppedAt: null },
      resolve: { targetMs: 72 * HOUR, consumedMs: 8 * HOUR, runningSince: null, dueAt: null, stoppedAt: null },
    });
    expect(ticket.escalation).toMatchObject({ next: null, riskAt: null, breachAt: null });
    expect(standingOf(ticket.sla.resolve, at('2025-03-03T20:00:00+01:00'), OFFICE)).toBe('paused');

    ticket = change(ticket, { type: 'resume', followupId: 'f-back' }, SYSTEM_ACTOR, '2025-03-04T10:00:00+01:00');
    expect(ticket.sla.resolve).toEqual(running(72 * HOUR, at('2025-03-04T10:00:00+01:00'), at('2025-03-12T14:00:00+01:00'), 8 * HOUR));
    // still nobody on it: the time to own runs again, already spent
    expect(ticket.sla.own).toEqual(running(2 * HOUR, at('2025-03-04T10:00:00+01:00'), at('2025-03-04T10:00:00+01:00'), 8 * HOUR));
    expect(standingOf(ticket.sla.own, at('2025-03-04T10:00:00+01:00'), OFFICE)).toBe('late');
  });
});

describe('a priority change mid-way', () => {
  const T0 = at('2025-03-03T09:00:00.000Z');
  // 24 h to resolve; on hold from +4 h to +6 h: at +8 h, 6 h are counted (4 before the pause, 2 since)
  const resumedAt = plus(T0, 6 * HOUR);
  const before = running(24 * HOUR, resumedAt, plus(T0, 26 * HOUR), 4 * HOUR);

  it.each([
    ['raised (8 h): 2 h left', 8, plus(T0, 10 * HOUR)],
    ['lowered (48 h): 42 h left', 48, plus(T0, 50 * HOUR)],
    ['raised below what ran (4 h): due when it resumed, already late', 4, resumedAt],
  ] as const)('a running clock, target %s', (_label, hours, due) => {
    const moved = moveClock(before, 'running', hours * HOUR, plus(T0, 8 * HOUR), ALWAYS_OPEN);
    expect(moved).toEqual(running(hours * HOUR, resumedAt, due, 4 * HOUR));
    expect(elapsedMs(moved, plus(T0, 8 * HOUR), ALWAYS_OPEN)).toBe(6 * HOUR);
  });

  it('a paused clock keeps what it consumed and takes the new target for when it runs again', () => {
    const paused = moveClock(before, 'paused', 24 * HOUR, plus(T0, 8 * HOUR), ALWAYS_OPEN);
    const raised = moveClock(paused, 'paused', 8 * HOUR, plus(T0, 9 * HOUR), ALWAYS_OPEN);
    expect(raised).toEqual({ targetMs: 8 * HOUR, consumedMs: 6 * HOUR, runningSince: null, dueAt: null, stoppedAt: null });
    expect(moveClock(raised, 'running', 8 * HOUR, plus(T0, 20 * HOUR), ALWAYS_OPEN).dueAt).toEqual(plus(T0, 22 * HOUR));
  });

  it('through « Modifier… »: the new priority’s time to resolve, counted from what already ran, in business hours', () => {
    // priority 2 (urgency 3 × impact 2), opened Monday 09:00, taken 09:30; on Tuesday at 12:00 it turns out to be priority 4
    let ticket = created({ urgency: 3, impact: 2, groupId: GROUP_N1 }, '2025-03-03T09:00:00+01:00');
    ticket = change(ticket, commands.take(), actors.groupTechnician, '2025-03-03T09:30:00+01:00');
    expect(ticket.sla.resolve.dueAt).toEqual(at('2025-03-19T09:00:00+01:00'));
    ticket = change(ticket, { type: 'edit', urgency: 4, impact: 4 }, actors.groupTechnician, '2025-03-04T12:00:00+01:00');
    expect(ticket.priority).toBe(4);
    // 24 business hours from Monday 09:00: Monday 9 h, Tuesday 10 h, Wednesday 08:00–13:00
    expect(ticket.sla.resolve).toEqual(running(24 * HOUR, at('2025-03-03T09:00:00+01:00'), at('2025-03-05T13:00:00+01:00')));
    // the time to own was met on Monday and stays met
    expect(ticket.sla.own).toMatchObject({ stoppedAt: at('2025-03-03T09:30:00+01:00'), runningSince: null });
    expect(standingOf(ticket.sla.own, at('2025-03-04T12:00:00+01:00'), OFFICE)).toBe('met');
    // the resolve levels follow: 75 % of 24 h is reached on Wednesday at 07:00 of business time, i.e. Tuesday 17:00
    expect(ticket.escalation.next).toEqual({ levelId: 'resolve-75', at: at('2025-03-04T17:00:00+01:00') });
  });

  it('a time to own met under the priority it had stays met when the ticket is reclassified afterwards', () => {
    // priority 2 (4 h to own), taken after 1 h; on Tuesday it is corrected to priority 5 (15 min to own)
    let ticket = created({ urgency: 3, impact: 2, groupId: GROUP_N1 }, '2025-03-03T09:00:00+01:00');
    ticket = change(ticket, commands.take(), actors.groupTechnician, '2025-03-03T10:00:00+01:00');
    expect(standingOf(ticket.sla.own, at('2025-03-04T12:00:00+01:00'), OFFICE)).toBe('met');
    ticket = change(ticket, { type: 'edit', urgency: 5, impact: 5 }, actors.groupTechnician, '2025-03-04T12:00:00+01:00');
    expect(ticket.priority).toBe(5);
    expect(standingOf(ticket.sla.own, at('2025-03-04T12:00:00+01:00'), OFFICE)).toBe('met');
  });

  it('through « Modifier… » while the ticket waits: the due time is for when it resumes, what ran is kept', () => {
    let ticket = created({ urgency: 3, impact: 2, groupId: GROUP_N1 }, '2025-03-03T09:00:00+01:00');
    ticket = change(ticket, commands.take(), actors.groupTechnician, '2025-03-03T09:30:00+01:00');
    ticket = change(ticket, commands.wait(), actors.groupTechnician, '2025-03-03T12:00:00+01:00');
    ticket = change(ticket, { type: 'edit', urgency: 4, impact: 4 }, actors.groupTechnician, '2025-03-03T15:00:00+01:00');
    expect(ticket.sla.resolve).toEqual({ targetMs: 24 * HOUR, consumedMs: 3 * HOUR, runningSince: null, dueAt: null, stoppedAt: null });
    ticket = change(ticket, commands.resume(), actors.groupTechnician, '2025-03-04T08:00:00+01:00');
    // 21 h left from Tuesday 08:00: Tuesday 10 h, Wednesday 10 h, Thursday 08:00–09:00
    expect(ticket.sla.resolve.dueAt).toEqual(at('2025-03-06T09:00:00+01:00'));
  });
});

describe('time to own stops at the first technician and never restarts', () => {
  const opened = '2025-03-03T09:00:00+01:00';
  // priority 3: 2 business hours to own, due at 11:00
  const fresh = () => created({ urgency: 3, impact: 3, groupId: GROUP_N1 }, opened);
  const stoppedAt10 = { targetMs: 2 * HOUR, consumedMs: HOUR, runningSince: null, dueAt: at('2025-03-03T11:00:00+01:00'), stoppedAt: at('2025-03-03T10:00:00+01:00') };

  it.each([
    ['taken', commands.take(), actors.groupTechnician],
    ['assigned to a technician', commands.assign(people.tina, GROUP_N1), actors.lead],
    ['planned by a technician (who takes it)', commands.plan(), actors.groupTechnician],
  ] as const)('%s at 10:00: stopped, met, the due time it had is kept', (_label, command, actor) => {
    const ticket = change(fresh(), command, actor, '2025-03-03T10:00:00+01:00');
    expect(ticket.sla.own).toEqual(stoppedAt10);
    expect(standingOf(ticket.sla.own, at('2025-03-10T10:00:00+01:00'), OFFICE)).toBe('met');
    // the time to resolve goes on
    expect(ticket.sla.resolve.runningSince).toEqual(at(opened));
  });

  it('given to a group only, it keeps running: a queue is not someone working the ticket', () => {
    const ticket = change(fresh(), commands.assign(null, 'grp-n2-reseau'), actors.lead, '2025-03-03T10:00:00+01:00');
    expect(ticket.sla.own).toEqual(running(2 * HOUR, at(opened), at('2025-03-03T11:00:00+01:00')));
  });

  it('a solution proposed with nobody on it stops it too', () => {
    const ticket = change(fresh(), commands.proposeSolution(), actors.groupTechnician, '2025-03-03T10:00:00+01:00');
    expect(ticket.sla.own).toEqual(stoppedAt10);
  });

  it('taken at 12:00, an hour past its due time: missed', () => {
    const ticket = change(fresh(), commands.take(), actors.groupTechnician, '2025-03-03T12:00:00+01:00');
    expect(ticket.sla.own).toMatchObject({ consumedMs: 3 * HOUR, stoppedAt: at('2025-03-03T12:00:00+01:00') });
    expect(standingOf(ticket.sla.own, at('2025-03-03T12:00:00+01:00'), OFFICE)).toBe('missed');
  });

  it('nothing afterwards restarts it: escalated without a technician, on hold, resumed, reassigned, refused, reopened', () => {
    let ticket = change(fresh(), commands.take(), actors.groupTechnician, '2025-03-03T10:00:00+01:00');
    const steps: [TicketCommand, Actor, string][] = [
      [commands.escalate({ groupId: 'grp-n2-reseau' }), actors.groupTechnician, '2025-03-03T11:00:00+01:00'],
      [commands.wait(), actors.lead, '2025-03-03T12:00:00+01:00'],
      [commands.resume(), actors.lead, '2025-03-03T13:00:00+01:00'],
      [commands.assign(null, GROUP_N1), actors.lead, '2025-03-03T14:00:00+01:00'],
      [commands.proposeSolution(), actors.lead, '2025-03-03T15:00:00+01:00'],
      [commands.refuse(), actors.ownRequester, '2025-03-03T16:00:00+01:00'],
      [commands.proposeSolution(), actors.lead, '2025-03-03T16:30:00+01:00'],
      [commands.approve(), actors.ownRequester, '2025-03-03T17:00:00+01:00'],
      [commands.reopen(), actors.lead, '2025-03-04T09:00:00+01:00'],
    ];
    for (const [command, actor, when] of steps) {
      ticket = change(ticket, command, actor, when);
      expect(ticket.sla.own, `${command.type} at ${when}`).toEqual(stoppedAt10);
    }
    expect(ticket.assignee).toBeNull();
    expect(ticket.status).toBe('new');
  });
});

describe('time to resolve stops at the solution and runs again when it is refused or the ticket reopened', () => {
  // priority 4 round the clock: 1 h to own, 24 h to resolve
  const T0 = at('2025-03-03T09:00:00.000Z');
  const when = (hours: number) => plus(T0, hours * HOUR).toISOString();

  it('what ran before each stop is kept; the waits for the requester are not counted', () => {
    let ticket = created({ urgency: 3, impact: 4, groupId: GROUP_N1 }, T0.toISOString(), ROUND);
    ticket = change(ticket, commands.take(), actors.groupTechnician, when(1), ROUND);
    ticket = change(ticket, commands.proposeSolution(), actors.groupTechnician, when(5), ROUND);
    expect(ticket.sla.resolve).toEqual({ targetMs: 24 * HOUR, consumedMs: 5 * HOUR, runningSince: null, dueAt: plus(T0, 24 * HOUR), stoppedAt: plus(T0, 5 * HOUR) });
    expect(standingOf(ticket.sla.resolve, plus(T0, 29 * HOUR), ROUND)).toBe('met');
    expect(ticket.escalation.next).toBeNull();

    // refused the next day: 19 h left from the refusal
    ticket = change(ticket, commands.refuse(), actors.ownRequester, when(30), ROUND);
    expect(ticket.sla.resolve).toEqual(running(24 * HOUR, plus(T0, 30 * HOUR), plus(T0, 49 * HOUR), 5 * HOUR));
    // 75 % (18 h) comes 13 h after the refusal
    expect(ticket.escalation.next).toEqual({ levelId: 'resolve-75', at: plus(T0, 43 * HOUR) });

    ticket = change(ticket, commands.proposeSolution('Cache vidé aussi'), actors.groupTechnician, when(40), ROUND);
    expect(ticket.sla.resolve).toEqual({ targetMs: 24 * HOUR, consumedMs: 15 * HOUR, runningSince: null, dueAt: plus(T0, 49 * HOUR), stoppedAt: plus(T0, 40 * HOUR) });
    ticket = change(ticket, commands.approve(), actors.ownRequester, when(41), ROUND);
    expect(ticket.sla.resolve.stoppedAt).toEqual(plus(T0, 40 * HOUR));
    expect(ticket.sla.resolve.consumedMs).toBe(15 * HOUR);

    // reopened days later: 9 h left from the reopening
    ticket = change(ticket, commands.reopen(), actors.lead, when(100), ROUND);
    expect(ticket.sla.resolve).toEqual(running(24 * HOUR, plus(T0, 100 * HOUR), plus(T0, 109 * HOUR), 15 * HOUR));
  });

  it('closed by the clock: stopped where the solution stopped it', () => {
    let ticket = created({ urgency: 3, impact: 4, groupId: GROUP_N1 }, T0.toISOString(), ROUND);
    ticket = change(ticket, commands.proposeSolution(), actors.groupTechnician, when(2), ROUND);
    ticket = change(ticket, commands.autoClose(), SYSTEM_ACTOR, when(26), ROUND);
    expect(ticket.sla.resolve).toMatchObject({ consumedMs: 2 * HOUR, stoppedAt: plus(T0, 2 * HOUR), runningSince: null });
  });
});

describe('standingOf: « Dans les temps / À risque / En retard », paused, met, missed', () => {
  const T0 = at('2025-03-03T09:00:00.000Z');
  // 10 h round the clock; « À risque » from 75 %, i.e. 7 h 30
  const clock = startClock(10 * HOUR, T0, ALWAYS_OPEN);
  const pausedAfter = (hours: number) => moveClock(clock, 'paused', 10 * HOUR, plus(T0, hours * HOUR), ALWAYS_OPEN);
  const stoppedAfter = (hours: number) => moveClock(clock, 'stopped', 10 * HOUR, plus(T0, hours * HOUR), ALWAYS_OPEN);

  it.each([
    ['at the start', clock, 0, 'onTime'],
    ['a millisecond before 75 %', clock, 7.5 * HOUR - 1, 'onTime'],
    ['at 75 %', clock, 7.5 * HOUR, 'atRisk'],
    ['a millisecond before the due time', clock, 10 * HOUR - 1, 'atRisk'],
    ['at the due time', clock, 10 * HOUR, 'late'],
    ['paused with time left', pausedAfter(3), 50 * HOUR, 'paused'],
    ['paused after its due time', pausedAfter(12), 50 * HOUR, 'late'],
    ['stopped before its due time', stoppedAfter(9), 50 * HOUR, 'met'],
    ['stopped at its due time', stoppedAfter(10), 50 * HOUR, 'met'],
    ['stopped after its due time', stoppedAfter(11), 50 * HOUR, 'missed'],
  ] as const)('%s → %s', (_label, c, afterMs, standing) => {
    expect(standingOf(c, plus(T0, afterMs), ROUND)).toBe(standing);
  });

  it('a clock that ran past its due time, waited, then stopped was missed, not met', () => {
    // late at +10 h, on hold at +12 h (12 h counted), solved or taken while it waits at +20 h
    const stopped = moveClock(pausedAfter(12), 'stopped', 10 * HOUR, plus(T0, 20 * HOUR), ALWAYS_OPEN);
    expect(stopped).toMatchObject({ consumedMs: 12 * HOUR, stoppedAt: plus(T0, 20 * HOUR) });
    expect(standingOf(stopped, plus(T0, 20 * HOUR), ROUND)).toBe('missed');
  });

  it('through decide: a ticket past its time to resolve, put on hold, then solved while it waits, missed its time to resolve', () => {
    // priority 5 round the clock: 4 h to resolve
    let ticket = created({ urgency: 5, impact: 5, groupId: GROUP_N1 }, T0.toISOString(), ROUND);
    ticket = change(ticket, commands.take(), actors.groupTechnician, plus(T0, 5 * MINUTE).toISOString(), ROUND);
    ticket = change(ticket, commands.wait(), actors.groupTechnician, plus(T0, 5 * HOUR).toISOString(), ROUND);
    ticket = change(ticket, commands.proposeSolution(), actors.groupTechnician, plus(T0, 30 * HOUR).toISOString(), ROUND);
    expect(standingOf(ticket.sla.resolve, plus(T0, 30 * HOUR), ROUND)).toBe('missed');
  });

  it('in business hours: due Friday 18:00 and taken on Saturday, it read « En retard » and stays missed once taken', () => {
    // priority 4 opened Friday 17:00: 1 h to own, due at closing time
    const ticket = created({ urgency: 3, impact: 4, groupId: GROUP_N1 }, '2025-03-07T17:00:00+01:00');
    expect(ticket.sla.own.dueAt).toEqual(at('2025-03-07T18:00:00+01:00'));
    expect(standingOf(ticket.sla.own, at('2025-03-08T10:00:00+01:00'), OFFICE)).toBe('late');
    const taken = change(ticket, commands.take(), actors.groupTechnician, '2025-03-08T10:00:00+01:00');
    expect(taken.sla.own).toMatchObject({ stoppedAt: at('2025-03-08T10:00:00+01:00'), dueAt: at('2025-03-07T18:00:00+01:00') });
    expect(standingOf(taken.sla.own, at('2025-03-08T10:00:00+01:00'), OFFICE)).toBe('missed');
  });

  it('in business hours: a weekend does not bring a ticket closer to risk', () => {
    // priority 3 opened Friday 17:30: 1 h 30 of its 2 h to own is reached on Monday at 09:00
    const sla = newSla(3, at('2025-03-07T17:30:00+01:00'), OFFICE);
    expect(standingOf(sla.own, at('2025-03-08T12:00:00+01:00'), OFFICE)).toBe('onTime');
    expect(standingOf(sla.own, at('2025-03-10T08:59:00+01:00'), OFFICE)).toBe('onTime');
    expect(standingOf(sla.own, at('2025-03-10T09:00:00+01:00'), OFFICE)).toBe('atRisk');
    expect(standingOf(sla.own, at('2025-03-10T09:30:00+01:00'), OFFICE)).toBe('late');
  });

  it('the risk share is the rules’: at 50 %, half way is « À risque »', () => {
    expect(standingOf(clock, plus(T0, 5 * HOUR), { ...ROUND, atRiskPercent: 50 })).toBe('atRisk');
    expect(standingOf(clock, plus(T0, 5 * HOUR - 1), { ...ROUND, atRiskPercent: 50 })).toBe('onTime');
  });
});

describe('nextLevelOf and dueLevels', () => {
  // priority 3 round the clock: 2 h to own, 72 h to resolve
  const T0 = at('2025-03-03T09:00:00.000Z');
  const sla = newSla(3, T0, ROUND);
  const ownStopped: SlaState = { ...sla, own: moveClock(sla.own, 'stopped', sla.own.targetMs, plus(T0, HOUR), ALWAYS_OPEN) };
  const paused: SlaState = {
    own: moveClock(sla.own, 'paused', sla.own.targetMs, plus(T0, HOUR), ALWAYS_OPEN),
    resolve: moveClock(sla.resolve, 'paused', sla.resolve.targetMs, plus(T0, HOUR), ALWAYS_OPEN),
  };

  it.each([
    ['none fired', sla, [], { levelId: 'own-75', at: plus(T0, 90 * MINUTE) }],
    ['own-75 fired', sla, ['own-75'], { levelId: 'own-100', at: plus(T0, 2 * HOUR) }],
    ['both own levels fired', sla, ['own-75', 'own-100'], { levelId: 'resolve-75', at: plus(T0, 54 * HOUR) }],
    ['the time to own met: its levels never come', ownStopped, [], { levelId: 'resolve-75', at: plus(T0, 54 * HOUR) }],
    ['all but the breach fired', sla, ['own-75', 'own-100', 'resolve-75'], { levelId: 'resolve-100', at: plus(T0, 72 * HOUR) }],
    ['every level fired', sla, ['own-75', 'own-100', 'resolve-75', 'resolve-100'], null],
    ['both clocks waiting', paused, [], null],
  ] as const)('%s → %o', (_label, state, fired, next) => {
    expect(nextLevelOf(state, fired, ROUND)).toEqual(next);
  });

  it.each([
    ['a millisecond before own-75', 90 * MINUTE - 1, [], []],
    ['at own-75', 90 * MINUTE, [], ['own-75']],
    ['at 3 h', 3 * HOUR, [], ['own-75', 'own-100']],
    ['at 3 h, own-75 fired', 3 * HOUR, ['own-75'], ['own-100']],
    ['days later', 100 * HOUR, [], ['own-75', 'own-100', 'resolve-75', 'resolve-100']],
    ['days later, all fired', 100 * HOUR, ['own-75', 'own-100', 'resolve-75', 'resolve-100'], []],
  ] as const)('dueLevels %s → %o', (_label, afterMs, fired, due) => {
    expect(dueLevels(sla, fired, plus(T0, afterMs), ROUND).map((l) => l.id)).toEqual(due);
  });

  it('dueLevels keeps the policy’s order, whatever the times', () => {
    const levels: EscalationLevel[] = [
      { id: 'resolve-10', clock: 'resolve', percent: 10 },
      { id: 'own-50', clock: 'own', percent: 50 },
    ];
    expect(dueLevels(sla, [], plus(T0, 100 * HOUR), { ...ROUND, levels }).map((l) => l.id)).toEqual(['resolve-10', 'own-50']);
    // while the earliest is the next
    expect(nextLevelOf(sla, [], { ...ROUND, levels })).toEqual({ levelId: 'own-50', at: plus(T0, HOUR) });
  });

  it('a met time to own is never due, however late it is now', () => {
    expect(dueLevels(ownStopped, [], plus(T0, 10 * HOUR), ROUND)).toEqual([]);
  });

  it('in business hours: own-75 of a ticket opened Friday 17:30 comes Monday 09:00, never during the weekend', () => {
    const friday = newSla(3, at('2025-03-07T17:30:00+01:00'), OFFICE);
    expect(nextLevelOf(friday, [], OFFICE)).toEqual({ levelId: 'own-75', at: at('2025-03-10T09:00:00+01:00') });
    expect(dueLevels(friday, [], at('2025-03-09T23:59:00+01:00'), OFFICE)).toEqual([]);
  });

  it('riskAt and breachAt: the earliest running clock’s 75 % and due time; none while both wait', () => {
    expect(riskAtOf(sla, ROUND)).toEqual(plus(T0, 90 * MINUTE));
    expect(breachAtOf(sla)).toEqual(plus(T0, 2 * HOUR));
    expect(riskAtOf(ownStopped, ROUND)).toEqual(plus(T0, 54 * HOUR));
    expect(breachAtOf(ownStopped)).toEqual(plus(T0, 72 * HOUR));
    expect(riskAtOf(paused, ROUND)).toBeNull();
    expect(breachAtOf(paused)).toBeNull();
  });
});

describe('across a weekend, a holiday and the two daylight-saving changes (Paris)', () => {
  const MAY_DAY: BusinessCalendar = { ...DEFAULT_CALENDAR, holidays: ['2025-05-01'] };

  it('a holiday is closed all day: priority 4 opened on Wednesday 30 April at 17:30', () => {
    const sla = newSla(4, at('2025-04-30T17:30:00+02:00'), { ...OFFICE, calendar: MAY_DAY });
    // 30 min on Wednesday, the rest on Friday 2 May
    expect(sla.own.dueAt).toEqual(at('2025-05-02T08:30:00+02:00'));
    // 24 h: Wednesday 0.5, Friday 10, Monday 10, Tuesday 3.5
    expect(sla.resolve.dueAt).toEqual(at('2025-05-06T11:30:00+02:00'));
    // without the holiday, Thursday counts
    expect(newSla(4, at('2025-04-30T17:30:00+02:00'), OFFICE).own.dueAt).toEqual(at('2025-05-01T08:30:00+02:00'));
  });

  it('into summer time (Sunday 30 March): Friday 16:00 + 24 business hours is Wednesday 10:00 at +02:00', () => {
    const sla = newSla(4, at('2025-03-28T16:00:00+01:00'), OFFICE);
    expect(sla.own.dueAt).toEqual(at('2025-03-28T17:00:00+01:00'));
    expect(sla.resolve.dueAt).toEqual(at('2025-04-02T10:00:00+02:00'));
    expect(newSla(4, at('2025-03-28T17:30:00+01:00'), OFFICE).own.dueAt).toEqual(at('2025-03-31T08:30:00+02:00'));
  });

  it('into winter time (Sunday 26 October): Friday 16:00 + 24 business hours is Wednesday 10:00 at +01:00', () => {
    const sla = newSla(4, at('2025-10-24T16:00:00+02:00'), OFFICE);
    expect(sla.own.dueAt).toEqual(at('2025-10-24T17:00:00+02:00'));
    expect(sla.resolve.dueAt).toEqual(at('2025-10-29T10:00:00+01:00'));
    expect(newSla(4, at('2025-10-24T17:30:00+02:00'), OFFICE).own.dueAt).toEqual(at('2025-10-27T08:30:00+01:00'));
  });

  it.each([
    ['into summer time', '2025-03-28T17:00:00+01:00', '2025-03-31T09:00:00+02:00', '2025-04-02T12:00:00+02:00'],
    ['into winter time', '2025-10-24T17:00:00+02:00', '2025-10-27T09:00:00+01:00', '2025-10-29T12:00:00+01:00'],
  ] as const)('a pause over the weekend %s loses its two business hours (Friday 17–18, Monday 08–09)', (_label, from, to, due) => {
    const clock = startClock(24 * HOUR, at(from.replace('17:00', '16:00')), DEFAULT_CALENDAR);
    const paused = moveClock(clock, 'paused', 24 * HOUR, at(from), DEFAULT_CALENDAR);
    expect(paused.consumedMs).toBe(HOUR);
    expect(moveClock(paused, 'running', 24 * HOUR, at(to), DEFAULT_CALENDAR).dueAt).toEqual(at(due));
  });

  it.each([
    ['the 23-hour day', '2025-03-29T12:00:00+01:00', '2025-03-30T13:00:00+02:00'],
    ['the 25-hour day', '2025-10-25T12:00:00+02:00', '2025-10-26T11:00:00+01:00'],
  ])('a desk open round the clock in Paris counts real time across %s: 24 h later is 24 h later', (_label, from, to) => {
    const parisAllDay: BusinessCalendar = { ...ALWAYS_OPEN, timeZone: 'Europe/Paris' };
    const sla = newSla(4, at(from), { ...OFFICE, calendar: parisAllDay });
    expect(sla.resolve.dueAt).toEqual(at(to));
    expect(sla.resolve.dueAt!.getTime() - at(from).getTime()).toBe(24 * HOUR);
  });
});

/** A ticket opened by Alice at `when`, through decide, with `rules` (business hours by default). */
function created(draft: Parameters<typeof commands.create>[0], when: string, rules: ServiceLevelRules = OFFICE): Ticket {
  const result = decide(null, { ...commands.create(draft), serviceLevels: rules }, actors.ownRequester, at(when));
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value.ticket;
}

/** The ticket after `command` by `actor` at `when`, with the rules the use case would put in. */
function change(ticket: Ticket, command: TicketCommand, actor: Actor, when: string, rules: ServiceLevelRules = OFFICE): Ticket {
  const result = decide(ticket, { ...command, serviceLevels: rules }, actor, at(when));
  if (!result.ok) throw new Error(`${command.type} at ${when}: ${result.error.code}: ${result.error.message}`);
  return result.value.ticket;
}
