import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields } from '../../domain/ports/logger.js';

/** What every line logged during one inbound turn carries (activity id, tenant, verb or intent). */
interface TurnLogContext {
  fields: Record<string, unknown>;
}

const storage = new AsyncLocalStorage<TurnLogContext>();
let tracking = false;

/**
 * Turns on the per-turn context. Off by default because on Node 20 an AsyncLocalStorage hooks every
 * promise of the process: `npm run bench` measured 0.87 instead of 0.65 ms of server CPU per ticket
 * (ratio 0.205 instead of 0.353). On at `debug` and with metrics (which need « changed » per click);
 * at `info` the turn's own line still carries the activity id, tenant and verb.
 */
export function trackTurns(on: boolean): void {
  tracking = on;
}

/**
 * Runs one turn with its log fields: whatever logs inside it, however deep, carries them
 * without a logger being passed down through the bot and the use cases.
 */
export function runInTurn<T>(fields: LogFields, run: () => T): T {
  return tracking ? storage.run({ fields: { ...fields } }, run) : run();
}

/** Adds what is learnt during the turn (the chat intent chosen) to its later lines; nothing outside a turn. */
export function annotateTurn(fields: LogFields): void {
  const context = storage.getStore();
  if (context) Object.assign(context.fields, fields);
}

/** The current turn's fields, or undefined outside a turn. */
export function turnFields(): Readonly<Record<string, unknown>> | undefined {
  return storage.getStore()?.fields;
}
