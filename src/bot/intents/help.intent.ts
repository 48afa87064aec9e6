import type { Actor } from '../../domain/actor.js';
import { myQueue } from '../../domain/queue.js';
import { helpCard, type HelpLine } from '../../views/welcome.view.js';
import { isCommand, mayUse } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';

/** What « aide » lists for this user: only the commands they may use. */
export function helpLines(actor: Actor): HelpLine[] {
  const mine = myQueue(actor);
  const lines: (HelpLine | false)[] = [
    { topic: 'describe' },
    { topic: 'myTickets', queue: mine },
    // for a requester « mes tickets » already is the list of their requests
    mine !== 'requested' && { topic: 'myRequests', queue: 'requested' },
    { topic: 'newTicket' },
    mayUse(actor, 'call') && { topic: 'call' },
    { topic: 'openTicket' },
    { topic: 'kbSearch' },
    mayUse(actor, 'toProcess') && { topic: 'toProcess', queue: 'toProcess' },
    mayUse(actor, 'group') && { topic: 'group', queue: 'group' },
    mayUse(actor, 'atRisk') && { topic: 'atRisk', queue: 'atRisk' },
    mayUse(actor, 'global') && { topic: 'global', queue: 'global' },
    mayUse(actor, 'linkGroup') && { topic: 'link' },
    mayUse(actor, 'failures') && { topic: 'failures' },
    mayUse(actor, 'kbGaps') && { topic: 'kbGaps' },
    mayUse(actor, 'stats') && { topic: 'stats' },
    { topic: 'language' },
    { topic: 'help' },
  ];
  return lines.filter((line): line is HelpLine => line !== false);
}

/** « aide », a greeting, or an empty message (an image alone, a bare mention). */
export const help: ChatIntent = {
  name: 'help',
  anonymous: true,
  select: (message) => (message.key === '' || isCommand(message, 'help') ? true : null),
  async handle(turn) {
    await turn.send(helpCard(turn.identity.language, helpLines(turn.actor)));
  },
};
