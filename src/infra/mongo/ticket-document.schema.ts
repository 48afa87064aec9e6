import { z } from 'zod';
import { cardCopySchema } from './outbox-item.js';
import {
  FOLLOWUP_KINDS,
  RATINGS,
  TASK_STATUSES,
  TICKET_SOURCES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type Person,
  type Solution,
  type Ticket,
  type TicketStatus,
} from '../../domain/ticket.js';
import type { SlaClock, SlaState } from '../../domain/sla.js';
import { factsOf, type TicketFacts } from '../../domain/ticket-statistics.js';

/** Documents are checked on the way out of MongoDB: a hand-edited or older document must not crash a card. */
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const person = z.object({ id: z.string(), name: z.string() });
const date = z.date();

const solutionSchema = z.object({
  text: z.string(),
  author: person,
  at: date,
  outcome: z.union([
    z.object({ kind: z.literal('proposed') }),
    z.object({ kind: z.enum(['approved', 'autoClosed', 'closed', 'superseded']), by: person, at: date }),
    z.object({ kind: z.literal('refused'), by: person, at: date, reason: z.string() }),
  ]),
  articleId: z.string().optional(),
  duringCall: z.boolean().optional(),
});

/** How documents written before the solution list stored their one solution. */
const legacySolutionSchema = z.object({
  text: z.string(),
  author: person,
  at: date,
  decision: z.object({ approved: z.boolean(), reason: z.string().nullable(), at: date }).nullable(),
});
type LegacySolution = z.infer<typeof legacySolutionSchema>;

const clockSchema = z.object({
  targetMs: z.number().nonnegative(),
  consumedMs: z.number().nonnegative(),
  runningSince: date.nullable(),
  dueAt: date.nullable(),
  stoppedAt: date.nullable(),
});

const slaSchema = z.object({ own: clockSchema, resolve: clockSchema });

const escalationSchema = z.object({
  fired: z.array(z.string()),
  next: z.object({ levelId: z.string(), at: date }).nullable(),
  supportLevel: z.number().int().positive(),
  riskAt: date.nullable(),
  breachAt: date.nullable().default(null),
});

/** Documents written before the SLA clocks kept two fixed due dates (wall-clock time, no pause). */
const legacyDueDatesSchema = z.object({ timeToOwn: date.nullable(), timeToResolve: date.nullable() });

