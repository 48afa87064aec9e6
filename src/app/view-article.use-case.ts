import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { KnowledgeArticle } from '../domain/knowledge-article.js';
import type { KnowledgeBase } from '../domain/ports/knowledge-base.js';
import { fail, ok, type Result } from '../domain/result.js';

/**
 * « Voir l'article »: the whole article, one more view. A draft reads as "not found" to
 * someone who may not read drafts (`kb.write`). `count: false` shows it again without
 * counting (the card redrawn after an edit).
 */
export class ViewArticle {
  constructor(private readonly articles: KnowledgeBase) {}

  async execute(tenantId: string, actor: Actor, id: string, options: { readonly count?: boolean } = {}): Promise<Result<KnowledgeArticle>> {
    if (!may(actor, 'kb.read')) return fail('HELPDESK.FORBIDDEN', 'kb.read refused', { capability: 'kb.read' });
    const article = await this.articles.get(tenantId, id);
    if (!article || (article.status !== 'published' && !may(actor, 'kb.write'))) return fail('KB.NOT_FOUND', `no article ${id}`);
    if (options.count === false) return ok(article);
    await this.articles.countView(tenantId, id);
    return ok({ ...article, views: article.views + 1 });
  }

  /** « Modifier l'article »: the article to fill its form, for those who may write articles; not a view. */
  async forEditing(tenantId: string, actor: Actor, id: string): Promise<Result<KnowledgeArticle>> {
    if (!may(actor, 'kb.write')) return fail('HELPDESK.FORBIDDEN', 'kb.write refused', { capability: 'kb.write' });
    return this.execute(tenantId, actor, id, { count: false });
  }
}
