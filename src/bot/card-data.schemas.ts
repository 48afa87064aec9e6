import { z } from 'zod';
import { TICKET_TYPES } from '../domain/ticket.js';

/**
 * Card data is user-controlled input: every field is checked here, and only plain
 * strings and numbers come out, so nothing typed can become a Mongo operator.
 */
const levelInput = z.coerce.number().int().min(1).max(5);

export const createTicketData = z.object({
  draftId: z.string().uuid(),
  type: z.enum(TICKET_TYPES),
  title: z.string(),
  description: z.string(),
  category: z.string().max(100).optional().default(''),
  urgency: levelInput,
  impact: levelInput,
  location: z.string().optional().default(''),
});

export const cancelDraftData = z.object({ draftId: z.string().optional() });

export const pageData = z.object({ page: z.coerce.number().int().min(0).max(10_000).default(0) });

export const ticketNumberData = z.object({ number: z.coerce.number().int().positive().max(1_000_000_000) });

/** Which ticket and which version of it the clicked card showed. */
export const ticketRef = z.object({
  number: z.coerce.number().int().positive().max(1_000_000_000),
  version: z.coerce.number().int().nonnegative().max(1_000_000_000),
});

const text = (max: number) => z.string().max(max);
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');

export const assignData = ticketRef.extend({
  assigneeId: z.string().max(100).optional().default(''),
  groupId: z.string().max(100).optional().default(''),
});
export const followupData = ticketRef.extend({ followupText: text(10_000), private: flag.optional().default(false) });
export const taskData = ticketRef.extend({
  taskDescription: text(10_000),
  taskStatus: z.enum(['todo', 'done', 'information']).default('todo'),
  durationMinutes: z.coerce.number().int().min(0).max(10_000).default(0),
  plannedDate: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional().default(''),
  plannedTime: z.union([z.literal(''), z.string().regex(/^\d{2}:\d{2}$/)]).optional().default(''),
  timeZone: z.string().max(64).optional(),
});
export const waitData = ticketRef.extend({ reason: text(2_000) });
export const solveData = ticketRef.extend({ solution: text(10_000) });
export const commentData = ticketRef.extend({ comment: text(10_000) });
export const queueData = z.object({
  queue: z.enum(['mine', 'requested', 'toProcess', 'group']).default('requested'),
  sort: z.enum(['newest', 'priority', 'age']).optional(),
  page: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const searchInvoke = z.object({
  queryText: z.string().max(200).default(''),
  dataset: z.string().max(100),
  queryOptions: z.object({ skip: z.coerce.number().int().min(0).default(0), top: z.coerce.number().int().min(1).max(50).default(15) }).partial().optional(),
});

export const adaptiveCardInvoke = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional().default({}),
  }),
});
