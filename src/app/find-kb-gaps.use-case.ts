import { DateTime } from 'luxon';
import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { HelpdeskSettings } from '../domain/ports/helpdesk-settings.js';
import type { KbGap, KbGapsQuery } from '../domain/ports/knowledge-base.js';
import { watchedGroups } from '../domain/queue.js';
import { fail, ok, type Result } from '../domain/result.js';

/** What « lacunes » shows: the month it covers and its categories, most frequent first. */
export interface KbGapsReport {
  /** the first instant of the current month in the helpdesk's time zone */
  readonly from: Date;
  /** now: the month so far */
  readonly to: Date;
  readonly timeZone: string;
  readonly gaps: readonly KbGap[];
}

export interface FindKbGapsDeps {
  readonly gaps: KbGapsQuery;
  /** the business calendar's time zone says when the month starts */
  readonly settings: Pick<HelpdeskSettings, 'serviceLevels'>;
  readonly now?: () => Date;
}

/** Categories listed, and ticket numbers shown per category. */
export const KB_GAPS_LIMIT = 10;
export const KB_GAPS_EXAMPLES = 3;

/**
 * « lacunes » / « kb gaps » (`kb.gaps`): for the lead's groups (every group for an admin), the
 * categories where tickets were solved this calendar month with no article used nor written:
 * the articles most worth writing next.
 */
export class FindKbGaps {
  constructor(private readonly deps: FindKbGapsDeps) {}

  async execute(tenantId: string, actor: Actor): Promise<Result<KbGapsReport>> {
    if (!may(actor, 'kb.gaps')) return fail('HELPDESK.FORBIDDEN', 'kb.gaps refused', { capability: 'kb.gaps' });
    const now = (this.deps.now ?? (() => new Date()))();
    const { timeZone } = (await this.deps.settings.serviceLevels(tenantId)).calendar;
    const from = DateTime.fromJSDate(now, { zone: timeZone }).startOf('month').toJSDate();
    const gaps = await this.deps.gaps.gaps({ tenantId, groupIds: watchedGroups(actor), from, to: now, limit: KB_GAPS_LIMIT, examples: KB_GAPS_EXAMPLES });
    return ok({ from, to: now, timeZone, gaps });
  }
}
