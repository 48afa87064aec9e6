import { describe, expect, it } from 'vitest';
import { ticketNumberData } from '../../src/bot/card-data.schemas.js';
import type { Category } from '../../src/domain/category.js';
import type { Notification, NotificationKind, NotificationPayloads } from '../../src/domain/notification.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { failuresCard } from '../../src/views/failures.view.js';
import { RENDERERS, renderCardCopy, renderNotification, type NotificationReader } from '../../src/views/notification.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { inputNamed } from '../support/card-reading.js';
import { aGroup, aTicketIn, GROUP_N1, people } from '../support/ticket-mother.js';

type Card = Record<string, unknown>;

function walk(node: unknown, visit: (record: Card, key: string) => void, key = ''): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit, key));
  else if (node && typeof node === 'object') {
    visit(node as Card, key);
    for (const [childKey, child] of Object.entries(node)) walk(child, visit, childKey);
  }
}

/** the card's buttons, as Teams shows them (the refresh is not one) */
const buttonsOf = (card: Card) => ((card.actions ?? []) as { title: string }[]).map((a) => a.title);

/** the data of every Action.Execute with this verb, in card order; the card's own refresh left out */
function actionsOf(card: Card, verb: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  walk(card, (node, key) => {
    if (key !== 'refresh' && node.type === 'Action.Execute' && node.verb === verb) found.push((node.data ?? {}) as Record<string, unknown>);
  });
  return found;
}

/** every TextBlock's text, in card order */
function textsOf(card: Card): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
  });
  return out;
}

function factsOf(card: Card): Record<string, string> {
  const out: Record<string, string> = {};
  walk(card, (node) => {
    if (node.type === 'FactSet') for (const f of node.facts as { title: string; value: string }[]) out[f.title] = f.value;
  });
  return out;
}

/** who gets Teams' automatic per-user refresh of the card */
const refreshUsersOf = (card: Card) => (card.refresh as { userIds?: string[] } | undefined)?.userIds ?? [];

/** the banner above a ticket card ('' when there is none) */
function noticeOf(card: Card): string {
  const first = (card.body as Card[])[0];
  return first.type === 'Container' ? ((first.items as Card[])[0].text as string) : '';
}

const tree = categories as Category[];
const groups = [aGroup()];
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 23, minutes));
const PRIVATE_NOTE = 'Licence expirée côté éditeur.';

/** the ticket the notifications are about: new in N1, with a public comment and a private note */
const ticket: Ticket = aTicketIn('new', {
  groupId: GROUP_N1,
  createdAt: at(30),
  followups: [
    { id: 'f-comment', author: people.alice, kind: 'comment', text: 'Toujours bloquée ce matin.', visibility: 'public', at: at(31) },
    { id: 'f-private', author: people.lea, kind: 'note', text: PRIVATE_NOTE, visibility: 'private', at: at(32) },
  ],
});
const REF = { number: 1042, title: 'Je n’arrive plus à me connecter à HorairePro' } as const;

/** One payload per kind: a kind added to the domain fails `tsc` here until it has its sample and its sentences. */
const SAMPLES: { readonly [K in NotificationKind]: NotificationPayloads[K] } = {
  'ticket.new': REF,
  'ticket.assignedToYou': REF,
  'ticket.transferred': REF,
  'request.transferred': REF,
  'ticket.taken': REF,
  'followup.public': { ...REF, text: 'Cache vidé, réessayez.' },
  'followup.private': { ...REF, text: 'Mot de passe dans le coffre.' },
  'comment.added': { ...REF, text: 'Toujours « Accès refusé ».' },
  'ticket.pending': { ...REF, reason: 'Pièce commandée.' },
  'ticket.resumed': REF,
  'solution.proposed': { ...REF, solution: 'Compte réactivé.' },
  'solution.refused': { ...REF, reason: 'Toujours en panne.' },
  'ticket.closed': REF,
  'ticket.autoClosed': REF,
  'ticket.reopened': { ...REF, reason: 'Le problème est revenu.' },
  'survey.lowRating': { ...REF, rating: 2, comment: 'Trois relances avant une réponse.' },
  'group.digest': {
    groupId: GROUP_N1,
    tickets: [
      { number: 12, title: 'Imprimante du 3e', status: 'new', priority: 3 },
      { number: 15, title: 'VPN coupé', status: 'pending', priority: 5 },
      { number: 21, title: 'Écran noir', status: 'assigned', priority: 1 },
    ],
  },
};

