import type { Document } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SlaClock } from '../../src/domain/sla.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { CAMILLE, LEA, THEO, cardActionActivity, messageActivity, personalChat, type TestUser } from '../support/activities.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { actionsOf, buttonsOf, cardIn, factsOf, shown, textsOf, walk, type Card } from '../support/card-reading.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';
import { aTicketIn } from '../support/ticket-mother.js';

/**
 * « alertes » and « global » typed by a lead or an admin, through the real server with
 * signed requests, read against an injected clock: the tickets late or at risk in their
 * groups, most urgent first, each saying how late it is or how long it has left; every
 * open ticket with its group; a technician or a requester told these lists are not theirs.
 */

const db = useTestDatabase();
const issuer = createTestIssuer();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Tuesday 4 March 2025, 15:00 in Paris */
const NOW = new Date('2025-03-04T14:00:00.000Z');
let now = NOW;
const env = useAuthenticatedApp(db, issuer, { clockNow: () => now });

// the staff of test/fixtures/helpdesk.json: Léa leads « Support N1 », Adèle is an admin of no group
const ADELE: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000ad', name: 'Adèle Admin', locale: 'fr-FR' };
const inEnglish = (user: TestUser): TestUser => ({ ...user, locale: 'en-US' });
const N1 = 'support-n1';
const N2 = 'reseau-n2';
const THEO_PERSON = { id: THEO.aadObjectId, name: THEO.name };
const CAMILLE_PERSON = { id: CAMILLE.aadObjectId, name: CAMILLE.name };

const at = (offset: number) => new Date(NOW.getTime() + offset);
const OPENED = new Date('2025-03-03T08:30:00.000Z');
const running = (dueAt: Date): SlaClock => ({ targetMs: 8 * HOUR, consumedMs: 0, runningSince: OPENED, dueAt, stoppedAt: null });
const met: SlaClock = { targetMs: HOUR, consumedMs: 30 * MINUTE, runningSince: null, dueAt: new Date(OPENED.getTime() + HOUR), stoppedAt: new Date(OPENED.getTime() + 30 * MINUTE) };
const paused: SlaClock = { targetMs: 8 * HOUR, consumedMs: 2 * HOUR, runningSince: null, dueAt: null, stoppedAt: null };

/**
 * One ticket of the helpdesk, opened by Camille: `riskAt` is when it turned (or turns) at
 * risk, `dueAt` the breach of its running clock (resolve; own too while nobody took it).
 */
function ticket(number: number, status: Ticket['status'], fields: { groupId: string; priority: Ticket['priority']; riskAt: Date | null; dueAt: Date | null; title: string }): Ticket {
  const taken = status !== 'new';
  return aTicketIn(status, {
    id: `tkt-${number}`,
    tenantId: TEST_TENANT_ID,
    number,
    version: 1,
    title: fields.title,
    requester: CAMILLE_PERSON,
    groupId: fields.groupId,
    priority: fields.priority,
    assignee: taken ? THEO_PERSON : null,
    createdAt: new Date(OPENED.getTime() + number * MINUTE),
    sla: fields.dueAt ? { own: taken ? met : running(fields.dueAt), resolve: running(fields.dueAt) } : { own: met, resolve: paused },
    escalation: { fired: [], next: null, supportLevel: 1, riskAt: fields.riskAt, breachAt: fields.dueAt ?? null },
  });
}

// by urgency: #101 (late 2 h), #107 (late 30 min), #102 (45 min left), #103 (1 day 3 h left); the others are not at risk
const TICKETS = [
  ticket(101, 'assigned', { groupId: N1, priority: 4, riskAt: at(-5 * HOUR), dueAt: at(-2 * HOUR), title: 'Le VPN refuse toutes les connexions' }),
  ticket(102, 'new', { groupId: N1, priority: 3, riskAt: at(-HOUR), dueAt: at(45 * MINUTE), title: 'Imprimante du 2e en bourrage permanent' }),
  ticket(103, 'planned', { groupId: N2, priority: 2, riskAt: at(-15 * MINUTE), dueAt: at(27 * HOUR), title: 'Wi-Fi lent en salle Everest' }),
  ticket(104, 'assigned', { groupId: N1, priority: 5, riskAt: at(2 * HOUR), dueAt: at(3 * HOUR), title: 'Messagerie indisponible pour tout le service' }),
  ticket(105, 'pending', { groupId: N1, priority: 1, riskAt: null, dueAt: null, title: 'Souris à remplacer' }),
  ticket(106, 'solved', { groupId: N1, priority: 5, riskAt: null, dueAt: null, title: 'Compte bloqué (résolu)' }),
  ticket(107, 'new', { groupId: N2, priority: 3, riskAt: at(-3 * HOUR), dueAt: at(-30 * MINUTE), title: 'Switch du 3e hors service' }),
];

