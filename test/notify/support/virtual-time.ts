/**
 * A virtual clock for code that takes `clock` and `sleep` functions: time only moves
 * when every pending sleeper has been given a chance, earliest first.
 */
export class VirtualTime {
  private current: number;
  private sleepers: { until: number; seq: number; wake: () => void }[] = [];
  private seq = 0;

  constructor(start = 0) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.sleepers.push({ until: this.current + Math.max(0, ms), seq: this.seq++, wake: resolve });
    });

  /** moves time to `at` (never back), waking every sleeper due by then, earliest first */
  async advanceTo(at: number): Promise<void> {
    for (;;) {
      await settleMicrotasks();
      this.sleepers.sort((a, b) => a.until - b.until || a.seq - b.seq);
      const next = this.sleepers[0];
      if (!next || next.until > at) break;
      this.sleepers.shift();
      this.current = Math.max(this.current, next.until);
      next.wake();
    }
    this.current = Math.max(this.current, at);
  }

  /** runs until nobody sleeps any more (or until `limit` virtual ms have passed) */
  async runAll(limit = 10 * 60_000): Promise<void> {
    const end = this.current + limit;
    for (;;) {
      await settleMicrotasks();
      if (this.sleepers.length === 0) return;
      this.sleepers.sort((a, b) => a.until - b.until || a.seq - b.seq);
      const next = this.sleepers.shift()!;
      if (next.until > end) throw new Error('VirtualTime.runAll: limit reached with sleepers left');
      this.current = Math.max(this.current, next.until);
      next.wake();
    }
  }
}

/** lets every already-resolved promise chain run (a few macrotask hops) */
export async function settleMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
