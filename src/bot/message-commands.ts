import type { Actor } from '../domain/actor.js';
import { may, type Capability } from '../domain/capabilities.js';
import { queueCapability } from '../domain/queue.js';
import { cutAt, isSpace } from '../domain/text.js';

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
  atRisk: { words: ['alertes', 'à risque', 'a risque', 'at risk', 'alerts'], capability: queueCapability('atRisk') },
  global: { words: ['global', 'tous les tickets', 'all tickets'], capability: queueCapability('global') },
  failures: {
    words: ['échecs', 'echecs', 'failures', 'notifications en échec', 'failed notifications'],
    capability: 'helpdesk.listFailures',
  },
  newTicket: { words: ['nouveau ticket', 'new ticket', 'nouveau', 'new', 'ouvrir un ticket', 'open a ticket'] },
  /** a call-ticket draft to fill in while on the phone (a pasted call summary needs no command) */
  call: { words: ['appel', 'call', 'nouvel appel', 'new call'], capability: 'ticket.createOnBehalf' },
  /** followed by the group id: « lier groupe support-n1 » */
  linkGroup: { words: ['lier groupe', 'link group'], capability: 'helpdesk.linkChannel' },
  /** followed by the words to search: « base imprimante bloquée », « kb printer jammed » */
  kbSearch: { words: ['base', 'kb', 'base de connaissances', 'knowledge base'], capability: 'kb.read' },
  kbGaps: { words: ['lacunes', 'kb gaps', 'lacunes kb', 'knowledge gaps'], capability: 'kb.gaps' },
  /** optionally followed by the period: « stats 7 », « statistiques 90 jours » */
  stats: { words: ['stats', 'statistiques', 'statistics'], capability: 'helpdesk.stats' },
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

/**
 * Teams refuses a message over about 28 KB, and a character takes at least a byte: no
 * message typed in Teams is longer than this. Anything longer (a forged activity) is cut
 * here, before any parsing, so every routine below sees at most this much.
 */
export const MESSAGE_TEXT_MAX = 28_000;

/**
 * Teams puts `<at>Guichet</at>` in channel messages; it is not part of what the user said.
 * Both patterns have one way to match at each position (`[^<]*` stops at the `<` that
 * must follow), so they read each character a bounded number of times.
 */
export function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim();
}

const LEADING = new Set(['/', '!', '.']);
const TRAILING = new Set(['!', '.', '?']);

/** lower case, without a leading `/` or `!` and trailing punctuation; two loops, no pattern */
function commandKey(text: string): string {
  const lower = text.toLowerCase();
  let start = 0;
  let end = lower.length;
  while (start < end && (LEADING.has(lower[start]) || isSpace(lower[start]))) start += 1;
  while (end > start && (TRAILING.has(lower[end - 1]) || isSpace(lower[end - 1]))) end -= 1;
  return lower.slice(start, end);
}

/** What a message says, from the raw activity text: cut to MESSAGE_TEXT_MAX first, then read. */
export function chatMessageOf(rawText: string | undefined, conversationType: string | undefined): ChatMessage {
  const text = stripMentions(cutAt(rawText ?? '', MESSAGE_TEXT_MAX));
  return { text, key: commandKey(text), conversationType };
}

export const isCommand = (message: ChatMessage, command: CommandName): boolean =>
  (COMMANDS[command].words as readonly string[]).includes(message.key);

/** A command with no capability is everyone's; the others follow the capability table. */
export function mayUse(actor: Actor, command: CommandName): boolean {
  const { capability } = COMMANDS[command] as { capability?: Capability };
  return capability === undefined || may(actor, capability);
}
