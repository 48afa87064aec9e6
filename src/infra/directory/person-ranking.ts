import type { DirectoryPerson } from '../../domain/ports/directory.js';

/** The longest search text looked at: a name, not a paragraph (the picker sends what was typed). */
export const MAX_SEARCH_CHARS = 64;

/** Case- and accent-insensitive form: « Théo » and « theo » are the same name to someone typing. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a name or of what was typed: letters and digits, split on anything else (spaces, hyphens, apostrophes). */
export function words(text: string): string[] {
  return fold(text.slice(0, MAX_SEARCH_CHARS))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/**
 * How well a person answers what was typed (lower is better; null: not at all). The same order
 * for every adapter, so the picker's first suggestion does not depend on where people come from:
 * the whole name, then its start, then a word's start, then every typed word starting a word of
 * the name (« jul tremb »), then the mail, then anywhere in the name.
 */
function score(person: DirectoryPerson, typed: string, typedWords: readonly string[]): number | null {
  const name = fold(person.name);
  const nameWords = words(person.name);
  if (name === typed) return 0;
  if (name.startsWith(typed)) return 1;
  if (typedWords.length === 1 && nameWords.some((word) => word.startsWith(typed))) return 2;
  if (typedWords.every((typedWord) => nameWords.some((word) => word.startsWith(typedWord)))) return 3;
  if (person.mail !== null && fold(person.mail).startsWith(typed)) return 4;
  if (name.includes(typed)) return 5;
  return null;
}

/** The people matching `text`, best first (then by name), at most `limit`. Linear in the people and the text. */
export function rankPeople(people: Iterable<DirectoryPerson>, text: string, limit: number): DirectoryPerson[] {
  const typedWords = words(text);
  if (typedWords.length === 0 || limit <= 0) return [];
  const typed = fold(text.slice(0, MAX_SEARCH_CHARS)).trim().replace(/\s+/g, ' ');
  const scored: { person: DirectoryPerson; score: number }[] = [];
  for (const person of people) {
    const s = score(person, typed, typedWords);
    if (s !== null) scored.push({ person, score: s });
  }
  scored.sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name, 'fr'));
  return scored.slice(0, limit).map((entry) => entry.person);
}
