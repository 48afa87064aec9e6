import { DEFLECTION_MIN_SCORE } from '../../app/search-articles.use-case.js';
import type { Actor } from '../../domain/actor.js';
import { ARTICLE_LIMITS } from '../../domain/knowledge-article.js';
import { deflectionGoneCard, deflectionThanksCard } from '../../views/deflection-thanks.view.js';
import type { OfferedArticle } from '../../views/deflection.view.js';
import { errorCard } from '../../views/error.view.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { deflectData } from '../card-data.schemas.js';
import type { TurnIdentity } from '../turn-identity.js';
import { VERBS } from '../verbs.js';
import { formValuesFrom } from './create-ticket.handler.js';

/** The form is never late for the articles: past this, it goes without them. */
export const OFFER_TIMEOUT_MS = 1_500;

/**
 * The published articles to offer above the form of a described problem, in the language the
 * requester is answered in. Best effort: a failing or slow search logs one warning and offers
 * nothing, so the form always comes.
 */
export async function articlesToOffer(
  services: Pick<BotServices, 'searchArticles' | 'logger'>,
  identity: TurnIdentity,
  actor: Actor,
  text: string,
): Promise<OfferedArticle[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), OFFER_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const search = services.searchArticles.execute(identity.tenantId, actor, {
      text,
      language: identity.language,
      // the card speaks one language: articles in the other are dropped below, so ask for a few more
      limit: ARTICLE_LIMITS.searchResults,
      // a technician describing their own problem is a requester here: published articles only
      includeDrafts: false,
      minScore: DEFLECTION_MIN_SCORE,
    });
    const result = await Promise.race([search, late]);
    if (result === 'late') {
      // its failure, if it comes, is no one's to hear: the form has gone without it
      search.catch(() => undefined);
      services.logger?.warn({ timeoutMs: OFFER_TIMEOUT_MS }, 'knowledge-base search for a described problem timed out: the form is shown without articles');
      return [];
    }
    if (!result.ok) return [];
    return result.value
      .filter(({ article }) => article.language === identity.language)
      .slice(0, ARTICLE_LIMITS.deflectionResults)
      .map(({ article, snippet }) => ({ id: article.id, title: article.title, snippet, solution: article.solution }));
  } catch (error) {
    services.logger?.warn({ err: error }, 'knowledge-base search for a described problem failed: the form is shown without articles');
    return [];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * « Ça a résolu mon problème » on an article offered above the form. The requester is the
 * authenticated user; the draft id is the key, so a second click or a redelivered one counts
 * nothing and still thanks. No ticket is opened; what the form held comes along so
 * « Créer le ticket quand même » can bring it back as it was.
 */
export class DeflectHandler implements CardActionHandler {
  readonly verb = VERBS.deflect;

  constructor(private readonly services: BotServices) {}

  async handle({ identity, actor, data }: CardActionContext): Promise<Card> {
    const { language } = identity;
    const parsed = deflectData.safeParse(data);
    if (!parsed.success) return messageCard(language, 'error.badData', 'error');
    const { draftId, articleId } = parsed.data;
    const values = formValuesFrom(data);
    // per requester, as the ticket's intake key: a card forwarded to a colleague is their own deflection
    const result = await this.services.recordDeflection.execute(identity.tenantId, actor, { articleId, key: `${actor.id}:${draftId}` });
    if (!result.ok) {
      if (result.error.code === 'KB.NOT_FOUND') return deflectionGoneCard(language, draftId, values);
      return errorCard(language, result.error);
    }
    return deflectionThanksCard(language, result.value.article, draftId, values);
  }
}
