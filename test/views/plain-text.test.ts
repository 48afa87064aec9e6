import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/domain/category.js';
import type { Notification, NotificationKind, NotificationPayloads } from '../../src/domain/notification.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { failuresCard } from '../../src/views/failures.view.js';
import { RENDERERS, renderNotification, type NotificationReader } from '../../src/views/notification.view.js';
import { plainText } from '../../src/views/plain-text.js';
import { ticketListCard } from '../../src/views/ticket-list.view.js';
import { ticketCard, type TicketViewContext } from '../../src/views/ticket.view.js';
import { helpCard, welcomeCard } from '../../src/views/welcome.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { actors, aGroup, aSolution, aTicketIn, GROUP_N1, people } from '../support/ticket-mother.js';

/**
 * Teams reads card texts and text messages as markdown. What people typed must show as
 * they typed it: checked here with CommonMark's own rules, not with the escaping code.
 */

/** What a CommonMark reader shows: a backslash before an ASCII punctuation mark shows the mark. */
const shown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * The markup Teams would act on: in a card (TextBlock, Fact) links, emphasis and lists; in
 * a text message also code, headers, quotes, HTML (`<at>`) and entities. A mark preceded
 * by a backslash is text.
 */
function liveMarkup(markdown: string, where: 'card' | 'message'): string[] {
  const found: string[] = [];
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const start = line.trimStart();
    if (/^[-+*]([ \t]|$)/.test(start)) found.push(`bullet: ${line}`);
    if (/^\d+[.)]([ \t]|$)/.test(start)) found.push(`numbered item: ${line}`);
    if (where === 'message' && /^(#{1,6}([ \t]|$)|>)/.test(start)) found.push(`header or quote: ${line}`);
    for (let i = 0; i < line.length; i += 1) {
      const mark = line[i];
      if (mark === '\\' && ASCII_PUNCTUATION.test(line[i + 1] ?? '')) {
        i += 1;
      } else if ('[*_`<~'.includes(mark)) {
        found.push(`${mark} in: ${line}`);
      } else if (mark === '&' && /^&#?[0-9A-Za-z]+;/.test(line.slice(i))) {
        found.push(`entity in: ${line}`);
      }
    }
  }
  return found;
}

type Card = Record<string, unknown>;

function walk(node: unknown, visit: (record: Card) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    visit(node as Card);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

/** every text Teams reads as markdown on a card: TextBlocks and facts */
function markdownOf(card: Card): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts as { title: string; value: string }[]) out.push(f.title, f.value);
  });
  return out;
}

const HOSTILE = {
  link: '[clic](https://evil.example)',
  bold: '**gras**',
  mention: '<at>x</at>',
  bullet: '- liste',
  numbered: '1. liste',
  code: '`code`',
  image: '![img](https://evil.example/x.png)',
} as const;
const CASES = Object.entries(HOSTILE);

/** The card shows every text bound to it without markup, and `typed` among them, as typed. */
function expectLiteral(card: Card, typed: string): void {
  const texts = markdownOf(card);
  expect(texts.flatMap((text) => liveMarkup(text, 'card'))).toEqual([]);
  expect(texts.map(shown).some((text) => text.includes(typed))).toBe(true);
}

const tree = categories as Category[];
const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 9, minutes));

/** a ticket where every text a person wrote or is named by is `typed` */
function hostileTicket(status: Ticket['status'], typed: string): Ticket {
  const someone: Person = { id: 'aad-x', name: typed };
  return aTicketIn(status, {
    title: typed,
    // a line of its own inside the text, where lists start
    description: `Depuis ce matin :\n${typed}\n\n${typed}`,
    location: typed,
    requester: someone,
    assignee: status === 'new' ? null : someone,
    pendingReason: status === 'pending' ? typed : null,
    solutions: status === 'solved' ? [aSolution({ text: typed, author: someone })] : [],
    followups: [
      { id: 'f1', author: someone, kind: 'note', text: typed, visibility: 'public', at: at(1) },
      { id: 'f2', author: someone, kind: 'note', text: `Note :\n${typed}`, visibility: 'private', at: at(2) },
      { id: 'f3', author: someone, kind: 'takenInCharge', text: '', visibility: 'public', at: at(3) },
    ],
    tasks: [{ id: 'k1', author: people.bob, description: typed, status: 'todo', durationMinutes: 5, plannedStart: null, at: at(4) }],
  });
}

