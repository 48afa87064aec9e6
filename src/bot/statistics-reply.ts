import type { Actor } from '../domain/actor.js';
import { errorCard } from '../views/error.view.js';
import { statisticsCard } from '../views/statistics.view.js';
import type { BotServices } from './bot-services.js';
import type { Card } from './card-action.js';
import type { TurnIdentity } from './turn-identity.js';

/** The statistics card for this period, or the refusal: one answer for « stats » typed and its period buttons. */
export async function statisticsReply(services: BotServices, identity: TurnIdentity, actor: Actor, days: number): Promise<Card> {
  const report = await services.computeStatistics.execute(identity.tenantId, actor, days);
  if (!report.ok) return errorCard(identity.language, report.error);
  const exportUrl = services.exportLinks.linkFor({ tenantId: identity.tenantId, userId: actor.id, userName: actor.name, language: identity.language, days: report.value.days });
  return statisticsCard(identity.language, services.categories, await services.groups.list(identity.tenantId), { ...report.value, exportUrl });
}
