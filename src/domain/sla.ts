import { addBusinessTime, businessTimeBetween, DEFAULT_CALENDAR, type BusinessCalendar } from './business-hours.js';
import type { Level } from './priority.js';

/** Minutes (of business time) allowed to take a ticket in charge and to resolve it, per priority. */
export interface SlaTarget {
  readonly timeToOwnMinutes: number;
  readonly timeToResolveMinutes: number;
}

export type SlaPolicy = Readonly<Record<Level, SlaTarget>>;

/** Sensible defaults for a level-1 desk; admins override them per helpdesk. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  1: { timeToOwnMinutes: 8 * 60, timeToResolveMinutes: 10 * 24 * 60 },
  2: { timeToOwnMinutes: 4 * 60, timeToResolveMinutes: 5 * 24 * 60 },
  3: { timeToOwnMinutes: 2 * 60, timeToResolveMinutes: 3 * 24 * 60 },
  4: { timeToOwnMinutes: 60, timeToResolveMinutes: 24 * 60 },
  5: { timeToOwnMinutes: 15, timeToResolveMinutes: 4 * 60 },
};

/** The two clocks of a ticket: « temps de prise en charge » and « temps de résolution ». */
export const SLA_CLOCKS = ['own', 'resolve'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];

/**
 * One SLA clock. Business time is counted in `consumedMs` up to `runningSince`, and from
 * there on while it runs; a pause (pending, solved) adds what ran to `consumedMs`. The due
 * time is derived: `runningSince` + (target − consumed) of business time.
 */
export interface SlaClock {
  /** business time allowed, from the policy for the ticket's priority */
  readonly targetMs: number;
  /** business time counted before `runningSince` */
  readonly consumedMs: number;
  /** running since then; null while paused or stopped */
  readonly runningSince: Date | null;
  /** when it breaches: while running, the coming due time; once stopped, the due time it had (met or missed) */
  readonly dueAt: Date | null;
  /** when it was met: the first take or assignment (own), the solution (resolve); null while it runs or waits */
  readonly stoppedAt: Date | null;
}

export interface SlaState {
  readonly own: SlaClock;
  readonly resolve: SlaClock;
}

/** An escalation level (GLPI's « niveau d'escalade »): a share of one clock's target. */
export interface EscalationLevel {
  /** stable id stored on tickets once fired: 'own-75', 'resolve-100' */
  readonly id: string;
  readonly clock: SlaClockName;
  /** 75 = three quarters of the target; 100 = the breach */
  readonly percent: number;
}

export const DEFAULT_ESCALATION_LEVELS: readonly EscalationLevel[] = [
  { id: 'own-75', clock: 'own', percent: 75 },
  { id: 'own-100', clock: 'own', percent: 100 },
  { id: 'resolve-75', clock: 'resolve', percent: 75 },
  { id: 'resolve-100', clock: 'resolve', percent: 100 },
];

/** Everything the admin file says about service levels: targets, calendar, levels, who hears of breaches. */
export interface ServiceLevelRules {
  readonly policy: SlaPolicy;
  readonly calendar: BusinessCalendar;
  readonly levels: readonly EscalationLevel[];
  /** a ticket is « À risque » from this share of a running clock on */
  readonly atRiskPercent: number;
  /** past the time-to-resolve breach of this priority and above, the group's escalation contact hears of it too */
  readonly hierarchicalMinPriority: Level;
}

export const DEFAULT_SERVICE_LEVELS: ServiceLevelRules = {
  policy: DEFAULT_SLA_POLICY,
  calendar: DEFAULT_CALENDAR,
  levels: DEFAULT_ESCALATION_LEVELS,
  atRiskPercent: 75,
  hierarchicalMinPriority: 4,
};

/** The next level a ticket will reach, and when; the clock's index reads `at`. */
export interface NextLevel {
  readonly levelId: string;
  readonly at: Date;
}

/** Where a ticket stands on escalation: levels reached (each fires once, ever), the next one, its support level. */
export interface EscalationState {
  readonly fired: readonly string[];
  readonly next: NextLevel | null;
  /** N1 = 1, N2 = 2…: raised by each functional escalation (« Escalader… ») */
  readonly supportLevel: number;
  /** when the ticket turns « À risque » (earliest running clock at `atRiskPercent`); null when no clock runs */
  readonly riskAt: Date | null;
  /** the first breach to come (or past) among the running clocks: the leads' « alertes » are sorted on it */
  readonly breachAt: Date | null;
}

/** How a clock reads to a person, at a given time. */
export type SlaStanding = 'onTime' | 'atRisk' | 'late' | 'paused' | 'met' | 'missed';

const targetMsOf = (policy: SlaPolicy, priority: Level, clock: SlaClockName): number =>
  (clock === 'own' ? policy[priority].timeToOwnMinutes : policy[priority].timeToResolveMinutes) * 60_000;

/** A clock at its start: running from `now`, nothing consumed. */
export function startClock(targetMs: number, now: Date, calendar: BusinessCalendar): SlaClock {
  return { targetMs, consumedMs: 0, runningSince: now, dueAt: addBusinessTime(now, targetMs, calendar), stoppedAt: null };
}

/** Both clocks of a new ticket. */
export function newSla(priority: Level, now: Date, rules: ServiceLevelRules = DEFAULT_SERVICE_LEVELS): SlaState {
  return {
    own: startClock(targetMsOf(rules.policy, priority, 'own'), now, rules.calendar),
    resolve: startClock(targetMsOf(rules.policy, priority, 'resolve'), now, rules.calendar),
  };
}

