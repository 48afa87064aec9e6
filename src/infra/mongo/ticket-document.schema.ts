import { z } from 'zod';
import { cardCopySchema } from './outbox-item.js';
import { TASK_STATUSES, TICKET_SOURCES, TICKET_STATUSES, TICKET_TYPES, type Ticket } from '../../domain/ticket.js';

/** Documents are checked on the way out of MongoDB: a hand-edited or older document must not crash a card. */
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const person = z.object({ id: z.string(), name: z.string() });
const date = z.date();

export const ticketDocumentSchema = z.object({
  _id: z.string(),
  tenantId: z.string(),
  number: z.number().int().positive(),
  version: z.number().int().nonnegative(),
  type: z.enum(TICKET_TYPES),
  status: z.enum(TICKET_STATUSES),
  statusBeforePending: z.enum(TICKET_STATUSES).nullable(),
  title: z.string(),
  description: z.string(),
  requester: person,
  source: z.enum(TICKET_SOURCES),
  categoryId: z.string().nullable(),
  location: z.string(),
  urgency: level,
  impact: level,
  priority: level,
  priorityOverride: z.object({ priority: level, reason: z.string() }).nullable(),
  assignee: person.nullable(),
  groupId: z.string().nullable(),
  observers: z.array(person),
  dueDates: z.object({ timeToOwn: date.nullable(), timeToResolve: date.nullable() }),
  attachments: z.array(z.object({ name: z.string(), url: z.string(), contentType: z.string() })),
  linkedTickets: z.array(z.number().int()),
  followups: z.array(
    z.object({
      id: z.string(),
      author: person,
      // documents written before followup kinds existed are plain notes
      kind: z.enum(['note', 'comment', 'takenInCharge']).default('note'),
      text: z.string(),
      visibility: z.enum(['public', 'private']),
      at: date,
    }),
  ),
  tasks: z.array(
    z.object({
      id: z.string(),
      author: person,
      description: z.string(),
      status: z.enum(TASK_STATUSES),
      durationMinutes: z.number(),
      plannedStart: date.nullable(),
      at: date,
    }),
  ),
  solution: z
    .object({
      text: z.string(),
      author: person,
      at: date,
      decision: z.object({ approved: z.boolean(), reason: z.string().nullable(), at: date }).nullable(),
    })
    .nullable(),
  pendingReason: z.string().nullable(),
  history: z.array(
    z.object({ at: date, actor: person, field: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
  ),
  createdAt: date,
  updatedAt: date,
  solvedAt: date.nullable(),
  closedAt: date.nullable(),
  /** the form's draft id, so a double submit opens one ticket */
  intakeKey: z.string().optional(),
  /** read entry by entry by the outbox store: one unreadable entry must not hide the ticket */
  outbox: z.array(z.unknown()).optional(),
  cardCopies: z.array(cardCopySchema).optional(),
});

export type TicketDocument = z.infer<typeof ticketDocumentSchema>;

export function toDocument(ticket: Ticket): TicketDocument {
  const { id, ...rest } = ticket;
  return { _id: id, ...rest } as TicketDocument;
}

export function fromDocument(doc: TicketDocument): Ticket {
  const { _id, intakeKey: _intakeKey, outbox: _outbox, cardCopies: _copies, ...rest } = doc;
  return { id: _id, ...rest };
}
