import { COMMANDS } from '../message-commands.js';
import { statisticsReply } from '../statistics-reply.js';
import type { ChatIntent } from './chat-intent.js';

const DEFAULT_PERIOD = 30;

/**
 * « stats », « stats 7 », « statistiques 90 jours »: the number of days (the use case says which it
 * offers); null when the message is no statistics request (« statistiques du serveur en panne » is a problem).
 */
export function statisticsPeriod(key: string): number | null {
  for (const word of COMMANDS.stats.words) {
    if (key === word) return DEFAULT_PERIOD;
    const rest = key.startsWith(`${word} `) ? key.slice(word.length + 1).trim() : null;
    if (rest === null) continue;
    const match = /^(\d{1,4})\s*(?:j|jours?|d|days?)?$/.exec(rest);
    return match ? Number(match[1]) : null;
  }
  return null;
}

/** « stats » / « statistiques »: a lead's groups, an admin's helpdesk, over 7, 30 (default) or 90 days. */
export const statistics: ChatIntent<number> = {
  name: 'statistics',
  select: (message) => statisticsPeriod(message.key),
  async handle(turn, days) {
    await turn.send(await statisticsReply(turn.services, turn.identity, turn.actor, days));
  },
};
