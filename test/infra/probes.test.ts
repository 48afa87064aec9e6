import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedMongod } from '../../src/infra/mongo/embedded-mongod.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { startAuthenticatedApp, useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
const MINUTE = 60_000;
/** the time the app's clock and probes read; a test moves it instead of waiting */
let now = Date.now();
const env = useAuthenticatedApp(db, issuer, { clockNow: () => new Date(now) });

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

beforeEach(async () => {
  now = Date.now();
  // the clock has just ticked: its lag starts from now
  await env.server.app.clock.tick();
});

describe('/healthz and /readyz (real mongod)', () => {
  it('ready: the database answers, nothing is late → 200', async () => {
    expect(await get(`${env.server.url}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready', failing: [], database: 'up', outboxLagSeconds: 0, clockLagSeconds: 0, maxLagSeconds: 60 },
    });
    expect(await get(`${env.server.url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok', database: 'up' } });
  });

  it('a notification due an hour ago and still not sent → 503 naming the outbox', async () => {
    // due an hour after the real time (the dispatcher, on the real clock, leaves it alone),
    // read two hours later on the app's clock: an hour late
    await db()
      .collection('outbox')
      .insertOne({ _id: 'late-1' as never, tenantId: TEST_TENANT_ID, state: 'pending', attempts: 0, nextAttemptAt: new Date(now + 60 * MINUTE), leaseUntil: new Date(0) });
    now += 120 * MINUTE;
    await env.server.app.clock.tick();
    expect(await get(`${env.server.url}/readyz`)).toEqual({
      status: 503,
      body: { status: 'not ready', failing: ['outbox'], database: 'up', outboxLagSeconds: 3600, clockLagSeconds: 0, maxLagSeconds: 60 },
    });
  });

  it('a ticket whose notification waits behind a retry counts from the end of that wait', async () => {
    await db()
      .collection('tickets')
      .insertOne({
        _id: 'held-1' as never,
        tenantId: TEST_TENANT_ID,
        outboxHeldUntil: new Date(now + 110 * MINUTE),
        outbox: [{ id: 'n1', state: 'pending', nextAttemptAt: new Date(now + 60 * MINUTE), leaseUntil: new Date(0) }],
      });
    now += 120 * MINUTE;
    await env.server.app.clock.tick();
    expect(await get(`${env.server.url}/readyz`)).toMatchObject({ status: 503, body: { failing: ['outbox'], outboxLagSeconds: 600 } });
  });

  it('a clock that has not ticked for ten minutes (interval 30 s) → 503 naming the clock', async () => {
    now += 10 * MINUTE;
    expect(await get(`${env.server.url}/readyz`)).toEqual({
      status: 503,
      body: { status: 'not ready', failing: ['clock'], database: 'up', outboxLagSeconds: 0, clockLagSeconds: 570, maxLagSeconds: 60 },
    });
  });
});

describe('/readyz when the database goes away', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('mongod stopped → /readyz 503 naming the database, /healthz still 200 (alive)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-probes-'));
    dirs.push(dir);
    const mongod = await startEmbeddedMongod({ dbPath: dir, port: 0 });
    const client = new MongoClient(mongod.uri, { serverSelectionTimeoutMS: 1_000 });
    await client.connect();
    const server = await startAuthenticatedApp(client.db('probes'), {}, { GUICHET_READY_MAX_LAG_SECONDS: '120' });
    try {
      expect(await get(`${server.url}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready', database: 'up', maxLagSeconds: 120 } });
      await mongod.stop();
      expect(await get(`${server.url}/readyz`)).toEqual({
        status: 503,
        body: { status: 'not ready', failing: ['database'], database: 'down', clockLagSeconds: 0, maxLagSeconds: 120 },
      });
      expect(await get(`${server.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok', database: 'down' } });
    } finally {
      await server.stop();
      await client.close();
      await mongod.stop();
    }
  });
});
