import { silentLogger, type Logger } from '../../domain/ports/logger.js';

/**
 * One short line per kind of refused request, at most once per window: a flood of forged
 * tokens or foreign-tenant activities must not flood the log (nor put a token, a key or a
 * stack trace in it). The refusals kept quiet are counted and told with the next line of
 * the same kind, or at shutdown.
 */
export class RefusalLog {
  private readonly quiet = new Map<string, { since: number; suppressed: number }>();
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly write: (line: string) => void;

  constructor(
    options: {
      /** at most one line per kind per window (default 60 s) */
      readonly windowMs?: number;
      readonly now?: () => number;
      /** where lines go instead of the logger (tests collect them) */
      readonly write?: (line: string) => void;
      /** a warning per line (default: silent) */
      readonly logger?: Logger;
    } = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    const logger = options.logger ?? silentLogger;
    this.write = options.write ?? ((line) => logger.warn({ refused: true }, line));
  }

  refused(status: number, reason: string): void {
    const kind = `${status} ${reason}`;
    const now = this.now();
    const entry = this.quiet.get(kind);
    if (entry && now - entry.since < this.windowMs) {
      entry.suppressed += 1;
      return;
    }
    this.write(`refused ${kind}${entry?.suppressed ? ` (+${entry.suppressed} more since ${stamp(entry.since)})` : ''}`);
    this.quiet.set(kind, { since: now, suppressed: 0 });
  }

  /** tells the counts still untold (at shutdown) */
  flush(): void {
    for (const [kind, entry] of this.quiet) {
      if (entry.suppressed > 0) this.write(`refused ${kind}: ${entry.suppressed} more since ${stamp(entry.since)}`);
    }
    this.quiet.clear();
  }
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(11, 19);