beforeEach(async () => {
  now = NOW;
  await db()
    .collection('tickets')
    .insertMany(TICKETS.map((t) => ({ ...toDocument(t), outbox: [], cardCopies: [] })) as Document[]);
});

/** the one card the bot answered with in the user's chat */
async function cardFor(user: TestUser, text: string): Promise<Card> {
  const before = env.connector.sent.length;
  expect((await env.server.post(messageActivity(user, text), issuer.sign())).status).toBe(200);
  const answers = env.connector.sent.slice(before).filter((sent) => sent.path.includes(`/v3/conversations/${encodeURIComponent(personalChat(user))}/`));
  expect(answers).toHaveLength(1);
  const card = cardIn(answers[0]!.body);
  if (!card) throw new Error('no card in the answer');
  return card;
}

/** the card a click on a list button answers with */
async function click(user: TestUser, verb: string, data: Record<string, unknown>): Promise<Card> {
  const response = await env.server.post(cardActionActivity(user, verb, data), issuer.sign());
  expect(response.status).toBe(200);
  return (response.body as { value: Card }).value;
}

const titleOf = (card: Card) => shown(textsOf(card)[0]!);

/** each line of a list as its reader sees it: number, title, details, and the standing when there is one */
function linesOf(card: Card): string[][] {
  const lines: string[][] = [];
  walk(card, (node) => {
    if (node.type === 'Container' && (node.selectAction as Card | undefined)?.verb === 'ticket.view') lines.push(textsOf(node).map(shown));
  });
  return lines;
}

/** the sentence of a message card (its second TextBlock; the first is its title) */
const sentenceOf = (card: Card) => textsOf(card)[1];

