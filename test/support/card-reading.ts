/** Reading a rendered Adaptive Card the way a user would: its inputs, buttons, facts and banner. */

export type Card = Record<string, unknown>;

/** every object of a card, depth first, with the key it sits under */
export function walk(node: unknown, visit: (record: Card, key: string) => void, key = ''): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit, key));
  else if (node && typeof node === 'object') {
    visit(node as Card, key);
    for (const [childKey, child] of Object.entries(node)) walk(child, visit, childKey);
  }
}

/** every input of a card, by id, with its prefilled value */
export function inputsOf(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') out[node.id] = node.value;
  });
  return out;
}

/** the data of every button (Action.Execute) with this verb, in card order; the card's own refresh is not a button */
export function actionsOf(card: unknown, verb: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  walk(card, (node, key) => {
    if (key !== 'refresh' && node.type === 'Action.Execute' && node.verb === verb) found.push((node.data ?? {}) as Record<string, unknown>);
  });
  return found;
}

/** the data of the first button with this verb, wherever it sits (inside a ShowCard too) */
export function actionData(card: unknown, verb: string): Record<string, unknown> {
  const [first] = actionsOf(card, verb);
  if (!first) throw new Error(`no ${verb} button in ${JSON.stringify(card).slice(0, 300)}`);
  return first;
}

/** the card's FactSet, title → value */
/** What Teams displays for a card text: markdown's backslash escapes show the mark itself. */
export const shown = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

export function factsOf(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  walk(card, (node) => {
    if (node.type === 'FactSet') for (const f of node.facts as { title: string; value: string }[]) out[f.title] = f.value;
  });
  return out;
}

/** the banner above a ticket card ('' when there is none) */
export function noticeOf(card: Card): string {
  const first = (card.body as Card[])[0];
  return first.type === 'Container' ? ((first.items as Card[])[0].text as string) : '';
}

/** the card of a message the bot sent */
export const cardIn = (body: Record<string, unknown>): Card | undefined => (body.attachments as { content: Card }[] | undefined)?.[0]?.content;

/** every TextBlock's text, in card order */
export function textsOf(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
  });
  return out;
}

/** the card's buttons, as Teams shows them (the refresh is not one) */
export const buttonsOf = (card: Card): string[] => ((card.actions ?? []) as { title: string }[]).map((a) => a.title);

/** the input with this id, wherever it sits (inside a ShowCard too) */
export function inputNamed(card: unknown, id: string): Card | undefined {
  let found: Card | undefined;
  walk(card, (node) => {
    if (!found && typeof node.type === 'string' && node.type.startsWith('Input.') && node.id === id) found = node;
  });
  return found;
}
