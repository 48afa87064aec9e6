import { fail, ok, type Result } from './result.js';
import { cutAt, foldText, isSpace, trimEndWhile } from './text.js';
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

/** What staff type on the article form; the rest of an article is the store's and the clock's. */
export interface ArticleFields {
  readonly title: string;
  readonly symptoms: string;
  readonly solution: string;
  readonly categoryId: string | null;
  readonly language: ArticleLanguage;
}

/** The fields a `KB.VALIDATION` error can name (`details.field`), with `details.max` for a length. */
export type ArticleField = 'title' | 'symptoms' | 'solution' | 'category' | 'language';

/**
 * The form's fields trimmed and checked: a title and a solution are required, symptoms may be
 * empty, each within ARTICLE_LIMITS; `knownCategory` says whether a category id exists.
 */
export function validateArticleFields(
  input: { readonly title: string; readonly symptoms: string; readonly solution: string; readonly categoryId: string | null; readonly language: string },
  knownCategory: (id: string) => boolean = () => true,
): Result<ArticleFields> {
  const title = input.title.trim();
  const symptoms = input.symptoms.trim();
  const solution = input.solution.trim();
  if (title === '') return invalid('title');
  if (title.length > ARTICLE_LIMITS.titleMax) return invalid('title', ARTICLE_LIMITS.titleMax);
  if (symptoms.length > ARTICLE_LIMITS.symptomsMax) return invalid('symptoms', ARTICLE_LIMITS.symptomsMax);
  if (solution === '') return invalid('solution');
  if (solution.length > ARTICLE_LIMITS.solutionMax) return invalid('solution', ARTICLE_LIMITS.solutionMax);
  if (!isArticleLanguage(input.language)) return invalid('language');
  const categoryId = input.categoryId === null || input.categoryId.trim() === '' ? null : input.categoryId.trim();
  if (categoryId !== null && !knownCategory(categoryId)) return invalid('category');
  return ok({ title, symptoms, solution, categoryId, language: input.language });
}

const invalid = (field: ArticleField, max?: number) =>
  fail('KB.VALIDATION', max === undefined ? `${field} is required` : `${field} is longer than ${max}`, max === undefined ? { field } : { field, max });

export const isArticleLanguage = (value: string): value is ArticleLanguage => (ARTICLE_LANGUAGES as readonly string[]).includes(value);

/** A new article: a draft unless published at once, counted from zero. */
export function newArticle(
  base: { readonly id: string; readonly tenantId: string; readonly author: Person; readonly now: Date; readonly sourceTicket?: KnowledgeArticle['sourceTicket'] },
  fields: ArticleFields,
  publish: boolean,
): KnowledgeArticle {
  return {
    id: base.id,
    tenantId: base.tenantId,
    ...fields,
    status: publish ? 'published' : 'draft',
    author: base.author,
    editor: base.author,
    createdAt: base.now,
    updatedAt: base.now,
    publishedAt: publish ? base.now : null,
    views: 0,
    helped: 0,
    sourceTicket: base.sourceTicket ?? null,
    version: 1,
  };
}

/**
 * The article with the editor's fields. Publishing a draft stamps `publishedAt`; saving
 * without publishing keeps the status it had (a published article stays published).
 */
export function editArticle(article: KnowledgeArticle, fields: ArticleFields, publish: boolean, editor: Person, now: Date): KnowledgeArticle {
  const status: ArticleStatus = publish ? 'published' : article.status;
  return {
    ...article,
    ...fields,
    status,
    editor,
    updatedAt: now,
    publishedAt: status === 'published' ? (article.publishedAt ?? now) : null,
    version: article.version + 1,
  };
}

/**
 * The words of a search as the text index must read them: literal. A `"` would open a phrase
 * and a leading `-` negate a word, so both go; nothing else in `$search` is an operator. Cut
 * to ARTICLE_LIMITS.queryMax; an empty result means "search nothing".
 */
export function literalQuery(text: string): string {
  // bounded work whatever was pasted: the words beyond the limit are dropped anyway
  const words = cutAt(text, ARTICLE_LIMITS.queryMax * 4).replaceAll('"', ' ').split(/\s+/u);
  const kept: string[] = [];
  for (const word of words) {
    let start = 0;
    while (start < word.length && word[start] === '-') start += 1;
    if (start < word.length) kept.push(word.slice(start));
  }
  return trimEndWhile(cutAt(kept.join(' '), ARTICLE_LIMITS.queryMax), isSpace);
}

/** How long a snippet is, in characters, before the ellipses. */
export const SNIPPET_MAX = 160;

/**
 * A short extract of the article for a result line: the part of the symptoms (or else the
 * solution) where a searched word first appears, or its beginning; whitespace collapsed.
 */
export function articleSnippet(article: Pick<KnowledgeArticle, 'symptoms' | 'solution'>, query = '', max = SNIPPET_MAX): string {
  const source = (article.symptoms.trim() !== '' ? article.symptoms : article.solution).split(/\s+/u).filter(Boolean).join(' ');
  if (source.length <= max) return source;
  const at = firstMatch(source, query);
  let start = at > max / 4 ? at - Math.floor(max / 4) : 0;
  if (start > 0) {
    const space = source.indexOf(' ', start);
    start = space === -1 || space >= at ? start : space + 1;
  }
  let end = Math.min(source.length, start + max);
  if (end < source.length) {
    const space = source.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  return `${start > 0 ? '…' : ''}${source.slice(start, end)}${end < source.length ? '…' : ''}`;
}

/** Where the first searched word (its first five letters: a rough stem) appears; 0 when none or when folding moved the letters. */
function firstMatch(source: string, query: string): number {
  const folded = foldText(source);
  if (folded.length !== source.length) return 0;
  let best = -1;
  for (const word of foldText(query).split(/\s+/u)) {
    if (word.length < 3) continue;
    const at = folded.indexOf(word.slice(0, 5));
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return Math.max(best, 0);
}
