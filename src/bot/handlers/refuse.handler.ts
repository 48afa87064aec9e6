import type { z } from 'zod';
import { refuseData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/**
 * « Refuser… »: the requester refuses the solution with a reason (seed 003: mandatory);
 * the reason becomes a public followup and whoever works the ticket is pinged with it.
 * Without one, the card comes back with the error and the typed text kept.
 */
export const refuse: TicketCommandSpec<z.infer<typeof refuseData>> = {
  verb: VERBS.refuse,
  schema: refuseData,
  successNotice: 'notice.refused',
  run: change(({ refuseReason }, services) => ({ type: 'refuse', followupId: services.newId(), reason: refuseReason })),
};
