import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { NotificationKind, NotificationPayloads, Queued } from '../../domain/notification.js';
import { TICKET_EVENT_TYPES } from '../../domain/ticket-event.js';
import { TICKET_SOURCES, TICKET_STATUSES } from '../../domain/ticket.js';

/**
 * A message waiting to be delivered. Ticket changes keep theirs inside the ticket's
 * document (the change and its messages are one atomic write, no transaction needed,
 * which keeps Cosmos DB and Atlas serverless usable); messages born outside a ticket
 * change are documents of the `outbox` collection, each its own atomic unit.
 */
const person = z.object({ id: z.string(), name: z.string() });
const ref = { number: z.number().int(), title: z.string() };
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** Payloads are checked on read, per kind: a hand-edited or older entry fails alone, never the dispatcher. */
export const PAYLOAD_SCHEMAS: { readonly [K in NotificationKind]: z.ZodType<NotificationPayloads[K]> } = {
  'ticket.new': z.object(ref),
  'ticket.assignedToYou': z.object(ref),
  'ticket.transferred': z.object(ref),
  'request.transferred': z.object(ref),
  'ticket.taken': z.object(ref),
  'followup.public': z.object({ ...ref, text: z.string() }),
  'followup.private': z.object({ ...ref, text: z.string() }),
  'comment.added': z.object({ ...ref, text: z.string() }),
  'ticket.pending': z.object({ ...ref, reason: z.string() }),
  'ticket.resumed': z.object(ref),
  'solution.proposed': z.object({ ...ref, solution: z.string() }),
  'solution.refused': z.object({ ...ref, reason: z.string() }),
  'ticket.closed': z.object(ref),
  'ticket.autoClosed': z.object(ref),
  'ticket.reopened': z.object({ ...ref, reason: z.string() }),
  'survey.lowRating': z.object({ ...ref, rating: level, comment: z.string() }),
  'group.digest': z.object({
    groupId: z.string(),
    tickets: z.array(z.object({ ...ref, status: z.enum(TICKET_STATUSES), priority: level })),
  }),
  'sla.alert': z.object({
    groupId: z.string().nullable(),
    lead: person.nullable(),
    line: z.object({
      ...ref,
      status: z.enum(TICKET_STATUSES),
      priority: level,
      ticketId: z.string(),
      levelId: z.string(),
      clock: z.enum(['own', 'resolve']),
      percent: z.number(),
      dueAt: z.string().nullable(),
      assigneeName: z.string().nullable(),
    }),
  }),
  'request.escalated': z.object({ ...ref, groupId: z.string() }),
  'ticket.escalated': z.object({
    ...ref,
    fromGroupId: z.string().nullable(),
    groupId: z.string(),
    supportLevel: z.number().int(),
    summary: z.string(),
  }),
  'group.unstaffed': z.object({ ...ref, groupId: z.string() }),
  'lead.alerted': z.object({ ...ref, groupId: z.string().nullable(), lead: person.nullable(), reason: z.string() }),
  'observer.update': z.object({ ...ref, event: z.enum(TICKET_EVENT_TYPES), text: z.string(), status: z.enum(TICKET_STATUSES) }),
  'ticket.holdOver': z.object(ref),
  'ticket.openedForYou': z.object({ ...ref, source: z.enum(TICKET_SOURCES) }),
  'ticket.createdFromMessage': z.object(ref),
};

export const recipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user: person }),
  z.object({ kind: z.literal('channel'), groupId: z.string() }),
]);

/** Delivery bookkeeping, the same in both homes. */
const delivery = {
  state: z.enum(['pending', 'sent', 'failed', 'skipped']),
  attempts: z.number().int(),
  createdAt: z.date(),
  nextAttemptAt: z.date(),
  leaseUntil: z.date(),
  leaseToken: z.string().nullable(),
  lastError: z.string().nullable(),
  doneAt: z.date().nullable(),
};

export const outboxItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** null for `card.refresh`: the posted copies are not a recipient */
  recipient: recipientSchema.nullable(),
  actor: person,
  payload: z.record(z.string(), z.unknown()),
  ...delivery,
});

export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const EPOCH = new Date(0);

export function toOutboxItem(queued: Queued, now: Date): OutboxItem {
  return {
    id: randomUUID(),
    kind: queued.kind,
    recipient: queued.kind === 'card.refresh' ? null : queued.recipient,
    actor: { id: queued.actor.id, name: queued.actor.name },
    payload: queued.kind === 'card.refresh' ? {} : { ...queued.payload },
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
export function outboxItemsOf(queued: readonly Queued[], at: Date): OutboxItem[] {
  return queued.map((item) => toOutboxItem(item, at));
}

/** The message an entry stands for, or null if it is not one this version can read. */
export function queuedOf(item: OutboxItem): Queued | null {
  if (item.kind === 'card.refresh') return { kind: 'card.refresh', actor: item.actor };
  if (!(item.kind in PAYLOAD_SCHEMAS) || !item.recipient) return null;
  const kind = item.kind as NotificationKind;
  const payload = PAYLOAD_SCHEMAS[kind].safeParse(item.payload);
  if (!payload.success) return null;
  return { kind, recipient: item.recipient, actor: item.actor, payload: payload.data } as Queued;
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
