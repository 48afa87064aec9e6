/**
 * `npm run bench`: tickets created per second through POST /api/messages (signed JWT,
 * `adaptiveCard/action` invoke `ticket.create`, Mongo write), compared with raw `insertOne`
 * throughput against the same mongod in the same run. Prints figures; it is not a test.
 *
 * Environment:
 *   BENCH_TICKETS       measured invokes (default 8000); each raw round inserts for as long as the
 *                       ticket round before it (at least as many documents)
 *   BENCH_WARMUP        warm-up invokes and inserts before measuring (default 3000: after 1000, the
 *                       first measured round was still ~20 % slower than the next ones)
 *   BENCH_ROUNDS        the measured work is split in rounds, each one tickets then raw inserts
 *                       (default 4): both sides see the same machine, even when its speed drifts
 *                       (on a shared VM it does, by ±40 % between minutes)
 *   BENCH_CONCURRENCY   requests in flight (default 16), for both sides
 *   BENCH_BREAKDOWN=1   instrument the server (library prototypes) and print time per stage
 *   BENCH_CPU_PROF=1    run the server with --cpu-prof and summarise where its CPU went
 *   BENCH_SERVER_FLAGS  extra Node flags for the server process (e.g. "--max-semi-space-size=32")
 *
 * Layout: this process starts mongod and generates the load; the server runs in a child
 * process (bench/server.ts) so nock's interception and the client's own work stay out of the
 * server's event loop. Everything is torn down in `finally`, and on SIGINT/SIGTERM.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Document } from 'mongodb';
import nock from 'nock';
import { startEmbeddedMongod, type EmbeddedMongod } from '../src/infra/mongo/embedded-mongod.js';
import { CAMILLE, JORDAN, cardActionActivity } from '../test/support/activities.js';
import { summarizeProfile, type ProfileSummary } from './cpuprofile.js';
import type { StageStats } from './breakdown.js';
import type { ReadyMessage } from './server.js';
import { intEnv } from './bench-support.js';

// test/support/activities.ts pulls in nock, and importing nock turns on its http interception
// (@mswjs/interceptors) process-wide: it doubled the load generator's CPU per request. The load
// generator talks to the real server, so interception is switched off here (the server child has its own).
nock.restore();

const TARGET_RATIO = 0.25;

/**
 * The server runs with production's Node flags, read from `npm run start:prod` (e.g. a
 * larger young generation: the server allocates fast, and scavenges were 10 % of its CPU).
 */
async function productionNodeFlags(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(BENCH_DIR, '..', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.['start:prod'] ?? '').split(/\s+/);
  if (words[0] !== 'node') return [];
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}
const DB_NAME = 'guichet_bench';
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

const SERVER_FLAGS = await productionNodeFlags();
const N = intEnv('BENCH_TICKETS', 8000, 1);
const WARMUP = intEnv('BENCH_WARMUP', 3000, 0);
const ROUNDS = Math.min(intEnv('BENCH_ROUNDS', 4, 1), N);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16, 1);
const BREAKDOWN = process.env.BENCH_BREAKDOWN === '1';
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';

// ---------------------------------------------------------------------------------------------
// load generation

interface LoadResult {
  count: number;
  wallMs: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** throughput of each measured round (tickets and raw inserts alternate by round) */
  perSecondByRound: number[];
  failures: number;
  failureSamples: string[];
  /** every call's latency, for merging rounds (left out of results.json) */
  latencies: Float64Array;
}

function latencySummary(latencies: Float64Array): LoadResult['latencyMs'] {
  const sorted = Float64Array.from(latencies).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted[sorted.length - 1], mean };
}

/**
 * Runs `count` calls of `one(i)` with `concurrency` in flight — and more if `minDurationMs`
 * has not passed yet (the raw side is given as much time as the ticket round it follows:
 * a 0.5 s burst of inserts is at the mercy of one journal flush). A throw counts as a failure.
 */
