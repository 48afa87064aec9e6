import type { z } from 'zod';
import { t } from '../../views/i18n.js';
import { kbArticleEditCard } from '../../views/kb-article-edit.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { solveData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { TicketCommandHandler, type TicketCommandSpec } from './ticket-command.handler.js';

type SolveData = z.infer<typeof solveData>;

/** the clicks whose solution was proposed (the card answering them may become the article form) */
const solved = new WeakSet<CardActionContext>();

/**
 * « Résoudre… »: proposes a solution; the requester receives it. Copied from an article
 * (« Utiliser comme solution »), the solution remembers it and the article helped once more.
 */
export const solve: TicketCommandSpec<SolveData> = {
  verb: VERBS.solve,
  schema: solveData,
  async run({ number, solution, articleId }, services, context, seenVersion) {
    const { identity, actor } = context;
    const result = await services.changeTicket.execute(identity.tenantId, actor, number, seenVersion, {
      type: 'proposeSolution',
      text: solution,
      ...(articleId ? { articleId } : {}),
    });
    if (result.ok) {
      solved.add(context);
      if (articleId) await services.countArticleHelped.execute(identity.tenantId, actor, articleId);
    }
    return result;
  },
};

/**
 * The solve button's handler: the ticket card as for any command, unless « Ajouter à la base
 * de connaissances » was on and the solution went through: then the draft article taken from
 * the ticket, to check and publish (seed 003), with the way back to the ticket.
 */
export class SolveHandler implements CardActionHandler {
  readonly verb = VERBS.solve;
  private readonly command: TicketCommandHandler<SolveData>;

  constructor(private readonly services: BotServices) {
    this.command = new TicketCommandHandler(solve, services);
  }

  async handle(context: CardActionContext): Promise<Card> {
    const card = await this.command.handle(context);
    const parsed = solveData.safeParse(context.data);
    if (!parsed.success || !parsed.data.addToKb || !solved.has(context)) return card;
    const { identity, actor } = context;
    const draft = await this.services.saveArticle.execute(identity.tenantId, actor, {
      kind: 'fromTicket',
      ticketNumber: parsed.data.number,
      language: identity.language,
    });
    if (!draft.ok) return card;
    return kbArticleEditCard(identity.language, this.services.categories, draft.value, {
      notice: t(identity.language, 'kb.edit.fromTicket', { number: parsed.data.number }),
      ticketNumber: parsed.data.number,
    });
  }
}
