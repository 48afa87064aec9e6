import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedMongod } from '../../src/infra/mongo/embedded-mongod.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/** One mongod for the whole run; each test file isolates itself with its own database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dbPath = await mkdtemp(path.join(os.tmpdir(), 'guichet-test-mongod-'));
  const mongod = await startEmbeddedMongod({ dbPath, port: 0, ttlMonitorSleepSecs: 1 });
  project.provide('mongoUri', mongod.uri);
  return async () => {
    await mongod.stop();
    await rm(dbPath, { recursive: true, force: true });
  };
}
