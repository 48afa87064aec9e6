import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { ARTICLE_LANGUAGES, ARTICLE_STATUSES, type ArticleLanguage, type KnowledgeArticle } from '../../domain/knowledge-article.js';
import type { ArticleMatch, ArticleSearch, Deflection, KnowledgeBase } from '../../domain/ports/knowledge-base.js';
import { silentLogger, type Logger } from '../../domain/ports/logger.js';

export const ARTICLES_COLLECTION = 'articles';
export const DEFLECTIONS_COLLECTION = 'deflections';
export const ARTICLES_TEXT_INDEX = 'articles_text';

/**
 * MongoDB's names for the stemmers: each article is indexed in its own language (the text
 * index's `language_override` field) and a search is stemmed in the searcher's.
 */
const TEXT_LANGUAGE: Readonly<Record<ArticleLanguage, 'french' | 'english'>> = { fr: 'french', en: 'english' };
export const TEXT_LANGUAGE_FIELD = 'textLanguage';

/** A search that takes longer than this fails rather than hold a chat answer (the caller shows no articles). */
export const SEARCH_TIME_LIMIT_MS = 500;

const person = z.object({ id: z.string(), name: z.string() });

const articleDocumentSchema = z.object({
  _id: z.string(),
  id: z.string(),
  tenantId: z.string(),
  title: z.string(),
  symptoms: z.string(),
  solution: z.string(),
  categoryId: z.string().nullable(),
  language: z.enum(ARTICLE_LANGUAGES),
  textLanguage: z.enum(['french', 'english']),
  status: z.enum(ARTICLE_STATUSES),
  author: person,
  editor: person,
  createdAt: z.date(),
  updatedAt: z.date(),
  publishedAt: z.date().nullable(),
  views: z.number().int().min(0),
  helped: z.number().int().min(0),
  sourceTicket: z.object({ id: z.string(), number: z.number().int() }).nullable(),
  version: z.number().int().min(1),
});

type ArticleDocument = z.infer<typeof articleDocumentSchema>;

interface DeflectionDocument extends Deflection {
  readonly _id: string;
}

/** One tenant's article ids cannot collide with another's: the key says whose it is. */
const keyOf = (tenantId: string, id: string) => `${String(tenantId)}:${String(id)}`;

function toDocument(article: KnowledgeArticle): ArticleDocument {
  return { _id: keyOf(article.tenantId, article.id), ...article, textLanguage: TEXT_LANGUAGE[article.language] };
}

/**
 * Articles in MongoDB, searched with one text index (a collection may have only one) over
 * title, symptoms and solution, the title weighing most. Counters are `$inc`s on the one
 * document, outside the version an editor saves against, so a view never clashes with an edit.
 */
export class MongoKnowledgeBase implements KnowledgeBase {
  private readonly articles: Collection<ArticleDocument>;
  private readonly deflections: Collection<DeflectionDocument>;

  /** @param logger where malformed documents are reported (silent by default) */
  constructor(
    db: Db,
    private readonly logger: Logger = silentLogger,
  ) {
    this.articles = db.collection<ArticleDocument>(ARTICLES_COLLECTION);
    this.deflections = db.collection<DeflectionDocument>(DEFLECTIONS_COLLECTION);
  }

