import articleTemplate from '../../cards/kb-article.card.json' with { type: 'json' };
import gapsTemplate from '../../cards/kb-gaps.card.json' with { type: 'json' };
import resultsTemplate from '../../cards/kb-results.card.json' with { type: 'json' };
import { categoryPath, type Category } from '../domain/category.js';
import type { KnowledgeArticle } from '../domain/knowledge-article.js';
import type { KbGap } from '../domain/ports/knowledge-base.js';
import { formatDateTime } from './format.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';

/** A search result as shown: the article and the passage around the words searched. */
export interface ShownHit {
  readonly article: KnowledgeArticle;
  readonly snippet: string;
}

/** « lacunes » as shown: since when (in the helpdesk's zone) and which categories. */
export interface ShownGaps {
  readonly from: Date;
  readonly timeZone: string;
  readonly gaps: readonly KbGap[];
}

const categoryOf = (language: Language, categories: readonly Category[], id: string | null) =>
  categoryPath(categories, id, language) ?? t(language, 'kb.noCategory');

/** « base <mots> »: the best articles, each opening in full (which counts a view). */
export function kbResultsCard(language: Language, categories: readonly Category[], query: string, hits: readonly ShownHit[], ticketNumber?: number) {
  const shown = plainText(query);
  return renderCard(resultsTemplate, {
    // searched from a ticket: each article may become its solution, and the way back
    ticketNumber: ticketNumber === undefined ? '' : String(ticketNumber),
    useLabel: t(language, 'kb.useAsSolution'),
    backLabel: t(language, 'kb.backToTicket'),
    title: t(language, 'kb.results.title', { query: shown }),
    empty: shown === '' ? t(language, 'kb.results.usage') : t(language, 'kb.results.none', { query: shown }),
    viewLabel: t(language, 'kb.view'),
    draftLabel: t(language, 'kb.draft'),
    hits: hits.map(({ article, snippet }) => ({
      id: article.id,
      title: plainText(article.title),
      draft: article.status === 'draft',
      snippet: plainText(snippet),
      meta: t(language, 'kb.results.meta', { category: categoryOf(language, categories, article.categoryId), count: article.helped }),
    })),
  });
}

/** One article in full: what it solves, how, who wrote it, how often it was read and helped. */
export function kbArticleCard(language: Language, categories: readonly Category[], article: KnowledgeArticle, timeZone: string | undefined, canEdit = false) {
  return renderCard(articleTemplate, {
    id: article.id,
    // staff correct an article where they read it
    canEdit,
    title: plainText(article.title),
    draft: article.status === 'draft',
    category: categoryOf(language, categories, article.categoryId),
    symptoms: plainText(article.symptoms),
    solution: plainText(article.solution),
    meta: t(language, 'kb.article.meta', {
      author: plainText(article.author.name),
      created: formatDateTime(article.createdAt, language, timeZone),
      updated: formatDateTime(article.updatedAt, language, timeZone),
    }),
    counts: t(language, 'kb.article.counts', { views: article.views, count: article.helped }),
    labels: { draft: t(language, 'kb.draft'), symptoms: t(language, 'kb.symptoms'), solution: t(language, 'kb.solution'), edit: t(language, 'kb.edit') },
  });
}

/** « lacunes »: where the next articles are most needed this month. */
export function kbGapsCard(language: Language, categories: readonly Category[], report: ShownGaps) {
  const from = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: report.timeZone }).format(report.from);
  return renderCard(gapsTemplate, {
    title: t(language, 'kb.gaps.title', { from }),
    intro: t(language, 'kb.gaps.intro'),
    empty: t(language, 'kb.gaps.none'),
    rows: report.gaps.map((gap) => ({
      category: categoryOf(language, categories, gap.categoryId),
      text: t(language, 'kb.gaps.row', { count: gap.solved, examples: gap.examples.map((n) => `#${n}`).join(', ') }),
    })),
  });
}
