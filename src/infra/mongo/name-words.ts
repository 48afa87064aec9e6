/**
 * The words of a person's name as they are searched: lower case, accents removed ("Hélène
 * Côté" → ["helene", "cote"]), so « julie », « Trem » or « cote » find them by prefix.
 */
export function nameWords(name: string): string[] {
  const normalized = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  return [...new Set(normalized.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0))];
}

/** a text made safe to sit inside a regular expression (nothing typed acts as a pattern) */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
