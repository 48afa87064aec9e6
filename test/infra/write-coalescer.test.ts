import { createRequire } from 'node:module';
import { MongoBulkWriteError, MongoNetworkError } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { GroupCommitTicketRepository, type BatchTicketStore } from '../../src/infra/mongo/group-commit-ticket.repository.js';
import { WriteCoalescer, writeErrorsOf, type BatchOutcome } from '../../src/infra/mongo/write-coalescer.js';

/** A fake write that records its batches and completes only when told to. */
function gatedWrite<T>(outcome: (input: T) => BatchOutcome<string> = (input) => ({ ok: true, value: `done ${String(input)}` })) {
  const batches: T[][] = [];
  const gates: { open: () => void; fail: (error: Error) => void }[] = [];
  const write = (inputs: readonly T[]) =>
    new Promise<BatchOutcome<string>[]>((resolve, reject) => {
      batches.push([...inputs]);
      gates.push({ open: () => resolve(inputs.map(outcome)), fail: reject });
    });
  return { batches, gates, write };
}

/** lets pending promise callbacks and the coalescer's end-of-turn flush run */
const tick = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('WriteCoalescer', () => {
  it('sends a lone write at the end of the event-loop turn, alone', async () => {
    const fake = gatedWrite<number>();
    const coalescer = new WriteCoalescer(fake.write);
    const done = coalescer.submit(1);
    expect(fake.batches).toEqual([]);
    await tick();
    expect(fake.batches).toEqual([[1]]);
    fake.gates[0].open();
    await expect(done).resolves.toBe('done 1');
  });

  it('sends the writes of one event-loop turn together', async () => {
    const fake = gatedWrite<number>();
    const coalescer = new WriteCoalescer(fake.write);
    const results = [1, 2, 3].map((n) => coalescer.submit(n));
    await tick();
    expect(fake.batches).toEqual([[1, 2, 3]]);
    fake.gates[0].open();
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('groups the writes that arrive while one is in flight into the next batch, in arrival order', async () => {
    const fake = gatedWrite<number>();
    const coalescer = new WriteCoalescer(fake.write);
    const first = coalescer.submit(1);
    await tick();
    const results = [first, ...[2, 3, 4].map((n) => coalescer.submit(n))];
    await tick();
    expect(fake.batches).toEqual([[1]]);
    fake.gates[0].open();
    await tick();
    expect(fake.batches).toEqual([[1], [2, 3, 4]]);
    fake.gates[1].open();
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
  });

  it('gives each write its own outcome: one refused input does not fail its neighbours', async () => {
    const fake = gatedWrite<number>((n) => (n === 3 ? { ok: false, error: new Error('duplicate 3') } : { ok: true, value: `ok ${n}` }));
    const coalescer = new WriteCoalescer(fake.write);
    const results = [1, 2, 3, 4].map((n) => coalescer.submit(n).catch((error: Error) => error.message));
    await tick();
    expect(fake.batches).toEqual([[1, 2, 3, 4]]);
    fake.gates[0].open();
    await expect(Promise.all(results)).resolves.toEqual(['ok 1', 'ok 2', 'duplicate 3', 'ok 4']);
  });

  it('fails every write of a batch that threw, and carries on with the next batch', async () => {
    const fake = gatedWrite<number>();
    const coalescer = new WriteCoalescer(fake.write);
    const first = coalescer.submit(1).catch((error: Error) => error.message);
    await tick();
    const second = [2, 3].map((n) => coalescer.submit(n).catch((error: Error) => error.message));
    fake.gates[0].fail(new Error('connection reset'));
    await tick();
    expect(fake.batches).toEqual([[1], [2, 3]]);
    const third = coalescer.submit(4);
    await tick();
    fake.gates[1].fail(new Error('primary stepped down'));
    await tick();
    fake.gates[2].open();
    expect(await first).toBe('connection reset');
    expect(await Promise.all(second)).toEqual(['primary stepped down', 'primary stepped down']);
    await expect(third).resolves.toBe('done 4');
  });

  it('splits a long queue into batches of maxBatch', async () => {
    const fake = gatedWrite<number>();
    const coalescer = new WriteCoalescer(fake.write, { maxBatch: 2 });
    const results = [1, 2, 3, 4, 5].map((n) => coalescer.submit(n));
    for (let i = 0; i < 4; i++) {
      await tick();
      fake.gates[i]?.open();
    }
    expect(fake.batches).toEqual([[1, 2], [3, 4], [5]]);
    await Promise.all(results);
  });

  it('refuses a write function that answers for the wrong number of inputs', async () => {
    const coalescer = new WriteCoalescer<number, string>(async () => []);
    await expect(coalescer.submit(1)).rejects.toThrow('0 outcomes for 1 inputs');
  });
});

// the driver's own classes (not exported from its index), as insertMany builds its errors with them
const { WriteConcernError, WriteError } = createRequire(import.meta.url)('mongodb/lib/bulk/common.js') as {
  WriteConcernError: new (error: object) => object;
  WriteError: new (error: object) => object;
};

describe('writeErrorsOf: which documents of an unordered insertMany failed', () => {
  const bulkError = (writeErrors: object[], insertedCount: number) =>
    new MongoBulkWriteError({ message: 'E11000 duplicate key', code: 11000, writeErrors } as never, { insertedCount } as never);
  const duplicateAt = (index: number) => new WriteError({ index, code: 11000, errmsg: 'E11000 duplicate key' });

  it('names each refused document when every other one was inserted', () => {
    const failed = writeErrorsOf(bulkError([duplicateAt(1), duplicateAt(3)], 3), 5);
    expect([...(failed?.keys() ?? [])]).toEqual([1, 3]);
    expect(failed?.get(1)).toMatchObject({ code: 11000 });
  });

  it('refuses to tell when the command itself failed (connection reset): the whole batch failed', () => {
    expect(writeErrorsOf(new MongoBulkWriteError(new MongoNetworkError('connection reset'), {} as never), 5)).toBeNull();
  });

  it('refuses to tell on a write concern error, or when some documents are unaccounted for', () => {
    const concern = new MongoBulkWriteError(
      new WriteConcernError({ errmsg: 'waiting for replication timed out', code: 64 }) as never,
      { insertedCount: 5 } as never,
    );
    expect(writeErrorsOf(concern, 5)).toBeNull();
    expect(writeErrorsOf(bulkError([duplicateAt(1)], 2), 5)).toBeNull();
    expect(writeErrorsOf(bulkError([duplicateAt(7)], 4), 5)).toBeNull();
    expect(writeErrorsOf(new Error('not a bulk error'), 5)).toBeNull();
  });
});

describe('WriteCoalescer: a write that never answers', () => {
  it('fails its batch after the timeout, and the next batch goes out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const batches: number[][] = [];
      const coalescer = new WriteCoalescer<number, string>(
        (inputs) => {
          batches.push([...inputs]);
          // the first batch hangs forever; later ones answer
          return batches.length === 1 ? new Promise(() => undefined) : Promise.resolve(inputs.map((n) => ({ ok: true, value: `ok ${n}` })));
        },
        { timeoutMs: 1_000 },
      );
      const stuck = coalescer.submit(1).catch((error: Error) => error.message);
      await tick();
      const next = coalescer.submit(2);
      await tick();
      expect(batches).toEqual([[1]]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await stuck).toBe('database write did not answer within 1000 ms');
      await tick();
      await expect(next).resolves.toBe('ok 2');
      expect(batches).toEqual([[1], [2]]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('GroupCommitTicketRepository: a counter write that never answers', () => {
  it('fails its callers after 30 s, and the next numbers are taken', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const writes: number[] = [];
      let seq = 0;
      // no database here: only the counter write is used, the first one hangs forever
      const store = {
        takeNumbers: (_tenantId: string, count: number) => {
          writes.push(count);
          if (writes.length === 1) return new Promise<number>(() => undefined);
          seq += count;
          return Promise.resolve(seq - count + 1);
        },
      } as unknown as BatchTicketStore;
      const tickets = new GroupCommitTicketRepository(store);
      const stuck = [tickets.nextNumber('t'), tickets.nextNumber('t')].map((n) => n.catch((error: Error) => error.message));
      await tick();
      const next = tickets.nextNumber('t');
      await tick();
      expect(writes).toEqual([2]);
      await vi.advanceTimersByTimeAsync(29_999);
      expect(writes).toEqual([2]);
      await vi.advanceTimersByTimeAsync(1);
      expect(await Promise.all(stuck)).toEqual(Array(2).fill('database write did not answer within 30000 ms'));
      await tick();
      await expect(next).resolves.toBe(1);
      expect(writes).toEqual([2, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
