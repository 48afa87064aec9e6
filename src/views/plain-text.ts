/**
 * Text someone typed, shown as they typed it. Teams reads a card's TextBlock and Fact as
 * markdown (links, bold, italics, lists) and a text message as markdown with some HTML
 * (`<at>`, code, headers, quotes): a title `[clic](https://…)` would be a disguised link on
 * every card, `**…**` would shout, `<at>…</at>` could look like a mention.
 *
 * Markdown's own escape is used: a backslash before an ASCII punctuation mark shows the mark
 * itself (CommonMark « backslash escapes »), so « Écran [noir] » still reads « Écran [noir] »
 * and copying it gives what was typed (no invisible characters). Only the marks that can
 * open markup are escaped: everywhere for inline marks, at the start of a line for block
 * marks (lists, headers), and `&` only where it would spell an entity. Each expression is
 * a single character class or a bounded run, so the cost stays linear in the text.
 *
 * Apply it once, where text is bound to a card or a message, never to a form's value
 * (an input shows its value as is).
 */
export function plainText(text: string): string {
  return text
    .replace(INLINE_MARK, '\\$&')
    .replace(ENTITY_START, '\\&')
    .replace(BLOCK_MARK, '$1\\$2')
    .replace(NUMBERED_ITEM, '$1$2\\$3');
}

/** emphasis `*` `_`, links and images `[`, code `` ` ``, HTML and autolinks `<`, strike `~`, Teams' `{{DATE()}}`, and `\` itself (a `>` inside a line opens nothing: « A > B » stays as is) */
const INLINE_MARK = /[\\`*_[\]<~{]/g;
/** `&lt;`, `&#60;`: shown as the entity's character unless escaped */
const ENTITY_START = /&(?=#?[0-9A-Za-z]{1,32};)/g;
/** a bullet (`-`, `+`), a header (`#`), a quote (`>`) or a setext underline (`=`) opening a line */
const BLOCK_MARK = /^([ \t]*)([-+#=>])/gm;
/** `1.` or `1)` opening a line: a numbered list */
const NUMBERED_ITEM = /^([ \t]*)(\d{1,9})([.)])/gm;

/**
 * Line breaks as a card shows them: Teams (and the Agents Playground) join lines a single newline
 * separates, so a checklist typed line by line (« Problème : … / Contexte : … ») read as one
 * paragraph. Each line break becomes a paragraph break; blank lines stay as they are.
 */
export function cardLines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/([^\n])\n(?=[^\n])/g, '$1\n\n');
}
