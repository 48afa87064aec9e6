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

const fold = (text: string) => text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** whole words only: "password" must not count as the keyword "word" */
function containsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * Guess the most specific category whose keywords appear in the message, so the
 * form opens prefilled; the requester can always change it.
 */
export function suggestCategory(tree: readonly Category[], message: string): string | null {
  const text = fold(message);
  let best: { id: string; depth: number; hits: number } | null = null;
  const walk = (nodes: readonly Category[], depth: number) => {
    for (const node of nodes) {
      const hits = (node.keywords ?? []).filter((word) => containsWord(text, fold(word))).length;
      if (hits > 0 && (!best || hits > best.hits || (hits === best.hits && depth > best.depth))) {
        best = { id: node.id, depth, hits };
      }
      if (node.children) walk(node.children, depth + 1);
    }
  };
  walk(tree, 0);
  return (best as { id: string } | null)?.id ?? null;
}
