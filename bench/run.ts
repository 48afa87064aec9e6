/**
 * `npm run bench`: tickets created per second through POST /api/messages (signed JWT,
 * `adaptiveCard/action` invoke `ticket.create`, Mongo write), compared with raw `insertOne`
 * throughput against the same mongod in the same run. Prints figures; it is not a test.
 *
 * Environment:
 *   BENCH_TICKETS       measured invokes (default 2000); the raw baseline inserts as many documents
 *   BENCH_WARMUP        warm-up invokes / inserts before each measured phase (default 200: the JIT
 *                       and the driver's pool are still warming up after 50)
 *   BENCH_CONCURRENCY   requests in flight (default 16), for both phases
 *   BENCH_BREAKDOWN=1   instrument the server (library prototypes) and print time per stage
 *   BENCH_CPU_PROF=1    run the server with --cpu-prof and summarise where its CPU went
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

// test/support/activities.ts pulls in nock, and importing nock turns on its http interception
// (@mswjs/interceptors) process-wide: it doubled the load generator's CPU per request. The load
// generator talks to the real server, so interception is switched off here (the server child has its own).
nock.restore();

const TARGET_RATIO = 0.25;
const DB_NAME = 'guichet_bench';
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min} (got ${raw})`);
  return value;
}

const N = intEnv('BENCH_TICKETS', 2000, 1);
const WARMUP = intEnv('BENCH_WARMUP', 200, 0);
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
  /** throughput over each quarter of the run (by completion order): shows drift as data grows */
  perSecondByQuarter: number[];
  failures: number;
  failureSamples: string[];
}

/** Runs `count` calls of `one(i)` with `concurrency` in flight; a throw counts as a failure. */
async function runLoad(count: number, concurrency: number, one: (i: number) => Promise<void>): Promise<LoadResult> {
  const latencies = new Float64Array(count);
  const ends = new Float64Array(count);
  const failureSamples: string[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      try {
        await one(i);
      } catch (error) {
        failures += 1;
        if (failureSamples.length < 5) failureSamples.push(`#${i}: ${(error as Error).message}`.slice(0, 300));
      }
      ends[i] = performance.now();
      latencies[i] = ends[i] - t0;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - start;
  const sorted = Float64Array.from(latencies).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const sortedEnds = Float64Array.from(ends).sort();
  const perSecondByQuarter: number[] = [];
  for (let k = 0, from = start; k < 4; k++) {
    const lo = Math.floor((k * count) / 4);
    const hi = Math.floor(((k + 1) * count) / 4);
    if (hi <= lo) continue;
    const to = sortedEnds[hi - 1];
    perSecondByQuarter.push(((hi - lo) * 1000) / Math.max(to - from, 1e-3));
    from = to;
  }
  return {
    count,
    wallMs,
    perSecond: (count * 1000) / wallMs,
    latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted[sorted.length - 1], mean },
    perSecondByQuarter,
    failures,
    failureSamples,
  };
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
  return JSON.stringify(
    cardActionActivity(user, 'ticket.create', {
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
  );
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
  const execArgv = [...process.execArgv];
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
}

async function cpuSnapshot(pids: Record<string, number | undefined>): Promise<CpuSnapshot | undefined> {
  try {
    const fields = (await readFile('/proc/stat', 'utf8')).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal
    const idle = fields[3] + fields[4];
    const perPid: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids)) {
      if (!pid) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined); // gone: stopped
      if (!stat) continue;
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      perPid[name] = Number(after[11]) + Number(after[12]); // utime + stime (fields 14, 15)
    }
    return { machineBusy: total - idle, machineTotal: total, perPid };
  } catch {
    return undefined;
  }
}

interface CpuUsage {
  /** CPU ms per unit of work, by process */
  msPerUnit: Record<string, number>;
  /** share of the machine's capacity used by processes other than the bench's own */
  othersPct: number;
}

function cpuUsage(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, units: number): CpuUsage | undefined {
  if (!before || !after) return undefined;
  const msPerUnit: Record<string, number> = {};
  let ours = 0;
  for (const name of Object.keys(after.perPid)) {
    const ticks = after.perPid[name] - (before.perPid[name] ?? 0);
    ours += ticks;
    msPerUnit[name] = ((ticks * 1000) / CLK_TCK) / units;
  }
  const busy = after.machineBusy - before.machineBusy;
  const total = after.machineTotal - before.machineTotal;
  return { msPerUnit, othersPct: total > 0 ? Math.max(0, (100 * (busy - ours)) / total) : 0 };
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
    ['other processes', `${fmt(usage.othersPct, 0)} % of the machine`],
  ];
}

