import { myQueue } from '../../domain/queue.js';
import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { showQueue } from './show-queue.js';

/** « mes tickets »: staff see what they requested or work on, requesters what they requested. */
export const myTickets: ChatIntent = {
  name: 'myTickets',
  select: (message) => (isCommand(message, 'myTickets') ? true : null),
  handle: (turn) => showQueue(turn, myQueue(turn.actor)),
};
