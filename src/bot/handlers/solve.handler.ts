import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { solveData } from '../card-data.schemas.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Résoudre… »: proposes a solution; the requester receives it. */
export class SolveHandler implements CardActionHandler {
  readonly verb = VERBS.solve;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = solveData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const { number, version, solution } = parsed.data;
    const result = await this.services.changeTicket.execute(context.identity.tenantId, context.actor, number, version, {
      type: 'proposeSolution',
      text: solution,
    });
    return ticketResponse(this.services, context, number, result, 'notice.saved');
  }
}
