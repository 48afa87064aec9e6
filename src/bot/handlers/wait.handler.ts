import type { z } from 'zod';
import { waitData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Mettre en attente… »: the reason is shown to the requester. */
export const wait: TicketCommandSpec<z.infer<typeof waitData>> = {
  verb: VERBS.wait,
  schema: waitData,
  run: change(({ reason }) => ({ type: 'wait', reason })),
};
