import type { NotificationKind, NotificationPayloads, Recipient, TicketRef } from '../../domain/notification.js';
import type { Ticket } from '../../domain/ticket.js';
import { t, type MessageKey } from '../i18n.js';
import { plainText } from '../plain-text.js';
import { ticketCard, type CardAudience } from '../ticket.view.js';
import type { NotificationReader, RenderContext, Renderer } from './renderer.js';

export interface TicketNoticeOptions<K extends NotificationKind> {
  /** the kind's own text (a reason, a solution), as `{note}` in the sentence */
  readonly note?: (payload: NotificationPayloads[K]) => string;
  /** the card's banner when it must say less than the summary (the card shows the rest); default: the sentence */
  readonly banner?: MessageKey;
  /** the kind's other placeholders (a group's name in the reader's language…), for the sentence and the banner */
  readonly vars?: (payload: NotificationPayloads[K], ctx: RenderContext) => Readonly<Record<string, string | number>>;
}

/**
 * Kinds that hand the reader the ticket itself, with the sentence as its banner: staff get
 * the technician card (in a channel, the compact queue card), the requester their own card,
 * where they answer a solution or the survey. In a personal chat the card refreshes to the
 * reader's own view; it is recorded as a copy, so it stays up to date. With the card, the
 * sentence is also the message's summary, which Teams shows as plain text (feed, toast):
 * it stays as typed there; alone (the ticket is gone), it is a markdown message and is escaped.
 */
export function ticketNotice<K extends NotificationKind>(key: MessageKey, options: TicketNoticeOptions<K> = {}): Renderer<K> {
  return (notification, ctx) => {
    const { language, reader, ticket, categories, groups } = ctx;
    const ref = notification.payload as unknown as TicketRef;
    const vars = {
      number: ref.number,
      title: ref.title,
      actor: notification.actor.name,
      note: options.note?.(notification.payload) ?? '',
      ...options.vars?.(notification.payload, ctx),
    };
    const text = t(language, key, vars);
    if (!ticket) return { text: plainText(text) };
    const audience = audienceOf(notification.recipient, ticket, reader);
    const card = ticketCard(ticket, {
      language,
      timeZone: reader.timeZone ?? undefined,
      categories,
      audience,
      compact: reader.inChannel,
      groups: audience === 'technician' ? groups : [],
      notice: options.banner ? t(language, options.banner, vars) : text,
      noticeStyle: 'good',
      refreshUserIds: reader.userMri ? [reader.userMri] : [],
      ...(ctx.serviceLevels ? { serviceLevels: ctx.serviceLevels } : {}),
    });
    return { text, card, ticketCard: audience };
  };
}

/** A channel is staff; in a personal chat, the ticket's requester reads the requester's card. */
function audienceOf(recipient: Recipient, ticket: Ticket, reader: NotificationReader): CardAudience {
  if (reader.inChannel) return 'technician';
  return recipient.kind === 'user' && recipient.user.id === ticket.requester.id ? 'requester' : 'technician';
}
