import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { showQueue } from './show-queue.js';

/** « mes demandes »: the tickets I opened, even when I am staff. */
export const myRequests: ChatIntent = {
  name: 'myRequests',
  select: (message) => (isCommand(message, 'myRequests') ? true : null),
  handle: (turn) => showQueue(turn, 'requested'),
};
