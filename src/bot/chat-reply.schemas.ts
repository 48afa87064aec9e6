import { z } from 'zod';
import { TICKET_LIMITS } from '../domain/ticket.js';

/**
 * The data of the card answering a chat message while tickets wait (see
 * waiting-ticket-choice.view.ts): the typed text, as long as the card carries it at most.
 * « Toujours pas résolu » and « Ajouter à ce ticket » send the data of `ticket.refuse` and
 * `ticket.comment`, checked by those verbs' own schemas.
 */
export const draftFromChatData = z.object({ text: z.string().max(TICKET_LIMITS.reasonMax) });
