import { may } from '../../domain/capabilities.js';
import { STATS_PERIODS, type StatsPeriod } from '../../domain/ports/ticket-export.js';
import { messageCard } from '../../views/message.view.js';
import { COMMANDS } from '../message-commands.js';
import { statisticsReply } from '../statistics-reply.js';
import type { ChatIntent } from './chat-intent.js';

const DEFAULT_PERIOD: StatsPeriod = 30;

/** A number of days « stats » does not offer (« stats 45 »): answered with the ones it does. */
export const OTHER_PERIOD = 'otherPeriod';

/**
 * « stats », « stats 7 », « statistiques 90 jours »: the period; OTHER_PERIOD for another number of
 * days; null when the message is no statistics request (« statistiques du serveur en panne » is a problem).
 */
export function statisticsPeriod(key: string): StatsPeriod | typeof OTHER_PERIOD | null {
  for (const word of COMMANDS.stats.words) {
    if (key === word) return DEFAULT_PERIOD;
    const rest = key.startsWith(`${word} `) ? key.slice(word.length + 1).trim() : null;
    if (rest === null) continue;
    const match = /^(\d{1,4})\s*(?:j|jours?|d|days?)?$/.exec(rest);
    if (!match) return null;
    const days = Number(match[1]);
    return (STATS_PERIODS as readonly number[]).includes(days) ? (days as StatsPeriod) : OTHER_PERIOD;
  }
  return null;
}

/** « stats » / « statistiques »: a lead's groups, an admin's helpdesk, over 7, 30 (default) or 90 days. */
export const statistics: ChatIntent<StatsPeriod | typeof OTHER_PERIOD> = {
  name: 'statistics',
  select: (message) => statisticsPeriod(message.key),
  async handle(turn, days) {
    // the periods are told to those who may see them; the others are told why not
    if (days === OTHER_PERIOD && may(turn.actor, 'helpdesk.stats')) await turn.send(messageCard(turn.identity.language, 'statistics.periods', 'error'));
    else await turn.send(await statisticsReply(turn.services, turn.identity, turn.actor, days === OTHER_PERIOD ? DEFAULT_PERIOD : days));
  },
};
