import type { Ticket } from '../../domain/ticket.js';
import { ticketRef } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { offersSurvey } from '../../domain/closure.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Clore »: a technician of the ticket closes it without waiting for the requester (seed 003), who gets the survey. */
export const close: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.close,
  schema: ticketRef,
  successNotice: (ticket: Ticket) => (offersSurvey(ticket) ? 'notice.closed' : 'notice.closedNoSurvey'),
  run: change(() => ({ type: 'close' })),
};
