import { eld } from 'eld/medium';
import type { LanguageDetector } from '../../domain/ports/language-detector.js';

/**
 * Efficient Language Detector (eld, n-gram model, maintained) restricted to French and English:
 * among 60 languages a two-word French message often reads as Romanian or Catalan, between
 * the two Guichet speaks it rarely does. The medium model loads in a fraction of a second.
 */
export class EldLanguageDetector implements LanguageDetector {
  constructor() {
    eld.setLanguageSubset(['fr', 'en']);
  }

  scores(text: string): { fr: number; en: number } | null {
    const result = eld.detect(text.slice(0, 1_000));
    const scores = result.getScores() as Record<string, number>;
    if (scores.fr === undefined && scores.en === undefined) return null;
    return { fr: scores.fr ?? 0, en: scores.en ?? 0 };
  }
}
