import type { PostedCard } from '../../domain/ports/card-copy.repository.js';
import type { FailedNotification } from '../../domain/ports/failed-notification.query.js';

/** A stored entry the dispatcher gave up on, as the admins read it (both outbox homes). */
export function failedOf(number: number | null, entry: Record<string, unknown>): FailedNotification {
  const recipient = entry.recipient as { kind?: string; user?: { name?: string }; groupId?: string } | null | undefined;
  // entries written before notifications had kinds said `message`
  const kind = typeof entry.kind === 'string' ? entry.kind : String(entry.message ?? '');
  return {
    number,
    recipient:
      recipient?.kind === 'user'
        ? { kind: 'user', name: recipient.user?.name ?? '?' }
        : recipient?.kind === 'channel'
          ? { kind: 'channel', groupId: recipient.groupId ?? '?' }
          : { kind: 'copies' },
    kind,
    error: String(entry.lastError ?? ''),
    at: entry.doneAt instanceof Date ? entry.doneAt : new Date(0),
  };
}

/** A posted copy as stored: a plain reference and when it was posted. */
export function recordedCopy(copy: PostedCard, at: Date) {
  return { ...copy, reference: { ...copy.reference }, postedAt: at };
}
