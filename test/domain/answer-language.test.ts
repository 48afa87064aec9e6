import { describe, expect, it } from 'vitest';
import { answerLanguage, clearLanguageOf } from '../../src/domain/answer-language.js';
import { EldLanguageDetector } from '../../src/infra/language/eld-language.detector.js';
import { LANGUAGE_MESSAGES } from '../fixtures/language-messages.js';

const detector = new EldLanguageDetector();

describe('the language a message is clearly written in', () => {
  it('is right on at least 95 % of the 100+ short helpdesk messages (npm run bench prints the misses)', () => {
    expect(LANGUAGE_MESSAGES.length).toBeGreaterThanOrEqual(100);
    const right = LANGUAGE_MESSAGES.filter(([text, expected]) => clearLanguageOf(text, detector) === expected).length;
    expect(right / LANGUAGE_MESSAGES.length).toBeGreaterThanOrEqual(0.95);
  });

  it.each([
    ["Bonjour, mon imprimante n'imprime plus", 'fr'],
    ['my printer is broken', 'en'],
    ['bonjour', 'fr'],
    ['thanks', 'en'],
    ['mon laptop ne boot plus', 'fr'],
    ['my souris is broken', 'en'],
  ] as const)('« %s » → %s', (text, expected) => {
    expect(clearLanguageOf(text, detector)).toBe(expected);
  });

  it.each(['VPN', 'ok', 'Outlook', '#42', '', '<at>Guichet</at>', 'help'])('« %s » is not clearly either: the client’s locale decides', (text) => {
    expect(clearLanguageOf(text, detector)).toBeNull();
  });

  it('mentions and markup are nobody’s language', () => {
    expect(clearLanguageOf('<at>Guichet</at> mes tickets', detector)).toBe('fr');
    expect(clearLanguageOf('<at>Guichet</at> my tickets', detector)).toBe('en');
  });
});

describe('the answer language', () => {
  it('the explicit choice wins, then the message, then the client’s locale', () => {
    expect(answerLanguage({ explicit: 'en', detected: 'fr', locale: 'fr' })).toBe('en');
    expect(answerLanguage({ explicit: null, detected: 'fr', locale: 'en' })).toBe('fr');
    expect(answerLanguage({ explicit: null, detected: null, locale: 'en' })).toBe('en');
  });
});
