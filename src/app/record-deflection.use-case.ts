import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { KnowledgeArticle } from '../domain/knowledge-article.js';
import type { KnowledgeBase } from '../domain/ports/knowledge-base.js';
import { fail, ok, type Result } from '../domain/result.js';

export interface DeflectionOutcome {
  /** false: this draft's deflection was already recorded (a second click), nothing counted */
  readonly recorded: boolean;
  /** the article as it now is (helped +1 when recorded) */
  readonly article: KnowledgeArticle;
}

/**
 * « Ça a résolu mon problème »: a problem solved by a published article, with no ticket. Counted
 * once per key (the form's draft id) in the deflections, and as one more « helped » on the article.
 */
export class RecordDeflection {
  constructor(
    private readonly articles: KnowledgeBase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(tenantId: string, actor: Actor, input: { readonly articleId: string; readonly key: string }): Promise<Result<DeflectionOutcome>> {
    if (!may(actor, 'kb.read')) return fail('HELPDESK.FORBIDDEN', 'kb.read refused', { capability: 'kb.read' });
    const article = await this.articles.get(tenantId, input.articleId);
    if (!article) return fail('KB.NOT_FOUND', `no article ${input.articleId}`);
    // unpublished since the requester was offered it: nothing is counted
    if (article.status !== 'published') return fail('KB.NOT_FOUND', `article ${article.id} is not published`, { unpublished: true });
    const recorded = await this.articles.recordDeflection({ tenantId, userId: actor.id, articleId: article.id, key: input.key, at: this.now() });
    if (!recorded) return ok({ recorded, article });
    await this.articles.countHelped(tenantId, article.id);
    return ok({ recorded, article: { ...article, helped: article.helped + 1 } });
  }
}
