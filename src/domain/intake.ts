import { TICKET_LIMITS } from './ticket.js';

const TITLE_MAX = 80;
const GREETING = /^\s*(bonjour|bonsoir|salut|coucou|hello|hi|hey|good (morning|afternoon|evening)|dear [^,\n]*)(?![\p{L}\p{N}])\s*[,!.:;-]*\s*/iu;

/**
 * A short, editable title from what the requester wrote: the first sentence, without
 * the greeting, cut at a word boundary. People rarely write a subject line in chat.
 */
export function titleFromMessage(message: string): string {
  const text = message.trim().replace(GREETING, '');
  const firstSentence =
    text
      .split(/(?<=[.!?])\s|\s?[:;]\s|\n/)
      .find((part) => part.trim().length > 0)
      ?.replace(/\s+/g, ' ')
      .trim()
      .replace(/[.!?\s]+$/, '') ?? '';
  let title = firstSentence.length > 0 ? firstSentence : text.replace(/\s+/g, ' ');
  if (title.length > TITLE_MAX) {
    const cut = title.slice(0, TITLE_MAX);
    const lastSpace = cut.lastIndexOf(' ');
    title = `${(lastSpace > 20 ? cut.slice(0, lastSpace) : cut).trim()}…`;
  }
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** The description keeps the whole message, trimmed to what a ticket can hold. */
export const descriptionFromMessage = (message: string): string =>
  message.trim().slice(0, TICKET_LIMITS.descriptionMax);
