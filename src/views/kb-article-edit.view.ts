import editTemplate from '../../cards/kb-article-edit.card.json' with { type: 'json' };
import { flattenCategories, type Category } from '../domain/category.js';
import { ARTICLE_LIMITS, type KnowledgeArticle } from '../domain/knowledge-article.js';
import { t, type Language } from './i18n.js';
import { renderCard } from './render-card.js';

/** What the form shows: the article as stored, or as typed when saving it was refused. */
export interface ArticleFormValues {
  readonly title: string;
  readonly symptoms: string;
  readonly solution: string;
  readonly category: string;
  readonly language: string;
}

export const valuesOf = (article: KnowledgeArticle): ArticleFormValues => ({
  title: article.title,
  symptoms: article.symptoms,
  solution: article.solution,
  category: article.categoryId ?? '',
  language: article.language,
});

/**
 * An article to check before publishing (seed 003: a solution saved to the knowledge base),
 * or to correct later; « Retour au ticket » when it came from one. Inputs hold text as typed:
 * they are no markdown.
 */
export function kbArticleEditCard(
  language: Language,
  categories: readonly Category[],
  article: KnowledgeArticle,
  shown: { readonly values?: ArticleFormValues; readonly notice?: string; readonly noticeColor?: 'Good' | 'Attention'; readonly ticketNumber?: number },
) {
  return renderCard(editTemplate, {
    id: article.id,
    version: article.version,
    number: shown.ticketNumber === undefined ? '' : String(shown.ticketNumber),
    draft: article.status === 'draft',
    notice: shown.notice ?? '',
    noticeColor: shown.noticeColor ?? 'Good',
    values: shown.values ?? valuesOf(article),
    categories: flattenCategories(categories, language),
    limits: { title: ARTICLE_LIMITS.titleMax, symptoms: ARTICLE_LIMITS.symptomsMax, solution: ARTICLE_LIMITS.solutionMax },
    labels: {
      title: t(language, 'kb.edit.title'),
      intro: t(language, 'kb.edit.intro'),
      draft: t(language, 'kb.draft'),
      fieldTitle: t(language, 'kb.edit.fieldTitle'),
      symptoms: t(language, 'kb.symptoms'),
      solution: t(language, 'kb.solution'),
      fieldCategory: t(language, 'kb.edit.fieldCategory'),
      fieldLanguage: t(language, 'kb.edit.fieldLanguage'),
      french: t(language, 'kb.edit.french'),
      english: t(language, 'kb.edit.english'),
      publish: t(language, 'kb.edit.publish'),
      saveDraft: t(language, 'kb.edit.saveDraft'),
      back: t(language, 'kb.backToTicket'),
      required: t(language, 'action.textRequired'),
    },
  });
}