async function runLoad(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<void>,
  minDurationMs = 0,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + minDurationMs;
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (next >= count && t0 >= deadline) return;
      const i = next++;
      try {
        await one(i);
      } catch (error) {
        failures += 1;
        if (failureSamples.length < 5) failureSamples.push(`#${i}: ${(error as Error).message}`.slice(0, 300));
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - start;
  const done = latencies.length;
  const perSecond = (done * 1000) / wallMs;
  const all = Float64Array.from(latencies);
  return {
    count: done,
    wallMs,
    perSecond,
    latencyMs: latencySummary(all),
    perSecondByRound: [perSecond],
    failures,
    failureSamples,
    latencies: all,
  };
}

function withoutLatencies({ latencies: _, ...rest }: LoadResult): Omit<LoadResult, 'latencies'> {
  return rest;
}

/** The rounds of one side as one run: total count over total wall time. */
function mergeLoads(rounds: readonly LoadResult[]): LoadResult {
  const count = rounds.reduce((a, r) => a + r.count, 0);
  const wallMs = rounds.reduce((a, r) => a + r.wallMs, 0);
  const latencies = new Float64Array(count);
  let offset = 0;
  for (const r of rounds) {
    latencies.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  return {
    count,
    wallMs,
    perSecond: (count * 1000) / wallMs,
    latencyMs: latencySummary(latencies),
    perSecondByRound: rounds.map((r) => r.perSecond),
    failures: rounds.reduce((a, r) => a + r.failures, 0),
    failureSamples: rounds.flatMap((r) => r.failureSamples).slice(0, 5),
    latencies,
  };
}

/** CPU per unit over all rounds of one side (weighted by the units of each round). */
function mergeCpu(usages: readonly CpuUsage[], rounds: readonly LoadResult[]): CpuUsage | undefined {
  if (usages.length !== rounds.length || usages.length === 0) return undefined;
  const units = rounds.reduce((a, r) => a + r.count, 0);
  const msPerUnit: Record<string, number> = {};
  const sysMsPerUnit: Record<string, number> = {};
  usages.forEach((u, i) => {
    for (const [k, v] of Object.entries(u.msPerUnit)) msPerUnit[k] = (msPerUnit[k] ?? 0) + (v * rounds[i].count) / units;
    for (const [k, v] of Object.entries(u.sysMsPerUnit)) sysMsPerUnit[k] = (sysMsPerUnit[k] ?? 0) + (v * rounds[i].count) / units;
  });
  return { msPerUnit, sysMsPerUnit, othersPct: Math.max(...usages.map((u) => u.othersPct)) };
}

function post(agent: http.Agent, url: URL, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/api/messages',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const NUMBER_IN_CARD = /"text":"#(\d+)"/;

/** The invoke response must be the ticket card, showing the new ticket's number. */
function ticketNumberOf(status: number, text: string): number {
  if (status !== 200) throw new Error(`HTTP ${status}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { statusCode?: number; type?: string; value?: unknown };
  if (body.statusCode !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
    throw new Error(`not a card response: ${text.slice(0, 200)}`);
  }
  const match = NUMBER_IN_CARD.exec(JSON.stringify(body.value));
  if (!match) throw new Error(`no ticket number in card: ${JSON.stringify(body.value).slice(0, 200)}`);
  return Number(match[1]);
}

function createInvokeBody(i: number): string {
  const user = i % 2 === 0 ? CAMILLE : JORDAN;
  // as Teams sends it: the click comes from the form card (replyToId), which becomes the
  // ticket card and is recorded as a copy to keep up to date
  return JSON.stringify({
    ...cardActionActivity(user, 'ticket.create', {
      draftId: randomUUID(),
      type: 'incident',
      title: `Imprimante du 2e étage hors service (${i})`,
      description:
        "L'imprimante du 2e étage affiche « Erreur 49.4C02 » et n'imprime plus rien depuis ce matin. " +
        'Redémarrée deux fois, même message. Toute l’équipe comptabilité est concernée.',
      category: 'printing.printer',
      urgency: '3',
      impact: '3',
      location: '',
    }),
    replyToId: `1:form-${randomUUID()}`,
  });
}

// ---------------------------------------------------------------------------------------------
// server child process

interface ServerChild {
  readonly child: ChildProcess;
  readonly ready: ReadyMessage;
  request<T>(type: string): Promise<T>;
  stop(): Promise<void>;
}

async function startServerChild(mongoUri: string, profileDir: string | undefined): Promise<ServerChild> {
  const execArgv = [...process.execArgv, ...SERVER_FLAGS, ...(process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)];
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const child = fork(path.join(BENCH_DIR, 'server.ts'), [], {
    execArgv,
    env: {
      ...process.env,
      BENCH_MONGODB_URI: mongoUri,
      BENCH_MONGODB_DB: DB_NAME,
      BENCH_BREAKDOWN: BREAKDOWN ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // Whatever the server logs (turn errors…) is shown, prefixed, and counted.
  const relay = (stream: NodeJS.ReadableStream | null) =>
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      serverLogLines += chunk.split('\n').filter(Boolean).length;
      if (serverLogLines <= 40) process.stderr.write(chunk.replace(/^(?=.)/gm, '  [server] '));
    });
  relay(child.stdout);
  relay(child.stderr);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server child did not become ready in 60 s')), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server child exited before ready (code ${code})`));
    });
    child.on('message', (m: { type?: string }) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m as ReadyMessage);
      }
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    child,
    ready,
    request<T>(type: string) {
      return new Promise<T>((resolve) => {
        const onMessage = (m: { type?: string }) => {
          if (m?.type !== type) return;
          child.off('message', onMessage);
          resolve(m as T);
        };
        child.on('message', onMessage);
        child.send({ type });
      });
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (child.connected) child.send({ type: 'stop' });
        const timer = setTimeout(() => {
          console.error('[bench] server child did not stop within 15 s: killing it (no CPU profile then)');
          child.kill('SIGKILL');
        }, 15_000);
        await exited;
        clearTimeout(timer);
        if (child.exitCode !== 0) console.error(`[bench] server child exited with ${child.exitCode ?? child.signalCode}`);
      })();
      return stopping;
    },
  };
}