const KINDS = Object.keys(RENDERERS) as NotificationKind[];
/** the kinds that hand staff the ticket itself */
const TICKET_CARD_KINDS: readonly NotificationKind[] = ['ticket.new', 'ticket.assignedToYou', 'ticket.transferred', 'solution.refused', 'survey.lowRating'];
/** the kinds that hand the requester their own card, where they answer (the solution, the survey) */
const REQUESTER_CARD_KINDS: readonly NotificationKind[] = ['solution.proposed', 'ticket.closed', 'ticket.autoClosed', 'ticket.reopened'];
const SENTENCE_KINDS = KINDS.filter((kind) => kind !== 'group.digest' && !TICKET_CARD_KINDS.includes(kind) && !REQUESTER_CARD_KINDS.includes(kind));

/** what each kind says, whole, in both languages (Bob is the actor) */
const SENTENCES: { readonly [K in Exclude<NotificationKind, 'group.digest'>]: { readonly fr: string; readonly en: string } } = {
  'ticket.new': {
    fr: 'Nouveau ticket #1042 : Je n’arrive plus à me connecter à HorairePro',
    en: 'New ticket #1042: Je n’arrive plus à me connecter à HorairePro',
  },
  'ticket.assignedToYou': {
    fr: 'Bob Lefèvre vous a assigné le ticket #1042 : Je n’arrive plus à me connecter à HorairePro',
    en: 'Bob Lefèvre assigned ticket #1042 to you: Je n’arrive plus à me connecter à HorairePro',
  },
  'ticket.transferred': {
    fr: 'Ticket #1042 transféré à votre groupe par Bob Lefèvre : Je n’arrive plus à me connecter à HorairePro',
    en: 'Ticket #1042 transferred to your group by Bob Lefèvre: Je n’arrive plus à me connecter à HorairePro',
  },
  'request.transferred': {
    fr: 'Le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » a été transféré à un autre groupe par Bob Lefèvre.',
    en: 'Ticket #1042 "Je n’arrive plus à me connecter à HorairePro" was transferred to another group by Bob Lefèvre.',
  },
  'ticket.taken': {
    fr: 'Bob Lefèvre a pris en charge votre ticket #1042 « Je n’arrive plus à me connecter à HorairePro ».',
    en: 'Bob Lefèvre has taken your ticket #1042 "Je n’arrive plus à me connecter à HorairePro" in charge.',
  },
  'followup.public': {
    fr: 'Bob Lefèvre a répondu sur votre ticket #1042 : Cache vidé, réessayez.',
    en: 'Bob Lefèvre replied on your ticket #1042: Cache vidé, réessayez.',
  },
  'followup.private': {
    fr: 'Note privée de Bob Lefèvre sur le ticket #1042 : Mot de passe dans le coffre.',
    en: 'Private note from Bob Lefèvre on ticket #1042: Mot de passe dans le coffre.',
  },
  'comment.added': {
    fr: 'Le demandeur a commenté le ticket #1042 : Toujours « Accès refusé ».',
    en: 'The requester commented on ticket #1042: Toujours « Accès refusé ».',
  },
  'ticket.pending': {
    fr: 'Votre ticket #1042 est en attente : Pièce commandée.',
    en: 'Your ticket #1042 is on hold: Pièce commandée.',
  },
  'ticket.resumed': {
    fr: 'Le traitement de votre ticket #1042 a repris.',
    en: 'Work on your ticket #1042 has resumed.',
  },
  'solution.proposed': {
    fr: 'Une solution est proposée pour votre ticket #1042 « Je n’arrive plus à me connecter à HorairePro » : Compte réactivé.',
    en: 'A solution is proposed for your ticket #1042 "Je n’arrive plus à me connecter à HorairePro": Compte réactivé.',
  },
  'solution.refused': {
    fr: 'Le demandeur a refusé la solution du ticket #1042 : Toujours en panne.',
    en: 'The requester refused the solution of ticket #1042: Toujours en panne.',
  },
  'ticket.closed': {
    fr: 'Votre ticket #1042 « Je n’arrive plus à me connecter à HorairePro » est clos.',
    en: 'Your ticket #1042 "Je n’arrive plus à me connecter à HorairePro" is closed.',
  },
  'ticket.reopened': {
    fr: 'Le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » a été rouvert : Le problème est revenu.',
    en: 'Ticket #1042 "Je n’arrive plus à me connecter à HorairePro" was reopened: Le problème est revenu.',
  },
  'ticket.autoClosed': {
    fr: 'Sans réponse de votre part, votre ticket #1042 « Je n’arrive plus à me connecter à HorairePro » a été clos automatiquement.',
    en: 'With no answer from you, your ticket #1042 "Je n’arrive plus à me connecter à HorairePro" was closed automatically.',
  },
  'survey.lowRating': {
    fr: 'Le demandeur du ticket #1042 « Je n’arrive plus à me connecter à HorairePro » n’est pas satisfait : 2/5 — Trois relances avant une réponse.',
    en: 'The requester of ticket #1042 "Je n’arrive plus à me connecter à HorairePro" is not satisfied: 2/5 — Trois relances avant une réponse.',
  },
};

