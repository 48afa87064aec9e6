import type { z } from 'zod';
import { solveData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Résoudre… »: proposes a solution; the requester receives it. */
export const solve: TicketCommandSpec<z.infer<typeof solveData>> = {
  verb: VERBS.solve,
  schema: solveData,
  run: change(({ solution }) => ({ type: 'proposeSolution', text: solution })),
};