let serverLogLines = 0;
/** set on SIGINT/SIGTERM: the measuring code then fails against torn-down resources, which is expected */
let interrupted = false;

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; absent elsewhere): who used the CPUs during a phase

const CLK_TCK = 100; // USER_HZ, 100 on every mainstream Linux

interface CpuSnapshot {
  machineBusy: number;
  machineTotal: number;
  perPid: Record<string, number>;
  /** stime alone: time in the kernel (syscalls: socket reads and writes…) */
  sysPerPid: Record<string, number>;
}

async function cpuSnapshot(pids: Record<string, number | undefined>): Promise<CpuSnapshot | undefined> {
  try {
    const fields = (await readFile('/proc/stat', 'utf8')).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal
    const idle = fields[3] + fields[4];
    const perPid: Record<string, number> = {};
    const sysPerPid: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids)) {
      if (!pid) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined); // gone: stopped
      if (!stat) continue;
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      perPid[name] = Number(after[11]) + Number(after[12]); // utime + stime (fields 14, 15)
      sysPerPid[name] = Number(after[12]);
    }
    return { machineBusy: total - idle, machineTotal: total, perPid, sysPerPid };
  } catch {
    return undefined;
  }
}

interface CpuUsage {
  /** CPU ms per unit of work, by process */
  msPerUnit: Record<string, number>;
  /** of which in the kernel */
  sysMsPerUnit: Record<string, number>;
  /** share of the machine's capacity used by processes other than the bench's own */
  othersPct: number;
}

function cpuUsage(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, units: number): CpuUsage | undefined {
  if (!before || !after) return undefined;
  const msPerUnit: Record<string, number> = {};
  const sysMsPerUnit: Record<string, number> = {};
  let ours = 0;
  for (const name of Object.keys(after.perPid)) {
    const ticks = after.perPid[name] - (before.perPid[name] ?? 0);
    ours += ticks;
    msPerUnit[name] = ((ticks * 1000) / CLK_TCK) / units;
    sysMsPerUnit[name] = (((after.sysPerPid[name] - (before.sysPerPid[name] ?? 0)) * 1000) / CLK_TCK) / units;
  }
  const busy = after.machineBusy - before.machineBusy;
  const total = after.machineTotal - before.machineTotal;
  return { msPerUnit, sysMsPerUnit, othersPct: total > 0 ? Math.max(0, (100 * (busy - ours)) / total) : 0 };
}

