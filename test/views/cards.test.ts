import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuichetBot } from '../../src/bot/guichet.bot.js';
import type { BotServices } from '../../src/bot/bot-services.js';
import { VERBS } from '../../src/bot/verbs.js';
import type { Category } from '../../src/domain/category.js';
import { failuresCard } from '../../src/views/failures.view.js';
import { messageCard } from '../../src/views/message.view.js';
import { FEATURE_KEYS, MESSAGES, t } from '../../src/views/i18n.js';
import { EMPTY_FORM, ticketFormCard } from '../../src/views/ticket-form.view.js';
import { ticketListCard } from '../../src/views/ticket-list.view.js';
import * as ACData from 'adaptivecards-templating';
import type { Ticket } from '../../src/domain/ticket.js';
import { READ_PAGE, SHOWN, ticketCard, ticketCardData, type TicketViewContext } from '../../src/views/ticket.view.js';
import ticketTemplate from '../../cards/ticket.card.json' with { type: 'json' };
import { helpCard, welcomeCard } from '../../src/views/welcome.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { inputNamed as inputIn } from '../support/card-reading.js';
import { actors, anActor, aGroup, aSolution, aTicket, aTicketIn, GROUP_N1, NOW, people, SOLVED_AT, SURVEY_UNTIL } from '../support/ticket-mother.js';

const tree = categories as Category[];
const ticket = aTicket({ number: 42, title: 'Écran noir', categoryId: 'hardware.screen', groupId: 'support-n1' });
// ---- the ticket card in every state its `$when`s allow ---------------------------------------

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 9, minutes));
const FOLLOWUPS: Ticket['followups'] = [
  { id: 'f-take', author: people.bob, kind: 'takenInCharge', text: '', visibility: 'public', at: at(1) },
  { id: 'f-public', author: people.bob, kind: 'note', text: 'Je passe vers 14 h.', visibility: 'public', at: at(2) },
  { id: 'f-private', author: people.bob, kind: 'note', text: 'Licence expirée côté éditeur.', visibility: 'private', at: at(3) },
  { id: 'f-comment', author: people.alice, kind: 'comment', text: 'Toujours bloquée ce matin.', visibility: 'public', at: at(4) },
];
const TASKS: Ticket['tasks'] = [
  { id: 'k1', author: people.bob, description: 'Vérifier la licence', status: 'done', durationMinutes: 10, plannedStart: null, at: at(5) },
  { id: 'k2', author: people.bob, description: 'Réinstaller le client', status: 'todo', durationMinutes: 30, plannedStart: new Date('2025-03-05T09:00:00Z'), at: at(6) },
  { id: 'k3', author: people.bob, description: 'Éditeur prévenu', status: 'information', durationMinutes: 0, plannedStart: null, at: at(7) },
];
/** numbered words, so any page of it is recognisable */
const longText = (length: number, word = 'mot') =>
  Array.from({ length: Math.ceil(length / 5) }, (_, i) => `${word}${i}`).join(' ').slice(0, length);
const LONG_DESCRIPTION = longText(20_000, 'é');
const LONG_FOLLOWUP = longText(10_000, 'f');
const LONG_SOLUTION = longText(10_000, 's');
const BACK = { queue: 'toProcess', sort: 'priority', page: 2 } as const;

type State = [name: string, ticket: Ticket, ctx: TicketViewContext];

/** the end of a ticket's life: answered solutions, survey answers, the reasons given on the way */
const CLOSED_AT = new Date('2025-03-04T08:00:00Z');
const rated = (rating: 1 | 2 | 3 | 4 | 5, comment: string | null) => ({ until: SURVEY_UNTIL, answer: { rating, comment, at: CLOSED_AT } });
const approved = aSolution({ outcome: { kind: 'approved', by: people.alice, at: CLOSED_AT } });
const STILL_BROKEN = 'Ça ne marche toujours pas, même message ce matin.';
const REASONS: Ticket['followups'] = [
  { id: 'f-refusal', author: people.alice, kind: 'refusal', text: 'Toujours « Accès refusé » ce matin.', visibility: 'public', at: at(20) },
  { id: 'f-reopening', author: people.lea, kind: 'reopening', text: 'Le problème est revenu chez trois collègues.', visibility: 'public', at: at(30) },
];
/** issue 10's timeline: a hold until a date, the clock's resumption, an escalation with its summary, a lead alerted */
const HOLD_UNTIL = new Date('2025-03-10T08:00:00Z');
const ESCALATED_AT = at(40);
const ESCALATION_STORY: Partial<Ticket> = {
  followups: [
    { id: 'f-hold', author: people.bob, kind: 'hold', text: 'Pièce commandée chez le fournisseur.', visibility: 'public', at: at(10) },
    { id: 'f-resume', author: { id: 'system', name: 'Guichet' }, kind: 'resume', text: '', visibility: 'public', at: at(11) },
    { id: 'f-lead', author: people.bob, kind: 'leadAlert', text: 'Il me faut les droits d’administration.', visibility: 'private', at: at(20) },
    { id: 'f-escalation', author: people.bob, kind: 'escalation', text: 'Poste redémarré, droits vérifiés : toujours « Accès refusé ».', visibility: 'private', at: ESCALATED_AT },
  ],
  history: [
    { at: at(10), actor: people.bob, field: 'pendingUntil', from: null, to: HOLD_UNTIL.toISOString() },
    { at: ESCALATED_AT, actor: people.bob, field: 'group', from: GROUP_N1, to: 'grp-n2-reseau' },
  ],
  escalation: { fired: [], next: null, supportLevel: 2, riskAt: null, breachAt: null },
  observers: [people.tina],
};
/** a technician who opened the ticket for themselves: they work it and answer it */
const technicianRequester = anActor(['requester', 'technician'], { ...people.alice, groupIds: [GROUP_N1] });

