import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { HelpdeskSettings } from '../domain/ports/helpdesk-settings.js';
import type { KnowledgeBase } from '../domain/ports/knowledge-base.js';
import { isStatsPeriod, type StatisticsSource, type StatsPeriod } from '../domain/ports/ticket-export.js';
import { watchedGroups } from '../domain/queue.js';
import { fail, ok, type Result } from '../domain/result.js';
import { computeStatistics, type Statistics } from '../domain/ticket-statistics.js';

export interface StatisticsReport {
  readonly days: StatsPeriod;
  /** the groups covered; null: the whole helpdesk (an admin) */
  readonly groupIds: readonly string[] | null;
  readonly timeZone: string;
  readonly statistics: Statistics;
}

export interface ComputeStatisticsDeps {
  readonly source: StatisticsSource;
  readonly knowledgeBase: Pick<KnowledgeBase, 'countDeflections'>;
  readonly settings: Pick<HelpdeskSettings, 'serviceLevels'>;
  readonly now?: () => Date;
}

/**
 * « stats » (`helpdesk.stats`): a lead's groups, an admin's helpdesk, over the last 7, 30 or 90
 * days: the store counts the period (its tickets, its closings, today's backlog) and the domain
 * turns the counts into figures.
 */
export class ComputeStatistics {
  constructor(private readonly deps: ComputeStatisticsDeps) {}

  /** `days` as typed (« stats 45 »): those who may see statistics are told the periods offered, the others why not. */
  async execute(tenantId: string, actor: Actor, days: number): Promise<Result<StatisticsReport>> {
    if (!may(actor, 'helpdesk.stats')) return fail('HELPDESK.FORBIDDEN', 'helpdesk.stats refused', { capability: 'helpdesk.stats' });
    if (!isStatsPeriod(days)) return fail('HELPDESK.UNKNOWN_PERIOD', `no ${days}-day statistics`, { days });
    const to = (this.deps.now ?? (() => new Date()))();
    const from = new Date(to.getTime() - days * 24 * 60 * 60_000);
    const groupIds = watchedGroups(actor);
    const rules = await this.deps.settings.serviceLevels(tenantId);
    const { timeZone } = rules.calendar;
    const [tally, deflections] = await Promise.all([
      this.deps.source.tally({ tenantId, groupIds, from, to, timeZone }),
      this.deps.knowledgeBase.countDeflections(tenantId, from, to),
    ]);
    const statistics = computeStatistics({ from, to, timeZone, tally, deflections, levelOrder: rules.levels.map((level) => level.id) });
    return ok({ days, groupIds, timeZone, statistics });
  }
}
