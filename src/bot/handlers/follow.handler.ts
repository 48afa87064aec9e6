import { ticketRef } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/**
 * « Suivre »: staff become observers, told of the ticket's changes (never of their own).
 * Following conflicts with nothing that happened since the card was shown.
 */
export const follow: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.follow,
  schema: ticketRef,
  addition: true,
  successNotice: 'escalation.follow.done',
  run: change(() => ({ type: 'follow' })),
};

/** « Ne plus suivre »: no more updates about this ticket. */
export const unfollow: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.unfollow,
  schema: ticketRef,
  addition: true,
  successNotice: 'escalation.unfollow.done',
  run: change(() => ({ type: 'unfollow' })),
};
