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

export const adaptiveCardInvoke = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional().default({}),
  }),
});
