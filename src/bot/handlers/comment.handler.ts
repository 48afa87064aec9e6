import type { z } from 'zod';
import { commentData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Commenter… » on the requester's card: a public followup; the assignee is pinged. */
export const comment: TicketCommandSpec<z.infer<typeof commentData>> = {
  verb: VERBS.comment,
  schema: commentData,
  addition: true,
  run: change(({ comment: text }, services) => ({ type: 'comment', followupId: services.newId(), text })),
};
