import type { Level } from './priority.js';

/** Minutes allowed to take a ticket in charge and to resolve it, per priority. */
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

export interface DueDates {
  readonly timeToOwn: Date | null;
  readonly timeToResolve: Date | null;
}

export function dueDatesFor(priority: Level, openedAt: Date, policy: SlaPolicy = DEFAULT_SLA_POLICY): DueDates {
  const target = policy[priority];
  return {
    timeToOwn: new Date(openedAt.getTime() + target.timeToOwnMinutes * 60_000),
    timeToResolve: new Date(openedAt.getTime() + target.timeToResolveMinutes * 60_000),
  };
}
