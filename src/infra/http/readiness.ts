/** What /readyz looks at; each read is cheap (a ping, one indexed query, a field). */
export interface ReadinessSources {
  ping(): Promise<unknown>;
  /** how late the most overdue notification is */
  outboxLagMs(): Promise<number>;
  /** how long the clock's last tick is overdue, past its interval */
  clockLagMs(): number;
}

export interface Readiness {
  readonly ready: boolean;
  readonly body: {
    readonly status: 'ready' | 'not ready';
    /** what is not ready: `database`, `outbox`, `clock` */
    readonly failing: readonly string[];
    readonly database: 'up' | 'down';
    readonly outboxLagSeconds?: number;
    readonly clockLagSeconds: number;
    readonly maxLagSeconds: number;
  };
}

/** A ping that does not answer within this is a database away (a probe must not hang on server selection). */
export const PING_TIMEOUT_MS = 2_000;

/**
 * Whether this instance should receive traffic: the database answers a ping, and neither
 * the notifications nor the ticket clock are late past `maxLagMs` (a stuck dispatcher or
 * clock loop shows here before users notice).
 */
export async function readiness(sources: ReadinessSources, maxLagMs: number, timeoutMs = PING_TIMEOUT_MS): Promise<Readiness> {
  const failing: string[] = [];
  const clockLagMs = sources.clockLagMs();
  if (clockLagMs > maxLagMs) failing.push('clock');
  let outboxLagMs: number | undefined;
  const up = await within(sources.ping(), timeoutMs).then(
    () => true,
    () => false,
  );
  if (!up) failing.unshift('database');
  else {
    outboxLagMs = await within(sources.outboxLagMs(), timeoutMs).catch(() => undefined);
    if (outboxLagMs === undefined || outboxLagMs > maxLagMs) failing.push('outbox');
  }
  return {
    ready: failing.length === 0,
    body: {
      status: failing.length === 0 ? 'ready' : 'not ready',
      failing,
      database: up ? 'up' : 'down',
      ...(outboxLagMs !== undefined ? { outboxLagSeconds: Math.round(outboxLagMs / 1000) } : {}),
      clockLagSeconds: Math.round(clockLagMs / 1000),
      maxLagSeconds: Math.round(maxLagMs / 1000),
    },
  };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
