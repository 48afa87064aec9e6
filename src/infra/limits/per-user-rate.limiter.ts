/** How one more event of a user went. */
export type RateDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** until one more is allowed */
      readonly retryAfterMs: number;
      /** the first refusal of this wait: the one worth telling the user about */
      readonly first: boolean;
    };

const WINDOW_MS = 60_000;

/**
 * At most `perMinute` events per key in any minute (0: no limit), in memory, per instance.
 * Refused events are not counted: waiting is enough to be let through again.
 */
export class PerUserRateLimiter {
  private readonly keys = new Map<string, { times: number[]; toldUntil: number }>();
  private calls = 0;

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  hit(key: string): RateDecision {
    if (this.perMinute <= 0) return { ok: true };
    const now = this.clock();
    this.forgetIdle(now);
    const entry = this.keys.get(key) ?? { times: [], toldUntil: 0 };
    entry.times = entry.times.filter((t) => now - t < WINDOW_MS);
    this.keys.set(key, entry);
    if (entry.times.length < this.perMinute) {
      entry.times.push(now);
      return { ok: true };
    }
    const retryAfterMs = entry.times[entry.times.length - this.perMinute] + WINDOW_MS - now;
    const first = entry.toldUntil <= now;
    if (first) entry.toldUntil = now + retryAfterMs;
    return { ok: false, retryAfterMs, first };
  }

  /** Users idle for a minute are dropped now and then: they hold nothing a new entry would not. */
  private forgetIdle(now: number): void {
    this.calls += 1;
    if (this.calls % 1_000 !== 0) return;
    for (const [key, entry] of this.keys) {
      if (entry.times.every((t) => now - t >= WINDOW_MS) && entry.toldUntil <= now) this.keys.delete(key);
    }
  }
}
