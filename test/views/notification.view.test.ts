import { describe, expect, it } from 'vitest';
import { ticketNumberData } from '../../src/bot/card-data.schemas.js';
import type { Category } from '../../src/domain/category.js';
import type { Notification, NotificationKind, NotificationPayloads } from '../../src/domain/notification.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { TICKET_EVENT_TYPES } from '../../src/domain/ticket-event.js';
import { failuresCard } from '../../src/views/failures.view.js';
import { RENDERERS, renderCardCopy, renderNotification, type NotificationReader } from '../../src/views/notification.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { inputNamed } from '../support/card-reading.js';
import { aGroup, aTicketIn, GROUP_N1, GROUP_N2, people } from '../support/ticket-mother.js';

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
/** N1 with a channel and Tina on duty; N2 Réseau, where tickets are escalated */
const groups = [aGroup(), aGroup({ id: GROUP_N2, name: { fr: 'N2 Réseau', en: 'L2 Network' }, technicians: [{ ...people.nadia, onDuty: true }] })];
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
const ESCALATION_SUMMARY = 'Poste redémarré, droits vérifiés dans HorairePro : toujours « Accès refusé ».';

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
  'sla.alert': {
    groupId: GROUP_N1,
    lead: people.lea,
    line: {
      ...REF,
      status: 'new',
      priority: 4,
      ticketId: 'tkt-1042',
      levelId: 'own-75',
      clock: 'own',
      percent: 75,
      dueAt: '2026-03-03T10:00:00.000Z',
      assigneeName: null,
    },
  },
  'request.escalated': { ...REF, groupId: GROUP_N2 },
  'ticket.escalated': { ...REF, fromGroupId: GROUP_N1, groupId: GROUP_N2, supportLevel: 2, summary: ESCALATION_SUMMARY },
  'group.unstaffed': { ...REF, groupId: GROUP_N2 },
  'lead.alerted': { ...REF, groupId: GROUP_N1, lead: people.lea, reason: 'Il faut les droits d’administration HorairePro.' },
  'observer.update': { ...REF, event: 'FollowupAdded', text: 'Cache vidé, réessayez.', status: 'assigned' },
  'ticket.holdOver': REF,
  'ticket.openedForYou': { ...REF, source: 'call' },
  'ticket.createdFromMessage': REF,
};

const KINDS = Object.keys(RENDERERS) as NotificationKind[];
/** the kinds that hand staff the ticket itself */
const TICKET_CARD_KINDS: readonly NotificationKind[] = [
  'ticket.new',
  'ticket.assignedToYou',
  'ticket.transferred',
  'solution.refused',
  'survey.lowRating',
  'ticket.createdFromMessage',
];
/** the kinds that hand the requester their own card, where they answer (the solution, the survey) */
const REQUESTER_CARD_KINDS: readonly NotificationKind[] = ['solution.proposed', 'ticket.closed', 'ticket.autoClosed', 'ticket.reopened', 'ticket.openedForYou'];
/** the escalation's kinds that hand staff the ticket (or, in a channel, a card mentioning the lead): see their own tests */
const ESCALATION_CARD_KINDS: readonly NotificationKind[] = ['ticket.escalated', 'group.unstaffed', 'lead.alerted'];
/** the lists of tickets sent to a group (their own tests) */
const DIGEST_KINDS: readonly NotificationKind[] = ['group.digest', 'sla.alert'];
const SENTENCE_KINDS = KINDS.filter(
  (kind) => !DIGEST_KINDS.includes(kind) && !TICKET_CARD_KINDS.includes(kind) && !REQUESTER_CARD_KINDS.includes(kind) && !ESCALATION_CARD_KINDS.includes(kind),
);

