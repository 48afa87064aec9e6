import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongod, type EmbeddedMongod } from '../../src/infra/mongo/embedded-mongod.js';
import { useTestDatabase } from '../support/mongo.js';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function withClient<T>(uri: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

describe('embedded mongod (shared instance from global setup)', () => {
  const db = useTestDatabase();

  it('commits a transaction and supports retryable writes', async () => {
    const tickets = db().collection<{ _id: string; n: number }>('tickets');
    const counters = db().collection<{ _id: string; seq: number }>('counters');
    // 4.0 cannot create a collection inside a transaction.
    await db().createCollection('tickets').catch(() => undefined);
    await counters.insertOne({ _id: 'ticket', seq: 0 });

    await db.client().withSession((session) =>
      session.withTransaction(async () => {
        const c = await counters.findOneAndUpdate({ _id: 'ticket' }, { $inc: { seq: 1 } }, { session, returnDocument: 'after' });
        await tickets.insertOne({ _id: 'T-1', n: c!.seq }, { session });
      }),
    );
    expect(await tickets.findOne({ _id: 'T-1' })).toEqual({ _id: 'T-1', n: 1 });

    // An aborted transaction leaves nothing behind.
    await expect(
      db.client().withSession((session) =>
        session.withTransaction(async () => {
          await tickets.insertOne({ _id: 'T-2', n: 2 }, { session });
          throw new Error('rollback');
        }),
      ),
    ).rejects.toThrow('rollback');
    expect(await tickets.countDocuments()).toBe(1);
  });
});

describe('embedded mongod lifecycle', () => {
  let dbPath: string;
  const started: EmbeddedMongod[] = [];
  const start = async (port?: number): Promise<EmbeddedMongod> => {
    const m = await startEmbeddedMongod({ dbPath, port });
    started.push(m);
    return m;
  };

  beforeAll(async () => {
    dbPath = await mkdtemp(path.join(os.tmpdir(), 'guichet-mongod-test-'));
  });
  afterAll(async () => {
    await Promise.all(started.map((m) => m.stop()));
    await rm(dbPath, { recursive: true, force: true });
  });

  it('keeps data across a restart on the same dbPath, reuses the port, and stops idempotently', async () => {
    const first = await start();
    expect(first.uri).toBe(`mongodb://127.0.0.1:${first.port}/?directConnection=true&replicaSet=rs0`);
    expect(JSON.parse(await readFile(path.join(dbPath, 'guichet-port.json'), 'utf8'))).toEqual({ port: first.port });
    await withClient(first.uri, (c) => c.db('app').collection('docs').insertOne({ _id: 'a' as never, v: 1 }));

    // A second mongod on a running dbPath is refused with an explicit message.
    await expect(startEmbeddedMongod({ dbPath })).rejects.toThrow(/in use/);

    await Promise.all([first.stop(), first.stop()]);
    await first.stop();
    expect(await portIsFree(first.port)).toBe(true);

    const second = await start();
    expect(second.port).toBe(first.port);
    await withClient(second.uri, async (c) => {
      const docs = c.db('app').collection('docs');
      expect(await docs.findOne({ _id: 'a' as never })).toEqual({ _id: 'a', v: 1 });
      await docs.insertOne({ _id: 'b' as never, v: 2 });
      expect(await docs.countDocuments()).toBe(2);
    });
    await second.stop();
    expect(await portIsFree(second.port)).toBe(true);
  });
});

describe('a mongod left behind by a start killed with SIGKILL', () => {
  const MODULE = fileURLToPath(new URL('../../src/infra/mongo/embedded-mongod.ts', import.meta.url));
  const folders: string[] = [];
  const children: ChildProcess[] = [];

  /** A process of its own starts the embedded mongod on `dbPath`, says its port, and waits. */
  async function startInChild(dbPath: string): Promise<{ child: ChildProcess; port: number }> {
    const script = `const { startEmbeddedMongod } = await import(${JSON.stringify(MODULE)});
      const m = await startEmbeddedMongod({ dbPath: ${JSON.stringify(dbPath)} });
      console.log(JSON.stringify({ port: m.port }));
      setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`the starter exited (${code}) before its mongod was up`)));
    });
    return { child, port: (JSON.parse(line) as { port: number }).port };
  }

  const killed = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

  const lockPid = async (dbPath: string) => Number((await readFile(path.join(dbPath, 'mongod.lock'), 'utf8')).trim());

  /** running, and not a zombie waiting to be reaped */
  async function running(pid: number): Promise<boolean> {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }

  const uriOf = (port: number) => `mongodb://127.0.0.1:${port}/?directConnection=true`;

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // whatever a failed assertion left running: the mongods these tests spawned, by their pid
    for (const folder of folders) {
      const pid = await lockPid(folder).catch(() => 0);
      if (pid > 0 && (await running(pid))) process.kill(pid, 'SIGKILL');
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('the next start on the same folder stops it and starts, data kept; a mongod of another folder is left alone', async () => {
    const mine = await mkdtemp(path.join(os.tmpdir(), 'guichet-orphan-mine-'));
    const other = await mkdtemp(path.join(os.tmpdir(), 'guichet-orphan-other-'));
    folders.push(mine, other);
    const [first, neighbour] = await Promise.all([startInChild(mine), startInChild(other)]);
    await withClient(uriOf(first.port), (c) => c.db('app').collection('docs').insertOne({ _id: 'before' as never, v: 1 }));

    // its starter still runs: the folder is in use, and nothing is stopped
    await expect(startEmbeddedMongod({ dbPath: mine, log: () => undefined })).rejects.toThrow(/in use/);

    await Promise.all([killed(first.child), killed(neighbour.child)]);
    const orphan = await lockPid(mine);
    const neighbourMongod = await lockPid(other);
    expect(await running(orphan)).toBe(true);
    expect(await running(neighbourMongod)).toBe(true);

    const said: string[] = [];
    const restarted = await startEmbeddedMongod({ dbPath: mine, log: (line) => said.push(line) });
    try {
      expect(said).toEqual([`[guichet] mongod pid ${orphan} was left running on ${mine} by a process that died (pid ${first.child.pid}): stopping it`]);
      expect(await running(orphan)).toBe(false);
      expect(restarted.port).toBe(first.port);
      await withClient(restarted.uri, async (c) => expect(await c.db('app').collection('docs').findOne({ _id: 'before' as never })).toEqual({ _id: 'before', v: 1 }));
      // the other folder's mongod still serves
      expect(await running(neighbourMongod)).toBe(true);
      await withClient(uriOf(neighbour.port), async (c) => expect((await c.db('admin').command({ ping: 1 })).ok).toBe(1));
    } finally {
      await restarted.stop();
    }

    // and that one, left by a starter killed the same way, is stopped by the next start on its own folder
    const again = await startEmbeddedMongod({ dbPath: other, log: () => undefined });
    expect(await running(neighbourMongod)).toBe(false);
    await again.stop();
  }, 90_000);
});
