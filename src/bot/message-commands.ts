import type { Actor } from '../domain/actor.js';
import { may, type Capability } from '../domain/capabilities.js';
import { queueCapability } from '../domain/queue.js';

/**
 * The words of every chat command, in both languages, and who may use it. The intents
 * match on these words, « aide » lists them, and an unknown word is compared to them.
 */
export const COMMANDS = {
  help: { words: ['aide', 'help', '?', 'bonjour', 'salut', 'hello', 'hi', 'menu'] },
  myTickets: { words: ['mes tickets', 'my tickets', 'tickets'] },
  myRequests: { words: ['mes demandes', 'my requests'] },
  toProcess: { words: ['à traiter', 'a traiter', 'to do', 'todo', 'queue'], capability: queueCapability('toProcess') },
  group: { words: ['groupe', 'group', 'mes groupes', 'my groups'], capability: queueCapability('group') },
  failures: {
    words: ['échecs', 'echecs', 'failures', 'notifications en échec', 'failed notifications'],
    capability: 'helpdesk.listFailures',
  },
  newTicket: { words: ['nouveau ticket', 'new ticket', 'nouveau', 'new', 'ouvrir un ticket', 'open a ticket'] },
  /** followed by the group id: « lier groupe support-n1 » */
  linkGroup: { words: ['lier groupe', 'link group'], capability: 'helpdesk.linkChannel' },
  french: { words: ['français', 'francais', 'french', 'en français', 'langue française', 'langue fr'] },
  english: { words: ['english', 'anglais', 'in english', 'en anglais', 'language en'] },
} as const satisfies Record<string, { readonly words: readonly string[]; readonly capability?: Capability }>;

export type CommandName = keyof typeof COMMANDS;

/** What a chat message says once the bot's mention is gone; intents select on it. */
export interface ChatMessage {
  /** as typed, without `<at>…</at>` */
  readonly text: string;
  /** lower case, without a leading `/` or `!` and trailing punctuation: what commands match on */
  readonly key: string;
  /** Teams' conversation type: personal, groupChat or channel (none in some emulators: personal) */
  readonly conversationType: string | undefined;
}

/** Teams puts `<at>Guichet</at>` in channel messages; it is not part of what the user said. */
export function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim();
}

export function chatMessageOf(rawText: string | undefined, conversationType: string | undefined): ChatMessage {
  const text = stripMentions(rawText ?? '');
  const key = text.toLowerCase().replace(/^[\s/!.]+|[\s!.?]+$/g, '');
  return { text, key, conversationType };
}

export const isCommand = (message: ChatMessage, command: CommandName): boolean =>
  (COMMANDS[command].words as readonly string[]).includes(message.key);

/** A command with no capability is everyone's; the others follow the capability table. */
export function mayUse(actor: Actor, command: CommandName): boolean {
  const { capability } = COMMANDS[command] as { capability?: Capability };
  return capability === undefined || may(actor, capability);
}
