import type { Actor } from './actor.js';
import { may, type Capability } from './capabilities.js';

/** The orders a list of tickets can take. */
export const QUEUE_SORTS = ['newest', 'priority', 'age'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/**
 * The queues a helpdesk works from: requested = opened by me ·
 * mine = requested by me or assigned to me · toProcess = unassigned in my groups ·
 * group = everything open in my groups. Card data, chat commands, help and titles all
 * take their names from here.
 */
export const QUEUE_NAMES = ['requested', 'mine', 'toProcess', 'group'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** What each queue shows first: a requester their newest tickets, a technician the most urgent. */
export const DEFAULT_SORT: Readonly<Record<QueueName, QueueSort>> = {
  requested: 'newest',
  mine: 'priority',
  toProcess: 'priority',
  group: 'priority',
};

/** The capability that opens a queue (checked by `may`, like every other action). */
export const queueCapability = (queue: QueueName): Capability => `queue.${queue}`;

/** « mes tickets »: what I requested or work on when I am staff, else what I requested. */
export const myQueue = (actor: Actor): QueueName => (may(actor, queueCapability('mine')) ? 'mine' : 'requested');