const READERS: Record<string, NotificationReader> = {
  'a 1:1, fr (Paris)': { locale: 'fr-FR', timeZone: 'Europe/Paris', userMri: '29:reader-fr', inChannel: false },
  'a 1:1, en (Montreal)': { locale: 'en-US', timeZone: 'America/Montreal', userMri: '29:reader-en', inChannel: false },
  'a channel, fr': { locale: 'fr-FR', inChannel: true },
  'a channel, en': { locale: 'en-US', inChannel: true },
};
const languageOfReader = (reader: NotificationReader) => (reader.locale.startsWith('fr') ? 'fr' : 'en');

function notification<K extends NotificationKind>(kind: K, payload: NotificationPayloads[K] = SAMPLES[kind]): Notification {
  // the requester's kinds reach the ticket's requester (Alice), the others a technician
  const user = REQUESTER_CARD_KINDS.includes(kind) ? people.alice : people.tina;
  const recipient = kind === 'group.digest' ? { kind: 'channel' as const, groupId: GROUP_N1 } : { kind: 'user' as const, user };
  return { kind, recipient, actor: people.bob, payload } as Notification;
}

const render = (kind: NotificationKind, reader: NotificationReader, about: Ticket | null = ticket) =>
  renderNotification(notification(kind), about, reader, tree, groups);

const CASES = KINDS.flatMap((kind) => Object.entries(READERS).map(([name, reader]) => [kind, name, reader] as const));

describe('every notification kind renders for every reader', () => {
  it('the table has a view for every kind the domain defines, and this test a sample of each', () => {
    expect([...KINDS].sort()).toEqual((Object.keys(SAMPLES) as NotificationKind[]).sort());
  });

  it.each(CASES)('%s for %s: something to read, a valid Adaptive Card 1.5 if any, nothing left unbound', (kind, _name, reader) => {
    const rendered = render(kind, reader);
    expect(rendered.text !== undefined || rendered.card !== undefined).toBe(true);
    if (rendered.text !== undefined) {
      expect(rendered.text.trim()).not.toBe('');
      expect(rendered.text).not.toMatch(/\{\w+\}/);
    }
    if (rendered.card) {
      expect(rendered.card.version).toBe('1.5');
      expect(problemsOf(rendered.card)).toEqual([]);
      expect(JSON.stringify(rendered.card)).not.toContain('${');
    }
  });
});

