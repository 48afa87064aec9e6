import { describe, expect, it } from 'vitest';
import { closestCommands, editDistance } from '../../src/bot/closest-commands.js';
import { CHAT_INTENTS } from '../../src/bot/intents/chat-intents.js';
import { helpLines } from '../../src/bot/intents/help.intent.js';
import { waitingTicketReply } from '../../src/bot/intents/waiting-ticket-reply.intent.js';
import { chatMessageOf, COMMANDS, MESSAGE_TEXT_MAX, type CommandName } from '../../src/bot/message-commands.js';
import { anActor } from '../support/ticket-mother.js';

/**
 * The intent that handles a message (the first that selects it) and what it understood.
 * Unless some of the author's tickets wait for them (`waiting`), a message waitingTicketReply
 * selects is answered by the route after it, as waitingTicketReply does then (test/http/chat-reply.test.ts).
 */
function routed(text: string, conversationType = 'personal', waiting = false): [string, unknown] {
  const message = chatMessageOf(text, conversationType);
  for (const intent of CHAT_INTENTS) {
    if (intent === waitingTicketReply && !waiting) continue;
    const match = intent.select(message);
    if (match !== null) return [intent.name, match];
  }
  return ['none', null];
}

describe('which intent a chat message goes to', () => {
  it.each([
    ['aide', 'help'],
    ['Help!', 'help'],
    ['bonjour', 'help'],
    ['', 'help'],
    ['?', 'help'],
    ['mes tickets', 'myTickets'],
    ['My tickets', 'myTickets'],
    ['tickets', 'myTickets'],
    ['mes demandes', 'myRequests'],
    ['à traiter', 'toProcess'],
    ['a traiter', 'toProcess'],
    ['to do', 'toProcess'],
    ['todo', 'toProcess'],
    ['queue', 'toProcess'],
    ['groupe', 'groupQueue'],
    ['my groups', 'groupQueue'],
    ['échecs', 'failures'],
    ['failures', 'failures'],
    ['nouveau ticket', 'newTicket'],
    ['/new ticket', 'newTicket'],
    ['français', 'language'],
    ['english', 'language'],
    ['stats', 'statistics'],
    ['statistiques 90 jours', 'statistics'],
    ['stats 12', 'statistics'], // a period it does not offer: told the ones it does
    ['stats du serveur', 'unknownCommand'],
    ['escalader', 'unknownCommand'],
    ['base de connaissances', 'kbSearch'],
    ['Mon écran reste noir depuis ce matin', 'reportProblem'],
    ["Bonjour, l'imprimante du 2e étage affiche « Erreur 79 »", 'reportProblem'],
  ])('« %s » → %s', (text, intent) => {
    expect(routed(text)[0]).toBe(intent);
  });

  it('the language asked for is what the language intent gets', () => {
    expect(routed('French')).toEqual(['language', 'fr']);
    expect(routed('in english')).toEqual(['language', 'en']);
  });

  it('« #12 », « ticket 12 », « ticket n°12 » open ticket 12; a number alone or a big one does not', () => {
    for (const text of ['#12', 'ticket 12', 'Ticket #12', 'ticket n°12', 'ticket12', '# 12']) expect(routed(text), text).toEqual(['openTicketNumber', 12]);
    expect(routed('ticket 1234567890')[0]).not.toBe('openTicketNumber');
    expect(routed('12')[0]).toBe('unknownCommand');
  });

  it('a « word » longer than any command guess is a problem to report, not an unknown command', () => {
    expect(routed('x'.repeat(100))[0]).toBe('unknownCommand');
    expect(routed('x'.repeat(101))).toEqual(['reportProblem', 'x'.repeat(101)]);
  });

  it('a message past what Teams can send is cut before it is read', () => {
    expect(routed(`${'x'.repeat(MESSAGE_TEXT_MAX - 1)} ticket 12`)).toEqual(['reportProblem', `${'x'.repeat(MESSAGE_TEXT_MAX - 1)}`]);
    expect(routed(`  ${'!'.repeat(MESSAGE_TEXT_MAX)} aide`)).toEqual(['help', true]);
  });

  it('« lier groupe <id> » carries the group id; the bot’s @mention is not part of the message', () => {
    expect(routed('<at>Guichet</at> lier groupe support-n1', 'channel')).toEqual(['linkGroup', 'support-n1']);
    expect(routed('link group reseau-n2')).toEqual(['linkGroup', 'reseau-n2']);
    expect(routed('<at>Guichet</at> aide', 'channel')[0]).toBe('help');
    expect(routed('<at>Guichet</at>', 'channel')[0]).toBe('help');
  });

  it('« base <mots> » / « kb <words> » searches the words as typed; « base de données … » is a problem', () => {
    expect(routed('base Imprimante bloquée')).toEqual(['kbSearch', 'Imprimante bloquée']);
    expect(routed('Base de connaissances : VPN')).toEqual(['kbSearch', 'VPN']);
    expect(routed('kb printer jammed')).toEqual(['kbSearch', 'printer jammed']);
    expect(routed('knowledge base outlook')).toEqual(['kbSearch', 'outlook']);
    expect(routed('base')).toEqual(['kbSearch', '']);
    expect(routed('base de données inaccessible depuis ce matin')[0]).toBe('reportProblem');
    expect(routed('baseline du serveur en panne')[0]).toBe('reportProblem');
  });

  it('a problem keeps its text as typed (case, punctuation), without the mention', () => {
    expect(routed('<at>Guichet</at> Mon écran est noir, vraiment !', 'channel')).toEqual(['reportProblem', 'Mon écran est noir, vraiment !']);
  });

  it('every command word of the table reaches its own intent', () => {
    const intentOf: Record<CommandName, string> = {
      help: 'help',
      myTickets: 'myTickets',
      myRequests: 'myRequests',
      toProcess: 'toProcess',
      group: 'groupQueue',
      atRisk: 'atRisk',
      global: 'globalQueue',
      failures: 'failures',
      newTicket: 'newTicket',
      call: 'callSummary',
      linkGroup: 'unknownCommand', // without its group id
      kbSearch: 'kbSearch', // without words: how to search
      kbGaps: 'kbGaps',
      stats: 'statistics',
      french: 'language',
      english: 'language',
    };
    for (const [command, { words }] of Object.entries(COMMANDS) as [CommandName, { words: readonly string[] }][]) {
      for (const word of words) expect(routed(word)[0], word).toBe(intentOf[command]);
    }
  });
});