const surveySchema = z.object({
  until: date,
  answer: z
    .object({ rating: z.union(RATINGS.map((r) => z.literal(r))), comment: z.string().nullable(), at: date })
    .nullable(),
});

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
  // the clocks came later: an older document has `dueDates` only (read below, never written again)
  sla: slaSchema.optional(),
  dueDates: legacyDueDatesSchema.optional(),
  escalation: escalationSchema.optional(),
  attachments: z.array(z.object({ name: z.string(), url: z.string(), contentType: z.string() })),
  linkedTickets: z.array(z.number().int()),
  followups: z.array(
    z.object({
      id: z.string(),
      author: person,
      // documents written before followup kinds existed are plain notes
      kind: z.enum(FOLLOWUP_KINDS).default('note'),
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
  // a document always holds `solutions` from the list on; `solution` is read from older ones only
  solutions: z.array(solutionSchema).optional(),
  solution: legacySolutionSchema.nullable().optional(),
  // the clock's due time and the survey came later: older documents have neither
  autoCloseAt: date.nullable().default(null),
  survey: surveySchema.nullable().default(null),
  pendingReason: z.string().nullable(),
  pendingUntil: date.nullable().default(null),
  history: z.array(
    z.object({ at: date, actor: person, field: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
  ),
  createdAt: date,
  updatedAt: date,
  solvedAt: date.nullable(),
  closedAt: date.nullable(),
  /**
   * requester, assignee and observers' ids, derived from them at every save: what « mes tickets » is
   * indexed on. Older documents lack it until queue-backfill.ts gives it to them; never read back.
   */
  involved: z.array(z.string()).optional(),
  /** nobody on it (assignee null), derived likewise: what « à traiter » is indexed on, a boolean its count reads on the keys alone */
  unassigned: z.boolean().optional(),
  /**
   * what « stats » counts (factsOf), derived likewise and indexed with the creation date so a
   * period is counted on the index keys alone (StoredFacts). Older documents lack it until
   * stats-backfill.ts.
   */
  // never read back: a damaged copy must not make the ticket unreadable (the next save rewrites it)
  stats: z.unknown().optional(),
  /** the form's draft id, so a double submit opens one ticket */
  intakeKey: z.string().optional(),
  /** read entry by entry by the outbox store: one unreadable entry must not hide the ticket */
  outbox: z.array(z.unknown()).optional(),
  cardCopies: z.array(cardCopySchema).optional(),
})
  .transform(({ solution, solutions, dueDates, sla, escalation, ...doc }) => ({
    ...doc,
    solutions: solutions ?? (solution ? [fromLegacy(solution, doc)] : []),
    sla: sla ?? slaFromLegacy(dueDates ?? { timeToOwn: null, timeToResolve: null }, doc),
    // no level is scheduled for an older ticket until its next change computes one
    escalation: escalation ?? { fired: [], next: null, supportLevel: 1, riskAt: null, breachAt: null },
  }));

/**
 * An older document's fixed due dates as clocks: running since the ticket was opened
 * towards the same due time, or stopped the way its status says.
 */
function slaFromLegacy(
  due: z.infer<typeof legacyDueDatesSchema>,
  doc: { status: TicketStatus; createdAt: Date; updatedAt: Date; assignee: Person | null; solvedAt: Date | null },
): SlaState {
  const clock = (dueAt: Date | null, stoppedAt: Date | null): SlaClock => ({
    targetMs: dueAt ? Math.max(0, dueAt.getTime() - doc.createdAt.getTime()) : 0,
    consumedMs: 0,
    runningSince: stoppedAt || doc.status === 'pending' ? null : doc.createdAt,
    dueAt,
    stoppedAt,
  });
  const done = doc.status === 'solved' || doc.status === 'closed';
  return {
    own: clock(due.timeToOwn, doc.assignee || done ? (doc.solvedAt ?? doc.updatedAt) : null),
    resolve: clock(due.timeToResolve, done ? (doc.solvedAt ?? doc.updatedAt) : null),
  };
}

export type TicketDocument = z.infer<typeof ticketDocumentSchema>;

/**
 * A solution stored before the list, as the list says it: the requester's approval or
 * refusal, a closing without answer (by whoever moved the ticket to « Clos »), else still proposed.
 */
function fromLegacy(
  solution: LegacySolution,
  doc: { status: TicketStatus; requester: Person; closedAt: Date | null; history: readonly { field: string; to: string | null; actor: Person; at: Date }[] },
): Solution {
  const { text, author, at, decision } = solution;
  if (decision?.approved) return { text, author, at, outcome: { kind: 'approved', by: doc.requester, at: decision.at } };
  if (decision) return { text, author, at, outcome: { kind: 'refused', by: doc.requester, at: decision.at, reason: decision.reason ?? '' } };
  if (doc.status === 'closed') {
    const closing = [...doc.history].reverse().find((h) => h.field === 'status' && h.to === 'closed');
    return { text, author, at, outcome: { kind: 'closed', by: closing?.actor ?? author, at: doc.closedAt ?? closing?.at ?? at } };
  }
  return { text, author, at, outcome: { kind: 'proposed' } };
}

export function toDocument(ticket: Ticket): TicketDocument {
  const { id, ...rest } = ticket;
  return { _id: id, ...rest, involved: involvedIn(ticket), unassigned: ticket.assignee === null, stats: storedFacts(ticket) } as TicketDocument;
}

export type StoredFacts = Omit<TicketFacts, 'levels'> & { readonly levels: string };

/**
 * factsOf(ticket) as stored: the levels reached as one JSON string, because an array would make
 * the statistics index multikey, and a multikey index cannot answer from its keys alone.
 */
export function storedFacts(ticket: Parameters<typeof factsOf>[0]): StoredFacts {
  const facts = factsOf(ticket);
  return { ...facts, levels: JSON.stringify(facts.levels) };
}

/** Everyone a ticket is « mes tickets » for, each once: its requester, its assignee, its observers. */
export function involvedIn(ticket: Pick<Ticket, 'requester' | 'assignee' | 'observers'>): string[] {
  return [...new Set([ticket.requester.id, ...(ticket.assignee ? [ticket.assignee.id] : []), ...ticket.observers.map((o) => o.id)])];
}

export function fromDocument(doc: TicketDocument): Ticket {
  const { _id, intakeKey: _intakeKey, outbox: _outbox, cardCopies: _copies, involved: _involved, unassigned: _unassigned, stats: _stats, ...rest } = doc;
  return { id: _id, ...rest };
}
