import * as ACData from 'adaptivecards-templating';

export interface CardAttachment {
  readonly contentType: 'application/vnd.microsoft.card.adaptive';
  readonly content: Record<string, unknown>;
}

/** Parsing a template costs ~60× binding it, so each template is parsed once per process. */
const parsed = new WeakMap<object, ACData.Template>();

/**
 * Binds a template from `cards/` to the data a view built. Templates are data,
 * so the only code that touches card JSON is this line of templating.
 */
export function renderCard(template: object, data: object): Record<string, unknown> {
  let compiled = parsed.get(template);
  if (!compiled) {
    compiled = new ACData.Template(template);
    parsed.set(template, compiled);
  }
  return compiled.expand({ $root: data }) as Record<string, unknown>;
}

export function asAttachment(card: Record<string, unknown>): CardAttachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}

/** A plain text message (confirmations that need no card). */
export const renderMessageText = (text: string) => ({ type: 'message' as const, text });