describe('a message while some of its author’s tickets wait for them', () => {
  const asked = (text: string, conversationType = 'personal') => routed(text, conversationType, true);

  it('a sentence that is no command is asked about, as typed', () => {
    expect(asked('Mon écran reste noir depuis ce matin')).toEqual(['waitingTicketReply', 'Mon écran reste noir depuis ce matin']);
    expect(asked('<at>Guichet</at> Ça ne marche TOUJOURS pas !')).toEqual(['waitingTicketReply', 'Ça ne marche TOUJOURS pas !']);
  });

  it('a word or two is asked about only when it says the problem is still there', () => {
    for (const text of ['toujours pas', 'Pas résolu', 'still broken', 'not fixed']) expect(asked(text)[0], text).toBe('waitingTicketReply');
    for (const text of ['tableau', 'merci', 'escalader', '12']) expect(asked(text)[0], text).toBe('unknownCommand');
  });

  it('every command word still reaches its own intent', () => {
    for (const { words } of Object.values(COMMANDS)) for (const word of words) expect(asked(word)[0], word).toBe(routed(word)[0]);
    expect(asked('#12')).toEqual(['openTicketNumber', 12]);
  });

  it('a long message is a problem to describe; a shared chat is answered as always', () => {
    expect(asked('x '.repeat(1_001))[0]).toBe('reportProblem');
    expect(asked('Ça ne marche toujours pas', 'channel')[0]).toBe('reportProblem');
    expect(asked('Ça ne marche toujours pas', 'groupChat')[0]).toBe('reportProblem');
  });
});

describe('the nearest commands to an unknown word', () => {
  const all = Object.keys(COMMANDS) as CommandName[];
  const words = (typed: string, commands = all) => closestCommands(typed, commands).map((c) => c.word);

  it('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('grupe', 'groupe')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'aide')).toBe(4);
  });

  it('a mistyped command is offered, accents and case aside', () => {
    expect(words('grupe')).toEqual(['groupe']);
    expect(words('echec')).toEqual(['échecs']);
    expect(words('AID')).toEqual(['aide']);
    expect(words('tiket')).toEqual(['tickets']);
  });

  it('a word far from every command gets no suggestion', () => {
    expect(words('tableau')).toEqual([]);
    expect(words('escalader')).toEqual([]);
    expect(words('facturation')).toEqual([]);
  });

  it('only the commands given (those the user may use) are offered', () => {
    expect(words('grupe', ['help', 'myTickets', 'newTicket'])).toEqual([]);
  });
});

describe('« aide » lists what this user may do', () => {
  const topics = (roles: Parameters<typeof anActor>[0]) => helpLines(anActor(roles, { groupIds: ['n1'] })).map((line) => line.topic);

  it('a requester: describing, their tickets, a new ticket, opening one by number, language, help', () => {
    expect(topics(['requester'])).toEqual(['describe', 'myTickets', 'newTicket', 'openTicket', 'kbSearch', 'language', 'help']);
    expect(helpLines(anActor(['requester']))[1]).toEqual({ topic: 'myTickets', queue: 'requested' });
  });

  it('a technician also their queues; « mes tickets » is then their work, by priority', () => {
    expect(topics(['requester', 'technician'])).toEqual([
      'describe',
      'myTickets',
      'myRequests',
      'newTicket',
      'call',
      'openTicket',
      'kbSearch',
      'toProcess',
      'group',
      'language',
      'help',
    ]);
    expect(helpLines(anActor(['requester', 'technician']))[1]).toEqual({ topic: 'myTickets', queue: 'mine' });
  });

  it('a lead and an admin also link channels and see failures', () => {
    for (const role of ['lead', 'admin'] as const) {
      expect(topics(['requester', role])).toEqual(expect.arrayContaining(['toProcess', 'group', 'link', 'failures', 'kbGaps', 'stats']));
    }
  });
});
