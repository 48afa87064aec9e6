import type { Queued } from '../notification.js';
import type { Ticket } from '../ticket.js';
import type { PostedCard } from './card-copy.repository.js';
import type { FailedNotification } from './failed-notification.query.js';

/** One queued message as the dispatcher sees it. */
export interface OutboxEntry {
  readonly id: string;
  /** null when this version cannot read the stored entry: it is given up on, visibly */
  readonly message: Queued | null;
  readonly attempts: number;
  readonly createdAt: Date;
}

/**
 * A unit of delivery work, leased to one dispatcher: one ticket's due messages (in the
 * order they were queued, with the ticket and its posted card copies), or one message
 * born outside any ticket change.
 */
export interface ClaimedBatch {
  readonly key: string;
  readonly tenantId: string;
  /** proves the lease: an outcome is only recorded while the entry is still ours */
  readonly token: string;
  /** the lease ends then: past it, another dispatcher may claim the same work */
  readonly leasedUntil: Date;
  readonly ticket: Ticket | null;
  readonly copies: readonly PostedCard[];
  readonly entries: readonly OutboxEntry[];
}

export type EntryOutcome =
  | { readonly state: 'sent' | 'skipped'; readonly copy?: PostedCard }
  | {
      readonly state: 'pending' | 'failed';
      readonly attempts: number;
      readonly nextAttemptAt: Date;
      readonly error: string;
    };

/**
 * Where queued messages wait: inside ticket documents, or in a collection of their own.
 * The dispatcher drains every store the same way (leases, pacing, retries, give-up).
 */
export interface OutboxStore {
  /** leases the longest-waiting due work, or null when nothing is due */
  claim(now: Date, leaseMs: number): Promise<ClaimedBatch | null>;
  record(batch: ClaimedBatch, entryId: string, outcome: EntryOutcome, now: Date): Promise<void>;
  /** hands back the batch's other entries; they wait behind a retry until `heldUntil` */
  release(batch: ClaimedBatch, heldUntil: Date): Promise<void>;
  /** posted copies Teams says are gone (deleted messages) */
  forgetCopies(batch: ClaimedBatch, activityIds: readonly string[]): Promise<void>;
  /** drops delivered entries done before `before` (failed ones stay for the admins) */
  prune(batch: ClaimedBatch, before: Date): Promise<void>;
  stats(): Promise<{ pending: number; failed: number }>;
  listFailed(tenantId: string, limit: number): Promise<FailedNotification[]>;
}

/** Queues messages that no ticket change carries (a digest for a group, a scheduled post). */
export interface MessageOutbox {
  enqueue(tenantId: string, messages: readonly Queued[], now: Date): Promise<void>;
}
