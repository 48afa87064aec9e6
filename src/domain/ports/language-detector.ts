/**
 * How close a text is to French and to English (0–1 each), from a language-identification model.
 * `null` when the model finds nothing to go on (digits, product names, a lone « ? »).
 */
export interface LanguageDetector {
  scores(text: string): { readonly fr: number; readonly en: number } | null;
}
