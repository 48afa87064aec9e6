import type { Collection, Document, Filter } from 'mongodb';
import type { PostedCard } from '../../domain/ports/card-copy.repository.js';
import { recordedCopy } from './outbox-rows.js';
import type { TicketDocument } from './ticket-document.schema.js';

/**
 * Posted copies kept up to date per ticket: one per conversation (the newest; an older card
 * there stays as it was), and at most this many (the most recently posted). Every change
 * updates them all, at Teams' pace per conversation: without these bounds, re-opening one's
 * own card 200 times made the next change 200 updates of one chat.
 */
export const MAX_COPIES = 20;

type StoredCopy = ReturnType<typeof recordedCopy>;

const CONVERSATION = 'reference.conversation.id';

function conversationOf(copy: PostedCard): string | null {
  const id = (copy.reference.conversation as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}

/** The copies a new ticket is stored with: the last one per conversation, at most MAX_COPIES. */
export function newestPerConversation(copies: readonly PostedCard[], at: Date): StoredCopy[] {
  const kept: PostedCard[] = [];
  for (const copy of copies) {
    const conversation = conversationOf(copy);
    const same = kept.findIndex((c) => (conversation === null ? c.activityId === copy.activityId : conversationOf(c) === conversation));
    if (same >= 0) kept.splice(same, 1);
    kept.push(copy);
  }
  return kept.slice(-MAX_COPIES).map((copy) => recordedCopy(copy, at));
}

/** What is written with the copy in the same update (the dispatcher marks its entry sent). */
export interface AlsoSet {
  readonly set: Record<string, unknown>;
  readonly arrayFilters: readonly Document[];
}

/**
 * Records a posted copy in the ticket `filter` selects: it replaces the ticket's copy in the
 * same conversation, or is added (the oldest dropped past MAX_COPIES); a card recorded already
 * stays as it is. Each step is one atomic update and a race between them is tried again, so a
 * conversation never holds two copies. `also` is written either way (with the copy when there
 * is one to write). Returns false when `filter` matches no ticket (any more).
 */
export async function recordCopyIn(
  tickets: Collection<TicketDocument>,
  filter: Filter<TicketDocument>,
  copy: PostedCard,
  at: Date,
  also: AlsoSet = { set: {}, arrayFilters: [] },
): Promise<boolean> {
  const stored = recordedCopy(copy, at);
  const conversation = conversationOf(copy);
  const unrecorded = { ...filter, 'cardCopies.activityId': { $ne: copy.activityId } } as Filter<TicketDocument>;
  const sameHere = conversation === null ? null : { [CONVERSATION]: conversation };
  const alsoSet = Object.keys(also.set).length > 0 ? { $set: also.set } : {};
  const alsoFilters = also.arrayFilters.length > 0 ? { arrayFilters: [...also.arrayFilters] } : {};
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (sameHere) {
      const replaced = await tickets.updateOne(
        { ...unrecorded, cardCopies: { $elemMatch: sameHere } } as Filter<TicketDocument>,
        { $set: { ...also.set, 'cardCopies.$[copy]': stored } },
        { arrayFilters: [...also.arrayFilters, { [`copy.${CONVERSATION}`]: conversation }] },
      );
      if (replaced.matchedCount > 0) return true;
    }
    const added = await tickets.updateOne(
      (sameHere ? { ...unrecorded, [`cardCopies.${CONVERSATION}`]: { $ne: conversation } } : unrecorded) as Filter<TicketDocument>,
      { ...alsoSet, $push: { cardCopies: { $each: [stored], $sort: { postedAt: 1 }, $slice: -MAX_COPIES } } },
      alsoFilters,
    );
    if (added.matchedCount > 0) return true;
    // neither: the card is recorded already, or the ticket is gone (or no longer ours); else a race
    if ((await tickets.countDocuments(unrecorded, { limit: 1 })) === 0) break;
  }
  if (!('$set' in alsoSet)) return (await tickets.countDocuments(filter, { limit: 1 })) > 0;
  return (await tickets.updateOne(filter, alsoSet, alsoFilters)).matchedCount > 0;
}
