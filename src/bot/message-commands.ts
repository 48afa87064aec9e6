/** What a chat message asks for; anything that is not a command is a problem to report. */
export type MessageIntent =
  | { readonly kind: 'help' }
  | { readonly kind: 'myTickets' }
  | { readonly kind: 'newTicket' }
  | { readonly kind: 'report'; readonly text: string };

const COMMANDS: Readonly<Record<Exclude<MessageIntent['kind'], 'report'>, readonly string[]>> = {
  help: ['aide', 'help', '?', 'bonjour', 'salut', 'hello', 'hi', 'menu'],
  myTickets: ['mes tickets', 'my tickets', 'mes demandes', 'my requests', 'tickets'],
  newTicket: ['nouveau ticket', 'new ticket', 'nouveau', 'new', 'ouvrir un ticket', 'open a ticket'],
};

/** Teams puts `<at>Guichet</at>` in channel messages; it is not part of what the user said. */
export function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim();
}

export function intentOf(rawText: string | undefined): MessageIntent {
  const text = stripMentions(rawText ?? '');
  const key = text.toLowerCase().replace(/^[\s/!.]+|[\s!.?]+$/g, '');
  for (const [kind, words] of Object.entries(COMMANDS) as [keyof typeof COMMANDS, readonly string[]][]) {
    if (words.includes(key)) return { kind };
  }
  if (key.length === 0) return { kind: 'help' };
  return { kind: 'report', text };
}
