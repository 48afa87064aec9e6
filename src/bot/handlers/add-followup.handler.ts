import type { z } from 'zod';
import { followupData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Suivi… »: public (the requester is told) or private (technicians only). */
export const addFollowup: TicketCommandSpec<z.infer<typeof followupData>> = {
  verb: VERBS.addFollowup,
  schema: followupData,
  addition: true,
  run: change(({ followupText, private: isPrivate }, services) => ({
    type: 'addFollowup',
    followupId: services.newId(),
    text: followupText,
    visibility: isPrivate ? 'private' : 'public',
  })),
};
