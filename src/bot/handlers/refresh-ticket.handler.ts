import type { BotServices } from '../bot-services.js';
import { VERBS, type Verb } from '../verbs.js';
import { ViewTicketHandler } from './view-ticket.handler.js';

/**
 * Teams' card refresh (the card's `refresh` action, for the users it lists): the current
 * ticket as this user may see and act on it, in their language. Teams shows a refresh's
 * answer to the client that asked only, so in a channel it is still that user's own view.
 */
export class RefreshTicketHandler extends ViewTicketHandler {
  override readonly verb: Verb = VERBS.refreshTicket;

  constructor(services: BotServices) {
    super(services, true);
  }
}
