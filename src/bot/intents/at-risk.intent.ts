import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { showQueue } from './show-queue.js';

/** « alertes »: the open tickets of my groups that are late or at risk, most urgent first (leads; every group for admins). */
export const atRisk: ChatIntent = {
  name: 'atRisk',
  select: (message) => (isCommand(message, 'atRisk') ? true : null),
  handle: (turn) => showQueue(turn, 'atRisk'),
};