describe('plainText', () => {
  it.each(CASES)('%s: shown as typed, with nothing for Teams to format, in a card and in a message', (_name, typed) => {
    const text = plainText(typed);
    expect(shown(text)).toBe(typed);
    expect(liveMarkup(text, 'card')).toEqual([]);
    expect(liveMarkup(text, 'message')).toEqual([]);
  });

  it('keeps texts readable: brackets, paths, entities, lines, headers and quotes read as typed', () => {
    const texts = [
      'Écran [noir]',
      'C:\\Users\\alice\\Bureau',
      'R&D, &lt;b&gt; et &#60;',
      'Étapes :\n1) redémarrer\n2. relancer\n  - vérifier\n+ fin',
      '# Titre\n> citation\n===\n___ ~~barré~~ {{DATE(2025-03-03T09:00:00Z, SHORT)}}',
    ];
    for (const text of texts) {
      expect(shown(plainText(text))).toBe(text);
      expect(liveMarkup(plainText(text), 'message')).toEqual([]);
    }
  });

  it('leaves ordinary text alone', () => {
    const sentence = "Bonjour, l'imprimante du 2e étage affiche « Erreur 79 » depuis ce matin (3 fois) !";
    expect(plainText(sentence)).toBe(sentence);
    expect(plainText('Écran [noir]')).toBe('Écran \\[noir\\]');
  });

  it('takes time in proportion to the text, whatever its shape', () => {
    const shapes = ['[', '\\', '&a', ' ', '1', '-\n', '\n', '&#1', 'é\u0301'].map((unit) => unit.repeat(Math.ceil(100_000 / unit.length)));
    for (const shape of shapes) {
      const started = performance.now();
      plainText(shape);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });
});

describe('every card shows what people typed as text', () => {
  const groups = [aGroup()];
  const base = { timeZone: 'Europe/Paris', categories: tree, groups } as const;
  const technician: TicketViewContext = { ...base, language: 'fr', audience: 'technician', viewer: actors.groupTechnician };
  const requester: TicketViewContext = { ...base, language: 'en', audience: 'requester', viewer: actors.ownRequester };

  it.each(CASES)('%s in every text of the ticket card, for technicians, requesters and channels', (_name, typed) => {
    // a refusal's notice and the typed text it keeps quote the person too
    expectLiteral(ticketCard(hostileTicket('pending', typed), { ...technician, notice: `Trop tard : ${typed} a déjà pris ce ticket.` }), typed);
    expectLiteral(ticketCard(hostileTicket('solved', typed), requester), typed);
    expectLiteral(ticketCard(hostileTicket('closed', typed), { ...requester, typed: { comment: typed } }), typed);
    expectLiteral(ticketCard(hostileTicket('new', typed), { ...technician, compact: true }), typed);
    // the long text read page by page
    const long = `${'mot '.repeat(400)}\n${typed}`;
    const reading = { ...hostileTicket('assigned', typed), description: long.repeat(30) };
    expectLiteral(ticketCard(reading, { ...technician, reading: { text: 'description', from: 1_000 } }), typed);
  });

  it.each(CASES)('%s as the title shows as the card title, as typed', (_name, typed) => {
    const card = ticketCard(hostileTicket('new', typed), requester);
    const title = markdownOf(card).find((text) => shown(text) === typed);
    expect(title).toBe(plainText(typed));
  });

  it.each(CASES)('%s in the lists, the digest and « échecs »', (_name, typed) => {
    const page = { tickets: [hostileTicket('assigned', typed)], total: 1 };
    expectLiteral(ticketListCard(page, { queue: 'mine', sort: 'priority', page: 0 }, 'fr', 'Europe/Paris'), typed);
    const digest = renderNotification(
      { kind: 'group.digest', recipient: { kind: 'channel', groupId: GROUP_N1 }, actor: people.bob, payload: { groupId: GROUP_N1, tickets: [{ number: 12, title: typed, status: 'new', priority: 3 }] } },
      null,
      { locale: 'fr-FR', inChannel: true },
      tree,
      groups,
    );
    expectLiteral(digest.card!, typed);
    const failed = [{ number: 12, recipient: { kind: 'user' as const, name: typed }, kind: 'ticket.taken', error: `403: ${typed}`, at: at(5) }];
    expectLiteral(failuresCard(failed, 'en', undefined), typed);
  });

  it('the welcome and help cards show commands as they are typed (« lier groupe <id> »)', () => {
    for (const language of ['fr', 'en'] as const) {
      const help = helpCard(language, [{ topic: 'link' }, { topic: 'newTicket' }, { topic: 'myTickets', queue: 'mine' }]);
      for (const card of [welcomeCard(language), help]) expect(markdownOf(card).flatMap((text) => liveMarkup(text, 'card'))).toEqual([]);
      expect(markdownOf(help).map(shown)).toContain(language === 'fr' ? 'lier groupe <id>' : 'link group <id>');
    }
  });
});

describe('notifications show what people typed as text', () => {
  const KINDS = (Object.keys(RENDERERS) as NotificationKind[]).filter((kind) => kind !== 'group.digest');
  const readers: NotificationReader[] = [
    { locale: 'fr-FR', timeZone: 'Europe/Paris', userMri: '29:reader', inChannel: false },
    { locale: 'en-US', inChannel: true },
  ];

  function payloadOf(kind: NotificationKind, typed: string): NotificationPayloads[NotificationKind] {
    const ref = { number: 1042, title: typed };
    switch (kind) {
      case 'followup.public':
      case 'followup.private':
      case 'comment.added':
        return { ...ref, text: typed };
      case 'ticket.pending':
      case 'solution.refused':
      case 'ticket.reopened':
        return { ...ref, reason: typed };
      case 'solution.proposed':
        return { ...ref, solution: typed };
      case 'survey.lowRating':
        return { ...ref, rating: 1, comment: typed };
      case 'request.escalated':
      case 'group.unstaffed':
        return { ...ref, groupId: GROUP_N1 };
      case 'ticket.escalated':
        return { ...ref, fromGroupId: null, groupId: GROUP_N1, supportLevel: 2, summary: typed };
      case 'lead.alerted':
        return { ...ref, groupId: GROUP_N1, lead: { id: people.lea.id, name: typed }, reason: typed };
      case 'ticket.openedForYou':
        return { ...ref, source: 'call' };
      case 'observer.update':
        return { ...ref, event: 'FollowupAdded', text: typed, status: 'assigned' };
      case 'sla.alert':
        return {
          groupId: GROUP_N1,
          lead: { id: people.lea.id, name: typed },
          line: { ...ref, status: 'new', priority: 4, ticketId: 'tkt-1042', levelId: 'own-75', clock: 'own', percent: 75, dueAt: null, assigneeName: typed },
        };
      default:
        return ref;
    }
  }

  const notify = (kind: NotificationKind, typed: string) =>
    ({ kind, recipient: { kind: 'user', user: people.tina }, actor: { id: 'aad-x', name: typed }, payload: payloadOf(kind, typed) }) as Notification;

  it.each(CASES)('%s: a text message shows it as typed; a card too, and its plain summary keeps it as is', (_name, typed) => {
    // the same sentence with a harmless word in every typed place says what the reader must see
    const STAND_IN = 'Quelqu1';
    for (const kind of KINDS) {
      for (const reader of readers) {
        const rendered = renderNotification(notify(kind, typed), hostileTicket('new', typed), reader, tree, [aGroup()]);
        const expected = renderNotification(notify(kind, STAND_IN), hostileTicket('new', STAND_IN), reader, tree, [aGroup()]).text!.replaceAll(STAND_IN, typed);
        if (rendered.card) {
          expectLiteral(rendered.card, typed);
          // the summary Teams shows in the activity feed is not markdown: no backslashes there
          expect(rendered.text, kind).toBe(expected);
        } else {
          expect(liveMarkup(rendered.text!, 'message'), kind).toEqual([]);
          expect(shown(rendered.text!), kind).toBe(expected);
        }
      }
    }
  });

  it('a ticket-card kind whose ticket is gone is a text message: escaped too', () => {
    const notification = { kind: 'ticket.new', recipient: { kind: 'user', user: people.tina }, actor: people.bob, payload: { number: 7, title: HOSTILE.link } } as Notification;
    const rendered = renderNotification(notification, null, readers[0], tree);
    expect(rendered.card).toBeUndefined();
    expect(rendered.text).toBe('Nouveau ticket #7 : \\[clic\\](https://evil.example)');
    expect(shown(rendered.text!)).toBe('Nouveau ticket #7 : [clic](https://evil.example)');
  });
});
