import { may } from '../../domain/capabilities.js';
import { errorCard } from '../../views/error.view.js';
import { kbArticleEditCard } from '../../views/kb-article-edit.view.js';
import { kbArticleCard } from '../../views/kb.view.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { viewArticleData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';

/** « Voir l'article »: the article in full in place of the results; a draft only for staff. */
export class KbViewArticleHandler implements CardActionHandler {
  readonly verb = VERBS.viewArticle;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const { language } = identity;
    const parsed = viewArticleData.safeParse(data);
    if (!parsed.success) return messageCard(language, 'error.badData', 'error');
    const viewed = await this.services.viewArticle.execute(identity.tenantId, actor, parsed.data.articleId);
    return viewed.ok ? kbArticleCard(language, this.services.categories, viewed.value, identity.timeZone, may(actor, 'kb.write')) : errorCard(language, viewed.error);
  }
}

/** « Modifier l'article »: its form, for staff (anyone else reads the refusal). */
export class KbEditArticleHandler implements CardActionHandler {
  readonly verb = VERBS.editArticle;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const { language } = identity;
    const parsed = viewArticleData.safeParse(data);
    if (!parsed.success) return messageCard(language, 'error.badData', 'error');
    const article = await this.services.viewArticle.forEditing(identity.tenantId, actor, parsed.data.articleId);
    return article.ok ? kbArticleEditCard(language, this.services.categories, article.value, {}) : errorCard(language, article.error);
  }
}
