import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// the UMD build: the package's ESM entry does not load under Node
const AC = require('adaptivecards/dist/adaptivecards.js');

/** What Teams' renderer would complain about, parsing the card as Adaptive Cards 1.5. */
export function problemsOf(card: object): string[] {
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const messages: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) messages.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) messages.push(event.message);
  // Teams' own charts (Chart.Line, Chart.Donut…) are unknown to the reference renderer: fine where
  // Teams draws them, as long as each has a fallback for the hosts that do not
  const chartsWithoutFallback: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (typeof element.type === 'string' && element.type.startsWith('Chart.') && element.fallback === undefined) chartsWithoutFallback.push(`${element.type} has no fallback`);
    Object.values(element).forEach(walk);
  };
  walk(card);
  // the renderer wrongly dates `choices.data` (Teams' typeahead, fine in 1.5) to 1.6
  return [
    ...messages.filter((message) => !message.startsWith('Property "choices.data" is supported in version 1.6') && !/^Unknown element type "Chart\.\w+"\. Fallback will be used if present\.$/.test(message)),
    ...chartsWithoutFallback,
  ];
}