function ticketStates(language: 'fr' | 'en'): State[] {
  const base = { language, timeZone: 'Europe/Paris', categories: tree, now: NOW } as const;
  const groups = [aGroup()];
  const technician = { ...base, audience: 'technician', viewer: actors.groupTechnician, groups, refreshUserIds: ['29:tina'] } as const;
  const requester = { ...base, audience: 'requester', viewer: actors.ownRequester } as const;
  const worked = aTicketIn('assigned', { followups: FOLLOWUPS, tasks: TASKS });
  const surveyOver = new Date(SURVEY_UNTIL.getTime() + 60_000);
  return [
    ['solved awaiting the requester, never closed automatically (delay 0)', aTicketIn('solved', { autoCloseAt: null }), requester],
    ['solved, the requester’s copy (no viewer)', aTicketIn('solved'), { ...base, audience: 'requester' }],
    ['solved, a refusal without a reason, kept', aTicketIn('solved'), { ...requester, notice: 'La raison est obligatoire : rien n’a été enregistré.', noticeStyle: 'attention', typed: { refuseReason: '   ' } }],
    ['solved, a technician who is the requester', aTicketIn('solved', { requester: people.alice }), { ...technician, viewer: technicianRequester }],
    ['solved, channel queue card', aTicketIn('solved'), { ...base, timeZone: undefined, audience: 'technician', compact: true, groups }],
    ['solved, group chat', aTicketIn('solved'), { ...base, timeZone: undefined, audience: 'requester', shared: true }],
    ['closed, the requester’s copy: the survey', aTicketIn('closed'), { ...base, audience: 'requester' }],
    ['closed, a rating kept after a refusal', aTicketIn('closed'), { ...requester, notice: 'Le ticket a changé entre-temps ; voici sa version à jour.', noticeStyle: 'warning', typed: { rating: '2', surveyComment: 'Trois relances.' } }],
    ['closed and rated, requester', aTicketIn('closed', { survey: rated(4, 'Rapide, merci.') }), requester],
    ['closed and rated without a comment, requester', aTicketIn('closed', { survey: rated(5, null) }), requester],
    ['closed and rated, technician', aTicketIn('closed', { survey: rated(2, 'Trois relances avant une réponse.') }), technician],
    ['closed and rated without a comment, technician', aTicketIn('closed', { survey: rated(3, null) }), technician],
    ['closed, survey over, requester', aTicketIn('closed'), { ...requester, now: surveyOver }],
    ['closed, survey over, technician', aTicketIn('closed'), { ...technician, now: surveyOver }],
    ['closed, no survey (delay 0), requester', aTicketIn('closed', { survey: { until: SOLVED_AT, answer: null } }), requester],
    ['closed after an approval whose comment says it still fails: the question back', aTicketIn('closed', { solutions: [approved], survey: rated(2, STILL_BROKEN) }), requester],
    ['the same, once the survey is over', aTicketIn('closed', { solutions: [approved], survey: rated(2, STILL_BROKEN) }), { ...requester, now: surveyOver }],
    ['closed by a technician, requester', aTicketIn('closed', { solutions: [aSolution({ outcome: { kind: 'closed', by: people.bob, at: CLOSED_AT } })] }), requester],
    ['closed automatically, technician', aTicketIn('closed', { solutions: [aSolution({ outcome: { kind: 'autoClosed', by: { id: 'system', name: 'Guichet' }, at: CLOSED_AT } })] }), technician],
    ['closed, lead', aTicketIn('closed'), { ...technician, viewer: actors.lead }],
    ['closed, lead, a reopening without a reason, kept', aTicketIn('closed'), { ...technician, viewer: actors.lead, notice: 'La raison est obligatoire : rien n’a été enregistré.', noticeStyle: 'attention', typed: { reopenReason: '  ' } }],
    ['reopened, with the refusal and the reopening in the followups', aTicketIn('assigned', {
      followups: REASONS,
      solutions: [aSolution({ outcome: { kind: 'refused', by: people.alice, at: at(20), reason: REASONS[0].text } })],
    }), requester],
    ['new, requester', aTicketIn('new'), requester],
    ['new, technician: take and assign', aTicketIn('new', { groupId: GROUP_N1 }), technician],
    ['new with no group, technician', aTicketIn('new'), technician],
    ['new, technician, no groups known yet', aTicketIn('new'), { ...technician, groups: [] }],
    ['assigned with followups and tasks, technician', worked, technician],
    ['assigned with followups, requester', worked, requester],
    ['planned with task dates, technician', aTicketIn('planned', { followups: FOLLOWUPS }), technician],
    ['pending with reason, technician', aTicketIn('pending'), technician],
    ['pending, requester', aTicketIn('pending'), requester],
    ['solved, requester', aTicketIn('solved', { followups: FOLLOWUPS }), requester],
    ['solved, technician', aTicketIn('solved'), technician],
    ['closed, requester', aTicketIn('closed', { followups: FOLLOWUPS }), requester],
    ['closed, technician', aTicketIn('closed', { tasks: TASKS }), technician],
    ['with a notice', worked, { ...technician, notice: 'C’est fait.', noticeStyle: 'warning' }],
    ['channel queue card', aTicketIn('new', { followups: FOLLOWUPS }), { ...base, timeZone: undefined, audience: 'technician', compact: true, groups }],
    ['channel, opened', worked, { ...base, timeZone: undefined, audience: 'technician', shared: true, groups, refreshUserIds: ['29:tina'] }],
    ['group chat', worked, { ...base, timeZone: undefined, audience: 'requester', shared: true }],
    ['long description, followup and solution: « Voir plus »', aTicketIn('solved', {
      description: LONG_DESCRIPTION,
      followups: [{ ...FOLLOWUPS[1], text: LONG_FOLLOWUP }],
      solutions: [{ text: LONG_SOLUTION, author: people.bob, at: at(9), outcome: { kind: 'proposed' } }],
    }), technician],
    ['reading the description, first page', aTicketIn('assigned', { description: LONG_DESCRIPTION }), { ...technician, reading: { text: 'description', from: 0 } }],
    ['reading the description, last page', aTicketIn('assigned', { description: LONG_DESCRIPTION }), { ...technician, reading: { text: 'description', from: 2 * READ_PAGE } }],
    ['reading a followup', aTicketIn('assigned', { followups: [{ ...FOLLOWUPS[1], text: LONG_FOLLOWUP }] }), { ...technician, reading: { text: 'f-public', from: 0 } }],
    ['opened from a list', worked, { ...technician, back: BACK }],
    ['typed texts kept in their fields', worked, {
      ...technician,
      notice: 'Le ticket a changé entre-temps ; voici sa version à jour.',
      noticeStyle: 'warning',
      typed: { followupText: 'Mon suivi', private: true, reason: 'La pièce', solution: 'Ma solution', taskDescription: 'Ma tâche', taskStatus: 'done', durationMinutes: 45, plannedDate: '2025-03-06', plannedTime: '10:30' },
    }],
    ['typed text whose form is gone', aTicketIn('closed'), { ...technician, typed: { solution: 'Ma solution tardive' } }],
    ['escalated, held and resumed, technician who follows it', aTicketIn('assigned', ESCALATION_STORY), { ...technician, groups: [aGroup(), aGroup({ id: 'grp-n2-reseau', name: { fr: 'N2 Réseau', en: 'L2 Network' } })] }],
    ['escalated, held and resumed, requester', aTicketIn('assigned', ESCALATION_STORY), requester],
    ['closed, a long task, technician', aTicketIn('closed', { tasks: [{ ...TASKS[1], description: longText(2_000, 'k') }] }), technician],
    ['the largest card: every long text at its limit, one being read, a long text kept', aTicketIn('solved', {
      title: longText(255, 't'),
      description: LONG_DESCRIPTION,
      followups: [
        ...Array.from({ length: 6 }, (_, i) => ({ ...FOLLOWUPS[1], id: `f${i}`, text: longText(10_000, `f${i}x`) })),
        { ...ESCALATION_STORY.followups![3], text: longText(10_000, 'e') },
      ],
      solutions: [{ text: LONG_SOLUTION, author: people.bob, at: at(9), outcome: { kind: 'proposed' } }],
      pendingReason: longText(2_000, 'r'),
      tasks: Array.from({ length: 6 }, (_, i) => ({ ...TASKS[0], id: `k${i}`, description: longText(10_000, `k${i}x`) })),
    }), { ...technician, reading: { text: 'description', from: READ_PAGE }, back: BACK, typed: { followupText: longText(10_000, 'y') } }],
  ];
}

