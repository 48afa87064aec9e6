import type { z } from 'zod';
import { rateData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Envoyer » on the survey: the requester's rating (1–5) and optional comment, once, within the survey's delay. */
export const rate: TicketCommandSpec<z.infer<typeof rateData>> = {
  verb: VERBS.rate,
  schema: rateData,
  successNotice: 'notice.rated',
  run: change(({ rating, surveyComment }) => ({ type: 'rate', rating, comment: surveyComment })),
};
