import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
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
