import { errorCard } from '../../views/error.view.js';
import { ticketCard } from '../../views/ticket.view.js';
import { audienceOf } from '../ticket-response.js';
import type { ChatIntent } from './chat-intent.js';

/** « #12 », « ticket 12 », « ticket n°12 » */
const NUMBER = /^(?:#|ticket\s*(?:n°|no\.?|#)?)\s*(\d{1,9})$/;

/**
 * Opens one ticket by its number, for whoever may see it (others read "not found"). The
 * card posted is then kept up to date like any other copy.
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
    const { language, timeZone, tenantId } = identity;
    const found = await services.viewTicket.execute(tenantId, actor, number);
    if (!found.ok) {
      await turn.send(errorCard(language, found.error));
      return;
    }
    const audience = audienceOf(actor);
    const card = ticketCard(found.value, {
      language,
      timeZone,
      categories: services.categories,
      audience,
      viewer: actor,
      groups: audience === 'technician' ? await services.groups.list(tenantId) : [],
      refreshUserIds: identity.userMri ? [identity.userMri] : [],
    });
    const activityId = await turn.send(card);
    if (!activityId) return;
    const reference = turn.conversationReference();
    await services.recordCardCopy.execute(tenantId, number, { activityId, audience, locale: language, timeZone: timeZone ?? null, reference });
  },
};
