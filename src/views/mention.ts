import type { Person } from '../domain/ticket.js';

/** A Teams mention in an Adaptive Card: the `<at>` text to put in a TextBlock and its entity for `msteams.entities`. */
export interface CardMention {
  readonly text: string;
  readonly entity: { readonly type: 'mention'; readonly text: string; readonly mentioned: { readonly id: string; readonly name: string } };
}

/**
 * Mentions `person` (Teams notifies them). A bot names the user by Teams id: `8:orgid:<Entra
 * object id>` (the bare object id is documented for incoming webhooks only, TEAMS-FACTS
 * "Mentions"); the name cannot close the tag. One entity per `<at>`: Teams drops one it cannot
 * resolve and shifts the next ones onto the wrong text.
 */
export function mentionOf(person: Person): CardMention {
  const name = person.name.replace(/[<>]/g, '');
  const text = `<at>${name}</at>`;
  const id = person.id.startsWith('29:') || person.id.startsWith('8:orgid:') ? person.id : `8:orgid:${person.id}`;
  return { text, entity: { type: 'mention', text, mentioned: { id, name } } };
}
