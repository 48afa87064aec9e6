import { describe, expect, it } from 'vitest';
import { answerLanguage, clearLanguageOf } from '../../src/domain/answer-language.js';
import type { LanguageDetector } from '../../src/domain/ports/language-detector.js';

/**
 * The domain's rules for « clearly French or English », with a model whose answer each test sets:
 * helpdesk words settle short messages, the model decides longer ones only with a margin.
 * The real model on the message tables: test/infra/language-detector.test.ts.
 */
function model(scores: { fr: number; en: number } | null): LanguageDetector & { seen: string[] } {
  const seen: string[] = [];
  return { seen, scores: (text) => (seen.push(text), scores) };
}
const silent = model(null);

describe('the language a message is clearly written in', () => {
  it.each([
    ['bonjour', 'fr'],
    ['Merci !', 'fr'],
    ['imprimante', 'fr'],
    ['thanks', 'en'],
    ['printer', 'en'],
    ['mon laptop ne boot plus', 'fr'],
    ['my souris is broken', 'en'],
  ] as const)('« %s » → %s from the helpdesk words alone, whatever the model says', (text, expected) => {
    const other = expected === 'fr' ? { fr: 0, en: 1 } : { fr: 1, en: 0 };
    expect(clearLanguageOf(text, model(other))).toBe(expected);
  });

  it.each(['VPN', 'ok', 'Outlook', '#42', '', '<at>Guichet</at>', 'help', 'urgent'])(
    '« %s » is not clearly either (shared or unknown single word): the locale decides',
    (text) => {
      expect(clearLanguageOf(text, model({ fr: 0, en: 0.9 }))).toBeNull();
    },
  );

  it('a longer message with no helpdesk word follows the model only when one language is ahead by the margin', () => {
    expect(clearLanguageOf('Zoom plante', model({ fr: 0.7, en: 0.6 }))).toBe('fr');
    expect(clearLanguageOf('Zoom crashes', model({ fr: 0.6, en: 0.7 }))).toBe('en');
    expect(clearLanguageOf('Zoom freeze', model({ fr: 0.7, en: 0.65 }))).toBeNull();
    expect(clearLanguageOf('Zoom 4.10', silent)).toBeNull();
  });

  it('mentions and markup are nobody’s language and never reach the model', () => {
    const spy = model({ fr: 0.1, en: 0.9 });
    expect(clearLanguageOf('<at>Guichet</at> mes tickets', spy)).toBe('fr');
    expect(clearLanguageOf('<at>Guichet</at> my tickets', spy)).toBe('en');
    expect(clearLanguageOf('<at>Guichet</at> Zoom crashes', spy)).toBe('en');
    expect(spy.seen.join(' ')).not.toContain('Guichet');
  });
});

describe('the answer language', () => {
  it('the explicit choice wins, then the message, then the client’s locale', () => {
    expect(answerLanguage({ explicit: 'en', detected: 'fr', locale: 'fr' })).toBe('en');
    expect(answerLanguage({ explicit: null, detected: 'fr', locale: 'en' })).toBe('fr');
    expect(answerLanguage({ explicit: null, detected: null, locale: 'en' })).toBe('en');
  });
});
