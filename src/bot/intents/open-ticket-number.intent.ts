import { errorCard } from '../../views/error.view.js';
import type { CardActionContext } from '../card-action.js';
import { recordCopy, ticketCardFor } from '../ticket-response.js';
import type { ChatIntent } from './chat-intent.js';

/**
 * « #12 », « ticket 12 », « ticket n°12 ». Each run of spaces has one place in the pattern
 * (two optional runs side by side would be tried in every split: quadratic in a run's length).
 */
const NUMBER = /^(?:#\s*|ticket\s*(?:(?:n°|no\.?|#)\s*)?)(\d{1,9})$/;

/**
 * Opens one ticket by its number, for whoever may see it (others read "not found"). The
 * card is drawn and its copy recorded by the same rules as a card answering a click.
 */
export const openTicketNumber: ChatIntent<number> = {
  name: 'openTicketNumber',
  // the card follows its reader's rights: in a shared chat everyone would see them
  where: 'personal',
  select: (message) => {
    const match = NUMBER.exec(message.key);
    return match ? Number(match[1]) : null;
  },
  async handle(turn, number) {
    const { identity, services, actor } = turn;
    const found = await services.viewTicket.execute(identity.tenantId, actor, number);
    if (!found.ok) {
      await turn.send(errorCard(identity.language, found.error));
      return;
    }
    const origin = { conversationType: turn.message.conversationType, activityId: undefined, reference: turn.conversationReference() };
    const shown: CardActionContext = { identity, actor, data: {}, origin };
    const activityId = await turn.send(await ticketCardFor(services, shown, found.value, {}));
    // posted, it becomes a copy kept up to date like the others
    if (activityId) await recordCopy(services, { ...shown, origin: { ...origin, activityId } }, number);
  },
};
