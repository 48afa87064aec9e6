import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startGuichet } from '../../src/index.js';
import { CAMILLE, cardActionActivity } from '../support/activities.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function createTicket(url: string, title: string): Promise<string> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      cardActionActivity(CAMILLE, 'ticket.create', {
        draftId: crypto.randomUUID(),
        type: 'incident',
        title,
        description: title,
        urgency: '3',
        impact: '3',
      }),
    ),
  });
  expect(response.status).toBe(200);
  return JSON.stringify(await response.json());
}

describe('with no MONGODB_URI, Guichet runs its own MongoDB', () => {
  it('starts the bundled mongod under the data dir, and tickets survive a restart', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guichet-embedded-'));
    dirs.push(dataDir);
    const env = { NODE_ENV: 'test', PORT: '0', GUICHET_DATA_DIR: dataDir };

    const first = await startGuichet(env);
    try {
      expect(first.mongod?.dbPath).toBe(path.join(dataDir, 'mongo'));
      expect(await createTicket(first.url, 'Clavier cassé')).toContain('#1');
    } finally {
      await first.stop();
    }

    const second = await startGuichet(env);
    try {
      expect(await createTicket(second.url, 'Souris cassée')).toContain('#2');
      const stored = await second.app.db.collection('tickets').find().sort({ number: 1 }).toArray();
      expect(stored.map((ticket) => ticket.title)).toEqual(['Clavier cassé', 'Souris cassée']);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
