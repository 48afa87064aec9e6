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
  // the renderer wrongly dates `choices.data` (Teams' typeahead, fine in 1.5) to 1.6
  return messages.filter((message) => !message.startsWith('Property "choices.data" is supported in version 1.6'));
}
