import { describe, expect, it } from 'vitest';
import { ARTICLE_LIMITS, articleSnippet, literalQuery, SNIPPET_MAX, validateArticleFields } from '../../src/domain/knowledge-article.js';

describe('literalQuery: the words a text index reads as words only', () => {
  it.each([
    ['imprimante bloquée', 'imprimante bloquée'],
    ['"vpn refusé"', 'vpn refusé'],
    ['-vpn --outlook', 'vpn outlook'],
    ['wi-fi  lent\n', 'wi-fi lent'],
    ['{"$gt":""}', '{ $gt : }'],
    ['$where', '$where'],
    [' " - -- "" ', ''],
  ])('%j → %j', (typed, searched) => {
    expect(literalQuery(typed)).toBe(searched);
  });

  it('keeps at most queryMax characters, without a trailing space', () => {
    const searched = literalQuery(`${'abcd '.repeat(100)}`);
    expect(searched.length).toBeLessThanOrEqual(ARTICLE_LIMITS.queryMax);
    expect(searched.endsWith(' ')).toBe(false);
    expect(literalQuery(`vpn ${'x'.repeat(1_000_000)}`)).toBe(`vpn ${'x'.repeat(ARTICLE_LIMITS.queryMax - 4)}`);
  });
});

describe('articleSnippet', () => {
  it('shows short symptoms whole, whitespace collapsed, and the solution when there are none', () => {
    expect(articleSnippet({ symptoms: 'Écran\n\nnoir  au démarrage.', solution: 'Câble.' })).toBe('Écran noir au démarrage.');
    expect(articleSnippet({ symptoms: '  ', solution: 'Changer le câble HDMI.' })).toBe('Changer le câble HDMI.');
  });

  it('shows the part of long symptoms where a searched word appears, cut on words', () => {
    const symptoms = `${'Le poste démarre normalement le matin. '.repeat(8)}Puis l’imprimante du couloir se bloque avec un bourrage papier. ${'Rien ne sort. '.repeat(10)}`;
    const snippet = articleSnippet({ symptoms, solution: '' }, 'imprimantes bloquées');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('l’imprimante du couloir se bloque');
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_MAX + 2);
    expect(articleSnippet({ symptoms, solution: '' }, 'scanner')).toBe(`${symptoms.slice(0, symptoms.lastIndexOf(' ', SNIPPET_MAX))}…`);
  });
});

describe('validateArticleFields', () => {
  it('trims the fields and treats a blank category as none', () => {
    expect(validateArticleFields({ title: ' VPN ', symptoms: ' ', solution: ' Relancer. ', categoryId: ' ', language: 'en' })).toEqual({
      ok: true,
      value: { title: 'VPN', symptoms: '', solution: 'Relancer.', categoryId: null, language: 'en' },
    });
  });
});