const rendered: [string, Record<string, unknown>][] = (['fr', 'en'] as const).flatMap((lang) => [
  [`welcome ${lang}`, welcomeCard(lang)],
  [`help ${lang}`, helpCard(lang, [{ topic: 'describe' }, { topic: 'myTickets', queue: 'mine' }, { topic: 'help' }])],
  [`form ${lang}`, ticketFormCard(lang, tree, { ...EMPTY_FORM, title: 'Écran noir' }, 'd0d0d0d0-0000-4000-8000-000000000000')],
  [`form with errors ${lang}`, ticketFormCard(lang, tree, EMPTY_FORM, 'd0d0d0d0-0000-4000-8000-000000000000', ['a', 'b'])],
  [`list ${lang}`, ticketListCard({ tickets: [ticket], total: 12 }, { queue: 'mine', sort: 'priority', page: 1 }, lang, 'Europe/Paris')],
  [`empty list ${lang}`, ticketListCard({ tickets: [], total: 0 }, { queue: 'requested', sort: 'newest', page: 0 }, lang, undefined)],
  [`message ${lang}`, messageCard(lang, 'error.internal', 'error')],
  [`failures ${lang}`, failuresCard([{ number: 3, recipient: { kind: 'user', name: 'Théo' }, kind: 'ticket.new', error: '403: Forbidden', at: new Date() }], lang, 'Europe/Paris')],
  ...ticketStates(lang).map(([name, t, ctx]): [string, Record<string, unknown>] => [`ticket ${lang}: ${name}`, ticketCard(t, ctx)]),
]);


