import { may } from '../../domain/capabilities.js';
import { canStartFrom } from '../../domain/lifecycle.js';
import { fail, ok, type Result } from '../../domain/result.js';
import type { Ticket } from '../../domain/ticket.js';
import { errorCard } from '../../views/error.view.js';
import { escalateFormCard } from '../../views/escalate-form.view.js';
import { messageCard } from '../../views/message.view.js';
import type { ListRef } from '../../views/ticket.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { listRef, ticketNumberData } from '../card-data.schemas.js';
import { cardLanguage, ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** A channel's or a group chat's card is everyone's there (see ticket-response.ts). */
export const inSharedConversation = (context: CardActionContext): boolean =>
  context.origin.conversationType === 'channel' || context.origin.conversationType === 'groupChat';

/**
 * The ticket a form about `command` is opened on, if the clicker may do it now; otherwise
 * the card they get instead: the ticket as it is, saying why (a requester never sees the form).
 */
export async function ticketForForm(
  services: BotServices,
  context: CardActionContext,
  command: 'escalate' | 'alertLead',
): Promise<{ ticket: Ticket; back?: ListRef } | { card: Card }> {
  const { identity, actor, data } = context;
  const parsed = ticketNumberData.safeParse(data);
  if (!parsed.success) return { card: messageCard(identity.language, 'error.badData', 'error') };
  const { number } = parsed.data;
  const found = await services.viewTicket.execute(identity.tenantId, actor, number);
  if (!found.ok) return { card: errorCard(cardLanguage(services, context), found.error) };
  const ticket = found.value;
  const back = listRef.safeParse(data);
  const allowed: Result<Ticket> = !canStartFrom(command, ticket.status)
    ? fail('TICKET.INVALID_TRANSITION', `cannot ${command} a ticket that is ${ticket.status}`, { command, status: ticket.status })
    : !may(actor, `ticket.${command}`, { ticket })
      ? fail('TICKET.FORBIDDEN', `${actor.id} may not ticket.${command}`, { capability: `ticket.${command}` })
      : ok(ticket);
  if (!allowed.ok) {
    return { card: await ticketResponse(services, context, number, allowed, { successNotice: 'notice.saved', ...(back.success ? { back: back.data } : {}) }) };
  }
  return { ticket, ...(back.success ? { back: back.data } : {}) };
}

/** « Escalader… » on the ticket card: the escalation form takes the card's place, its summary prefilled. */
export class EscalateFormHandler implements CardActionHandler {
  readonly verb = VERBS.escalateForm;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const opened = await ticketForForm(this.services, context, 'escalate');
    if ('card' in opened) return opened.card;
    const shared = inSharedConversation(context);
    return escalateFormCard(opened.ticket, await this.services.groups.list(context.identity.tenantId), {
      language: cardLanguage(this.services, context),
      timeZone: shared ? undefined : context.identity.timeZone,
      shared,
      ...(opened.back ? { back: opened.back } : {}),
    });
  }
}
