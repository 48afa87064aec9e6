import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { showQueue } from './show-queue.js';

/** « groupe »: everything open in my groups (technicians). */
export const groupQueue: ChatIntent = {
  name: 'groupQueue',
  select: (message) => (isCommand(message, 'group') ? true : null),
  handle: (turn) => showQueue(turn, 'group'),
};
