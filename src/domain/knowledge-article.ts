import type { Person } from './ticket.js';

/** The two languages of the helpdesk; an article is written in one and stemmed in it. */
export const ARTICLE_LANGUAGES = ['fr', 'en'] as const;
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];

/** A draft is staff-only, being checked before it is published for everyone. */
export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/**
 * A knowledge-base article (seed 003: solutions are saved to it; seeds 001/002: it is searched
 * before solving or transferring). `views` counts openings of the whole article, `helped` the
 * times it solved something: used as a ticket's solution, or « Ça a résolu mon problème ».
 */
export interface KnowledgeArticle {
  readonly id: string;
  readonly tenantId: string;
  readonly title: string;
  readonly symptoms: string;
  readonly solution: string;
  readonly categoryId: string | null;
  readonly language: ArticleLanguage;
  readonly status: ArticleStatus;
  readonly author: Person;
  /** the last person who changed it */
  readonly editor: Person;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly publishedAt: Date | null;
  readonly views: number;
  readonly helped: number;
  /** the ticket whose solution it was saved from, if any */
  readonly sourceTicket: { readonly id: string; readonly number: number } | null;
  /** optimistic-concurrency counter, +1 per saved change */
  readonly version: number;
}

/** Limits shared by the form, the use cases and the store. */
export const ARTICLE_LIMITS = {
  titleMax: 255,
  symptomsMax: 5_000,
  solutionMax: 10_000,
  /** a search is a few words: longer input is cut, never refused */
  queryMax: 200,
  /** best matches shown to staff */
  searchResults: 5,
  /** matches offered to a requester above the ticket form */
  deflectionResults: 3,
} as const;
