import { ticketRef } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Prendre / Take »: self-assign. Two technicians at once: one wins, the other sees who. */
export const take: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.take,
  schema: ticketRef,
  run: change((_data, services) => ({ type: 'take', followupId: services.newId() })),
};
