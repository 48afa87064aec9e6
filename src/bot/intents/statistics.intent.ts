import { STATS_PERIODS, type StatsPeriod } from '../../domain/ports/ticket-export.js';
import { COMMANDS } from '../message-commands.js';
import { statisticsReply } from '../statistics-reply.js';
import type { ChatIntent } from './chat-intent.js';

const DEFAULT_PERIOD: StatsPeriod = 30;

/** « stats », « stats 7 », « statistiques 90 jours »: the period, or null when the message is no statistics request. */
export function statisticsPeriod(key: string): StatsPeriod | null {
  for (const word of COMMANDS.stats.words) {
    if (key === word) return DEFAULT_PERIOD;
    const rest = key.startsWith(`${word} `) ? key.slice(word.length + 1).trim() : null;
    if (rest === null) continue;
    const match = /^(\d{1,2})\s*(?:j|jours?|d|days?)?$/.exec(rest);
    const days = match ? Number(match[1]) : NaN;
    return (STATS_PERIODS as readonly number[]).includes(days) ? (days as StatsPeriod) : null;
  }
  return null;
}

/** « stats » / « statistiques »: a lead's groups, an admin's helpdesk, over 7, 30 (default) or 90 days. */
export const statistics: ChatIntent<StatsPeriod> = {
  name: 'statistics',
  select: (message) => statisticsPeriod(message.key),
  async handle(turn, days) {
    await turn.send(await statisticsReply(turn.services, turn.identity, turn.actor, days));
  },
};
