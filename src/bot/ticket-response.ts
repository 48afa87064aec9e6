import { isStaff, type Actor } from '../domain/actor.js';
import type { PostedCard } from '../domain/ports/card-copy.repository.js';
import type { ErrorCode, Result } from '../domain/result.js';
import type { Ticket } from '../domain/ticket.js';
import { errorCard, errorText } from '../views/error.view.js';
import { languageOf, t, type Language, type MessageKey } from '../views/i18n.js';
import { ticketCard, type ListRef, type Reading, type TypedInput } from '../views/ticket.view.js';
import type { BotServices } from './bot-services.js';
import type { Card, CardActionContext } from './card-action.js';

/** How the answering card is drawn, beyond the ticket itself. */
export interface TicketAnswer {
  readonly notice?: string;
  readonly noticeStyle?: 'good' | 'warning' | 'attention';
  readonly back?: ListRef;
  readonly reading?: Reading;
  readonly typed?: TypedInput;
  /** « Utiliser comme solution »: the article the solve form's text comes from */
  readonly solveArticleId?: string;
  /**
   * the reader's own view even in a shared conversation: only for Teams' card refresh,
   * whose answer Teams shows to the one client that asked for it (user-specific views)
   */
  readonly ownView?: boolean;
  /** « Ouvrir » on the compact channel card: the whole (shared) ticket rather than the queue card */
  readonly opened?: boolean;
}

/** Refusals answered with the ticket as it now is (and what was typed, kept) rather than an error card. */
const SHOWN_WITH_TICKET: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TICKET.CONFLICT',
  'TICKET.ALREADY_TAKEN',
  'TICKET.VALIDATION',
  'TICKET.INVALID_TRANSITION',
  'TICKET.FORBIDDEN',
  // the survey answered already, or over: the card shows the answer, or says the time is over
  'TICKET.ALREADY_RATED',
  'TICKET.SURVEY_CLOSED',
  'HELPDESK.UNKNOWN_TECHNICIAN',
  'HELPDESK.UNKNOWN_GROUP',
]);

/**
 * The card that replaces the clicked one: the ticket as it is now. A lost race or a stale
 * card shows the current ticket, says why, and keeps what was typed in its field.
 */
export async function ticketResponse(
  services: BotServices,
  context: CardActionContext,
  number: number,
  result: Result<Ticket>,
  answer: {
    readonly successNotice: MessageKey;
    readonly back?: ListRef;
    readonly typed?: TypedInput;
    /** a lost « Prendre » race says who won; other stale clicks just say the ticket changed */
    readonly wasTake?: boolean;
  },
): Promise<Card> {
  const { identity, actor } = context;
  const language = cardLanguage(services, context);
  if (result.ok) {
    await recordCopy(services, context, number);
    return ticketCardFor(services, context, result.value, { notice: t(language, answer.successNotice), back: answer.back });
  }
  const { code } = result.error;
  if (!SHOWN_WITH_TICKET.has(code)) return errorCard(language, result.error);
  const current = await services.viewTicket.execute(identity.tenantId, actor, number);
  if (!current.ok) return errorCard(language, current.error);
  await recordCopy(services, context, number);
  const takenBy =
    current.value.assignee && current.value.assignee.id !== actor.id && (code === 'TICKET.ALREADY_TAKEN' || (code === 'TICKET.CONFLICT' && answer.wasTake));
  const notice = takenBy ? t(language, 'notice.takenBy', { name: current.value.assignee!.name }) : errorText(language, result.error);
  return ticketCardFor(services, context, current.value, {
    notice,
    noticeStyle: code === 'TICKET.VALIDATION' ? 'attention' : 'warning',
    back: answer.back,
    typed: answer.typed,
  });
}

const isShared = (context: CardActionContext): boolean => {
  const type = context.origin.conversationType;
  return type === 'channel' || type === 'groupChat';
};

/** The language of the answering card, its notice included: a shared conversation's is the helpdesk's. */
export const cardLanguage = (services: BotServices, context: CardActionContext, ownView = false): Language =>
  isShared(context) && !ownView ? languageOf(services.channelLocale) : context.identity.language;

/**
 * The copy that the card answering this click becomes: the clicked card is replaced in
 * place, so it is kept up to date from then on. A channel's copy is the channel's (its
 * language, the team's view) whoever clicked; none in a group chat, which is no group's.
 */
export function cardCopyOf(services: BotServices, context: CardActionContext): PostedCard | null {
  const { identity, actor, origin } = context;
  if (!origin.activityId || origin.conversationType === 'groupChat') return null;
  if (origin.conversationType === 'channel') {
    return { activityId: origin.activityId, audience: 'technician', locale: services.channelLocale, timeZone: null, reference: origin.reference };
  }
  return {
    activityId: origin.activityId,
    audience: audienceOf(actor),
    locale: identity.language,
    timeZone: identity.timeZone ?? null,
    reference: origin.reference,
  };
}

/**
 * Records where the answering card sits (a use case: rendering never writes). Not for a click on
 * an SLA digest: that message is the digest's, which the dispatcher redraws in place once the
 * ticket's change reaches it; recorded as a ticket copy, both would write over each other.
 */
export async function recordCopy(services: BotServices, context: CardActionContext, number: number): Promise<void> {
  if (fromDigest(context)) return;
  const copy = cardCopyOf(services, context);
  if (copy) await services.recordCardCopy.execute(context.identity.tenantId, number, copy);
}

/**
 * The ticket card for where it is shown. In a channel or a group chat everyone sees the
 * card the bot answers with, so it is drawn for the conversation (the helpdesk's language,
 * no private followups, buttons that do not depend on who clicked); the clicker's own view
 * comes through the card's refresh, which lists them.
 */
export async function ticketCardFor(services: BotServices, context: CardActionContext, ticket: Ticket, answer: TicketAnswer): Promise<Card> {
  const { identity, actor, origin } = context;
  const shared = isShared(context) && !answer.ownView;
  const audience = shared ? (origin.conversationType === 'channel' ? 'technician' : 'requester') : audienceOf(actor);
  return ticketCard(ticket, {
    language: cardLanguage(services, context, answer.ownView),
    timeZone: shared ? undefined : identity.timeZone,
    categories: services.categories,
    audience,
    ...(shared ? { shared: true } : { viewer: actor }),
    // a channel shows the queue card, as the dispatcher redraws it, unless someone opened the ticket
    ...(shared && origin.conversationType === 'channel' && !answer.opened ? { compact: true } : {}),
    notice: answer.notice ?? '',
    noticeStyle: answer.noticeStyle ?? 'good',
    groups: audience === 'technician' ? await services.groups.list(identity.tenantId) : [],
    refreshUserIds: identity.userMri ? [identity.userMri] : [],
    ...(answer.back ? { back: answer.back } : {}),
    ...(answer.reading ? { reading: answer.reading } : {}),
    ...(answer.typed ? { typed: answer.typed } : {}),
    ...(answer.solveArticleId ? { solveArticleId: answer.solveArticleId } : {}),
    ...(services.settings ? { serviceLevels: await services.settings.serviceLevels(identity.tenantId) } : {}),
  });
}

/** Staff see the technician card (even on their own request, they may work it); others the requester card. */
export const audienceOf = (actor: Actor): 'requester' | 'technician' => (isStaff(actor) ? 'technician' : 'requester');

/** The click came from an SLA digest card (its buttons carry the digest's id). */
export const fromDigest = (context: CardActionContext): boolean => typeof context.data.digest === 'string';