describe('sentences', () => {
  it.each(CASES.filter(([kind]) => kind !== 'group.digest'))('%s for %s: the whole sentence, in the reader’s language', (kind, _name, reader) => {
    const expected = SENTENCES[kind as Exclude<NotificationKind, 'group.digest'>][languageOfReader(reader)];
    expect(render(kind, reader).text).toBe(expected);
  });

  it.each(SENTENCE_KINDS)('%s is a sentence alone: no card, nothing to keep up to date', (kind) => {
    for (const reader of Object.values(READERS)) {
      const rendered = render(kind, reader);
      expect(rendered.card).toBeUndefined();
      expect(rendered.ticketCard).toBeUndefined();
    }
  });
});

describe('a low rating with no comment', () => {
  it('says the rating alone', () => {
    const bare = { kind: 'survey.lowRating', recipient: { kind: 'channel', groupId: GROUP_N1 }, actor: people.alice, payload: { ...REF, rating: 1, comment: '' } } as const;
    expect(renderNotification(bare, ticket, READERS['a channel, fr'], tree, groups).text).toBe(
      'Le demandeur du ticket #1042 « Je n’arrive plus à me connecter à HorairePro » n’est pas satisfait : 1/5',
    );
    expect(renderNotification(bare, ticket, READERS['a channel, en'], tree, groups).text).toBe(
      'The requester of ticket #1042 "Je n’arrive plus à me connecter à HorairePro" is not satisfied: 1/5',
    );
  });
});

