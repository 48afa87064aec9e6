import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { KnowledgeBase } from '../domain/ports/knowledge-base.js';

/**
 * A solution copied from an article (« Utiliser comme solution ») was proposed: the article
 * helped once more. Called after the solve succeeded; an article deleted meanwhile, or an
 * actor who may not write the knowledge base, counts nothing (the solve stands either way).
 */
export class CountArticleHelped {
  constructor(private readonly articles: KnowledgeBase) {}

  async execute(tenantId: string, actor: Actor, articleId: string): Promise<boolean> {
    if (!may(actor, 'kb.write')) return false;
    const article = await this.articles.get(tenantId, articleId);
    if (!article) return false;
    await this.articles.countHelped(tenantId, article.id);
    return true;
  }
}
