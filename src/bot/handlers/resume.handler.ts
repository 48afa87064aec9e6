import { ticketRef } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Reprendre »: back to where the ticket was before it was put on hold. */
export const resume: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.resume,
  schema: ticketRef,
  run: change(() => ({ type: 'resume' })),
};
