import type { Ticket } from '../ticket.js';

/**
 * The due times stored on ticket documents, each indexed on its own. The clock asks for one
 * kind at a time; a later kind (SLA levels) is one more name here, one more query in the
 * adapter and one more job in ApplyDueChanges.
 */
export const DUE_KINDS = ['autoClose', 'resume', 'slaLevel'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

/** A due document this version cannot read: reported, never handed to `decide`. */
export interface UnreadableDue {
  readonly id: string;
  readonly issues: string;
}

export interface DueBatch {
  readonly tickets: readonly Ticket[];
  readonly unreadable: readonly UnreadableDue[];
}

export interface DueTicketFinder {
  /**
   * At most `limit` documents whose `kind` due time is at or before `now`, earliest first,
   * none of `except` (ids the caller gave up on). Found through the kind's index: when
   * nothing is due, no ticket document is read.
   */
  findDue(kind: DueKind, now: Date, limit: number, except: readonly string[]): Promise<DueBatch>;
}
