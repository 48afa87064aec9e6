import type { Db, Document } from 'mongodb';
import type { KbGap, KbGapsQuery, KbGapsRequest } from '../../domain/ports/knowledge-base.js';
import { MongoKnowledgeBase } from './mongo-knowledge-base.js';

/** « lacunes » is asked now and then by a lead; past this it fails rather than hold the chat answer. */
export const KB_GAPS_TIME_LIMIT_MS = 2_000;

/** The solved-tickets index the query starts from (registered in mongo-indexes.ts). */
export const SOLVED_AT_INDEX = 'tenant_solved_at';

/**
 * « lacunes » in one aggregation on the tickets: those solved in the period (in the groups
 * asked), none of whose solutions came from an article, and none saved as an article this
 * period, counted by category with the latest numbers as examples.
 */
export class MongoKbGaps implements KbGapsQuery {
  private readonly articles: MongoKnowledgeBase;

  constructor(private readonly db: Db) {
    this.articles = new MongoKnowledgeBase(db);
  }

  async gaps(request: KbGapsRequest): Promise<KbGap[]> {
    const { tenantId, from, limit, examples } = request;
    const match = gapsFilter(request, await this.articles.sourceTicketIds(tenantId, from));
    const rows = await this.db
      .collection('tickets')
      .aggregate<{ _id: string | null; solved: number; examples: number[] }>(
        [
          { $match: match },
          { $sort: { solvedAt: -1, number: -1 } },
          { $group: { _id: '$categoryId', solved: { $sum: 1 }, examples: { $push: '$number' } } },
          { $sort: { solved: -1, _id: 1 } },
          { $limit: Math.max(1, Math.trunc(limit)) },
          { $project: { solved: 1, examples: { $slice: ['$examples', Math.max(1, Math.trunc(examples))] } } },
        ],
        { maxTimeMS: KB_GAPS_TIME_LIMIT_MS },
      )
      .toArray();
    return rows.map((row) => ({ categoryId: row._id ?? null, solved: row.solved, examples: row.examples }));
  }
}

/** The tickets « lacunes » counts: solved in the period, in the groups, no solution from an article, no article from them. */
export function gapsFilter(request: Pick<KbGapsRequest, 'tenantId' | 'groupIds' | 'from' | 'to'>, written: readonly string[]): Document {
  return {
    tenantId: String(request.tenantId),
    // the `$type` lets the planner use the partial index (a bare range does not imply it)
    solvedAt: { $type: 'date', $gte: request.from, $lt: request.to },
    ...(request.groupIds === null ? {} : { groupId: { $in: request.groupIds.map(String) } }),
    'solutions.articleId': { $exists: false },
    ...(written.length > 0 ? { _id: { $nin: [...written] } } : {}),
  };
}
