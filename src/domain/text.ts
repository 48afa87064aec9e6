/**
 * Routines for text a user typed, each reading its input a bounded number of times: a
 * backtracking pattern or one long combining sequence turned a single chat message into
 * seconds of blocked event loop for everyone (issue 8). Loops and `indexOf` here, and only
 * patterns with one way to match at each position.
 */

/** JavaScript's `\s`, one character at a time: `trim()` removes exactly that set. */
export const isSpace = (char: string | undefined): boolean => char !== undefined && char !== '' && char.trim() === '';

const MARKS = /\p{M}/gu;

/**
 * Lower case without accents, for comparing words (« Accès » is « acces »). Marks go before
 * normalizing too: NFD sorts each run of combining marks, and a run of 60 000 of them
 * cost seconds; once they are gone, a character decomposes into at most three marks.
 */
export const foldText = (text: string): string => text.toLowerCase().replace(MARKS, '').normalize('NFD').replace(MARKS, '');

/** At most `max` UTF-16 units, without keeping half of a surrogate pair (an emoji). */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** `text` without the trailing characters `drop` says yes to. */
export function trimEndWhile(text: string, drop: (char: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1])) end -= 1;
  return text.slice(0, end);
}
