/**
 * Group commit for MongoDB writes. Writes leave together, as one command, at the end of
 * the current event-loop turn (setImmediate: no timer, microseconds when the helpdesk is
 * quiet), and writes issued while a batch is in flight wait for it and leave together
 * next: under a burst, many tickets cost one round trip, one socket write and one
 * journal commit instead of one each. Each caller gets its own outcome back.
 */
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
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

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
    try {
      outcomes = await this.write(batch.map((w) => w.input));
      if (outcomes.length !== batch.length) {
        throw new Error(`write returned ${outcomes.length} outcomes for ${batch.length} inputs`);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}

/** The index and code of each failed document of an unordered insertMany, or null if the error is not that. */
export function writeErrorsOf(error: unknown): Map<number, unknown> | null {
  const writeErrors = (error as { writeErrors?: unknown })?.writeErrors;
  if ((error as { name?: unknown })?.name !== 'MongoBulkWriteError' || writeErrors === undefined) return null;
  if ((error as { writeConcernError?: unknown }).writeConcernError) return null;
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  const byIndex = new Map<number, unknown>();
  for (const item of list as { index?: unknown; code?: unknown }[]) {
    if (typeof item?.index !== 'number') return null;
    byIndex.set(item.index, item);
  }
  return byIndex;
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
