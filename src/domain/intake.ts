import { cutAt, isSpace, trimEndWhile } from './text.js';
import { TICKET_LIMITS } from './ticket.js';

/** A prefilled title is at most this long, plus « … » when it was cut. */
export const TITLE_MAX = 80;

/** Greetings that open a chat message, lower case; each must end the word it starts. */
const GREETINGS = ['bonjour', 'bonsoir', 'salut', 'coucou', 'hello', 'hi', 'hey', 'good morning', 'good afternoon', 'good evening'];
/** « Dear IT team, … »: the greeting runs to the first comma or line. */
const DEAR = 'dear ';
const AFTER_GREETING = new Set([',', '!', '.', ':', ';', '-']);
const SENTENCE_END = new Set(['.', '!', '?']);
const CLAUSE_END = new Set([':', ';']);
const WORD_START = /^[\p{L}\p{N}]/u;

const isOneOf = (chars: ReadonlySet<string>, char: string | undefined) => char !== undefined && chars.has(char);

/** Where the text starts once « Bonjour, » or « Dear IT team, » is skipped (0 without one). */
function afterGreeting(text: string): number {
  const lower = (length: number) => text.slice(0, length).toLowerCase();
  let end = -1;
  if (lower(DEAR.length) === DEAR) {
    end = text.length;
    for (let i = DEAR.length; i < text.length; i += 1) {
      if (text[i] === ',' || text[i] === '\n') {
        end = i;
        break;
      }
    }
  } else {
    const greeting = GREETINGS.find((word) => lower(word.length) === word && !WORD_START.test(text.slice(word.length, word.length + 2)));
    if (greeting === undefined) return 0;
    end = greeting.length;
  }
  while (isSpace(text[end])) end += 1;
  while (isOneOf(AFTER_GREETING, text[end])) end += 1;
  while (isSpace(text[end])) end += 1;
  return end;
}

/**
 * How long the sentence boundary at `i` is (0: none): a space after « . ! ? », « : » or
 * « ; » followed by a space (one space before it included), or a new line.
 */
function boundaryAt(text: string, i: number): number {
  const char = text[i];
  if (isSpace(char) && isOneOf(SENTENCE_END, text[i - 1])) return 1;
  if (isSpace(char) && isOneOf(CLAUSE_END, text[i + 1]) && isSpace(text[i + 2])) return 3;
  if (isOneOf(CLAUSE_END, char) && isSpace(text[i + 1])) return 2;
  return char === '\n' ? 1 : 0;
}

/** The first sentence (or clause, or line) with something in it; '' when there is none. */
function firstSentence(text: string): string {
  let start = 0;
  let filled = false;
  for (let i = 0; i < text.length; ) {
    const boundary = boundaryAt(text, i);
    if (boundary === 0) {
      filled ||= !isSpace(text[i]);
      i += 1;
    } else if (filled) {
      return text.slice(start, i);
    } else {
      i += boundary;
      start = i;
    }
  }
  return filled ? text.slice(start) : '';
}

/**
 * A short, editable title from what the requester wrote: the first sentence, without
 * the greeting, cut at a word boundary. People rarely write a subject line in chat.
 * Every step is one pass over the text, whatever punctuation it is made of.
 */
export function titleFromMessage(message: string): string {
  const trimmed = message.trim();
  const text = trimmed.slice(afterGreeting(trimmed));
  const sentence = trimEndWhile(firstSentence(text).replace(/\s+/g, ' ').trim(), (char) => SENTENCE_END.has(char) || isSpace(char));
  let title = sentence.length > 0 ? sentence : text.replace(/\s+/g, ' ');
  if (title.length > TITLE_MAX) {
    const cut = cutAt(title, TITLE_MAX);
    const lastSpace = cut.lastIndexOf(' ');
    title = `${(lastSpace > 20 ? cut.slice(0, lastSpace) : cut).trim()}…`;
  }
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** The description keeps the whole message, trimmed to what a ticket can hold. */
export const descriptionFromMessage = (message: string): string => cutAt(message.trim(), TICKET_LIMITS.descriptionMax);
