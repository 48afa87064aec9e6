import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { showQueue } from './show-queue.js';

/** « global »: every open ticket of the helpdesk, whatever its group (leads and admins). */
export const globalQueue: ChatIntent = {
  name: 'globalQueue',
  select: (message) => (isCommand(message, 'global') ? true : null),
  handle: (turn) => showQueue(turn, 'global'),
};
