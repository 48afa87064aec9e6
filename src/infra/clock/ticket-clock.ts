import type { DueRound } from '../../app/apply-due-changes.use-case.js';

/** What one tick did, summed over its rounds. */
export interface ClockTick {
  readonly applied: number;
  readonly lost: number;
  readonly skipped: number;
  readonly rounds: number;
  /** stopped at `roundsPerTick` with work left: the next tick comes at once */
  readonly more: boolean;
}

export interface TicketClockOptions {
  /** between two ticks when nothing more is due */
  readonly intervalMs: number;
  /** rounds (one bounded batch per job each) in one tick before letting other work in */
  readonly roundsPerTick: number;
}

export const DEFAULT_CLOCK_OPTIONS: TicketClockOptions = { intervalMs: 30_000, roundsPerTick: 20 };

interface Deps {
  readonly due: { execute(now: Date): Promise<DueRound> };
  /** the time the clock acts at; tests move it instead of waiting */
  readonly now?: () => Date;
  /** why a tick failed (default: nowhere; the app passes its logger) */
  readonly log?: (line: string) => void;
}

/**
 * The instance's one clock loop: a tick at start (catching up after downtime), then one every
 * `intervalMs`. Time-driven changes live as due times on the ticket documents, so nothing is
 * lost by a stop, and several instances may tick at once: each change is a version-guarded
 * write, and the loser of a race changes nothing. Ticks never overlap within an instance.
 */
export class TicketClock {
  private readonly options: TicketClockOptions;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  /** set by stop(): a tick in progress ends after its current round */
  private halted = false;
  /** the tick in progress (or the last one); the next waits for it */
  private current: Promise<unknown> = Promise.resolve();
  /** when the last tick ended (or the clock started), for /readyz and the lag metric */
  private lastTickAt: Date | null = null;

  constructor(
    private readonly deps: Deps,
    options: Partial<TicketClockOptions> = {},
  ) {
    this.options = { ...DEFAULT_CLOCK_OPTIONS, ...options };
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? (() => undefined);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    this.lastTickAt ??= this.now();
    this.schedule(0);
  }

  /** Finishes the round in hand; no tick starts after this. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current.catch(() => undefined);
  }

  /** Rounds until nothing more is due or `roundsPerTick`; exposed so tests drive the clock. */
  tick(): Promise<ClockTick> {
    const run = this.current.catch(() => undefined).then(() => this.rounds());
    this.current = run;
    return run;
  }

  private async rounds(): Promise<ClockTick> {
    const total = { applied: 0, lost: 0, skipped: 0, rounds: 0, more: false };
    do {
      const round = await this.deps.due.execute(this.now());
      total.applied += round.applied;
      total.lost += round.lost;
      total.skipped += round.skipped;
      total.rounds += 1;
      total.more = round.more;
    } while (total.more && total.rounds < this.options.roundsPerTick && !this.halted);
    this.lastTickAt = this.now();
    return total;
  }

  /** How long the next tick is overdue (its interval past the last one): 0 on time, or when stopped. */
  lagMs(): number {
    if (this.stopped || !this.lastTickAt) return 0;
    return Math.max(0, this.now().getTime() - this.lastTickAt.getTime() - this.options.intervalMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick()
        .then((done) => this.schedule(done.more ? 0 : this.options.intervalMs))
        .catch((error: Error) => {
          // the database is away: try again at the next interval, not in a loop
          this.log(`[guichet] clock: ${error.message}`);
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
