import type { z } from 'zod';
import { resumeData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Reprendre »: back to where the ticket was before it was put on hold; the resumption, and why, stay in the timeline. */
export const resume: TicketCommandSpec<z.infer<typeof resumeData>> = {
  verb: VERBS.resume,
  schema: resumeData,
  run: change(({ resumeReason }, services) => ({ type: 'resume', followupId: services.newId(), reason: resumeReason.trim() || null })),
};