describe('« alertes »: what is late or at risk in the lead’s groups, most urgent first', () => {
  it('Léa (lead of Support N1) sees her group’s two, each with how late it is or how long it has left', async () => {
    const card = await cardFor(LEA, 'alertes');
    expect(problemsOf(card)).toEqual([]);
    expect(titleOf(card)).toBe('Alertes : tickets en retard ou à risque');
    expect(linesOf(card)).toEqual([
      ['#101', 'Le VPN refuse toutes les connexions', 'En cours (attribué) · Priorité Haute · Support N1 · Théo Technicien · 3 mars 2025, 11:11', 'En retard de 2 h'],
      ['#102', 'Imprimante du 2e en bourrage permanent', 'Nouveau · Priorité Moyenne · Support N1 · Pas encore attribué · 3 mars 2025, 11:12', 'À risque : 45 min restantes'],
    ]);
    // the late line in red; the one at risk in bold default text (amber on white is unreadable)
    const colors: unknown[] = [];
    walk(card, (node) => {
      if (node.type === 'TextBlock' && typeof node.color === 'string') colors.push(node.color);
    });
    expect(colors).toEqual(['Attention', 'Default']);
    expect(textsOf(card)).toContain('Page 1 sur 1 · 2 tickets');
    expect(actionsOf(card, 'ticket.view')).toEqual([
      { number: '101', queue: 'atRisk', sort: 'urgency', page: '0' },
      { number: '102', queue: 'atRisk', sort: 'urgency', page: '0' },
    ]);
    expect(buttonsOf(card)).toEqual(['Trier par priorité']);
  });

  it('read at the injected time: an hour later the printer is late too, and by how much', async () => {
    now = new Date(NOW.getTime() + HOUR);
    const lines = linesOf(await cardFor(LEA, 'à risque'));
    expect(lines.map((line) => line.at(-1))).toEqual(['En retard de 3 h', 'En retard de 15 min']);
  });

  it('Adèle (admin) sees every group’s; a day and more left reads in days', async () => {
    const card = await cardFor(ADELE, 'alertes');
    expect(linesOf(card).map((line) => [line[0], line.at(-1)])).toEqual([
      ['#101', 'En retard de 2 h'],
      ['#107', 'En retard de 30 min'],
      ['#102', 'À risque : 45 min restantes'],
      ['#103', 'À risque : 1 j 3 h restants'],
    ]);
    expect(linesOf(card)[1]![2]).toBe('Nouveau · Priorité Moyenne · N2 Réseau · Pas encore attribué · 3 mars 2025, 11:17');
  });

  it('sorted by priority from the card, and back to the most urgent first', async () => {
    const list = await cardFor(ADELE, 'alertes');
    const bySort = actionsOf(list, 'tickets.list').at(-1)!;
    expect(bySort).toEqual({ queue: 'atRisk', sort: 'priority', page: '0' });
    const byPriority = await click(ADELE, 'tickets.list', bySort);
    expect(linesOf(byPriority).map((line) => line[0])).toEqual(['#101', '#102', '#107', '#103']);
    expect(buttonsOf(byPriority)).toEqual(['Les plus urgents d’abord']);
    const back = await click(ADELE, 'tickets.list', actionsOf(byPriority, 'tickets.list').at(-1)!);
    expect(linesOf(back).map((line) => line[0])).toEqual(['#101', '#107', '#102', '#103']);
  });

  it('in English, with the words in English', async () => {
    const card = await cardFor(inEnglish(ADELE), 'at risk');
    expect(titleOf(card)).toBe('Alerts: late or at-risk tickets');
    expect(linesOf(card).map((line) => line.at(-1))).toEqual(['Late by 2 h', 'Late by 30 min', 'At risk: 45 min left', 'At risk: 1 d 3 h left']);
    expect(linesOf(card)[0]![2]).toBe('In progress (assigned) · Priority High · Level 1 support · Théo Technicien · 3 Mar 2025, 11:11');
    expect(titleOf(await cardFor(inEnglish(LEA), 'alerts'))).toBe('Alerts: late or at-risk tickets');
  });

  it('nothing late or at risk: says so', async () => {
    now = new Date(NOW.getTime() - 6 * HOUR);
    const card = await cardFor(LEA, 'alertes');
    expect(linesOf(card)).toEqual([]);
    expect(sentenceOf(card)).toBe('Aucun ticket en retard ni à risque.');
  });
});

describe('« global »: every open ticket of every group', () => {
  it('by priority, five a page, each with its group; solved ones left out; the next page from the card', async () => {
    const card = await cardFor(LEA, 'global');
    expect(problemsOf(card)).toEqual([]);
    expect(titleOf(card)).toBe('Tous les tickets ouverts');
    expect(linesOf(card)).toEqual([
      ['#104', 'Messagerie indisponible pour tout le service', 'En cours (attribué) · Priorité Très haute · Support N1 · Théo Technicien · 3 mars 2025, 11:14'],
      ['#101', 'Le VPN refuse toutes les connexions', 'En cours (attribué) · Priorité Haute · Support N1 · Théo Technicien · 3 mars 2025, 11:11', 'En retard de 2 h'],
      ['#102', 'Imprimante du 2e en bourrage permanent', 'Nouveau · Priorité Moyenne · Support N1 · Pas encore attribué · 3 mars 2025, 11:12', 'À risque : 45 min restantes'],
      ['#107', 'Switch du 3e hors service', 'Nouveau · Priorité Moyenne · N2 Réseau · Pas encore attribué · 3 mars 2025, 11:17', 'En retard de 30 min'],
      ['#103', 'Wi-Fi lent en salle Everest', 'En cours (planifié) · Priorité Basse · N2 Réseau · Théo Technicien · 3 mars 2025, 11:13', 'À risque : 1 j 3 h restants'],
    ]);
    expect(textsOf(card)).toContain('Page 1 sur 2 · 6 tickets');
    expect(buttonsOf(card)).toEqual(['Suivants', 'Trier par ancienneté']);

    const next = await click(LEA, 'tickets.list', actionsOf(card, 'tickets.list')[0]!);
    expect(linesOf(next)).toEqual([['#105', 'Souris à remplacer', 'En attente · Priorité Très basse · Support N1 · Théo Technicien · 3 mars 2025, 11:15']]);
    expect(textsOf(next)).toContain('Page 2 sur 2 · 6 tickets');
  });

  it('oldest first from the card; « tous les tickets » and « all tickets » too, for an admin', async () => {
    const byAge = await click(ADELE, 'tickets.list', { queue: 'global', sort: 'age', page: '0' });
    expect(linesOf(byAge).map((line) => line[0])).toEqual(['#101', '#102', '#103', '#104', '#105']);
    expect(titleOf(await cardFor(ADELE, 'tous les tickets'))).toBe('Tous les tickets ouverts');
    const english = await cardFor(inEnglish(ADELE), 'all tickets');
    expect(titleOf(english)).toBe('All open tickets');
    expect(linesOf(english)[0]![2]).toBe('In progress (assigned) · Priority Very high · Level 1 support · Théo Technicien · 3 Mar 2025, 11:14');
  });
});

