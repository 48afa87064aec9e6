/**
 * Teams' documented limits per bot per conversation (7 messages / 1 s, 8 / 2 s,
 * 60 / 30 s); pacing ourselves below them means the connector never has to throttle us.
 */
export const TEAMS_CONVERSATION_LIMITS: readonly (readonly [count: number, windowMs: number])[] = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
];

export class ConversationRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    limits: readonly (readonly [number, number])[] = TEAMS_CONVERSATION_LIMITS,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    /** requests reach Teams a little after we send them: windows are widened by this much */
    safetyMs = 250,
  ) {
    this.limits = limits.map(([count, windowMs]) => [count, windowMs + safetyMs] as const);
  }

  private readonly limits: readonly (readonly [number, number])[];

  /** Resolves when one more message may go to `key`; callers for the same key are served in order. */
  acquire(key: string): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.waitForSlot(key));
    this.queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  private async waitForSlot(key: string): Promise<void> {
    const longest = Math.max(...this.limits.map(([, windowMs]) => windowMs));
    for (;;) {
      const now = this.clock();
      const times = (this.sent.get(key) ?? []).filter((t) => now - t < longest);
      const wait = Math.max(
        0,
        ...this.limits.map(([count, windowMs]) => {
          const inWindow = times.filter((t) => now - t < windowMs);
          return inWindow.length < count ? 0 : inWindow[inWindow.length - count] + windowMs - now;
        }),
      );
      if (wait === 0) {
        times.push(now);
        this.sent.set(key, times);
        return;
      }
      await this.sleep(wait);
    }
  }
}
