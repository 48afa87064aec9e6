import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { statisticsPeriodData } from '../card-data.schemas.js';
import { statisticsReply } from '../statistics-reply.js';
import { VERBS } from '../verbs.js';

/** « 7 jours », « 30 jours », « 90 jours » on the statistics card: the same card over that period. */
export class StatisticsPeriodHandler implements CardActionHandler {
  readonly verb = VERBS.statistics;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const parsed = statisticsPeriodData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    return statisticsReply(this.services, identity, actor, parsed.data.days);
  }
}
