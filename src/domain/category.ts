import { foldText } from './text.js';

/** A node of the ITIL-style category tree; labels in both languages the desk serves. */
export interface Category {
  readonly id: string;
  readonly label: { readonly fr: string; readonly en: string };
  /** words in a requester's message that hint at this category (lowercase, accents allowed) */
  readonly keywords?: readonly string[];
  readonly children?: readonly Category[];
}

export type Language = 'fr' | 'en';

export interface CategoryChoice {
  readonly id: string;
  /** full path, e.g. "Compte/Accès > Application" */
  readonly path: string;
}

/** Every node, parents first, as "Parent > Child" paths in one language. */
export function flattenCategories(tree: readonly Category[], language: Language): CategoryChoice[] {
  const out: CategoryChoice[] = [];
  const walk = (nodes: readonly Category[], prefix: string) => {
    for (const node of nodes) {
      const path = prefix ? `${prefix} > ${node.label[language]}` : node.label[language];
      out.push({ id: node.id, path });
      if (node.children) walk(node.children, path);
    }
  };
  walk(tree, '');
  return out;
}

/** The tree is configuration, read once: its paths by id are computed once per tree and language. */
const pathsByTree = new WeakMap<readonly Category[], Partial<Record<Language, ReadonlyMap<string, string>>>>();

function pathsOf(tree: readonly Category[], language: Language): ReadonlyMap<string, string> {
  let byLanguage = pathsByTree.get(tree);
  if (!byLanguage) {
    byLanguage = {};
    pathsByTree.set(tree, byLanguage);
  }
  let paths = byLanguage[language];
  if (!paths) {
    paths = new Map(flattenCategories(tree, language).map((choice) => [choice.id, choice.path]));
    byLanguage[language] = paths;
  }
  return paths;
}

export function categoryPath(tree: readonly Category[], id: string | null, language: Language): string | null {
  if (id === null) return null;
  return pathsOf(tree, language).get(id) ?? null;
}

export const categoryExists = (tree: readonly Category[], id: string): boolean => pathsOf(tree, 'en').has(id);

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** whether the code point that ends just before `at` is a letter or a digit */
function wordCharBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const low = text.charCodeAt(at - 1);
  const paired = at >= 2 && low >= 0xdc00 && low <= 0xdfff && (text.charCodeAt(at - 2) & 0xfc00) === 0xd800;
  return WORD_CHAR.test(text.slice(paired ? at - 2 : at - 1, at));
}

const wordCharAt = (text: string, at: number): boolean => at < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));

/**
 * Where the whole word first occurs (-1: nowhere): "password" must not count as the keyword
 * "word". One `indexOf` walk per keyword, each hit checked at its two ends, rather than a
 * pattern tried everywhere.
 */
function wordAt(text: string, word: string): number {
  if (word === '') return -1;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (!wordCharBefore(text, at) && !wordCharAt(text, at + word.length)) return at;
  }
  return -1;
}

/**
 * Guess the most specific category whose keywords appear in the message, so the
 * form opens prefilled; the requester can always change it. On equal evidence and depth,
 * the thing named first wins: « le scanner n'envoie plus vers mon courriel » is about the
 * scanner (the device), not the mailbox it sends to.
 */
export function suggestCategory(tree: readonly Category[], message: string): string | null {
  return categorySuggestion(tree, message)?.id ?? null;
}

/** The category `suggestCategory` picks and the keyword, as written in the tree, that comes first in the message: the reason the form shows. */
export function categorySuggestion(tree: readonly Category[], message: string): { readonly id: string; readonly keyword: string } | null {
  const text = foldText(message);
  let best: { id: string; depth: number; hits: number; first: number; keyword: string } | null = null;
  const walk = (nodes: readonly Category[], depth: number) => {
    for (const node of nodes) {
      let hits = 0;
      let first = Infinity;
      let keyword = '';
      for (const word of node.keywords ?? []) {
        const at = wordAt(text, foldText(word));
        if (at === -1) continue;
        hits += 1;
        if (at < first) [first, keyword] = [at, word];
      }
      if (hits > 0 && (!best || hits > best.hits || (hits === best.hits && (depth > best.depth || (depth === best.depth && first < best.first))))) {
        best = { id: node.id, depth, hits, first, keyword };
      }
      if (node.children) walk(node.children, depth + 1);
    }
  };
  walk(tree, 0);
  const found = best as { id: string; keyword: string } | null;
  return found && { id: found.id, keyword: found.keyword };
}