function opDelta(before: Document, after: Document): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of ['insert', 'query', 'update', 'delete', 'getmore', 'command']) {
    out[key] = Number(after.opcounters[key]) - Number(before.opcounters[key]);
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

    console.log(`Guichet bench: ${N} tickets (+${WARMUP} warm-up) at concurrency ${CONCURRENCY}`);
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

    // --- phase 1: tickets through /api/messages ---------------------------------------------
    const numbers: number[] = [];
    const invoke = (bodies: string[]) => async (i: number) => {
      const { status, text } = await post(agent, url, tokens[i % tokens.length], bodies[i]);
      numbers.push(ticketNumberOf(status, text));
    };
    const warmupBodies = Array.from({ length: WARMUP }, (_, i) => createInvokeBody(-1 - i));
    const warmup = await runLoad(WARMUP, CONCURRENCY, invoke(warmupBodies));
    if (warmup.failures > 0) {
      throw new Error(`warm-up failed ${warmup.failures}/${WARMUP}: ${warmup.failureSamples.join(' | ')}`);
    }
    const bodies = Array.from({ length: N }, (_, i) => createInvokeBody(i));
    if (BREAKDOWN) await server.request('reset');
    const pids = { server: server.child.pid, mongod: await mongodPid(mongod.dbPath), 'bench client': process.pid };
    const opsBefore = await admin.command({ serverStatus: 1 });
    const cpuBefore = await cpuSnapshot(pids);
    const windowStart = process.hrtime.bigint();
    const http1 = await runLoad(N, CONCURRENCY, invoke(bodies));
    const windowEnd = process.hrtime.bigint();
    const httpCpu = cpuUsage(cpuBefore, await cpuSnapshot(pids), N);
    const opsAfter = await admin.command({ serverStatus: 1 });
    const stats = await server.request<{ eventsLogged: number; breakdown: Record<string, StageStats> | null }>('stats');

    const storedTickets = await db.collection('tickets').countDocuments();
    const expectedTickets = WARMUP - warmup.failures + N - http1.failures;
    const uniqueNumbers = new Set(numbers).size;
    const ops = opDelta(opsBefore, opsAfter);

    // --- server teardown before the baseline: whatever the app does in the background (outbox
    // dispatching…) must not compete with the raw inserts; this also writes the CPU profile --------
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
      if (main) profile = await summarizeProfile(main.file, [windowStart, windowEnd]);
    }

    // --- phase 2: raw insertOne baseline, same mongod, same concurrency --------------------------
    const sample = await db.collection('tickets').findOne({}, { sort: { number: -1 } });
    if (!sample) throw new Error('no ticket stored: cannot build baseline documents');
    const { _id: sampleId, ...template } = sample;
    const rawDocs = (count: number, offset: number): Document[] =>
      Array.from({ length: count }, (_, i) => ({
        ...structuredClone(template),
        ...(typeof sampleId === 'string' ? { _id: randomUUID() } : {}),
        number: offset + i + 1,
        title: `${String(template.title)} [raw ${offset + i}]`,
        createdAt: new Date(),
        updatedAt: new Date(),
      }));
    const raw = db.collection('bench_raw_inserts');
    const rawWarmDocs = rawDocs(WARMUP, 0);
    await runLoad(WARMUP, CONCURRENCY, async (i) => {
      await raw.insertOne(rawWarmDocs[i]);
    });
    const docs = rawDocs(N, WARMUP);
    const rawCpuBefore = await cpuSnapshot(pids);
    const baseline = await runLoad(N, CONCURRENCY, async (i) => {
      await raw.insertOne(docs[i]);
    });
    const rawCpu = cpuUsage(rawCpuBefore, await cpuSnapshot(pids), N);
    const rawCount = await raw.countDocuments();
    const docBytes = Buffer.byteLength(JSON.stringify(template));

    // --- report ----------------------------------------------------------------------------------
    const ratio = http1.perSecond / baseline.perSecond;
    // Same ratio from CPU cost (all three processes) instead of wall time: far less sensitive to
    // other processes stealing the CPUs, which on a small machine swings the wall-time ratio.
    const cpuTotal = (u: CpuUsage | undefined) => (u ? Object.values(u.msPerUnit).reduce((a, b) => a + b, 0) : NaN);
    const cpuRatio = cpuTotal(rawCpu) / cpuTotal(httpCpu);
    const verdict = ratio >= TARGET_RATIO ? 'PASS' : 'BELOW TARGET';
    const countOk = storedTickets === WARMUP + N && rawCount === WARMUP + N;
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
      ]),
    );
    console.log('');
    console.log(`Tickets via POST /api/messages  (signed JWT, adaptiveCard/action ticket.create, ${N} requests, ${CONCURRENCY} in flight)`);
    console.log(
      table([
        ['tickets/s', fmt(http1.perSecond)],
        ['tickets/s by quarter', http1.perSecondByQuarter.map((r) => fmt(r, 0)).join(' → ')],
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
    console.log(`Raw insertOne baseline  (${N} ticket-sized documents, ~${docBytes} B as JSON, ${CONCURRENCY} in flight, same mongod)`);
    console.log(
      table([
        ['inserts/s', fmt(baseline.perSecond)],
        ['inserts/s by quarter', baseline.perSecondByQuarter.map((r) => fmt(r, 0)).join(' → ')],
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
        ...(Number.isFinite(cpuRatio)
          ? [['same, from CPU ms per unit', `${fmt(cpuRatio, 3)}  (${fmt(cpuTotal(rawCpu), 2)} ms per insert ÷ ${fmt(cpuTotal(httpCpu), 2)} ms per ticket)`] as [string, string]]
          : []),
        ['tickets stored', `${storedTickets} (expected ${WARMUP + N} = ${N} + ${WARMUP} warm-up) ${storedTickets === WARMUP + N ? 'OK' : 'MISMATCH'}`],
        ['distinct ticket numbers', `${uniqueNumbers} of ${numbers.length} responses`],
        ['raw documents stored', `${rawCount} (expected ${WARMUP + N}) ${rawCount === WARMUP + N ? 'OK' : 'MISMATCH'}`],
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
      config: { tickets: N, warmup: WARMUP, concurrency: CONCURRENCY },
      http: {
        ...http1,
        mongoOpsPerTicket: Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, v / N])),
        cpu: httpCpu,
      },
      insertOne: { ...baseline, documentBytesJson: docBytes, cpu: rawCpu },
      ratio,
      ratioFromCpu: Number.isFinite(cpuRatio) ? cpuRatio : null,
      target: TARGET_RATIO,
      verdict,
      checks: { storedTickets, expectedTickets: WARMUP + N, distinctNumbers: uniqueNumbers, rawCount, countOk, serverLogLines, eventsLogged: stats.eventsLogged },
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