  async save(article: KnowledgeArticle): Promise<boolean> {
    const document = toDocument(article);
    if (article.version === 1) {
      try {
        await this.articles.insertOne(document);
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === 11000) return false;
        throw error;
      }
    }
    // views and helped are left as stored: counted meanwhile, they are not the editor's to overwrite
    const { _id, views: _views, helped: _helped, ...fields } = document;
    const saved = await this.articles.updateOne({ _id, tenantId: document.tenantId, version: article.version - 1 }, { $set: fields });
    return saved.matchedCount === 1;
  }

  async get(tenantId: string, id: string): Promise<KnowledgeArticle | null> {
    const document = await this.articles.findOne({ _id: keyOf(tenantId, id) });
    return document ? this.parse(document) : null;
  }

  async search(tenantId: string, search: ArticleSearch): Promise<ArticleMatch[]> {
    // `text` is already literal (literalQuery): no phrase, no negation; nothing else in $search is an operator
    const documents = await this.articles
      .find(
        {
          tenantId: String(tenantId),
          $text: { $search: String(search.text), $language: TEXT_LANGUAGE[search.language] },
          ...(search.includeDrafts ? {} : { status: 'published' as const }),
        },
        {
          projection: { score: { $meta: 'textScore' } },
          sort: { score: { $meta: 'textScore' }, helped: -1, _id: 1 },
          limit: Math.max(1, Math.trunc(search.limit)),
          maxTimeMS: SEARCH_TIME_LIMIT_MS,
        },
      )
      .toArray();
    const matches: ArticleMatch[] = [];
    for (const { score, ...document } of documents as (ArticleDocument & { score: number })[]) {
      const article = this.parse(document);
      if (article) matches.push({ article, score });
    }
    return matches;
  }

  async countView(tenantId: string, id: string): Promise<void> {
    await this.articles.updateOne({ _id: keyOf(tenantId, id) }, { $inc: { views: 1 } });
  }

  async countHelped(tenantId: string, id: string): Promise<void> {
    await this.articles.updateOne({ _id: keyOf(tenantId, id) }, { $inc: { helped: 1 } });
  }

  async recordDeflection(deflection: Deflection): Promise<boolean> {
    try {
      await this.deflections.insertOne({ _id: keyOf(deflection.tenantId, deflection.key), ...deflection });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return false;
      throw error;
    }
  }

  async countDeflections(tenantId: string, from: Date, to: Date): Promise<number> {
    return this.deflections.countDocuments({ tenantId: String(tenantId), at: { $gte: from, $lt: to } });
  }

  async sourceTicketIds(tenantId: string, since: Date): Promise<string[]> {
    const ids = await this.articles.distinct('sourceTicket.id', { tenantId: String(tenantId), createdAt: { $gte: since }, 'sourceTicket.id': { $type: 'string' } });
    return ids.filter((id): id is string => typeof id === 'string');
  }

  private parse(document: unknown): KnowledgeArticle | null {
    const parsed = articleDocumentSchema.safeParse(document);
    if (!parsed.success) {
      const id = (document as { _id?: unknown })._id;
      this.logger.error({ id, issues: parsed.error.message }, `malformed article document ${String(id)}`);
      return null;
    }
    const { _id, textLanguage: _language, ...article } = parsed.data;
    return article;
  }
}

/**
 * The articles' one text index (tenant first: a search reads its tenant's keys only; the
 * language of each article in `textLanguage`, 'none' — no stemming, no stop words — for a
 * document without one), the deflections' key, and what « lacunes » and the statistics ask.
 * Idempotent (called by ensureIndexes at every start).
 */
export async function ensureKnowledgeBaseIndexes(db: Db): Promise<void> {
  await db.collection(ARTICLES_COLLECTION).createIndexes([
    {
      key: { tenantId: 1, title: 'text', symptoms: 'text', solution: 'text' },
      name: ARTICLES_TEXT_INDEX,
      weights: { title: 10, symptoms: 4, solution: 1 },
      default_language: 'none',
      language_override: TEXT_LANGUAGE_FIELD,
    },
    // articles saved from tickets, by creation date (« lacunes »: the tickets an article came from this month)
    { key: { tenantId: 1, createdAt: 1 }, name: 'tenant_created' },
  ]);
  await db.collection(DEFLECTIONS_COLLECTION).createIndexes([
    { key: { tenantId: 1, key: 1 }, name: 'tenant_key_unique', unique: true },
    { key: { tenantId: 1, at: 1 }, name: 'tenant_at' },
  ]);
}
