import type { Ticket } from '../../domain/ticket.js';
import { ticketRef } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { offersSurvey } from '../../domain/closure.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/**
 * « Accepter la solution »: the requester closes their ticket; the card becomes the survey.
 * On the version the card showed: a solution replaced or a ticket closed meanwhile is not
 * what they accepted, so a stale card answers with the ticket as it now is.
 */
export const approve: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.approve,
  schema: ticketRef,
  successNotice: (ticket: Ticket) => (offersSurvey(ticket) ? 'notice.approved' : 'notice.approvedNoSurvey'),
  run: change(() => ({ type: 'approve' })),
};
