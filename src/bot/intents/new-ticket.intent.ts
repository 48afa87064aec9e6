import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { sendTicketForm } from './report-problem.intent.js';

/** « nouveau ticket »: a blank form. */
export const newTicket: ChatIntent = {
  name: 'newTicket',
  where: 'personal',
  select: (message) => (isCommand(message, 'newTicket') ? true : null),
  handle: (turn) => sendTicketForm(turn),
};
