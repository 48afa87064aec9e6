import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Notification } from '../../domain/notification.js';

/**
 * A notification waiting to be delivered, stored inside its ticket's document so the
 * change and the message are one atomic write (no cross-collection transaction needed,
 * which keeps Cosmos DB and Atlas serverless usable).
 */
const person = z.object({ id: z.string(), name: z.string() });

export const outboxItemSchema = z.object({
  id: z.string(),
  recipient: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), user: person }),
    z.object({ kind: z.literal('channel'), groupId: z.string() }),
    z.object({ kind: z.literal('copies') }),
  ]),
  message: z.string(),
  audience: z.enum(['requester', 'technician']),
  withCard: z.boolean(),
  note: z.string().nullable(),
  actor: person,
  state: z.enum(['pending', 'sent', 'failed', 'skipped']),
  attempts: z.number().int(),
  createdAt: z.date(),
  nextAttemptAt: z.date(),
  leaseUntil: z.date(),
  leaseToken: z.string().nullable(),
  lastError: z.string().nullable(),
  doneAt: z.date().nullable(),
});

export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const EPOCH = new Date(0);

export function toOutboxItem(notification: Notification, now: Date): OutboxItem {
  return {
    id: randomUUID(),
    recipient: notification.recipient,
    message: notification.message,
    audience: notification.audience,
    withCard: notification.withCard,
    note: notification.note,
    actor: { id: notification.actor.id, name: notification.actor.name },
    state: 'pending',
    attempts: 0,
    createdAt: now,
    nextAttemptAt: now,
    leaseUntil: EPOCH,
    leaseToken: null,
    lastError: null,
    doneAt: null,
  };
}

/** The stored form of what a change queues, all stamped with the change's time. */
export function outboxItemsOf(notifications: readonly Notification[], at: Date): OutboxItem[] {
  return notifications.map((notification) => toOutboxItem(notification, at));
}

/** A posted copy of a ticket card: where it is, so every copy can be updated in place. */
export const cardCopySchema = z.object({
  activityId: z.string(),
  audience: z.enum(['requester', 'technician']),
  locale: z.string(),
  timeZone: z.string().nullable().optional(),
  reference: z.record(z.string(), z.unknown()),
  postedAt: z.date(),
});

export type CardCopy = z.infer<typeof cardCopySchema>;
