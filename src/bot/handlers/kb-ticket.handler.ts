import { isArticleLanguage } from '../../domain/knowledge-article.js';
import { errorCard, errorText } from '../../views/error.view.js';
import { t } from '../../views/i18n.js';
import { kbArticleEditCard } from '../../views/kb-article-edit.view.js';
import { kbResultsCard } from '../../views/kb.view.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { kbSaveArticleData, kbSearchForTicketData, kbUseArticleData } from '../card-data.schemas.js';
import { recordCopy, ticketCardFor } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Rechercher une solution »: the best published articles for the words, in place of the ticket card. */
export class KbSearchForTicketHandler implements CardActionHandler {
  readonly verb = VERBS.searchForTicket;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const parsed = kbSearchForTicketData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const { number, kbQuery } = parsed.data;
    const found = await this.services.searchArticles.execute(identity.tenantId, actor, { text: kbQuery, language: identity.language });
    if (!found.ok) return errorCard(identity.language, found.error);
    return kbResultsCard(identity.language, this.services.categories, kbQuery, found.value, number);
  }
}

/**
 * « Utiliser comme solution »: the ticket card back, « Résoudre… » holding the article's
 * solution to adapt, and the article's id sent with it so the solution remembers it.
 */
export class KbUseArticleHandler implements CardActionHandler {
  readonly verb = VERBS.useArticle;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor, data } = context;
    const parsed = kbUseArticleData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const { number, articleId } = parsed.data;
    const article = await this.services.viewArticle.execute(identity.tenantId, actor, articleId, { count: false });
    if (!article.ok) return errorCard(identity.language, article.error);
    const ticket = await this.services.viewTicket.execute(identity.tenantId, actor, number);
    if (!ticket.ok) return errorCard(identity.language, ticket.error);
    await recordCopy(this.services, context, number);
    return ticketCardFor(this.services, context, ticket.value, {
      notice: t(identity.language, 'kb.used', { title: article.value.title }),
      typed: { solution: article.value.solution },
      solveArticleId: article.value.id,
    });
  }
}

/** « Publier » / « Enregistrer le brouillon »: the article saved over the version shown; refused → the form as typed. */
export class KbSaveArticleHandler implements CardActionHandler {
  readonly verb = VERBS.saveArticle;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const { language } = identity;
    const parsed = kbSaveArticleData.safeParse(data);
    if (!parsed.success) return messageCard(language, 'error.badData', 'error');
    const { id, version, publish, number, title, symptoms, solution, category, language: articleLanguage } = parsed.data;
    const fields = { title, symptoms, solution, categoryId: category === '' ? null : category, language: articleLanguage };
    const saved = await this.services.saveArticle.execute(identity.tenantId, actor, { kind: 'edit', id, version, fields, publish });
    const ticketNumber = number === '' ? undefined : number;
    if (saved.ok) {
      return kbArticleEditCard(language, this.services.categories, saved.value, {
        notice: t(language, saved.value.status === 'published' ? 'kb.edit.published' : 'kb.edit.draftSaved'),
        ...(ticketNumber !== undefined ? { ticketNumber } : {}),
      });
    }
    // refused: the form again with what was typed and why, nothing lost
    const stored = await this.services.viewArticle.execute(identity.tenantId, actor, id, { count: false });
    if (!stored.ok) return errorCard(language, saved.error);
    return kbArticleEditCard(language, this.services.categories, stored.value, {
      values: { title, symptoms, solution, category, language: isArticleLanguage(articleLanguage) ? articleLanguage : '' },
      notice: errorText(language, saved.error),
      noticeColor: 'Attention',
      ...(ticketNumber !== undefined ? { ticketNumber } : {}),
    });
  }
}
