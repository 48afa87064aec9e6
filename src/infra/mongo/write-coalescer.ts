/**
 * Group commit for MongoDB writes. Writes leave together, as one command, at the end of
 * the current event-loop turn (setImmediate: no timer, microseconds when the helpdesk is
 * quiet), and writes issued while a batch is in flight wait for it and leave together
 * next: under a burst, many tickets cost one round trip, one socket write and one
 * journal commit instead of one each. Each caller gets its own outcome back.
 */
import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';

export type BatchOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<In, Out> {
  readonly input: In;
  readonly resolve: (value: Out) => void;
  readonly reject: (error: unknown) => void;
}

export class WriteCoalescer<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * @param write sends one batch and returns one outcome per input, in order; throwing
   *   fails every input of the batch.
   */
  constructor(
    private readonly write: (inputs: readonly In[]) => Promise<readonly BatchOutcome<Out>[]>,
    private readonly options: { maxBatch?: number; maxInFlight?: number; timeoutMs?: number } = {},
  ) {}

  /** Nothing waiting and nothing in flight: the coalescer can be dropped. */
  get idle(): boolean {
    return this.inFlight === 0 && this.waiting.length === 0 && !this.scheduled;
  }

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  /** Waits for the end of this event-loop turn, so that writes issued in the same turn go together. */
  private pump(): void {
    if (this.scheduled || this.waiting.length === 0 || this.inFlight >= (this.options.maxInFlight ?? 1)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const maxBatch = this.options.maxBatch ?? 256;
    const maxInFlight = this.options.maxInFlight ?? 1;
    while (this.inFlight < maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, maxBatch);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async send(batch: Waiting<In, Out>[]): Promise<void> {
    let outcomes: readonly BatchOutcome<Out>[];
    let timer: NodeJS.Timeout | undefined;
    try {
      // a write that never answers (half-open connection) fails its batch instead of holding every later one
      const timeoutMs = this.options.timeoutMs ?? 30_000;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database write did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      outcomes = await Promise.race([this.write(batch.map((w) => w.input)), timedOut]);
      if (outcomes.length !== batch.length) {
        throw new Error(`write returned ${outcomes.length} outcomes for ${batch.length} inputs`);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    } finally {
      clearTimeout(timer);
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}

/**
 * Inserts a batch where each document succeeds or fails on its own (one insertOne for a
 * batch of one, else one unordered insertMany). Throws when the command failed as a whole:
 * the coalescer then fails every caller of the batch, none counts as stored.
 */
export async function insertEach<T extends Document>(
  collection: Collection<T>,
  docs: readonly OptionalUnlessRequiredId<T>[],
): Promise<BatchOutcome<void>[]> {
  if (docs.length === 1) {
    try {
      await collection.insertOne(docs[0]);
      return [{ ok: true, value: undefined }];
    } catch (error) {
      return [{ ok: false, error }];
    }
  }
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return docs.map(() => ({ ok: true, value: undefined }));
  } catch (error) {
    const failed = writeErrorsOf(error, docs.length);
    if (!failed) throw error;
    return docs.map((_, i) => (failed.has(i) ? { ok: false, error: failed.get(i) } : { ok: true, value: undefined }));
  }
}

/**
 * The failed documents of an unordered insertMany of `total` documents, by index — or null
 * when that cannot be told for sure, and the whole batch must then count as failed. The
 * driver throws a MongoBulkWriteError also when the command itself failed (connection
 * reset, primary stepping down: no write errors at all) or hit a write concern error;
 * only a result where every document is either inserted or refused on its own is trusted.
 */
export function writeErrorsOf(error: unknown, total: number): Map<number, unknown> | null {
  if ((error as { name?: unknown })?.name !== 'MongoBulkWriteError') return null;
  const bulk = error as { writeErrors?: unknown; err?: unknown; insertedCount?: unknown };
  if (bulk.err !== undefined) return null;
  const list = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [];
  if (list.length === 0) return null;
  const byIndex = new Map<number, unknown>();
  for (const item of list as { index?: unknown }[]) {
    if (typeof item?.index !== 'number' || item.index < 0 || item.index >= total) return null;
    byIndex.set(item.index, item);
  }
  let inserted: unknown;
  try {
    inserted = bulk.insertedCount;
  } catch {
    return null;
  }
  return typeof inserted === 'number' && inserted + byIndex.size === total ? byIndex : null;
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