async function mongodPid(dbPath: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(dbPath, 'mongod.lock'), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// reporting

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => (k === '' ? '' : `  ${k.padEnd(width)}  ${v}`)).join('\n');
}

function cpuRows(usage: CpuUsage | undefined, unit: string): [string, string][] {
  if (!usage) return [];
  return [
    [`CPU ms/${unit}`, Object.entries(usage.msPerUnit).map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', ')],
    ['  of which kernel', Object.entries(usage.sysMsPerUnit).map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', ')],
    ['other processes', `${fmt(usage.othersPct, 0)} % of the machine`],
  ];
}

function opDelta(before: Document, after: Document): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of ['insert', 'query', 'update', 'delete', 'getmore', 'command']) {
    out[key] = Number(after.opcounters[key]) - Number(before.opcounters[key]);
  }
  // which commands (findAndModify, insert batches, isMaster…): command counters, not documents
  for (const [name, stats] of Object.entries(after.metrics?.commands ?? {})) {
    const total = Number((stats as { total?: unknown }).total ?? 0);
    const was = Number((before.metrics?.commands?.[name] as { total?: unknown } | undefined)?.total ?? 0);
    if (Number.isFinite(total) && total - was > 0) out[`cmd ${name}`] = total - was;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      await step().catch((error: unknown) => console.error('[bench] cleanup step failed:', error));
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[bench] ${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const started = performance.now();
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'guichet-bench-'));
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));

    console.log(`Guichet bench: ${N} tickets, then raw inserts for as long (+${WARMUP} warm-up each), in ${ROUNDS} alternating rounds, at concurrency ${CONCURRENCY}`);
    const mongod: EmbeddedMongod = await startEmbeddedMongod({ dbPath: path.join(tmp, 'db'), port: 0 });
    cleanups.push(() => mongod.stop());

    const client = new MongoClient(mongod.uri, { maxPoolSize: Math.max(CONCURRENCY, 10) });
    await client.connect();
    cleanups.push(() => client.close());
    const db = client.db(DB_NAME);
    const admin = client.db('admin');
    const { version: mongodVersion } = await admin.command({ buildInfo: 1 });

    const profileDir = CPU_PROF ? path.join(BENCH_DIR, 'profiles', new Date().toISOString().replace(/[:.]/g, '-')) : undefined;
    if (profileDir) await mkdir(profileDir, { recursive: true });
    const server = await startServerChild(mongod.uri, profileDir);
    cleanups.push(() => server.stop());
    const url = new URL(server.ready.url);
    const tokens = server.ready.tokens;

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    cleanups.push(async () => agent.destroy());

    // --- warm-up: tickets, then raw inserts (built from a stored ticket) -------------------------
    const numbers: number[] = [];
    const invoke = (bodies: string[]) => async (i: number) => {
      const { status, text } = await post(agent, url, tokens[i % tokens.length], bodies[i]);
      numbers.push(ticketNumberOf(status, text));
    };
    const warmupBodies = Array.from({ length: Math.max(WARMUP, 1) }, (_, i) => createInvokeBody(-1 - i));
    const warmup = await runLoad(Math.max(WARMUP, 1), CONCURRENCY, invoke(warmupBodies));
    if (warmup.failures > 0) {
      throw new Error(`warm-up failed ${warmup.failures}/${warmup.count}: ${warmup.failureSamples.join(' | ')}`);
    }
    const sample = await db.collection('tickets').findOne({}, { sort: { number: -1 } });
    if (!sample) throw new Error('no ticket stored: cannot build baseline documents');
    const { _id: sampleId, ...template } = sample;
    // a copy of a stored ticket with its own id and number (nested values shared: nothing changes them)
    let rawNumber = 0;
    const rawDoc = (): Document => {
      rawNumber += 1;
      return {
        ...template,
        ...(typeof sampleId === 'string' ? { _id: randomUUID() } : {}),
        number: rawNumber,
        title: `${String(template.title)} [raw ${rawNumber}]`,
        createdAt: new Date(),
        updatedAt: new Date(),
      };
    };
    const raw = db.collection('bench_raw_inserts');
    const insertRaw = async () => {
      await raw.insertOne(rawDoc());
    };
    const rawWarmup = await runLoad(warmup.count, CONCURRENCY, insertRaw);

    // --- measured rounds: tickets then raw inserts, ROUNDS times ----------------------------------
    const bodies = Array.from({ length: N }, (_, i) => createInvokeBody(i));
    if (BREAKDOWN) await server.request('reset');
    const pids = { server: server.child.pid, mongod: await mongodPid(mongod.dbPath), 'bench client': process.pid };
    const ticketRounds: LoadResult[] = [];
    const rawRounds: LoadResult[] = [];
    const ticketCpu: CpuUsage[] = [];
    const rawCpuRounds: CpuUsage[] = [];
    const ops: Record<string, number> = {};
    const windowStart = process.hrtime.bigint();
    for (let round = 0; round < ROUNDS; round++) {
      const from = Math.floor((round * N) / ROUNDS);
      const count = Math.floor(((round + 1) * N) / ROUNDS) - from;

      const opsBefore = await admin.command({ serverStatus: 1 });
      let before = await cpuSnapshot(pids);
      const tickets = await runLoad(count, CONCURRENCY, (i) => invoke(bodies)(from + i));
      let usage = cpuUsage(before, await cpuSnapshot(pids), count);
      const opsAfter = await admin.command({ serverStatus: 1 });
      for (const [k, v] of Object.entries(opDelta(opsBefore, opsAfter))) ops[k] = (ops[k] ?? 0) + v;
      ticketRounds.push(tickets);
      if (usage) ticketCpu.push(usage);

      before = await cpuSnapshot(pids);
      const inserts = await runLoad(count, CONCURRENCY, insertRaw, tickets.wallMs);
      usage = cpuUsage(before, await cpuSnapshot(pids), inserts.count);
      rawRounds.push(inserts);
      if (usage) rawCpuRounds.push(usage);
    }
    const windowEnd = process.hrtime.bigint();
    const stats = await server.request<{ eventsLogged: number; breakdown: Record<string, StageStats> | null }>('stats');
    const http1 = mergeLoads(ticketRounds);
    const baseline = mergeLoads(rawRounds);
    const httpCpu = mergeCpu(ticketCpu, ticketRounds);
    const rawCpu = mergeCpu(rawCpuRounds, rawRounds);

    const storedTickets = await db.collection('tickets').countDocuments();
    const expectedTickets = warmup.count - warmup.failures + N - http1.failures;
    const uniqueNumbers = new Set(numbers).size;

    // --- server teardown (this also writes the CPU profile) ---------------------------------------
    agent.destroy();
    await server.stop();
    let profile: ProfileSummary | undefined;
    if (profileDir) {
      // The main thread's profile is the big one (Node 20 also profiles the loader-hooks thread).
      const files = await Promise.all(
        (await readdir(profileDir))
          .filter((f) => f.endsWith('.cpuprofile'))
          .map(async (f) => ({ file: path.join(profileDir, f), size: (await stat(path.join(profileDir, f))).size })),
      );
      const main = files.sort((a, b) => b.size - a.size)[0];
      // the window spans the raw rounds too, where the server is idle: busy time is the tickets'
      if (main) profile = await summarizeProfile(main.file, [windowStart, windowEnd]);
    }
    const rawCount = await raw.countDocuments();
    const docBytes = Buffer.byteLength(JSON.stringify(template));
    const roundRatios = ticketRounds.map((t, i) => t.perSecond / rawRounds[i].perSecond);

    // --- report ----------------------------------------------------------------------------------
    const ratio = http1.perSecond / baseline.perSecond;
    // Same ratio from CPU cost (all three processes) instead of wall time: far less sensitive to
    // other processes stealing the CPUs, which on a small machine swings the wall-time ratio.
    // the server is idle during the raw rounds (its few timer ticks are shown, not counted)
    const cpuTotal = (u: CpuUsage | undefined, exclude?: string) =>
      u ? Object.entries(u.msPerUnit).reduce((a, [k, v]) => (k === exclude ? a : a + v), 0) : NaN;
    const cpuRatio = cpuTotal(rawCpu, 'server') / cpuTotal(httpCpu);
    const verdict = ratio >= TARGET_RATIO ? 'PASS' : 'BELOW TARGET';
    const rawExpected = rawWarmup.count - rawWarmup.failures + baseline.count - baseline.failures;
    const countOk = storedTickets === warmup.count + N && rawCount === rawExpected;
    const cpus = os.cpus();
    const machine = {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      mongod: String(mongodVersion),
    };

    console.log('');
    console.log('Machine');
    console.log(
      table([
        ['node', machine.node],
        ['platform', machine.platform],
        ['cpus', `${machine.cpus} × ${machine.cpuModel}`],
        ['memory', `${machine.memoryGiB} GiB`],
        ['mongod', `${machine.mongod} (single-node replica set, same host)`],
        ['server flags', SERVER_FLAGS.join(' ') || '(none)'],
      ]),
    );
    console.log('');
    console.log(`Tickets via POST /api/messages  (signed JWT, adaptiveCard/action ticket.create, ${N} requests, ${CONCURRENCY} in flight)`);
    console.log(
      table([
        ['tickets/s', fmt(http1.perSecond)],
        ['tickets/s by round', http1.perSecondByRound.map((r) => fmt(r, 0)).join(' → ')],
        ['wall time', `${fmt(http1.wallMs / 1000, 2)} s`],
        ['latency p50', `${fmt(http1.latencyMs.p50, 2)} ms`],
        ['latency p90', `${fmt(http1.latencyMs.p90, 2)} ms`],
        ['latency p99', `${fmt(http1.latencyMs.p99, 2)} ms`],
        ['latency max', `${fmt(http1.latencyMs.max, 2)} ms`],
        ['failures', `${http1.failures}${http1.failureSamples.length ? `  (${http1.failureSamples.join(' | ')})` : ''}`],
        ['mongo ops/ticket', Object.entries(ops).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${fmt(v / N, 2)}`).join(', ')],
        ...cpuRows(httpCpu, 'ticket'),
      ]),
    );
    console.log('');
    console.log(`Raw insertOne baseline  (${baseline.count} ticket-sized documents, each round as long as the ticket round before it, ~${docBytes} B as JSON, ${CONCURRENCY} in flight, same mongod)`);
    console.log(
      table([
        ['inserts/s', fmt(baseline.perSecond)],
        ['inserts/s by round', baseline.perSecondByRound.map((r) => fmt(r, 0)).join(' → ')],
        ['latency p50', `${fmt(baseline.latencyMs.p50, 2)} ms`],
        ['latency p99', `${fmt(baseline.latencyMs.p99, 2)} ms`],
        ['failures', String(baseline.failures)],
        ...cpuRows(rawCpu, 'insert'),
      ]),
    );
    const othersPct = Math.max(httpCpu?.othersPct ?? 0, rawCpu?.othersPct ?? 0);
    if (othersPct > 10) {
      console.log(`  WARNING: other processes used up to ${fmt(othersPct, 0)} % of the machine during the run: figures are noisy.`);
    }
    console.log('');
    console.log('Result');
    console.log(
      table([
        ['ratio tickets/s ÷ inserts/s', `${fmt(ratio, 3)}  (target ≥ ${TARGET_RATIO})  ${verdict}`],
        ['ratio by round', roundRatios.map((r) => fmt(r, 3)).join(', ')],
        ...(Number.isFinite(cpuRatio)
          ? [['same, from CPU ms per unit', `${fmt(cpuRatio, 3)}  (${fmt(cpuTotal(rawCpu, 'server'), 2)} ms per insert ÷ ${fmt(cpuTotal(httpCpu), 2)} ms per ticket)`] as [string, string]]
          : []),
        ['tickets stored', `${storedTickets} (expected ${warmup.count + N} = ${N} + ${warmup.count} warm-up) ${storedTickets === warmup.count + N ? 'OK' : 'MISMATCH'}`],
        ['distinct ticket numbers', `${uniqueNumbers} of ${numbers.length} responses`],
        ['raw documents stored', `${rawCount} (expected ${rawExpected}) ${rawCount === rawExpected ? 'OK' : 'MISMATCH'}`],
        ['server log lines', String(serverLogLines)],
        ['total run time', `${fmt((performance.now() - started) / 1000, 1)} s`],
      ]),
    );

    const breakdown = stats.breakdown;
    if (breakdown) {
      console.log('');
      console.log('Breakdown (server, BENCH_BREAKDOWN=1): mean time in flight per ticket, queueing included');
      const rows = Object.entries(breakdown)
        .filter(([k]) => !k.includes('createIndexes'))
        .sort((a, b) => b[1].totalMs - a[1].totalMs)
        .map(([k, v]): [string, string] => [k, `${fmt(v.totalMs / N, 2)} ms   (${fmt(v.calls / N, 2)} calls/ticket)`]);
      console.log(table(rows));
    }
    if (profile) {
      console.log('');
      console.log(
        `Server CPU profile (BENCH_CPU_PROF=1, ${profile.windowed ? 'measured window' : 'whole process'}): ` +
          `busy ${fmt(profile.busyUs / 1000, 0)} ms of ${fmt(profile.windowUs / 1000, 0)} ms = ` +
          `${fmt((profile.busyUs / N / 1000), 3)} ms CPU per ticket`,
      );
      console.log('  inclusive, by stage (ms of server CPU per ticket, % of busy time):');
      console.log(table(profile.byStage.map((p): [string, string] => [`  ${p.name}`, `${fmt(p.ms / N, 2)} ms  ${fmt(p.pct)} %`])));
      console.log('  inclusive, by package (a frame of it on the stack):');
      console.log(table(profile.byPackage.map((p): [string, string] => [`  ${p.name}`, `${fmt(p.pct)} %`])));
      console.log('  self, by function:');
      console.log(table(profile.bySelf.map((p): [string, string] => [`  ${p.name}`, `${fmt(p.pct)} %`])));
      console.log(`  profile: ${profileDir}`);
    }

    const results = {
      date: new Date().toISOString(),
      machine,
      config: { tickets: N, warmup: WARMUP, rounds: ROUNDS, concurrency: CONCURRENCY, serverFlags: SERVER_FLAGS },
      http: {
        ...withoutLatencies(http1),
        mongoOpsPerTicket: Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, v / N])),
        cpu: httpCpu,
      },
      insertOne: { ...withoutLatencies(baseline), documentBytesJson: docBytes, cpu: rawCpu },
      ratio,
      ratioByRound: roundRatios,
      ratioFromCpu: Number.isFinite(cpuRatio) ? cpuRatio : null,
      target: TARGET_RATIO,
      verdict,
      checks: { storedTickets, expectedTickets: warmup.count + N, distinctNumbers: uniqueNumbers, rawCount, countOk, serverLogLines, eventsLogged: stats.eventsLogged },
      breakdown,
      cpuProfile: profile ? { ...profile, dir: profileDir } : undefined,
    };
    const resultsFile = path.join(BENCH_DIR, 'results.json');
    await writeFile(resultsFile, JSON.stringify(results, null, 2) + '\n');
    console.log('');
    console.log(`Figures written to ${path.relative(process.cwd(), resultsFile)}`);

    return http1.failures === 0 && baseline.failures === 0 && countOk && expectedTickets === storedTickets ? 0 : 1;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (interrupted) return;
    console.error('[bench] failed:', error);
    process.exitCode = 1;
  },
);
