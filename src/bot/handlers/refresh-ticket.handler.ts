import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { VERBS } from '../verbs.js';
import { ViewTicketHandler } from './view-ticket.handler.js';

/**
 * Teams' card refresh and « Ouvrir »: the current ticket, as this user may see and act on
 * it. From the compact channel card, « Ouvrir » shows the full card (for that user only).
 */
export class RefreshTicketHandler implements CardActionHandler {
  readonly verb = VERBS.refreshTicket;
  private readonly view: ViewTicketHandler;

  constructor(services: BotServices) {
    this.view = new ViewTicketHandler(services);
  }

  handle(context: CardActionContext): Promise<Card> {
    return this.view.handle({ ...context, origin: { ...context.origin, conversationType: 'personal' } });
  }
}
