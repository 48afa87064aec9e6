import { hasRole, type Actor } from './actor.js';
import { may, type Capability } from './capabilities.js';
import type { Ticket, TicketStatus } from './ticket.js';

/**
 * A queue's total is counted up to this many and shown as « plus de 1 000 » beyond: nobody
 * pages through a thousand tickets five at a time, and an exact count of a million-ticket
 * helpdesk's open backlog would cost more than the page itself.
 */
export const QUEUE_TOTAL_CAP = 1_000;

/**
 * The orders a list of tickets can take: newest first, highest priority first, oldest
 * first, and most urgent first (the one closest to, or furthest past, its breach).
 */
export const QUEUE_SORTS = ['newest', 'priority', 'age', 'urgency'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/**
 * The queues a helpdesk works from: requested = opened by me ·
 * mine = requested by me or assigned to me · toProcess = unassigned in my groups ·
 * group = everything open in my groups · atRisk = late or at risk in the groups I lead
 * (every group for an admin) · global = every open ticket. Card data, chat commands,
 * help and titles all take their names from here.
 */
export const QUEUE_NAMES = ['requested', 'mine', 'toProcess', 'group', 'atRisk', 'global'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** What each queue shows first: a requester their newest tickets, a technician the most urgent. */
export const DEFAULT_SORT: Readonly<Record<QueueName, QueueSort>> = {
  requested: 'newest',
  mine: 'priority',
  toProcess: 'priority',
  group: 'priority',
  atRisk: 'urgency',
  global: 'priority',
};

/**
 * The orders each queue offers. Urgency only means something where every ticket has a
 * clock running, and it is the order the alert list is indexed for; the others keep theirs.
 */
export const SORTS_OF: Readonly<Record<QueueName, readonly QueueSort[]>> = {
  requested: ['newest', 'priority', 'age'],
  mine: ['priority', 'newest', 'age'],
  toProcess: ['priority', 'newest', 'age'],
  group: ['priority', 'newest', 'age'],
  atRisk: ['urgency', 'priority'],
  global: ['priority', 'newest', 'age'],
};

/** The order asked for when the queue offers it, else the queue's usual order (card data is not trusted). */
export const sortFor = (queue: QueueName, asked: QueueSort | undefined): QueueSort =>
  asked !== undefined && SORTS_OF[queue].includes(asked) ? asked : DEFAULT_SORT[queue];

/** The capability that opens a queue (checked by `may`, like every other action). */
export const queueCapability = (queue: QueueName): Capability => `queue.${queue}`;

/** « mes tickets »: what I requested or work on when I am staff, else what I requested. */
export const myQueue = (actor: Actor): QueueName => (may(actor, queueCapability('mine')) ? 'mine' : 'requested');

/** Every status but closed: what the staff queues list, named one by one so an index gives their order. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending', 'solved'];

/** Statuses in which both SLA clocks may run: what « alertes » looks at (a pending ticket's clocks are paused). */
export const CLOCKED_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'planned'];

/** What « global » lists: every ticket still to be worked, paused ones included (solved ones wait for their requester). */
export const GLOBAL_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending'];

/** The queues that span groups: their lines name each ticket's group and how it stands on its SLA. */
export const spansGroups = (queue: QueueName): boolean => queue === 'atRisk' || queue === 'global';

/** The groups whose alerts someone watches: a lead (or technician) their own, an admin every group (null). */
export const watchedGroups = (actor: Actor): readonly string[] | null => (hasRole(actor, 'admin') ? null : actor.groupIds);

/**
 * How an open ticket stands, as its line in a lead's queue says it: late (a running
 * clock is past its due time) by how long, at risk (past the at-risk share, see
 * `escalation.riskAt`) with the time left before the first breach, or neither (null).
 */
export type QueueStanding = { readonly kind: 'late'; readonly byMs: number } | { readonly kind: 'atRisk'; readonly leftMs: number };

export function queueStandingOf(ticket: Pick<Ticket, 'sla' | 'escalation'>, now: Date): QueueStanding | null {
  const { breachAt } = ticket.escalation;
  if (breachAt === null) return null;
  if (breachAt.getTime() <= now.getTime()) return { kind: 'late', byMs: now.getTime() - breachAt.getTime() };
  const { riskAt } = ticket.escalation;
  if (riskAt !== null && riskAt.getTime() <= now.getTime()) return { kind: 'atRisk', leftMs: breachAt.getTime() - now.getTime() };
  return null;
}
