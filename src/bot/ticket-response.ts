import { isStaff, type Actor } from '../domain/actor.js';
import type { PostedCard } from '../domain/ports/card-copy.repository.js';
import type { Result } from '../domain/result.js';
import type { Ticket } from '../domain/ticket.js';
import { languageOf, t, type MessageKey } from '../views/i18n.js';
import { ticketCard } from '../views/ticket.view.js';
import type { BotServices } from './bot-services.js';
import type { Card, CardActionContext } from './card-action.js';
import { errorCard } from './error-card.js';

/**
 * The card that replaces the clicked one: the ticket as it is now, with the buttons
 * this user may press. A lost race or a stale card shows the current ticket and says why.
 */
export async function ticketResponse(
  services: BotServices,
  context: CardActionContext,
  number: number,
  result: Result<Ticket>,
  successNotice?: MessageKey,
  /** a lost « Prendre » race says who won; other stale clicks just say the ticket changed */
  wasTake = false,
): Promise<Card> {
  const { identity, actor } = context;
  const { language } = identity;
  if (result.ok) return render(services, context, result.value, successNotice ? t(language, successNotice) : '', 'good');
  const { code } = result.error;
  if (code === 'TICKET.CONFLICT' || code === 'TICKET.ALREADY_TAKEN' || code === 'TICKET.VALIDATION' || code === 'TICKET.INVALID_TRANSITION' || code === 'TICKET.FORBIDDEN') {
    const current = await services.viewTicket.execute(identity.tenantId, actor, number);
    if (!current.ok) return errorCard(language, current.error);
    const notice =
      current.value.assignee && current.value.assignee.id !== actor.id && (code === 'TICKET.ALREADY_TAKEN' || (code === 'TICKET.CONFLICT' && wasTake))
        ? t(language, 'notice.takenBy', { name: current.value.assignee.name })
        : t(language, NOTICE_OF[code]);
    return render(services, context, current.value, notice, code === 'TICKET.VALIDATION' ? 'attention' : 'warning');
  }
  return errorCard(language, result.error);
}

const NOTICE_OF: Record<string, MessageKey> = {
  'TICKET.CONFLICT': 'error.conflict',
  'TICKET.ALREADY_TAKEN': 'error.alreadyTaken',
  'TICKET.VALIDATION': 'error.textRequired',
  'TICKET.INVALID_TRANSITION': 'error.invalidTransition',
  'TICKET.FORBIDDEN': 'error.forbidden',
};

/**
 * The copy that the card answering this click becomes: the clicked card is replaced in
 * place, so it is kept up to date from then on. None in a group chat, where one reader's
 * view would be shown to everyone.
 */
export function cardCopyOf(services: BotServices, context: CardActionContext): PostedCard | null {
  const { identity, actor, origin } = context;
  const compact = origin.conversationType === 'channel';
  const shared = origin.conversationType !== undefined && origin.conversationType !== 'personal' && !compact;
  if (!origin.activityId || shared) return null;
  return {
    activityId: origin.activityId,
    audience: audienceOf(actor),
    // the reader's chosen language; a channel copy is shared, so it keeps the helpdesk's
    locale: compact ? services.channelLocale : identity.language,
    timeZone: compact ? null : (identity.timeZone ?? null),
    reference: origin.reference,
  };
}

export async function render(
  services: BotServices,
  context: CardActionContext,
  ticket: Ticket,
  notice: string,
  noticeStyle: 'good' | 'warning' | 'attention',
  /** the copy was already recorded (with the new ticket itself) */
  copyRecorded = false,
): Promise<Card> {
  const { identity, actor, origin } = context;
  const audience = audienceOf(actor);
  const compact = origin.conversationType === 'channel';
  const copy = copyRecorded ? null : cardCopyOf(services, context);
  if (copy) await services.recordCardCopy.execute(identity.tenantId, ticket.number, copy);
  return ticketCard(ticket, {
    language: compact ? languageOf(services.channelLocale) : identity.language,
    timeZone: identity.timeZone,
    categories: services.categories,
    audience,
    viewer: actor,
    compact,
    notice,
    noticeStyle,
    groups: audience === 'technician' ? await services.groups.list(identity.tenantId) : [],
    refreshUserIds: identity.userMri ? [identity.userMri] : [],
  });
}

/** Staff see the technician card (even on their own request, they may work it); others the requester card. */
export const audienceOf = (actor: Actor): 'requester' | 'technician' => (isStaff(actor) ? 'technician' : 'requester');