describe('every card, as rendered, is a valid Adaptive Card 1.5 with nothing left unbound', () => {
  it.each(rendered)('%s', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(problemsOf(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('a broken card is caught (the checker can fail)', () => {
    expect(problemsOf({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Nope' }] })).not.toEqual([]);
  });
});

describe('the ticket card', () => {
  const states = (['fr', 'en'] as const).flatMap((language) => ticketStates(language));
  const fr = Object.fromEntries(ticketStates('fr').map(([name, t, ctx]) => [name, ticketCard(t, ctx)]));
  const text = (card: object) => JSON.stringify(card);

  /** every `$when` of the template with the data it reads: the root, or each item of a `$data` list */
  function whens(node: unknown, scope: string | null, out: { expression: string; scope: string | null }[] = []) {
    if (Array.isArray(node)) node.forEach((child) => whens(child, scope, out));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const list = typeof record.$data === 'string' ? /^\$\{(\w+)\}$/.exec(record.$data)?.[1] ?? scope : scope;
      if (typeof record.$when === 'string') out.push({ expression: record.$when, scope: list });
      for (const [key, child] of Object.entries(record)) if (key !== '$data') whens(child, list, out);
    }
    return out;
  }
  const evaluate = (expression: string, data: object): unknown =>
    (new ACData.Template({ value: expression }).expand({ $root: data }) as { value: unknown }).value;

  it('every $when of the template is true in some state and false in another', () => {
    const all = whens(ticketTemplate, null);
    expect(all.length).toBeGreaterThan(15);
    for (const { expression, scope } of all) {
      const seen = new Set<unknown>();
      for (const [, t, ctx] of states) {
        const data = ticketCardData(t, ctx) as Record<string, unknown>;
        const items = scope ? (data[scope] as object[]) : [data];
        for (const item of items) seen.add(evaluate(expression, scope ? { ...data, ...item } : data));
      }
      expect([...seen].sort(), `${expression} (${scope ?? 'root'})`).toEqual([false, true]);
    }
  });

  it('stays under Teams’ message size in every state, the largest included', () => {
    for (const [name, t, ctx] of states) {
      expect(Buffer.byteLength(text(ticketCard(t, ctx))), name).toBeLessThan(25_000);
    }
  });

  it('a shared conversation’s card never shows private notes nor tasks, and speaks of "the" ticket', () => {
    for (const name of ['channel queue card', 'channel, opened', 'group chat']) {
      expect(text(fr[name]), name).not.toContain('Licence expirée');
      expect(text(fr[name]), name).not.toContain('privé');
      expect(text(fr[name]), name).not.toContain('Réinstaller le client');
      expect(text(fr[name]), name).toContain('Bob Lefèvre a pris en charge le ticket.');
      expect(text(fr[name]), name).not.toContain('votre ticket');
    }
    // the technician's own card shows both, still in the third person; the requester reads « votre ticket »
    expect(text(fr['assigned with followups and tasks, technician'])).toContain('Licence expirée');
    expect(text(fr['assigned with followups and tasks, technician'])).toContain('Réinstaller le client');
    expect(text(fr['assigned with followups and tasks, technician'])).toContain('Bob Lefèvre a pris en charge le ticket.');
    expect(text(fr['assigned with followups, requester'])).toContain('Bob Lefèvre a pris en charge votre ticket.');
    expect(text(fr['assigned with followups, requester'])).not.toContain('Licence expirée');
  });

  it('buttons follow what the reader may do, and the channel queue card opens the ticket', () => {
    const titles = (card: Record<string, unknown>) => (card.actions as { title: string }[]).map((a) => a.title);
    expect(titles(fr['new, technician: take and assign'])).toEqual(['Prendre', 'Assigner…', 'Suivi…', 'Mettre en attente…', 'Résoudre…']);
    expect(titles(fr['new, requester'])).toEqual(['Commenter…']);
    expect(titles(fr['pending with reason, technician'])).toEqual(['Assigner…', 'Suivi…', 'Tâche…', 'Reprendre…', 'Résoudre…']);
    expect(titles(fr['closed, technician'])).toEqual([]);
    expect(titles(fr['channel queue card'])).toEqual(['Prendre', 'Assigner…', 'Ouvrir']);
    expect(titles(fr['group chat'])).toEqual(['Commenter…']);
    expect(actionsOf(fr['channel queue card'], 'ticket.view')[0]).toEqual({ number: 1042, version: 3 });
  });

  it('long texts are shortened with « Voir plus », which reads them page by page', () => {
    const card = fr['long description, followup and solution: « Voir plus »'];
    expect(text(card)).not.toContain(LONG_DESCRIPTION.slice(0, SHOWN.description + 20));
    expect(text(card)).toContain(`${LONG_DESCRIPTION.slice(0, SHOWN.description).trimEnd()}…`);
    expect(actionsOf(card, 'ticket.view')).toEqual([
      { number: 1042, read: 'solution', from: 0 },
      { number: 1042, read: 'description', from: 0 },
      { number: 1042, read: 'f-public', from: 0 },
    ]);
    const first = fr['reading the description, first page'];
    expect(text(first)).toContain(JSON.stringify(`${LONG_DESCRIPTION.slice(0, READ_PAGE)}…`));
    expect(actionsOf(first, 'ticket.view')).toEqual([{ number: 1042, read: 'description', from: READ_PAGE }]);
    const last = fr['reading the description, last page'];
    expect(text(last)).toContain(JSON.stringify(`…${LONG_DESCRIPTION.slice(2 * READ_PAGE)}`));
    expect(actionsOf(last, 'ticket.view')).toEqual([]);
    expect(text(fr['reading a followup'])).toContain(JSON.stringify(`${LONG_FOLLOWUP.slice(0, READ_PAGE)}…`));
  });

  it('a card opened from a list leads back to it, and every action keeps the way back', () => {
    const card = fr['opened from a list'];
    expect(actionsOf(card, 'tickets.list')).toEqual([BACK]);
    expect(text(card)).toContain('Retour à la liste');
    for (const verb of ['ticket.assign', 'ticket.addFollowup', 'ticket.wait', 'ticket.solve']) {
      expect(actionsOf(card, verb)[0], verb).toEqual({ number: 1042, version: 3, ...BACK });
    }
    expect(actionsOf(fr['assigned with followups and tasks, technician'], 'tickets.list')).toEqual([]);
  });

  it('what was typed on a refused action is back in its field, or shown when its form is gone', () => {
    const kept = inputs(fr['typed texts kept in their fields']);
    expect(kept).toMatchObject({
      followupText: 'Mon suivi',
      private: 'true',
      reason: 'La pièce',
      solution: 'Ma solution',
      taskDescription: 'Ma tâche',
      taskStatus: 'done',
      durationMinutes: 45,
      plannedDate: '2025-03-06',
      plannedTime: '10:30',
    });
    expect(inputs(fr['assigned with followups and tasks, technician'])).toMatchObject({ followupText: '', private: 'false', solution: '', durationMinutes: 15 });
    const gone = fr['typed text whose form is gone'];
    expect(text(gone)).toContain('Ce que vous aviez écrit (rien n’a été enregistré) :');
    expect(text(gone)).toContain('Ma solution tardive');
  });
});

describe('the ticket card at the end of the ticket’s life: the solution, closing, the survey', () => {
  const fr = Object.fromEntries(ticketStates('fr').map(([name, t, ctx]) => [name, ticketCard(t, ctx)]));
  const en = Object.fromEntries(ticketStates('en').map(([name, t, ctx]) => [name, ticketCard(t, ctx)]));
  const titles = (card: Record<string, unknown>) => ((card.actions ?? []) as { title: string }[]).map((a) => a.title);
  const statusOf = (card: Record<string, unknown>) => texts(card)[2];
  /** the texts of the solution part, from its heading on, until the description */
  const solutionPart = (card: Record<string, unknown>) => {
    const all = texts(card);
    const from = all.findIndex((line) => line.startsWith('Solution proposée par') || line.startsWith('Solution proposed by'));
    return from === -1 ? [] : all.slice(from, all.indexOf('Accès refusé. Contactez l’administrateur.'));
  };

  it('solved: the requester reads the solution, who proposed it, the question, the automatic closing date, and answers it', () => {
    const card = fr['solved, requester'];
    expect(statusOf(card)).toBe('Résolu');
    expect(solutionPart(card)).toEqual([
      'Solution proposée par Bob Lefèvre · 3 mars 2025, 10:30',
      'Compte réactivé dans HorairePro.',
      'Cette solution règle-t-elle votre problème ?',
      'Sans réponse de votre part, le ticket sera clos automatiquement le 4 mars 2025, 10:30.',
    ]);
    // on a solved ticket the requester accepts or refuses, rather than comment beside the question
    expect(titles(card)).toEqual(['Accepter la solution', 'Refuser…']);
    expect(actionsOf(card, 'ticket.approve')).toEqual([{ number: 1042, version: 3 }]);
    expect(actionsOf(card, 'ticket.refuse')).toEqual([{ number: 1042, version: 3 }]);
    expect(input(card, 'refuseReason')).toMatchObject({
      type: 'Input.Text',
      label: 'Qu’est-ce qui ne va pas ? (le technicien le lira)',
      isRequired: true,
      errorMessage: 'Dites en quelques mots ce qui ne va pas : la raison est obligatoire.',
      maxLength: 2_000,
      value: '',
    });
    expect(titles(en['solved, requester'])).toEqual(['Accept the solution', 'Refuse…']);
    expect(solutionPart(en['solved, requester'])).toEqual([
      'Solution proposed by Bob Lefèvre · 3 Mar 2025, 10:30',
      'Compte réactivé dans HorairePro.',
      'Does this solution fix your problem?',
      'With no answer from you, the ticket will be closed automatically on 4 Mar 2025, 10:30.',
    ]);
    // the requester's copy in their chat (redrawn with no viewer) is the same card
    expect(titles(fr['solved, the requester’s copy (no viewer)'])).toEqual(['Accepter la solution', 'Refuser…']);
    expect(solutionPart(fr['solved, the requester’s copy (no viewer)'])).toEqual(solutionPart(card));
  });

  it('solved with no automatic closing (delay 0): no closing date is promised', () => {
    const card = fr['solved awaiting the requester, never closed automatically (delay 0)'];
    expect(solutionPart(card)).toEqual([
      'Solution proposée par Bob Lefèvre · 3 mars 2025, 10:30',
      'Compte réactivé dans HorairePro.',
      'Cette solution règle-t-elle votre problème ?',
    ]);
    expect(titles(card)).toEqual(['Accepter la solution', 'Refuser…']);
  });

  it('solved: staff and shared cards say it awaits the requester; technicians of the ticket may close it', () => {
    const card = fr['solved, technician'];
    expect(statusOf(card)).toBe('Résolu — en attente de la réponse du demandeur');
    expect(statusOf(en['solved, technician'])).toBe('Solved — awaiting the requester’s answer');
    expect(solutionPart(card)).toEqual([
      'Solution proposée par Bob Lefèvre · 3 mars 2025, 10:30',
      'Compte réactivé dans HorairePro.',
      'Sans réponse du demandeur, le ticket sera clos automatiquement le 4 mars 2025, 10:30.',
    ]);
    expect(titles(card)).toEqual(['Suivi…', 'Clore']);
    expect(titles(en['solved, technician'])).toEqual(['Followup…', 'Close']);
    expect(actionsOf(card, 'ticket.close')).toEqual([{ number: 1042, version: 3 }]);
    expect(statusOf(fr['solved, channel queue card'])).toBe('Résolu — en attente de la réponse du demandeur');
    expect(titles(fr['solved, channel queue card'])).toEqual(['Ouvrir']);
    // a group chat is not the requester's alone: nobody answers the solution there
    expect(statusOf(fr['solved, group chat'])).toBe('Résolu — en attente de la réponse du demandeur');
    expect(titles(fr['solved, group chat'])).toEqual(['Commenter…']);
    // a technician who asked for it themselves both works it and answers it
    expect(titles(fr['solved, a technician who is the requester'])).toEqual(['Suivi…', 'Clore', 'Accepter la solution', 'Refuser…']);
  });

  it('a refusal without a reason keeps what was typed in the reason field, under the error', () => {
    const card = fr['solved, a refusal without a reason, kept'];
    expect(texts(card)[0]).toBe('La raison est obligatoire : rien n’a été enregistré.');
    expect(input(card, 'refuseReason').value).toBe('   ');
    expect(titles(card)).toEqual(['Accepter la solution', 'Refuser…']);
  });

  it('closed: the requester’s card is the survey, five labelled ratings, an optional comment, « Envoyer »', () => {
    const card = fr['closed, the requester’s copy: the survey'];
    expect(statusOf(card)).toBe('Clos');
    expect(titles(card)).toEqual([]);
    expect(input(card, 'rating')).toMatchObject({
      type: 'Input.ChoiceSet',
      label: 'Votre note',
      style: 'expanded',
      isRequired: true,
      errorMessage: 'Choisissez une note de 1 à 5.',
      value: '',
      choices: [
        { title: '1 — Pas du tout satisfait', value: '1' },
        { title: '2 — Peu satisfait', value: '2' },
        { title: '3 — Moyennement satisfait', value: '3' },
        { title: '4 — Satisfait', value: '4' },
        { title: '5 — Très satisfait', value: '5' },
      ],
    });
    expect(input(card, 'surveyComment')).toMatchObject({ label: 'Un commentaire ? (facultatif)', maxLength: 2_000, value: '' });
    expect(input(card, 'surveyComment').isRequired).toBeUndefined();
    expect(actionsOf(card, 'ticket.rate')).toEqual([{ number: 1042, version: 3 }]);
    expect(texts(card)).toContain('Êtes-vous satisfait de l’aide reçue ?');
    expect(texts(card)).toContain('Vous pouvez répondre jusqu’au 2 avr. 2025, 11:30.');
    expect(texts(card)).toContain('Acceptée par Alice Martin le 3 mars 2025, 10:30.');
    expect(input(en['closed, the requester’s copy: the survey'], 'rating').choices).toEqual([
      { title: '1 — Not satisfied at all', value: '1' },
      { title: '2 — Not very satisfied', value: '2' },
      { title: '3 — Fairly satisfied', value: '3' },
      { title: '4 — Satisfied', value: '4' },
      { title: '5 — Very satisfied', value: '5' },
    ]);
    expect(texts(en['closed, the requester’s copy: the survey'])).toContain('Send');
    // a refused rating comes back chosen, its comment typed
    const kept = fr['closed, a rating kept after a refusal'];
    expect(input(kept, 'rating').value).toBe('2');
    expect(input(kept, 'surveyComment').value).toBe('Trois relances.');
  });

  it('rated: the requester reads their answer, once; staff read the rating and the comment', () => {
    for (const name of ['closed and rated, requester', 'closed and rated, technician']) {
      expect(actionsOf(fr[name], 'ticket.rate'), name).toEqual([]);
      expect(input(fr[name], 'rating'), name).toBeUndefined();
    }
    expect(texts(fr['closed and rated, requester'])).toContain('Merci pour votre avis : 4/5 — Rapide, merci.');
    expect(texts(en['closed and rated, requester'])).toContain('Thank you for your feedback: 4/5 — Rapide, merci.');
    expect(texts(fr['closed and rated without a comment, requester'])).toContain('Merci pour votre avis : 5/5.');
    expect(texts(fr['closed and rated, technician'])).toContain('Avis du demandeur : 2/5 — Trois relances avant une réponse.');
    expect(texts(en['closed and rated, technician'])).toContain('The requester’s rating: 2/5 — Trois relances avant une réponse.');
    expect(texts(fr['closed and rated without a comment, technician'])).toContain('Avis du demandeur : 3/5.');
    expect(texts(fr['closed, technician'])).toContain('Le demandeur n’a pas encore donné son avis (il le peut jusqu’au 2 avr. 2025, 11:30).');
  });

  it('after the survey’s delay the card says the time is over; with no survey configured it says nothing of it', () => {
    const over = fr['closed, survey over, requester'];
    expect(input(over, 'rating')).toBeUndefined();
    expect(texts(over)).toContain('Le délai pour donner votre avis sur ce ticket est dépassé.');
    expect(texts(en['closed, survey over, requester'])).toContain('The time to give your feedback on this ticket is over.');
    expect(texts(fr['closed, survey over, technician'])).toContain('Le demandeur n’a pas donné son avis.');
    const none = JSON.stringify(fr['closed, no survey (delay 0), requester']);
    expect(none).not.toContain('"rating"');
    expect(none).not.toContain('avis');
  });

  it('an approval whose comment says the problem is still there is asked back, within the survey only', () => {
    const card = fr['closed after an approval whose comment says it still fails: the question back'];
    expect(texts(card)).toContain(`Merci pour votre avis : 2/5 — ${STILL_BROKEN}`);
    expect(texts(card)).toContain('Le problème persiste ?');
    expect(texts(card)).toContain('Oui, rouvrir');
    expect(actionsOf(card, 'ticket.reopenFromSurvey')).toEqual([{ number: 1042, version: 3 }]);
    expect(texts(en['closed after an approval whose comment says it still fails: the question back'])).toContain('Is the problem still there?');
    expect(actionsOf(fr['the same, once the survey is over'], 'ticket.reopenFromSurvey')).toEqual([]);
    // a happy comment, or staff cards, never ask
    expect(actionsOf(fr['closed and rated, requester'], 'ticket.reopenFromSurvey')).toEqual([]);
    expect(actionsOf(fr['closed and rated, technician'], 'ticket.reopenFromSurvey')).toEqual([]);
  });

  it('closed: how it was closed is said; a lead (not a technician) may reopen it with a mandatory reason', () => {
    expect(texts(fr['closed by a technician, requester'])).toContain('Ticket clos par Bob Lefèvre le 4 mars 2025, 09:00.');
    expect(texts(fr['closed automatically, technician'])).toContain('Ticket clos automatiquement le 4 mars 2025, 09:00, faute de réponse.');
    expect(titles(fr['closed, technician'])).toEqual([]);
    const lead = fr['closed, lead'];
    expect(titles(lead)).toEqual(['Rouvrir…']);
    expect(titles(en['closed, lead'])).toEqual(['Reopen…']);
    expect(actionsOf(lead, 'ticket.reopen')).toEqual([{ number: 1042, version: 3 }]);
    expect(input(lead, 'reopenReason')).toMatchObject({
      label: 'Pourquoi rouvrir ? (le demandeur le lira)',
      isRequired: true,
      errorMessage: 'La raison est obligatoire.',
      maxLength: 2_000,
      value: '',
    });
    expect(input(fr['closed, lead, a reopening without a reason, kept'], 'reopenReason').value).toBe('  ');
  });

  it('a refused solution and a reopening read as such in the followups', () => {
    const lines = texts(fr['reopened, with the refusal and the reopening in the followups']);
    expect(lines).toContain('Alice Martin · 3 mars 2025, 10:20 · solution refusée');
    expect(lines).toContain('Toujours « Accès refusé » ce matin.');
    expect(lines).toContain('Léa Bernard · 3 mars 2025, 10:30 · réouverture');
    // the refused solution is history, not the ticket's current one
    expect(lines.some((line) => line.startsWith('Solution proposée par'))).toBe(false);
    expect(titles(fr['reopened, with the refusal and the reopening in the followups'])).toEqual(['Commenter…']);
  });

  it('never more than the five actions Teams shows', () => {
    for (const language of ['fr', 'en'] as const) {
      for (const [name, t, ctx] of ticketStates(language)) expect(titles(ticketCard(t, ctx)).length, name).toBeLessThanOrEqual(5);
    }
  });
});

/** the input with this id; the test fails here when the card has none */
const input = (card: Record<string, unknown>, id: string): Record<string, any> => inputIn(card, id) as Record<string, any>;

/** every TextBlock's text, in card order (the notice first when there is one) */
function texts(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'TextBlock' && typeof record.text === 'string') out.push(record.text);
      if (record.type === 'Action.Execute' && typeof record.title === 'string' && record.verb !== 'ticket.refresh') out.push(record.title);
      Object.values(record).forEach(walk);
    }
  };
  walk(card.body);
  return out;
}

/** the data of every Action.Execute with this verb, in card order (the card's refresh left out) */
function actionsOf(card: Record<string, unknown>, verb: string): unknown[] {
  const found: unknown[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (Array.isArray(node)) node.forEach((child) => walk(child));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (key !== 'refresh' && record.type === 'Action.Execute' && record.verb === verb) found.push(record.data);
      for (const [childKey, child] of Object.entries(record)) walk(child, childKey);
    }
  };
  walk(card);
  return found;
}

/** every input's prefilled value, by id */
function inputs(card: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string') out[record.id] = record.value;
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('card verbs and handlers agree', () => {
  const verbsInCards = new Set<string>();
  for (const file of readdirSync('cards')) {
    const json = readFileSync(path.join('cards', file), 'utf8');
    for (const match of json.matchAll(/"verb":\s*"([^"]+)"/g)) verbsInCards.add(match[1]);
  }
  const bot = new GuichetBot({ categories: [] } as unknown as BotServices);

  it('every verb a card sends has exactly one handler', () => {
    for (const verb of verbsInCards) expect(bot.verbs).toContain(verb);
  });

  it('every handler is reachable from a card, and verbs are the shared constants', () => {
    expect(new Set(bot.verbs)).toEqual(verbsInCards);
    expect(new Set(Object.values(VERBS))).toEqual(verbsInCards);
  });

  it('verbs carry no data: no ids or numbers inside a verb', () => {
    for (const verb of verbsInCards) expect(verb).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });
});

describe('strings', () => {
  const forms = (message: string | { one: string; other: string }) =>
    typeof message === 'string' ? [message] : [message.one, message.other];

  it('every message exists in French and English, none empty, placeholders kept', () => {
    const keys = Object.keys(MESSAGES.fr) as (keyof typeof MESSAGES.fr)[];
    expect(keys.sort()).toEqual((Object.keys(MESSAGES.en) as string[]).sort());
    const vars = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys) {
      const [fr, en] = [forms(MESSAGES.fr[key]), forms(MESSAGES.en[key])];
      expect(fr.length, key).toBe(en.length);
      for (const text of [...fr, ...en]) expect(text.trim(), key).not.toBe('');
      for (const [i, text] of fr.entries()) expect(vars(en[i]), key).toEqual(vars(text));
    }
  });

  it('no two features define the same key (one would silently hide the other)', () => {
    const all = FEATURE_KEYS.flat();
    expect(all.length).toBe(new Set(all).size);
  });

  it('a queue counted past its cap says « plus de 1 000 » and keeps « Suivants » while pages come full', () => {
    const five = [1, 2, 3, 4, 5].map((number) => aTicket({ number, title: `Poste ${number}` }));
    const view = { queue: 'global', sort: 'priority', page: 2 } as const;
    const fr = ticketListCard({ tickets: five, total: 1_000, totalCapped: true }, view, 'fr', 'Europe/Paris');
    const en = ticketListCard({ tickets: five, total: 1_000, totalCapped: true }, view, 'en', 'Europe/Paris');
    expect(texts(fr)).toContain('Page 3 · plus de 1\u202f000 tickets');
    expect(texts(en)).toContain('Page 3 · more than 1,000 tickets');
    expect(actionsOf(en, 'tickets.list')).toContainEqual({ queue: 'global', sort: 'priority', page: '3' });
    const lastFew = ticketListCard({ tickets: five.slice(0, 2), total: 1_000, totalCapped: true }, view, 'en', undefined);
    expect(actionsOf(lastFew, 'tickets.list')).not.toContainEqual({ queue: 'global', sort: 'priority', page: '3' });
  });

  it('counts read as real plurals in both languages, never "ticket(s)"', () => {
    expect(t('fr', 'list.page', { page: 1, pages: 1, count: 1 })).toBe('Page 1 sur 1 · 1 ticket');
    expect(t('fr', 'list.page', { page: 1, pages: 1, count: 0 })).toBe('Page 1 sur 1 · 0 ticket');
    expect(t('en', 'list.page', { page: 1, pages: 1, count: 0 })).toBe('Page 1 of 1 · 0 tickets');
    expect(t('en', 'list.page', { page: 1, pages: 2, count: 7 })).toBe('Page 1 of 2 · 7 tickets');
    for (const language of ['fr', 'en'] as const) {
      for (const message of Object.values(MESSAGES[language])) for (const text of forms(message)) expect(text).not.toContain('(s)');
    }
  });
});
