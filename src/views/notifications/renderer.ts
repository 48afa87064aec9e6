import type { Category } from '../../domain/category.js';
import type { Group } from '../../domain/group.js';
import type { Notification, NotificationKind } from '../../domain/notification.js';
import type { ServiceLevelRules } from '../../domain/sla.js';
import type { Ticket } from '../../domain/ticket.js';
import type { Language } from '../i18n.js';

/** Who reads a message, and where. */
export interface NotificationReader {
  readonly locale: string;
  readonly timeZone?: string | null;
  /** Teams' id of the one reader of a personal chat, for the card's per-user refresh */
  readonly userMri?: string | null;
  /** a channel is read by the whole team: compact card, the helpdesk's language */
  readonly inChannel: boolean;
}

export interface RenderContext {
  readonly language: Language;
  readonly reader: NotificationReader;
  /** the ticket as it is now, for kinds about one ticket */
  readonly ticket: Ticket | null;
  readonly categories: readonly Category[];
  readonly groups: readonly Group[];
  /** the helpdesk's service levels: the ticket card's « À risque » threshold (defaults without) */
  readonly serviceLevels?: ServiceLevelRules;
}

export interface RenderedNotification {
  /** alone, a markdown message (user text escaped); with a card, its plain-text summary */
  readonly text?: string;
  readonly card?: Record<string, unknown>;
  /** the message carries the ticket card drawn for this audience: a copy to keep up to date */
  readonly ticketCard?: 'requester' | 'technician';
}

/** One kind's view: what its reader gets. */
export type Renderer<K extends NotificationKind> = (notification: Notification<K>, ctx: RenderContext) => RenderedNotification;