describe('the kinds that hand staff the ticket card', () => {
  const personalFr = READERS['a 1:1, fr (Paris)'];
  const channelFr = READERS['a channel, fr'];

  it.each(TICKET_CARD_KINDS)('%s in a 1:1: the full technician card, the sentence as its banner, refreshed for that reader only', (kind) => {
    const rendered = render(kind, personalFr);
    const card = rendered.card!;
    expect(rendered.ticketCard).toBe('technician');
    expect(noticeOf(card)).toBe(SENTENCES[kind as 'ticket.new'].fr);
    expect(buttonsOf(card)).toEqual(['Prendre', 'Assigner…', 'Suivi…', 'Mettre en attente…', 'Résoudre…']);
    expect(refreshUsersOf(card)).toEqual(['29:reader-fr']);
    expect(textsOf(card)).toContain(PRIVATE_NOTE);
    expect(factsOf(card)['Créé le']).toContain('3 mars 2026');
  });

  it.each(TICKET_CARD_KINDS)('%s in a channel: the compact queue card for the whole team, no private note, no per-user refresh', (kind) => {
    const rendered = render(kind, channelFr);
    const card = rendered.card!;
    expect(rendered.ticketCard).toBe('technician');
    expect(noticeOf(card)).toBe(SENTENCES[kind as 'ticket.new'].fr);
    expect(buttonsOf(card)).toEqual(['Prendre', 'Assigner…', 'Ouvrir']);
    expect(actionsOf(card, 'ticket.view')).toEqual([{ number: 1042, version: 3 }]);
    expect(refreshUsersOf(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain(PRIVATE_NOTE);
    expect(JSON.stringify(card)).not.toContain('votre ticket');
  });

  it.each(TICKET_CARD_KINDS)('%s in English: labels and banner in English, in a 1:1 as in a channel', (kind) => {
    const personal = render(kind, READERS['a 1:1, en (Montreal)']).card!;
    const channel = render(kind, READERS['a channel, en']).card!;
    expect(buttonsOf(personal)).toEqual(['Take', 'Assign…', 'Followup…', 'Put on hold…', 'Solve…']);
    expect(buttonsOf(channel)).toEqual(['Take', 'Assign…', 'Open']);
    expect(noticeOf(personal)).toBe(SENTENCES[kind as 'ticket.new'].en);
    expect(noticeOf(channel)).toBe(SENTENCES[kind as 'ticket.new'].en);
    expect(refreshUsersOf(personal)).toEqual(['29:reader-en']);
    // Montreal: still the 2nd when it was past midnight in Paris
    expect(factsOf(personal).Created).toContain('2 Mar 2026');
  });

  it.each([...TICKET_CARD_KINDS, ...REQUESTER_CARD_KINDS])('%s about a ticket that is gone: the sentence alone, no card to keep', (kind) => {
    expect(render(kind, personalFr, null)).toEqual({ text: SENTENCES[kind as 'ticket.new'].fr });
  });
});

describe('the end of a ticket: the requester answers on their own card, staff get the ticket with what was said', () => {
  const personalFr = READERS['a 1:1, fr (Paris)'];
  const personalEn = READERS['a 1:1, en (Montreal)'];
  const solved = aTicketIn('solved', { groupId: GROUP_N1 });
  // the survey is still open when the view is drawn
  const surveyOpen = { until: new Date(Date.now() + 10 * 24 * 3600_000), answer: null };
  const closed = aTicketIn('closed', { groupId: GROUP_N1, survey: surveyOpen });
  const to = <K extends NotificationKind>(kind: K, user: { id: string; name: string }, payload: NotificationPayloads[K] = SAMPLES[kind]) =>
    ({ kind, recipient: { kind: 'user', user }, actor: people.bob, payload }) as Notification;
  const toChannel = <K extends NotificationKind>(kind: K, payload: NotificationPayloads[K] = SAMPLES[kind]) =>
    ({ kind, recipient: { kind: 'channel', groupId: GROUP_N1 }, actor: people.alice, payload }) as Notification;

  it('solution.proposed: the requester’s card with the solution, who solved it, Accept / Refuse…, and the closing date in their time zone', () => {
    const rendered = renderNotification(to('solution.proposed', people.alice), solved, personalFr, tree, groups);
    const card = rendered.card!;
    expect(rendered.ticketCard).toBe('requester');
    expect(rendered.text).toBe(SENTENCES['solution.proposed'].fr);
    expect(noticeOf(card)).toBe('Bob Lefèvre propose une solution pour votre ticket : acceptez-la ou refusez-la ci-dessous.');
    expect(textsOf(card).slice(1, 4)).toEqual(['#1042', 'Je n’arrive plus à me connecter à HorairePro', 'Résolu']);
    expect(textsOf(card)).toEqual(
      expect.arrayContaining([
        'Solution proposée par Bob Lefèvre · 3 mars 2025, 10:30',
        'Compte réactivé dans HorairePro.',
        'Cette solution règle-t-elle votre problème ?',
        'Sans réponse de votre part, le ticket sera clos automatiquement le 4 mars 2025, 10:30.',
      ]),
    );
    expect(buttonsOf(card)).toEqual(['Accepter la solution', 'Refuser…']);
    expect(actionsOf(card, 'ticket.approve')).toEqual([{ number: 1042, version: 3 }]);
    expect(inputNamed(card, 'refuseReason')).toMatchObject({ isRequired: true, maxLength: 2_000 });
    expect(refreshUsersOf(card)).toEqual(['29:reader-fr']);

    const montreal = renderNotification(to('solution.proposed', people.alice), solved, personalEn, tree, groups).card!;
    expect(noticeOf(montreal)).toBe('Bob Lefèvre proposes a solution for your ticket: accept or refuse it below.');
    expect(buttonsOf(montreal)).toEqual(['Accept the solution', 'Refuse…']);
    expect(textsOf(montreal)).toContain('With no answer from you, the ticket will be closed automatically on 4 Mar 2025, 04:30.');
  });

  it('solution.proposed with no automatic closing (delay 0): no date promised', () => {
    const card = renderNotification(to('solution.proposed', people.alice), aTicketIn('solved', { autoCloseAt: null }), personalFr, tree, groups).card!;
    expect(textsOf(card).filter((text) => text.startsWith('Sans réponse'))).toEqual([]);
    expect(buttonsOf(card)).toEqual(['Accepter la solution', 'Refuser…']);
  });

  it.each(['ticket.closed', 'ticket.autoClosed'] as const)('%s: the requester’s closed card, the survey in it', (kind) => {
    const rendered = renderNotification(to(kind, people.alice), closed, personalFr, tree, groups);
    const card = rendered.card!;
    expect(rendered.ticketCard).toBe('requester');
    expect(noticeOf(card)).toBe(SENTENCES[kind].fr);
    expect(textsOf(card)).toContain('Êtes-vous satisfait de l’aide reçue ?');
    expect((inputNamed(card, 'rating')?.choices as unknown[]).length).toBe(5);
    expect(actionsOf(card, 'ticket.rate')).toEqual([{ number: 1042, version: 3 }]);
    expect(buttonsOf(card)).toEqual([]);
    const english = renderNotification(to(kind, people.alice), closed, personalEn, tree, groups).card!;
    expect(noticeOf(english)).toBe(SENTENCES[kind].en);
    expect(textsOf(english)).toContain('Are you satisfied with the help you received?');
  });

  it('ticket.reopened: the requester gets their card, the assignee the technician card, both with the reason', () => {
    const reopened = aTicketIn('assigned', { groupId: GROUP_N1 });
    const requester = renderNotification(to('ticket.reopened', people.alice), reopened, personalFr, tree, groups);
    const assignee = renderNotification(to('ticket.reopened', people.bob), reopened, personalFr, tree, groups);
    expect(requester.ticketCard).toBe('requester');
    expect(buttonsOf(requester.card!)).toEqual(['Commenter…']);
    expect(assignee.ticketCard).toBe('technician');
    expect(buttonsOf(assignee.card!)).toEqual(['Assigner…', 'Suivi…', 'Tâche…', 'Mettre en attente…', 'Résoudre…']);
    for (const { card } of [requester, assignee]) expect(noticeOf(card!)).toBe(SENTENCES['ticket.reopened'].fr);
  });

  it('solution.refused: whoever picks it up again reads the reason on the ticket card', () => {
    const refused = aTicketIn('assigned', { groupId: GROUP_N1 });
    const rendered = renderNotification(to('solution.refused', people.bob), refused, personalFr, tree, groups);
    expect(rendered.ticketCard).toBe('technician');
    expect(rendered.text).toBe('Le demandeur a refusé la solution du ticket #1042 : Toujours en panne.');
    expect(noticeOf(rendered.card!)).toBe('Le demandeur a refusé la solution du ticket #1042 : Toujours en panne.');
    expect(buttonsOf(rendered.card!)).toEqual(['Assigner…', 'Suivi…', 'Tâche…', 'Mettre en attente…', 'Résoudre…']);
  });

  it('survey.lowRating: the group’s channel gets the closed ticket with the rating and the comment, to open it', () => {
    const rated = aTicketIn('closed', { groupId: GROUP_N1, survey: { ...surveyOpen, answer: { rating: 2, comment: 'Trois relances avant une réponse.', at: surveyOpen.until } } });
    const rendered = renderNotification(toChannel('survey.lowRating'), rated, READERS['a channel, fr'], tree, groups);
    expect(rendered.ticketCard).toBe('technician');
    expect(noticeOf(rendered.card!)).toBe(SENTENCES['survey.lowRating'].fr);
    expect(textsOf(rendered.card!)).toContain('Avis du demandeur : 2/5 — Trois relances avant une réponse.');
    expect(buttonsOf(rendered.card!)).toEqual(['Ouvrir']);
    const lead = renderNotification(to('survey.lowRating', people.lea), rated, READERS['a 1:1, en (Montreal)'], tree, groups);
    expect(textsOf(lead.card!)).toContain('The requester’s rating: 2/5 — Trois relances avant une réponse.');
    expect(refreshUsersOf(lead.card!)).toEqual(['29:reader-en']);
  });
});

