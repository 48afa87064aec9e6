import { checkStart } from '../domain/decide.js';
import type { CommandType } from '../domain/ticket-command.js';
import type { Ticket } from '../domain/ticket.js';
import { errorCard } from '../views/error.view.js';
import { messageCard } from '../views/message.view.js';
import type { ListRef } from '../views/ticket.view.js';
import type { BotServices } from './bot-services.js';
import type { Card, CardActionContext } from './card-action.js';
import { listRef, ticketNumberData } from './card-data.schemas.js';
import { cardLanguage, ticketResponse } from './ticket-response.js';

/** A channel's or a group chat's card is everyone's there (see ticket-response.ts). */
export const inSharedConversation = (context: CardActionContext): boolean =>
  context.origin.conversationType === 'channel' || context.origin.conversationType === 'groupChat';

/**
 * The ticket a form about `command` (« Modifier… », « Escalader… », « Alerter le responsable »…)
 * opens on, if the clicker may give that command now (the domain's own check); otherwise the card
 * they get instead: the ticket as it is, saying why (a requester never sees a staff form).
 */
export async function ticketForForm(
  services: BotServices,
  context: CardActionContext,
  command: CommandType,
): Promise<{ ticket: Ticket; back?: ListRef } | { card: Card }> {
  const { identity, actor, data } = context;
  const parsed = ticketNumberData.safeParse(data);
  if (!parsed.success) return { card: messageCard(identity.language, 'error.badData', 'error') };
  const { number } = parsed.data;
  const found = await services.viewTicket.execute(identity.tenantId, actor, number);
  if (!found.ok) return { card: errorCard(cardLanguage(services, context), found.error) };
  const ticket = found.value;
  const back = listRef.safeParse(data);
  const backRef = back.success ? { back: back.data } : {};
  const allowed = checkStart(ticket, command, actor);
  if (!allowed.ok) return { card: await ticketResponse(services, context, number, allowed, { successNotice: 'notice.saved', ...backRef }) };
  return { ticket, ...backRef };
}
