import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { showQueue } from './show-queue.js';

/** « à traiter »: the unassigned tickets of my groups (technicians). */
export const toProcess: ChatIntent = {
  name: 'toProcess',
  select: (message) => (isCommand(message, 'toProcess') ? true : null),
  handle: (turn) => showQueue(turn, 'toProcess'),
};
