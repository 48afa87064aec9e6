import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import { ARTICLE_LIMITS, articleSnippet, literalQuery, type ArticleLanguage } from '../domain/knowledge-article.js';
import type { ArticleMatch, KnowledgeBase } from '../domain/ports/knowledge-base.js';
import { fail, ok, type Result } from '../domain/result.js';

export interface SearchArticlesInput {
  /** the words as typed: made literal and cut here */
  readonly text: string;
  /** the searcher's language: the words are stemmed in it */
  readonly language: ArticleLanguage;
  /** ARTICLE_LIMITS.searchResults when absent; never more than it */
  readonly limit?: number;
  /** staff may ask for drafts too; ignored for anyone else */
  readonly includeDrafts?: boolean;
  /** matches scoring below this are left out (the requester's « Ceci peut vous aider »: DEFLECTION_MIN_SCORE) */
  readonly minScore?: number;
}

/** A result line: the match and the extract shown under its title. */
export interface ArticleHit extends ArticleMatch {
  readonly snippet: string;
}

/**
 * Below this text score an article shares too little with the message to be offered to a
 * requester before the ticket form. Measured with the index's weights (title 10, symptoms 4,
 * solution 1): one word shared with the title and symptoms scores ≤ ~10.5 (« L’imprimante du 3e
 * fait un bruit bizarre » → « Imprimante hors ligne » 10.35, « Mon écran reste noir au démarrage »
 * → a VPN article « … au démarrage » 6.25), one word in a solution ~0.5; the problem an article
 * is about scores 17–32 (« Le VPN me dit connexion refusée » 26, « Mon mot de passe a expiré » 17.7).
 */
export const DEFLECTION_MIN_SCORE = 12;

/** « Rechercher une solution », « base <mots> », and the articles offered above the ticket form. */
export class SearchArticles {
  constructor(private readonly articles: KnowledgeBase) {}

  async execute(tenantId: string, actor: Actor, input: SearchArticlesInput): Promise<Result<ArticleHit[]>> {
    if (!may(actor, 'kb.read')) return fail('HELPDESK.FORBIDDEN', 'kb.read refused', { capability: 'kb.read' });
    const text = literalQuery(input.text);
    if (text === '') return ok([]);
    const limit = Math.max(1, Math.min(input.limit ?? ARTICLE_LIMITS.searchResults, ARTICLE_LIMITS.searchResults));
    const includeDrafts = input.includeDrafts === true && may(actor, 'kb.write');
    const matches = await this.articles.search(tenantId, { text, language: input.language, limit, includeDrafts });
    return ok(
      matches
        .filter((match) => match.score >= (input.minScore ?? 0))
        .map((match) => ({ ...match, snippet: articleSnippet(match.article, text) })),
    );
  }
}