describe('a technician or a requester asking', () => {
  it.each<{ user: TestUser; text: string; sentence: string }>([
    {
      user: THEO,
      text: 'alertes',
      sentence: 'La liste des tickets à risque ou en retard est réservée aux responsables et aux administrateurs. Tapez « mes tickets » pour voir les vôtres.',
    },
    {
      user: THEO,
      text: 'global',
      sentence: 'La liste de tous les tickets ouverts est réservée aux responsables et aux administrateurs. Tapez « mes tickets » pour voir les vôtres.',
    },
    {
      user: CAMILLE,
      text: 'tous les tickets',
      sentence: 'La liste de tous les tickets ouverts est réservée aux responsables et aux administrateurs. Tapez « mes tickets » pour voir les vôtres.',
    },
    { user: inEnglish(THEO), text: 'at risk', sentence: 'The list of tickets at risk or late is for leads and admins. Type "my tickets" to see yours.' },
    { user: inEnglish(THEO), text: 'all tickets', sentence: 'The list of every open ticket is for leads and admins. Type "my tickets" to see yours.' },
  ])('$user.name ($user.locale) typing « $text » is told it is not theirs, with no ticket shown', async ({ user, text, sentence }) => {
    const card = await cardFor(user, text);
    expect(sentenceOf(card)).toBe(sentence);
    expect(actionsOf(card, 'ticket.view')).toEqual([]);
  });

  it('a list card replayed by a technician pages through his own requests instead', async () => {
    // his last message was French: the click is answered in French whatever he typed in the tests before
    await cardFor(THEO, 'mes tickets');
    const card = await click(THEO, 'tickets.list', { queue: 'atRisk', sort: 'urgency', page: '0' });
    expect(titleOf(card)).toBe('Mes tickets ouverts');
    expect(linesOf(card)).toEqual([]);
  });

  it('a mistyped « alerte » is offered to the lead, not to a technician', async () => {
    expect(sentenceOf(await cardFor(LEA, 'alerte'))).toBe(
      'Je ne connais pas la commande « alerte ». Vouliez-vous dire « alertes » ? Ou décrivez votre problème en une phrase : je prépare le ticket.',
    );
    expect(sentenceOf(await cardFor(THEO, 'alerte'))).toBe(
      'Je ne connais pas la commande « alerte ». Tapez « aide » pour voir ce que je comprends, ou décrivez votre problème en une phrase : je prépare le ticket.',
    );
  });

  it('« aide » lists both for a lead, with how they sort; not for a technician', async () => {
    const facts = factsOf(await cardFor(LEA, 'aide'));
    expect(facts).toMatchObject({
      alertes: 'Les tickets ouverts en retard ou à risque, les plus urgents d’abord.',
      global: 'Tous les tickets ouverts, tous groupes confondus, les plus prioritaires d’abord.',
    });
    expect(Object.keys(factsOf(await cardFor(THEO, 'aide')))).not.toContain('alertes');
  });
});
