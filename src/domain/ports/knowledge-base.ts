import type { ArticleLanguage, KnowledgeArticle } from '../knowledge-article.js';

export interface ArticleMatch {
  readonly article: KnowledgeArticle;
  /** the store's relevance score: higher is better; only comparable within one search */
  readonly score: number;
}

export interface ArticleSearch {
  /** the words as typed (literal: never an operator), cut to ARTICLE_LIMITS.queryMax */
  readonly text: string;
  /** the searcher's language: how the words are stemmed */
  readonly language: ArticleLanguage;
  readonly limit: number;
  /** requesters see published articles only; staff see drafts too when true */
  readonly includeDrafts: boolean;
}

/** A requester's « Ça a résolu mon problème »: one per (tenant, key), counted once. */
export interface Deflection {
  readonly tenantId: string;
  readonly userId: string;
  readonly articleId: string;
  /** the draft the form was prepared for: a second click on the same card counts nothing */
  readonly key: string;
  readonly at: Date;
}

/** Where articles live and are searched (MongoDB text index, one language per article). */
export interface KnowledgeBase {
  /** inserts a new article (version 1) or replaces the stored one when `version - 1` is stored; false on a version clash */
  save(article: KnowledgeArticle): Promise<boolean>;
  get(tenantId: string, id: string): Promise<KnowledgeArticle | null>;
  search(tenantId: string, search: ArticleSearch): Promise<ArticleMatch[]>;
  /** +1 view (the whole article was opened) */
  countView(tenantId: string, id: string): Promise<void>;
  /** +1 helped (used as a solution, or a deflection) */
  countHelped(tenantId: string, id: string): Promise<void>;
  /** true when recorded, false when this key was already recorded (then nothing is counted) */
  recordDeflection(deflection: Deflection): Promise<boolean>;
  countDeflections(tenantId: string, from: Date, to: Date): Promise<number>;
  /** ids of tickets articles were saved from, among articles created since `since` */
  sourceTicketIds(tenantId: string, since: Date): Promise<string[]>;
}

/** One category solved without the knowledge base: how many tickets, and a few of their numbers. */
export interface KbGap {
  /** null: tickets solved with no category */
  readonly categoryId: string | null;
  readonly solved: number;
  /** the most recently solved first */
  readonly examples: readonly number[];
}

export interface KbGapsRequest {
  readonly tenantId: string;
  /** the lead's groups; null: every group (an admin) */
  readonly groupIds: readonly string[] | null;
  /** tickets solved in [from, to) */
  readonly from: Date;
  readonly to: Date;
  /** categories returned, most frequent first */
  readonly limit: number;
  /** ticket numbers given per category */
  readonly examples: number;
}

/**
 * « lacunes »: the categories of tickets solved in a period whose solutions used no article
 * (no `articleId`) and from which no article was saved (`sourceTicket`).
 */
export interface KbGapsQuery {
  gaps(request: KbGapsRequest): Promise<KbGap[]>;
}
