import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { listRef, readData, ticketNumberData } from '../card-data.schemas.js';
import { errorCard } from '../../views/error.view.js';
import { cardLanguage, recordCopy, ticketCardFor, type TicketAnswer } from '../ticket-response.js';
import { VERBS, type Verb } from '../verbs.js';

/**
 * Shows one ticket: « Voir » on a list line (the card then leads back to that list),
 * « Ouvrir » on the channel's queue card, « Voir plus » on a long text. The card shown
 * is then kept up to date. In a shared conversation it is that conversation's card.
 */
export class ViewTicketHandler implements CardActionHandler {
  readonly verb: Verb = VERBS.viewTicket;

  constructor(
    protected readonly services: BotServices,
    /** Teams' card refresh: the reader's own view, which Teams shows to that reader only */
    private readonly ownView = false,
  ) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor, data } = context;
    const parsed = ticketNumberData.safeParse(data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const { number } = parsed.data;
    const result = await this.services.viewTicket.execute(identity.tenantId, actor, number);
    if (!result.ok) return errorCard(cardLanguage(this.services, context, this.ownView), result.error);
    await recordCopy(this.services, context, number);
    const back = listRef.safeParse(data);
    const reading = readData.safeParse(data);
    const answer: TicketAnswer = {
      ownView: this.ownView,
      opened: true,
      ...(back.success ? { back: back.data } : {}),
      ...(reading.success ? { reading: { text: reading.data.read, from: reading.data.from } } : {}),
    };
    return ticketCardFor(this.services, context, result.value, answer);
  }
}
