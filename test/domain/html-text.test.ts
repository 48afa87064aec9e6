import { describe, expect, it } from 'vitest';
import { htmlToText, messageBodyText, withClosingLine } from '../../src/domain/html-text.js';

const MAX = 1_000;

describe('a Teams message body read as text', () => {
  it.each([
    ['one paragraph per line, as Teams writes them', '<p>Bonjour,</p><p>mon écran reste noir.</p>', 'Bonjour,\nmon écran reste noir.'],
    ['a blank line typed between two lines', '<p>a</p><p>&nbsp;</p><p>b</p>', 'a\n\nb'],
    ['line breaks and runs of spaces', '<div>a<br>b<br/>  c \n   d</div>', 'a\nb\nc d'],
    ['a mention keeps its name', 'Merci <at id="0">Théo Technicien</at> !', 'Merci Théo Technicien !'],
    ['entities, named and numbered', '&laquo;&nbsp;A&amp;B&nbsp;&raquo; &lt;b&gt; &#233;t&#xE9; &quot;x&quot;', '« A&B » <b> été "x"'],
    ['unknown and invalid entities', '&bogus; &#0; &#xD800; &#1114112;', '&bogus; \uFFFD \uFFFD \uFFFD'],
    ['a list', '<ul><li>un</li><li>deux</li></ul>', 'un\ndeux'],
    ['an unclosed « < » is text', 'a < b', 'a < b'],
    ['images and attachments leave nothing', '<p><img src="x" alt="y"></p><attachment id="1"></attachment>', ''],
  ])('%s', (_, html, text) => {
    expect(htmlToText(html, MAX)).toBe(text);
  });

  it('plain text bodies are kept as typed', () => {
    expect(messageBodyText({ contentType: 'text', content: '  a <b>c</b>  ' }, MAX)).toBe('a <b>c</b>');
    expect(messageBodyText(null, MAX)).toBe('');
  });

  it('what a ticket cannot hold is cut, without half an emoji', () => {
    expect(htmlToText(`<p>${'é'.repeat(5)}😀</p>`, 6)).toBe('ééééé');
  });

  it.each([
    ['100 000 « < »', '<'.repeat(100_000), '<'.repeat(MAX)],
    ['100 000 « <a »', '<a'.repeat(100_000), '<a'.repeat(MAX / 2)],
    ['100 000 « <p> »', '<p>'.repeat(100_000), ''],
    ['100 000 « & »', '&'.repeat(100_000), '&'.repeat(MAX)],
    ['100 000 « &#1 »', '&#1'.repeat(100_000), '&#1'.repeat(MAX / 3 + 1).slice(0, MAX)],
    ['100 000 spaces then a letter', `${' '.repeat(100_000)}x`, 'x'],
  ])('a hostile body (%s) reads as what it shows', (_, html, text) => {
    expect(htmlToText(html, MAX)).toBe(text);
  });
});

describe('the link back to the message closes the description', () => {
  it('follows the text after a blank line', () => {
    expect(withClosingLine('Écran noir', 'Message d’origine : https://x', 100)).toBe('Écran noir\n\nMessage d’origine : https://x');
  });

  it('survives a text too long: the text is cut, never the link', () => {
    expect(withClosingLine('a'.repeat(50), 'LINK', 20)).toBe(`${'a'.repeat(14)}\n\nLINK`);
  });

  it('is the whole description of an empty message, and nothing without a link', () => {
    expect(withClosingLine('', 'LINK', 20)).toBe('LINK');
    expect(withClosingLine('texte', '', 20)).toBe('texte');
  });
});
