import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';

/**
 * URI of the shared test mongod (started by global-setup). With `dbName`, the database is
 * put in the path so code that reads the default db from the URI lands in the right place.
 */
export function mongoUri(dbName?: string): string {
  const uri = inject('mongoUri');
  if (!dbName) return uri;
  const url = new URL(uri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export interface TestDatabase {
  /** The per-file database (valid from beforeAll on). */
  (): Db;
  readonly dbName: string;
  client(): MongoClient;
  /** mongoUri(dbName) */
  uri(): string;
}

/**
 * Gives the calling test file its own database on the shared mongod, so files can run in
 * parallel. Documents are wiped before each test but indexes are kept, because index
 * creation is what the code under test usually does once at startup.
 */
export function useTestDatabase(): TestDatabase {
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  let client: MongoClient | undefined;

  beforeAll(async () => {
    client = new MongoClient(mongoUri(dbName));
    await client.connect();
  });

  beforeEach(async () => {
    const db = client!.db(dbName);
    const collections = await db.listCollections({ type: 'collection' }, { nameOnly: true }).toArray();
    await Promise.all(
      collections
        .filter((c) => !c.name.startsWith('system.'))
        .map((c) => db.collection(c.name).deleteMany({})),
    );
  });

  afterAll(async () => {
    if (!client) return;
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
      client = undefined;
    }
  });

  const get = (): MongoClient => {
    if (!client) throw new Error('useTestDatabase(): the database is only available inside hooks and tests');
    return client;
  };
  return Object.assign(() => get().db(dbName), {
    dbName,
    client: get,
    uri: () => mongoUri(dbName),
  });
}