/** What a clock should be doing after a change. */
export type ClockMode = 'running' | 'paused' | 'stopped';

/**
 * Moves one clock to `mode` at `now` with `targetMs` (a priority change): what ran is
 * counted, a restart runs from now with what was consumed, the due time follows.
 */
export function moveClock(clock: SlaClock, mode: ClockMode, targetMs: number, now: Date, calendar: BusinessCalendar): SlaClock {
  const ran = clock.runningSince ? businessTimeBetween(clock.runningSince, now, calendar) : 0;
  const wasRunning = clock.runningSince !== null;
  switch (mode) {
    case 'running': {
      if (wasRunning && targetMs === clock.targetMs) return clock;
      const since = wasRunning ? (clock.runningSince as Date) : now;
      const left = Math.max(0, targetMs - clock.consumedMs);
      return { targetMs, consumedMs: clock.consumedMs, runningSince: since, dueAt: addBusinessTime(since, left, calendar), stoppedAt: null };
    }
    case 'paused':
      return { targetMs, consumedMs: clock.consumedMs + ran, runningSince: null, dueAt: null, stoppedAt: null };
    case 'stopped':
      // a clock already stopped keeps the target it was met (or missed) under: a later reclassification does not rewrite it
      if (!wasRunning && clock.stoppedAt) return clock;
      return {
        targetMs,
        consumedMs: clock.consumedMs + ran,
        runningSince: null,
        // a clock stopped while paused keeps no due time it never had; one stopped running keeps the one it ran to
        dueAt: wasRunning ? addBusinessTime(clock.runningSince as Date, Math.max(0, targetMs - clock.consumedMs), calendar) : null,
        stoppedAt: now,
      };
  }
}

/** Business time a clock has counted by `now`. */
export function elapsedMs(clock: SlaClock, now: Date, calendar: BusinessCalendar): number {
  return clock.consumedMs + (clock.runningSince ? businessTimeBetween(clock.runningSince, now, calendar) : 0);
}

/** When a running clock reaches `percent` of its target (now or earlier when already past). */
export function clockReachesAt(clock: SlaClock, percent: number, calendar: BusinessCalendar): Date | null {
  if (!clock.runningSince) return null;
  const threshold = (clock.targetMs * percent) / 100;
  return addBusinessTime(clock.runningSince, Math.max(0, threshold - clock.consumedMs), calendar);
}

/** « Dans les temps / À risque / En retard », or paused, met, missed. */
export function standingOf(clock: SlaClock, now: Date, rules: Pick<ServiceLevelRules, 'atRiskPercent' | 'calendar'>): SlaStanding {
  // late by what it counted (one late before a pause has no due time once stopped), or stopped past
  // its due time (taken on Saturday for a Friday 18:00 due time: no business time ran meanwhile)
  if (clock.stoppedAt) {
    const late = clock.consumedMs > clock.targetMs || (clock.dueAt !== null && clock.stoppedAt.getTime() > clock.dueAt.getTime());
    return late ? 'missed' : 'met';
  }
  if (!clock.runningSince) return clock.consumedMs >= clock.targetMs ? 'late' : 'paused';
  if (clock.dueAt && now.getTime() >= clock.dueAt.getTime()) return 'late';
  const risk = clockReachesAt(clock, rules.atRiskPercent, rules.calendar);
  return risk && now.getTime() >= risk.getTime() ? 'atRisk' : 'onTime';
}

/** The earliest level not fired yet on a running clock; levels already past are due at once. */
export function nextLevelOf(sla: SlaState, fired: readonly string[], rules: ServiceLevelRules): NextLevel | null {
  let next: NextLevel | null = null;
  for (const level of rules.levels) {
    if (fired.includes(level.id)) continue;
    const at = clockReachesAt(sla[level.clock], level.percent, rules.calendar);
    if (at && (!next || at.getTime() < next.at.getTime())) next = { levelId: level.id, at };
  }
  return next;
}

/** When the ticket turns « À risque »: the earliest running clock at the threshold. */
export function riskAtOf(sla: SlaState, rules: ServiceLevelRules): Date | null {
  const times = SLA_CLOCKS.map((name) => clockReachesAt(sla[name], rules.atRiskPercent, rules.calendar)).filter((d): d is Date => d !== null);
  return times.length > 0 ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
}

/** The first breach to come (or already past) among the running clocks; null when none runs. */
export function breachAtOf(sla: SlaState): Date | null {
  const due = SLA_CLOCKS.map((name) => sla[name])
    .filter((clock) => clock.runningSince !== null && clock.dueAt !== null)
    .map((clock) => (clock.dueAt as Date).getTime());
  return due.length > 0 ? new Date(Math.min(...due)) : null;
}

/** The levels due at `now`, in the policy's order (a catch-up after downtime may find several). */
export function dueLevels(sla: SlaState, fired: readonly string[], now: Date, rules: ServiceLevelRules): EscalationLevel[] {
  return rules.levels.filter((level) => {
    if (fired.includes(level.id)) return false;
    const at = clockReachesAt(sla[level.clock], level.percent, rules.calendar);
    return at !== null && at.getTime() <= now.getTime();
  });
}

export { targetMsOf };