/** what each kind says, whole, in both languages (Bob is the actor) */
type SentenceKind = Exclude<NotificationKind, 'group.digest' | 'sla.alert'>;
const SENTENCES: { readonly [K in SentenceKind]: { readonly fr: string; readonly en: string } } = {
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
    en: 'Bob Lefèvre has taken charge of your ticket #1042 "Je n’arrive plus à me connecter à HorairePro".',
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
  'request.escalated': {
    fr: 'Votre demande #1042 « Je n’arrive plus à me connecter à HorairePro » a été transmise au groupe N2 Réseau.',
    en: 'Your request #1042 "Je n’arrive plus à me connecter à HorairePro" was handed to group L2 Network.',
  },
  'ticket.escalated': {
    fr: 'Ticket #1042 escaladé vers N2 Réseau (niveau N2) par Bob Lefèvre : Je n’arrive plus à me connecter à HorairePro',
    en: 'Ticket #1042 escalated to L2 Network (level L2) by Bob Lefèvre: Je n’arrive plus à me connecter à HorairePro',
  },
  'group.unstaffed': {
    fr: 'Le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » a été confié à N2 Réseau par Bob Lefèvre, mais personne n’y est de garde : confiez-le à quelqu’un.',
    en: 'Ticket #1042 "Je n’arrive plus à me connecter à HorairePro" was sent to L2 Network by Bob Lefèvre, but nobody there is on duty: hand it to someone.',
  },
  'lead.alerted': {
    fr: 'Bob Lefèvre demande votre aide sur le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » : Il faut les droits d’administration HorairePro.',
    en: 'Bob Lefèvre asks for your help on ticket #1042 "Je n’arrive plus à me connecter à HorairePro": Il faut les droits d’administration HorairePro.',
  },
  'observer.update': {
    fr: '#1042 — Bob Lefèvre a ajouté un suivi : Cache vidé, réessayez.',
    en: '#1042 — Bob Lefèvre added a followup: Cache vidé, réessayez.',
  },
  'ticket.holdOver': {
    fr: 'La date de reprise du ticket #1042 est arrivée : il est de nouveau à traiter.',
    en: 'Ticket #1042 has reached its resume date: it is back in the queue.',
  },
  'ticket.openedForYou': {
    fr: 'Suite à votre appel, Bob Lefèvre du support a ouvert pour vous le ticket #1042 « Je n’arrive plus à me connecter à HorairePro ».',
    en: 'Following your call, Bob Lefèvre from the helpdesk opened ticket #1042 "Je n’arrive plus à me connecter à HorairePro" for you.',
  },  'ticket.createdFromMessage': {
    fr: 'Vous avez créé le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » à partir d’un message : le voici, avec ses boutons.',
    en: 'You created ticket #1042 "Je n’arrive plus à me connecter à HorairePro" from a message: here it is, with its buttons.',
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
  const recipient = DIGEST_KINDS.includes(kind) ? { kind: 'channel' as const, groupId: GROUP_N1 } : { kind: 'user' as const, user };
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
  it.each(CASES.filter(([kind]) => !DIGEST_KINDS.includes(kind)))('%s for %s: the whole sentence, in the reader’s language', (kind, _name, reader) => {
    const expected = SENTENCES[kind as SentenceKind][languageOfReader(reader)];
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


describe('escalation: the new group gets the ticket with what was tried, the lead is mentioned, observers are told', () => {
  const personalFr = READERS['a 1:1, fr (Paris)'];
  const personalEn = READERS['a 1:1, en (Montreal)'];
  const channelFr = READERS['a channel, fr'];
  const channelEn = READERS['a channel, en'];
  /** the ticket once escalated: in N2, nobody on it yet */
  const escalated = aTicketIn('new', { groupId: GROUP_N2 });
  const to = <K extends NotificationKind>(kind: K, user: { id: string; name: string }, payload: NotificationPayloads[K] = SAMPLES[kind]) =>
    ({ kind, recipient: { kind: 'user', user }, actor: people.bob, payload }) as Notification;
  const toChannel = <K extends NotificationKind>(kind: K, groupId: string, payload: NotificationPayloads[K] = SAMPLES[kind]) =>
    ({ kind, recipient: { kind: 'channel', groupId }, actor: people.bob, payload }) as Notification;

  it('ticket.escalated to a technician of the new group: the technician card, the summary of what was tried as its banner, in their language', () => {
    const fr = renderNotification(to('ticket.escalated', people.nadia), escalated, personalFr, tree, groups);
    expect(fr.ticketCard).toBe('technician');
    expect(fr.text).toBe(SENTENCES['ticket.escalated'].fr);
    expect(noticeOf(fr.card!)).toBe(
      'Bob Lefèvre a escaladé ce ticket de Support N1 vers N2 Réseau (niveau N2). Déjà tenté : Poste redémarré, droits vérifiés dans HorairePro : toujours « Accès refusé ».',
    );
    expect(refreshUsersOf(fr.card!)).toEqual(['29:reader-fr']);
    const en = renderNotification(to('ticket.escalated', people.nadia), escalated, personalEn, tree, groups);
    expect(noticeOf(en.card!)).toBe(
      'Bob Lefèvre escalated this ticket from N1 Support to L2 Network (level L2). Already tried: Poste redémarré, droits vérifiés dans HorairePro : toujours « Accès refusé ».',
    );
  });

  it('ticket.escalated in the new group’s channel: the queue card for the whole team, with the summary', () => {
    const rendered = renderNotification(toChannel('ticket.escalated', GROUP_N2), escalated, channelFr, tree, groups);
    expect(rendered.ticketCard).toBe('technician');
    expect(noticeOf(rendered.card!)).toContain(`Déjà tenté : ${ESCALATION_SUMMARY}`);
    expect(buttonsOf(rendered.card!)).toContain('Ouvrir');
    expect(refreshUsersOf(rendered.card!)).toEqual([]);
    expect(noticeOf(renderNotification(toChannel('ticket.escalated', GROUP_N2), escalated, channelEn, tree, groups).card!)).toContain(
      `Already tried: ${ESCALATION_SUMMARY}`,
    );
  });

  it('ticket.escalated from no group, with a very long summary: the banner names the target only and shows the start of the summary', () => {
    const long = 'essai '.repeat(1_000).trim();
    const payload = { ...SAMPLES['ticket.escalated'], fromGroupId: null, summary: long };
    const card = renderNotification(to('ticket.escalated', people.nadia, payload), escalated, personalFr, tree, groups).card!;
    const banner = noticeOf(card);
    expect(banner.startsWith('Bob Lefèvre a escaladé ce ticket vers N2 Réseau (niveau N2). Déjà tenté : essai essai')).toBe(true);
    expect(banner.endsWith('…')).toBe(true);
    expect(banner.length).toBeLessThan(1_700);
  });

  it('group.unstaffed: the target group’s lead gets the ticket, to hand it to someone', () => {
    const rendered = renderNotification(to('group.unstaffed', people.lea), escalated, personalFr, tree, groups);
    expect(rendered.ticketCard).toBe('technician');
    expect(noticeOf(rendered.card!)).toBe(SENTENCES['group.unstaffed'].fr);
    expect(noticeOf(renderNotification(to('group.unstaffed', people.lea), escalated, personalEn, tree, groups).card!)).toBe(SENTENCES['group.unstaffed'].en);
  });

  it.each(['ticket.escalated', 'group.unstaffed', 'lead.alerted'] as const)('%s about a ticket that is gone: the sentence alone', (kind) => {
    expect(renderNotification(to(kind, people.lea), null, personalFr, tree, groups)).toEqual({ text: SENTENCES[kind].fr });
  });

  it('lead.alerted in the channel: a card that mentions the lead (the <at> text and its entity), the reason, and « Ouvrir »', () => {
    const rendered = renderNotification(toChannel('lead.alerted', GROUP_N1), ticket, channelFr, tree, groups);
    const card = rendered.card!;
    expect(rendered.ticketCard).toBeUndefined();
    expect(rendered.text).toBe(
      'Léa Bernard, Bob Lefèvre demande votre aide sur le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » : Il faut les droits d’administration HorairePro.',
    );
    expect(textsOf(card)).toEqual([
      '#1042 — Je n’arrive plus à me connecter à HorairePro',
      '<at>Léa Bernard</at>, Bob Lefèvre demande votre aide sur le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » : Il faut les droits d’administration HorairePro.',
    ]);
    expect(card.msteams).toEqual({
      entities: [{ type: 'mention', text: '<at>Léa Bernard</at>', mentioned: { id: `8:orgid:${people.lea.id}`, name: 'Léa Bernard' } }],
    });
    expect(factsOf(card)).toEqual({ Groupe: 'Support N1', Statut: 'Nouveau', Priorité: 'Basse', Technicien: 'Pas encore attribué' });
    expect(buttonsOf(card)).toEqual(['Ouvrir']);
    expect(actionsOf(card, 'ticket.view')).toEqual([{ number: 1042 }]);
    expect(problemsOf(card)).toEqual([]);

    const english = renderNotification(toChannel('lead.alerted', GROUP_N1), ticket, channelEn, tree, groups).card!;
    expect(textsOf(english)[1]).toBe(
      '<at>Léa Bernard</at>, Bob Lefèvre asks for your help on ticket #1042 "Je n’arrive plus à me connecter à HorairePro": Il faut les droits d’administration HorairePro.',
    );
    expect(buttonsOf(english)).toEqual(['Open']);
  });

  it('lead.alerted: what people typed is shown as typed (no link, no fake mention); the mention stays markup', () => {
    const payload = { ...SAMPLES['lead.alerted'], title: 'Voir [ici](https://evil.example)', reason: 'Ping <at>Adam Girard</at> **vite**' };
    const card = renderNotification(toChannel('lead.alerted', GROUP_N1, payload), ticket, channelFr, tree, groups).card!;
    expect(textsOf(card)[1]).toBe(
      '<at>Léa Bernard</at>, Bob Lefèvre demande votre aide sur le ticket #1042 « Voir \\[ici\\](https://evil.example) » : Ping \\<at>Adam Girard\\</at> \\*\\*vite\\*\\*',
    );
    expect((card.msteams as { entities: unknown[] }).entities).toHaveLength(1);
  });

  it('lead.alerted in the channel of a group with no lead: nobody to mention, the same request', () => {
    const payload = { ...SAMPLES['lead.alerted'], lead: null };
    const rendered = renderNotification(toChannel('lead.alerted', GROUP_N1, payload), ticket, channelFr, tree, groups);
    expect(textsOf(rendered.card!)[1]).toBe(
      'Bob Lefèvre demande l’aide d’un responsable sur le ticket #1042 « Je n’arrive plus à me connecter à HorairePro » : Il faut les droits d’administration HorairePro.',
    );
    expect(rendered.card!.msteams).toEqual({ entities: [] });
  });

  it('lead.alerted in the lead’s own chat: the ticket card saying the same, no mention', () => {
    const rendered = renderNotification(to('lead.alerted', people.lea), ticket, personalFr, tree, groups);
    expect(rendered.ticketCard).toBe('technician');
    expect(noticeOf(rendered.card!)).toBe(SENTENCES['lead.alerted'].fr);
    expect(rendered.card!.msteams).toBeUndefined();
    expect(JSON.stringify(rendered.card)).not.toContain('<at>');
  });

  /** what an observer reads for each change, Bob acting, with and without words of his */
  const OBSERVED: readonly [NotificationPayloads['observer.update']['event'], string, string, string][] = [
    ['TicketCreated', '', '#1042 — Bob Lefèvre a ouvert le ticket.', '#1042 — Bob Lefèvre opened the ticket.'],
    ['TicketTaken', '', '#1042 — Bob Lefèvre a pris le ticket en charge.', '#1042 — Bob Lefèvre took charge of the ticket.'],
    ['TicketAssigned', '', '#1042 — Bob Lefèvre a changé l’attribution du ticket.', '#1042 — Bob Lefèvre changed who the ticket is assigned to.'],
    ['FollowupAdded', 'Cache vidé.', '#1042 — Bob Lefèvre a ajouté un suivi : Cache vidé.', '#1042 — Bob Lefèvre added a followup: Cache vidé.'],
    ['RequesterCommented', 'Toujours rien.', '#1042 — Bob Lefèvre, le demandeur, a commenté : Toujours rien.', '#1042 — Bob Lefèvre, the requester, commented: Toujours rien.'],
    ['TaskAdded', 'Profil recréé', '#1042 — Bob Lefèvre a ajouté une tâche : Profil recréé', '#1042 — Bob Lefèvre added a task: Profil recréé'],
    ['TicketPlanned', 'Passage au 3e', '#1042 — Bob Lefèvre a planifié une intervention : Passage au 3e', '#1042 — Bob Lefèvre scheduled work on the ticket: Passage au 3e'],
    ['TicketPutOnHold', 'Pièce commandée', '#1042 — Bob Lefèvre a mis le ticket en attente : Pièce commandée', '#1042 — Bob Lefèvre put the ticket on hold: Pièce commandée'],
    ['TicketResumed', '', '#1042 — Bob Lefèvre a repris le ticket.', '#1042 — Bob Lefèvre resumed the ticket.'],
    ['TicketResumed', 'Pièce reçue', '#1042 — Bob Lefèvre a repris le ticket : Pièce reçue', '#1042 — Bob Lefèvre resumed the ticket: Pièce reçue'],
    ['SolutionProposed', 'Compte réactivé.', '#1042 — Bob Lefèvre a proposé une solution : Compte réactivé.', '#1042 — Bob Lefèvre proposed a solution: Compte réactivé.'],
    ['SolutionApproved', '', '#1042 — Bob Lefèvre a accepté la solution.', '#1042 — Bob Lefèvre accepted the solution.'],
    ['SolutionRefused', 'Toujours en panne', '#1042 — Bob Lefèvre a refusé la solution : Toujours en panne', '#1042 — Bob Lefèvre refused the solution: Toujours en panne'],
    ['TicketClosed', '', '#1042 — Bob Lefèvre a clos le ticket.', '#1042 — Bob Lefèvre closed the ticket.'],
    [
      'TicketAutoClosed',
      '',
      '#1042 — Le ticket a été clos automatiquement, faute de réponse du demandeur.',
      '#1042 — The ticket was closed automatically, with no answer from the requester.',
    ],
    ['TicketReopened', 'Revenu', '#1042 — Bob Lefèvre a rouvert le ticket : Revenu', '#1042 — Bob Lefèvre reopened the ticket: Revenu'],
    ['TicketRated', 'Merci', '#1042 — Bob Lefèvre a donné son avis sur l’aide reçue : Merci', '#1042 — Bob Lefèvre rated the help received: Merci'],
    ['TicketEdited', '', '#1042 — Bob Lefèvre a corrigé la classification du ticket.', '#1042 — Bob Lefèvre corrected the ticket’s classification.'],
    ['TaskEdited', '', '#1042 — Bob Lefèvre a modifié une tâche.', '#1042 — Bob Lefèvre changed a task.'],
    ['TicketEscalated', 'Tout essayé', '#1042 — Bob Lefèvre a escaladé le ticket : Tout essayé', '#1042 — Bob Lefèvre escalated the ticket: Tout essayé'],
    ['LeadAlerted', 'Droits admin', '#1042 — Bob Lefèvre a alerté le responsable : Droits admin', '#1042 — Bob Lefèvre alerted the lead: Droits admin'],
    ['TicketFollowed', '', '#1042 — Bob Lefèvre suit le ticket.', '#1042 — Bob Lefèvre follows the ticket.'],
    ['TicketUnfollowed', '', '#1042 — Bob Lefèvre ne suit plus le ticket.', '#1042 — Bob Lefèvre no longer follows the ticket.'],
    [
      'SlaLevelReached',
      '',
      '#1042 — Le ticket a atteint un niveau d’escalade de son SLA.',
      '#1042 — The ticket reached an escalation level of its SLA.',
    ],
  ];

  it.each(OBSERVED)('observer.update for %s (%j): one whole sentence, fr and en, no card', (event, text, fr, en) => {
    const payload = { ...REF, event, text, status: 'assigned' as const };
    const french = renderNotification(to('observer.update', people.lea, payload), ticket, personalFr, tree, groups);
    expect(french).toEqual({ text: fr });
    expect(renderNotification(to('observer.update', people.lea, payload), ticket, personalEn, tree, groups)).toEqual({ text: en });
  });

  it('observer.update: what people typed is escaped, the sentence’s own « #1042 » is not', () => {
    const payload = { ...REF, event: 'FollowupAdded' as const, text: '# Titre\n- [lien](https://evil.example)', status: 'assigned' as const };
    expect(renderNotification(to('observer.update', people.lea, payload), ticket, personalFr, tree, groups).text).toBe(
      '#1042 — Bob Lefèvre a ajouté un suivi : \\# Titre\n\\- \\[lien\\](https://evil.example)',
    );
  });

  it('every observer sentence exists for every event type in both languages (a typo would show its key)', () => {
    const events = new Set(OBSERVED.map(([event]) => event));
    expect([...events].sort()).toEqual([...TICKET_EVENT_TYPES].sort());
  });
});
