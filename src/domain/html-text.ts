import { cutAt } from './text.js';

/**
 * Tags that end a line in what Teams sends as a message's HTML body (paragraphs, line
 * breaks, list items, quotes of a reply, table rows), opening or closing.
 */
const LINE_TAGS = new Set(['br', 'p', 'div', 'li', 'ul', 'ol', 'blockquote', 'pre', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr']);

/** The named entities an editor writes; any other name is left as written. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  euro: '€',
};

/** One entity at a time, each alternative a bounded run: linear in the text. */
const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g;
/** HTML's own white space, which a browser shows as one space: a single class, so each run is matched once. */
const HTML_SPACE = /[ \t\n\r\f]+/g;

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body.toLowerCase()] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** The lower-case name of the tag between `<` (at `start`) and `>` (at `end`): `br` for `<br/>`, `p` for `</p>`. */
function tagName(html: string, start: number, end: number): string {
  let i = start + 1;
  if (html[i] === '/') i += 1;
  let name = '';
  for (; i < end; i += 1) {
    const char = html[i];
    if (!/[A-Za-z0-9]/.test(char)) break;
    name += char;
  }
  return name.toLowerCase();
}

/**
 * A Teams message's HTML body as the text people read in it: tags dropped (a mention keeps its
 * name), line-ending tags as new lines, entities decoded, runs of spaces as one, at most one
 * blank line in a row. The result is only ever shown as text, never as HTML. One pass over
 * the input, whatever it holds: each `<` and `>` is looked for once (an unclosed `<` is text).
 * `max` bounds the output, so a huge body costs what the ticket can hold.
 */
export function htmlToText(html: string, max: number): string {
  const lines: string[] = [];
  let line = '';
  const addText = (raw: string) => {
    line += decodeEntities(raw.replace(HTML_SPACE, ' '));
  };
  for (let i = 0; i < html.length; ) {
    const open = html.indexOf('<', i);
    const close = open === -1 ? -1 : html.indexOf('>', open + 1);
    if (open === -1 || close === -1) {
      addText(html.slice(i));
      break;
    }
    addText(html.slice(i, open));
    const name = tagName(html, open, close);
    // Teams writes each line as a paragraph: `</p><p>` is one line break, `<p>&nbsp;</p>` a blank line
    const breaks = name === 'br' || name === 'hr' || html[open + 1] === '/' || line.trim() !== '';
    if (LINE_TAGS.has(name) && breaks) {
      lines.push(line);
      line = '';
    }
    i = close + 1;
  }
  lines.push(line);
  return cutAt(joinLines(lines), max);
}

/** Lines trimmed, leading and trailing blank lines dropped, blank runs kept to one. */
function joinLines(lines: readonly string[]): string {
  const out: string[] = [];
  for (const raw of lines) {
    const text = raw.trim();
    if (text === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(text);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** The text of a message's body, whichever way Teams sent it. */
export function messageBodyText(body: { readonly contentType?: string | null; readonly content?: string | null } | null | undefined, max: number): string {
  const content = body?.content ?? '';
  if ((body?.contentType ?? 'html').toLowerCase() === 'text') return cutAt(content.trim(), max);
  return htmlToText(content, max);
}

/**
 * The text, then a line of its own (a link to where it came from), within `max`: the text is
 * cut, never the line, so the link always survives.
 */
export function withClosingLine(text: string, closing: string, max: number): string {
  if (closing === '') return cutAt(text, max);
  if (text === '') return cutAt(closing, max);
  const room = max - closing.length - 2;
  if (room <= 0) return cutAt(closing, max);
  return `${cutAt(text, room).trimEnd()}\n\n${closing}`;
}
