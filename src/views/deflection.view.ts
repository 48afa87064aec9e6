import { cutAt } from '../domain/text.js';
import { t, type Language } from './i18n.js';
import { cardLines, plainText } from './plain-text.js';

/** A published article as a requester is offered it above the form. */
export interface OfferedArticle {
  readonly id: string;
  readonly title: string;
  /** the lines of the article that match the message */
  readonly snippet: string;
  readonly solution: string;
}

/**
 * Three solutions sit hidden on a card that also carries the whole form: each is cut so the
 * card stays well under Teams' size limit; the thank-you card shows the one that worked in full.
 */
export const OFFERED_SOLUTION_MAX = 1_500;

const preview = (solution: string): string => (solution.length > OFFERED_SOLUTION_MAX ? `${cutAt(solution, OFFERED_SOLUTION_MAX).trimEnd()}…` : solution);

/** What the form template draws above the form (nothing when `offered` is empty). */
export function offeredArticlesData(language: Language, offered: readonly OfferedArticle[]) {
  return {
    // written by staff, shown as text: never as markdown a title could turn into a link
    articles: offered.map((article, index) => ({
      id: article.id,
      title: plainText(article.title),
      snippet: plainText(article.snippet),
      solution: cardLines(plainText(preview(article.solution))),
      // the toggle's target: unique on the card, whatever the article ids look like
      solutionId: `deflection-solution-${index + 1}`,
    })),
    labels: {
      heading: t(language, 'deflection.heading'),
      intro: t(language, 'deflection.intro'),
      showSolution: t(language, 'deflection.showSolution'),
      solved: t(language, 'deflection.solved'),
    },
  };
}
