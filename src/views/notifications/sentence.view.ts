import type { NotificationKind, NotificationPayloads, TicketRef } from '../../domain/notification.js';
import { t, type MessageKey } from '../i18n.js';
import { plainText } from '../plain-text.js';
import type { Renderer } from './renderer.js';

/**
 * Kinds told in one sentence in the reader's chat (the requester's updates, a private
 * note for the assignee): `{number}`, `{title}`, `{actor}` and the kind's own text as `{note}`.
 * Teams reads a text message as markdown: what people typed in it is shown as typed.
 */
export function sentence<K extends NotificationKind>(
  key: MessageKey,
  note: (payload: NotificationPayloads[K]) => string = () => '',
): Renderer<K> {
  return (notification, { language }) => {
    const ref = notification.payload as unknown as TicketRef;
    return {
      text: plainText(t(language, key, { number: ref.number, title: ref.title, actor: notification.actor.name, note: note(notification.payload) })),
    };
  };
}
