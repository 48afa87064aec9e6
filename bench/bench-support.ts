import type { CommandStartedEvent, Db } from 'mongodb';

/** What the bench scripts share: their settings from the environment, quantiles, the clock's query plans. */

export function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min} (got ${raw})`);
  return value;
}

export const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** What mongod did for the clock's last tick (one indexed `find` per due kind), from explain('executionStats'), summed. */
export async function explainLast(db: Db, finds: CommandStartedEvent[]): Promise<{ docs: number; keys: number; plan: string }> {
  const last = finds.slice(-3);
  if (last.length === 0) throw new Error('the clock sent no find');
  const total = { docs: 0, keys: 0, plans: [] as string[] };
  for (const sent of last) {
    const { find, filter, sort, limit, hint, projection } = sent.command;
    const explained = await db.command({ explain: { find, filter, sort, limit, hint, projection }, verbosity: 'executionStats' });
    const plan = JSON.stringify(explained.queryPlanner.winningPlan);
    total.docs += explained.executionStats.totalDocsExamined;
    total.keys += explained.executionStats.totalKeysExamined;
    total.plans.push(plan.includes('COLLSCAN') ? 'COLLSCAN' : (/"indexName":"([^"]+)"/.exec(plan)?.[1] ?? '?'));
  }
  return { docs: total.docs, keys: total.keys, plan: total.plans.join(', ') };
}
