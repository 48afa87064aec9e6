/**
 * Optional instrumentation for the bench server (BENCH_BREAKDOWN=1): wraps a few library
 * prototypes, never src/, to accumulate how long each stage of a request is in flight.
 * Under concurrency the stages of different requests overlap, so these are "time a request
 * spends inside X", queueing on the event loop included, not CPU time (use BENCH_CPU_PROF for that).
 */
import { createRequire } from 'node:module';
import * as ACData from 'adaptivecards-templating';
import { Collection } from 'mongodb';
import { BotEndpointAdapter } from '../src/infra/http/bot-endpoint.js';

// Not exported by botframework-connector's index; the same CJS module instance botbuilder uses.
const require = createRequire(import.meta.url);
const { JwtTokenExtractor } = require('botframework-connector/lib/auth/jwtTokenExtractor.js') as {
  JwtTokenExtractor: { prototype: object };
};

export interface StageStats {
  calls: number;
  totalMs: number;
}

const stages = new Map<string, StageStats>();

function record(stage: string, ms: number): void {
  const s = stages.get(stage) ?? { calls: 0, totalMs: 0 };
  s.calls += 1;
  s.totalMs += ms;
  stages.set(stage, s);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;

/** Times `target[method]`; a recursive method is only timed at its outermost call. */
function wrap(target0: object, method: string, stage: string): void {
  const target = target0 as Record<string, AnyFn>;
  const original = target[method];
  if (typeof original !== 'function') throw new Error(`cannot instrument ${stage}: no ${method}`);
  let depth = 0;
  target[method] = function (this: unknown, ...args: unknown[]) {
    if (depth > 0) return original.apply(this, args);
    const t0 = performance.now();
    let out: unknown;
    depth += 1;
    try {
      out = original.apply(this, args);
    } finally {
      depth -= 1;
    }
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<unknown>).finally(() => record(stage, performance.now() - t0));
    }
    record(stage, performance.now() - t0);
    return out;
  };
}

export function installBreakdown(): void {
  wrap(BotEndpointAdapter.prototype, 'handle', 'POST /api/messages (whole request)');
  wrap(JwtTokenExtractor.prototype, 'getIdentityFromAuthHeader', 'JWT validation');
  // `new Template(json)` parses every ${…} expression of the card (antlr) through the static
  // Template.prepare; expand() then binds the data.
  wrap(ACData.Template, 'prepare', 'card template parsing (new Template)');
  wrap(ACData.Template.prototype, 'expand', 'card template binding (Template.expand)');
  for (const method of ['findOne', 'findOneAndUpdate', 'insertOne', 'insertMany', 'updateOne', 'replaceOne', 'createIndexes']) {
    wrap(Collection.prototype, method, `mongo ${method}`);
  }
}

export function breakdownSnapshot(): Record<string, StageStats> {
  return Object.fromEntries([...stages].map(([k, v]) => [k, { ...v }]));
}

export function resetBreakdown(): void {
  stages.clear();
}
