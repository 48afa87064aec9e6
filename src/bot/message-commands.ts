/** What a chat message asks for; anything that is not a command is a problem to report. */
export type MessageIntent =
  | { readonly kind: 'help' }
  | { readonly kind: 'myTickets' }
  | { readonly kind: 'myRequests' }
  | { readonly kind: 'toProcess' }
  | { readonly kind: 'group' }
  | { readonly kind: 'failures' }
  | { readonly kind: 'newTicket' }
  | { readonly kind: 'linkGroup'; readonly groupId: string }
  | { readonly kind: 'language'; readonly language: 'fr' | 'en' }
  | { readonly kind: 'report'; readonly text: string };

type Simple = Exclude<MessageIntent['kind'], 'report' | 'linkGroup' | 'language'>;

const LANGUAGES: Readonly<Record<'fr' | 'en', readonly string[]>> = {
  fr: ['français', 'francais', 'french', 'en français', 'langue française', 'langue fr'],
  en: ['english', 'anglais', 'in english', 'en anglais', 'language en'],
};

const COMMANDS: Readonly<Record<Simple, readonly string[]>> = {
  help: ['aide', 'help', '?', 'bonjour', 'salut', 'hello', 'hi', 'menu'],
  myTickets: ['mes tickets', 'my tickets', 'tickets'],
  myRequests: ['mes demandes', 'my requests'],
  toProcess: ['à traiter', 'a traiter', 'to do', 'todo', 'queue'],
  group: ['groupe', 'group', 'mes groupes', 'my groups'],
  failures: ['échecs', 'echecs', 'failures', 'notifications en échec', 'failed notifications'],
  newTicket: ['nouveau ticket', 'new ticket', 'nouveau', 'new', 'ouvrir un ticket', 'open a ticket'],
};

const LINK = /^(?:lier groupe|link group)\s+([a-z0-9-]{1,50})$/;

/** Teams puts `<at>Guichet</at>` in channel messages; it is not part of what the user said. */
export function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim();
}

export function intentOf(rawText: string | undefined): MessageIntent {
  const text = stripMentions(rawText ?? '');
  const key = text.toLowerCase().replace(/^[\s/!.]+|[\s!.?]+$/g, '');
  for (const [kind, words] of Object.entries(COMMANDS) as [Simple, readonly string[]][]) {
    if (words.includes(key)) return { kind } as MessageIntent;
  }
  for (const language of ['fr', 'en'] as const) {
    if (LANGUAGES[language].includes(key)) return { kind: 'language', language };
  }
  const link = LINK.exec(key);
  if (link) return { kind: 'linkGroup', groupId: link[1] };
  if (key.length === 0) return { kind: 'help' };
  return { kind: 'report', text };
}
