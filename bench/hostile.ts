/**
 * `npm run bench` (third part): chat messages made to make the bot's text routines backtrack
 * (issue 8: `x` + 28 000 « ! » + `y` blocked the whole bot for 2.7 s, 100 000 for 36 s, 60 000
 * combining marks for 7.7 s), each sent through POST /api/messages of the real server (signed
 * JWT, mongod, the fake Bot Connector of the HTTP tests) together with another user's « help ».
 * Prints, per message: the longest the event loop was blocked while both were answered, and
 * both round trips. Target: a block under 100 ms, « help » held up by less than 50 ms.
 * Figures, not a test.
 *
 * The server runs in this process (like the HTTP tests), so the event-loop figure is the
 * server's own loop; the client's part of it (serializing ≤ 200 KB) is well under a millisecond.
 *
 *   BENCH_HOSTILE_REPEAT   times each message is sent (default 3); the worst is reported
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { JORDAN, messageActivity, type TestUser } from '../test/support/activities.js';
import { createTestIssuer } from '../test/support/bot-auth.js';
import { fakeMicrosoftCloud, restoreNetwork, startAuthenticatedApp, type RunningTestApp } from '../test/support/test-app.js';

const REPEAT = Math.max(1, Number(process.env.BENCH_HOSTILE_REPEAT ?? 3));
const N = 100_000;

const SHAPES: [string, string][] = [
  ['x + 28 000 « ! » + y (Teams-sized)', `x${'!'.repeat(28_000)}y`],
  ['x + 100 000 « ! » + y', `x${'!'.repeat(N)}y`],
  ['x + 100 000 « . » + y', `x${'.'.repeat(N)}y`],
  ['x + 100 000 « ? » + y', `x${'?'.repeat(N)}y`],
  ['x + 100 000 spaces + y', `x${' '.repeat(N)}y`],
  ['x + 100 000 tabs/new lines + y', `x${'\t\n'.repeat(N / 2)}y`],
  ['60 000 combining marks', '\u0301\u0316'.repeat(30_000)],
  ['e + 100 000 combining marks', `e${'\u0301\u0316'.repeat(N / 2)}`],
  ['mixed punctuation/spaces/marks', `x${'! .?\t\n:;\u0301'.repeat(N / 8)}y`],
  ['greeting + 100 000 « ! »', `Bonjour, x${'!'.repeat(N)}y`],
  ['mention + 100 000 « ! »', `<at>Guichet</at> x${'!'.repeat(N)}y`],
  ['100 000 « ? » alone', '?'.repeat(N)],
];

interface Sample {
  blockMs: number;
  hostileMs: number;
  ordinaryMs: number;
}

async function timed(server: RunningTestApp, token: string, user: TestUser, text: string): Promise<number> {
  const started = performance.now();
  const response = await server.post(messageActivity(user, text), token);
  if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${text.slice(0, 30)}…`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-bench-hostile-'));
  const mongod = await startEmbeddedMongod({ dbPath: path.join(dir, 'db') });
  const client = await new MongoClient(mongod.uri).connect();
  const issuer = createTestIssuer();
  fakeMicrosoftCloud(issuer);
  const server = await startAuthenticatedApp(client.db('guichet_bench_hostile'));
  try {
    const token = issuer.sign();
    const someone = (): TestUser => ({ aadObjectId: randomUUID(), name: 'Hugo Hostile', locale: 'fr-FR' });
    // warm-up: the first turns compile the paths and open Mongo connections
    for (let i = 0; i < 5; i += 1) await timed(server, token, someone(), 'Mon écran reste noir depuis ce matin');
    const alone: number[] = [];
    for (let i = 0; i < 5; i += 1) alone.push(await timed(server, token, JORDAN, 'help'));

    const results: [string, Sample][] = [];
    for (const [name, text] of SHAPES) {
      const worst: Sample = { blockMs: 0, hostileMs: 0, ordinaryMs: 0 };
      for (let i = 0; i < REPEAT; i += 1) {
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        const [hostileMs, ordinaryMs] = await Promise.all([timed(server, token, someone(), text), timed(server, token, JORDAN, 'help')]);
        delay.disable();
        worst.blockMs = Math.max(worst.blockMs, delay.max / 1e6);
        worst.hostileMs = Math.max(worst.hostileMs, hostileMs);
        worst.ordinaryMs = Math.max(worst.ordinaryMs, ordinaryMs);
      }
      results.push([name, worst]);
    }

    const median = [...alone].sort((a, b) => a - b)[Math.floor(alone.length / 2)];
    const width = Math.max(...SHAPES.map(([name]) => name.length));
    console.log(`\nHostile chat messages  (worst of ${REPEAT}; each sent with another user's « help »)`);
    console.log(`  « help » alone         ${median.toFixed(1)} ms (median of ${alone.length})`);
    console.log(`  ${'message'.padEnd(width)}  loop blocked   its answer   « help » beside it`);
    for (const [name, sample] of results) {
      console.log(
        `  ${name.padEnd(width)}  ${sample.blockMs.toFixed(1).padStart(8)} ms  ${sample.hostileMs.toFixed(1).padStart(8)} ms  ${sample.ordinaryMs.toFixed(1).padStart(8)} ms`,
      );
    }
    const worstBlock = Math.max(...results.map(([, sample]) => sample.blockMs));
    const worstHeld = Math.max(...results.map(([, sample]) => sample.ordinaryMs)) - median;
    console.log(`  worst event-loop block ${worstBlock.toFixed(1)} ms  ${worstBlock < 100 ? '(under 100 ms)' : '(OVER 100 ms)'}`);
    console.log(`  « help » held up by    ${Math.max(0, worstHeld).toFixed(1)} ms at worst  ${worstHeld < 50 ? '(under 50 ms)' : '(OVER 50 ms)'}`);
  } finally {
    await server.stop();
    restoreNetwork();
    await client.close();
    await mongod.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
