import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/domain/category.js';
import type { Notification, NotificationKind, NotificationPayloads } from '../../src/domain/notification.js';
import type { AlertDigest, DigestLine } from '../../src/domain/ports/digest-board.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { alertLeadFormCard } from '../../src/views/alert-lead-form.view.js';
import { callDraftCard, callDraftFromReading, EMPTY_CALL_DRAFT } from '../../src/views/call-draft.view.js';
import { deflectionGoneCard, deflectionThanksCard } from '../../src/views/deflection-thanks.view.js';
import { errorCard } from '../../src/views/error.view.js';
import { escalateFormCard } from '../../src/views/escalate-form.view.js';
import { failuresCard } from '../../src/views/failures.view.js';
import { kbArticleCard, kbGapsCard, kbResultsCard } from '../../src/views/kb.view.js';
import { statisticsCard } from '../../src/views/statistics.view.js';
import { kbArticleEditCard } from '../../src/views/kb-article-edit.view.js';
import { computeStatistics } from '../../src/domain/ticket-statistics.js';
import type { KnowledgeArticle } from '../../src/domain/knowledge-article.js';
import { MESSAGES, t, type Language } from '../../src/views/i18n.js';
import { queueRefusedCard, unknownCommandCard } from '../../src/views/intent.view.js';
import { messageCard } from '../../src/views/message.view.js';
import { RENDERERS, renderCardCopy, renderNotification } from '../../src/views/notification.view.js';
import { renderAlertDigest } from '../../src/views/notifications/alert-digest.view.js';
import type { NotificationReader } from '../../src/views/notifications/renderer.js';
import { taskEditCard } from '../../src/views/task-edit.view.js';
import { ticketCreatedDialogCard, ticketDialogCard } from '../../src/views/ticket-dialog.view.js';
import { ticketEditCard } from '../../src/views/ticket-edit.view.js';
import { EMPTY_FORM, ticketFormCard } from '../../src/views/ticket-form.view.js';
import { ticketListCard } from '../../src/views/ticket-list.view.js';
import { ticketCard, type TicketViewContext } from '../../src/views/ticket.view.js';
import { waitingTicketChoiceCard } from '../../src/views/waiting-ticket-choice.view.js';
import { channelWelcomeCard, helpCard, welcomeCard } from '../../src/views/welcome.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { shown, walk } from '../support/card-reading.js';
import { actors, aGroup, aSolution, aTicketIn, GROUP_N1, GROUP_N2, NOW, people, SURVEY_UNTIL } from '../support/ticket-mother.js';

/**
 * A card never mixes languages (issue 12 §2): every template in cards/ is drawn by its real
 * view, in French and in English, with the data a helpdesk really has — French titles and
 * names included, since a requester writes in their own language whatever the reader's.
 * What people typed is set aside; everything else on the card must be the reader's language.
 */

const tree = categories as Category[];
const LANGUAGES = ['fr', 'en'] as const;
const other = (language: Language): Language => (language === 'fr' ? 'en' : 'fr');

// ---- realistic data ----------------------------------------------------------------------------

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 9, minutes));
const groups = [aGroup(), aGroup({ id: GROUP_N2, name: { fr: 'N2 Réseau', en: 'L2 Network' }, technicians: [{ ...people.nadia, onDuty: true }], lead: null })];
const REF = { number: 1042, title: 'Je n’arrive plus à me connecter à HorairePro' } as const;
const worked: Ticket = aTicketIn('assigned', {
  ...REF,
  groupId: GROUP_N1,
  categoryId: 'software',
  followups: [
    { id: 'f-take', author: people.bob, kind: 'takenInCharge', text: '', visibility: 'public', at: at(1) },
    { id: 'f-public', author: people.bob, kind: 'note', text: 'Je passe vers 14 h.', visibility: 'public', at: at(2) },
    { id: 'f-private', author: people.bob, kind: 'note', text: 'Licence expirée côté éditeur.', visibility: 'private', at: at(3) },
    { id: 'f-comment', author: people.alice, kind: 'comment', text: 'Toujours bloquée ce matin.', visibility: 'public', at: at(4) },
    { id: 'f-hold', author: people.bob, kind: 'hold', text: 'Pièce commandée.', visibility: 'public', at: at(5) },
    { id: 'f-resume', author: { id: 'system', name: 'Guichet' }, kind: 'resume', text: '', visibility: 'public', at: at(6) },
    { id: 'f-lead', author: people.bob, kind: 'leadAlert', text: 'Il me faut les droits d’administration.', visibility: 'private', at: at(7) },
    { id: 'f-escalation', author: people.bob, kind: 'escalation', text: 'Poste redémarré : toujours « Accès refusé ».', visibility: 'private', at: at(8) },
  ],
  tasks: [
    { id: 'k1', author: people.bob, description: 'Vérifier la licence', status: 'done', durationMinutes: 10, plannedStart: null, at: at(9) },
    { id: 'k2', author: people.bob, description: 'Réinstaller le client', status: 'todo', durationMinutes: 30, plannedStart: new Date('2025-03-05T09:00:00Z'), at: at(10) },
    { id: 'k3', author: people.bob, description: 'Éditeur prévenu', status: 'information', durationMinutes: 0, plannedStart: null, at: at(11) },
  ],
  history: [{ at: at(8), actor: people.bob, field: 'group', from: GROUP_N2, to: GROUP_N1 }],
  escalation: { fired: [], next: null, supportLevel: 2, riskAt: null, breachAt: null },
  observers: [people.tina],
});
const CLOSED_AT = new Date('2025-03-04T08:00:00Z');
const TICKETS: Record<string, Ticket> = {
  new: aTicketIn('new', { ...REF, groupId: GROUP_N1 }),
  worked,
  planned: aTicketIn('planned', { ...REF, tasks: worked.tasks }),
  pending: aTicketIn('pending', { ...REF, pendingReason: 'Pièce commandée chez le fournisseur.' }),
  solved: aTicketIn('solved', { ...REF, followups: worked.followups }),
  closed: aTicketIn('closed', { ...REF }),
  rated: aTicketIn('closed', { ...REF, survey: { until: SURVEY_UNTIL, answer: { rating: 2, comment: 'Trois relances.', at: CLOSED_AT } } }),
  autoClosed: aTicketIn('closed', { ...REF, solutions: [aSolution({ outcome: { kind: 'autoClosed', by: { id: 'system', name: 'Guichet' }, at: CLOSED_AT } })] }),
  refusedThenReopened: aTicketIn('assigned', {
    ...REF,
    followups: [
      { id: 'f-refusal', author: people.alice, kind: 'refusal', text: 'Toujours « Accès refusé ».', visibility: 'public', at: at(20) },
      { id: 'f-reopening', author: people.lea, kind: 'reopening', text: 'Le problème est revenu.', visibility: 'public', at: at(30) },
    ],
    solutions: [aSolution({ outcome: { kind: 'refused', by: people.alice, at: at(20), reason: 'Toujours « Accès refusé ».' } })],
  }),
};

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
    ],
  },
  'sla.alert': {
    groupId: GROUP_N1,
    lead: people.lea,
    line: { ...REF, status: 'new', priority: 4, ticketId: 'tkt-1042', levelId: 'own-75', clock: 'own', percent: 75, dueAt: '2025-03-04T16:00:00.000Z', assigneeName: null },
  },
  'request.escalated': { ...REF, groupId: GROUP_N2 },
  'ticket.escalated': { ...REF, fromGroupId: GROUP_N1, groupId: GROUP_N2, supportLevel: 2, summary: 'Poste redémarré : toujours « Accès refusé ».' },
  'group.unstaffed': { ...REF, groupId: GROUP_N2 },
  'lead.alerted': { ...REF, groupId: GROUP_N1, lead: people.lea, reason: 'Il faut les droits d’administration HorairePro.' },
  'observer.update': { ...REF, event: 'FollowupAdded', text: 'Cache vidé, réessayez.', status: 'assigned' },
  'ticket.holdOver': REF,
  'ticket.openedForYou': { ...REF, source: 'call' },
  'ticket.createdFromMessage': REF,
};
const CHANNEL_KINDS: readonly NotificationKind[] = ['group.digest', 'sla.alert', 'lead.alerted'];
const READERS = (language: Language): Record<string, NotificationReader> => ({
  '1:1': { locale: language === 'fr' ? 'fr-FR' : 'en-US', timeZone: 'Europe/Paris', userMri: '29:reader', inChannel: false },
  channel: { locale: language === 'fr' ? 'fr-FR' : 'en-US', inChannel: true },
});

function notificationOf(kind: NotificationKind): Notification {
  const recipient = CHANNEL_KINDS.includes(kind) ? { kind: 'channel' as const, groupId: GROUP_N1 } : { kind: 'user' as const, user: people.tina };
  return { kind, recipient, actor: people.bob, payload: SAMPLES[kind] } as Notification;
}

const digestLine = (number: number, overrides: Partial<DigestLine> = {}): DigestLine => ({
  ticketId: `tkt-${number}`,
  levelId: 'own-75',
  groupId: GROUP_N1,
  number,
  title: `Imprimante ${number} bloquée`,
  priority: 4,
  status: 'new',
  clock: 'own',
  percent: 75,
  dueAt: new Date(NOW.getTime() + 15 * 60_000),
  clockState: 'running',
  assigneeName: null,
  ticketVersion: 3,
  handled: false,
  ...overrides,
});
const DIGEST: AlertDigest = {
  id: 'digest-1',
  tenantId: 'tenant-contoso',
  recipient: { kind: 'channel', groupId: GROUP_N1 },
  groupId: GROUP_N1,
  lead: people.lea,
  openedAt: NOW,
  openUntil: new Date(NOW.getTime() + 5 * 60_000),
  lines: [
    digestLine(12),
    digestLine(15, { levelId: 'resolve-100', clock: 'resolve', percent: 100, dueAt: new Date(NOW.getTime() - 26 * 3600_000), assigneeName: 'Théo Technicien' }),
    digestLine(17, { clockState: 'paused' }),
    digestLine(21, { handled: true, status: 'solved' }),
  ],
  version: 4,
  posted: null,
};

const CALL_READING = {
  callerName: 'Julie Tremblay',
  service: 'administratif',
  location: null,
  title: 'Accès refusé à HorairePro',
  checklist: {
    problem: 'accès refusé à HorairePro',
    context: null,
    since: 'depuis ce matin',
    workstation: 'ADM-12',
    othersAffected: 'Seule concernée',
    tried: 'redémarrer le navigateur',
  },
  type: 'incident',
  categoryId: null,
  urgency: { level: 4, reason: { kind: 'deadline', quote: 'avant mercredi 17h' } },
  impact: { level: 2, reason: { kind: 'aloneAffected', quote: 'Seule concernée' } },
} as const;
const JULIE = {
  id: 'd1ec7000-0000-4000-8000-000000000101',
  name: 'Julie Tremblay',
  department: 'Administration',
  officeLocation: 'Bureau administratif',
  jobTitle: null,
  mail: null,
  preferredLanguage: 'fr-CA',
};
const DRAFT_ID = 'd0d0d0d0-0000-4000-8000-000000000000';
/** a month of a lead's group: every figure of « stats » has something to show */
const STATISTICS_INPUT = {
  from: new Date(NOW.getTime() - 30 * 24 * 60 * 60_000),
  to: NOW,
  timeZone: 'Europe/Paris',
  tally: {
    openedByDay: [{ key: '2026-11-17', count: 1 }],
    closedByDay: [{ key: '2026-11-20', count: 1 }],
    byStatus: [{ key: 'closed', count: 1 }],
    byPriority: [{ key: 4, count: 1 }],
    byCategory: [{ key: 'hardware.screen', count: 1 }],
    ownMinutes: [{ key: 12, count: 1 }],
    resolveMinutes: [{ key: 300, count: 1 }],
    ownCompliance: { met: 1, total: 1 },
    resolveCompliance: { met: 0, total: 1 },
    ratings: [{ key: 4, count: 1 }],
    escalationLevels: ['own-75', 'resolve-100', 'custom-50'].map((key) => ({ key, count: 1 })),
    functionalEscalations: 1,
    calls: 1,
    solvedDuringCall: 1,
    backlog: { under1: 0, from1to3: 0, from3to7: 0, over7: 1 },
  },
  deflections: 2,
  levelOrder: ['own-75', 'own-100', 'resolve-75', 'resolve-100'],
} as const;
const STATISTICS = computeStatistics(STATISTICS_INPUT);
const QUIET_TALLY = {
  ...STATISTICS_INPUT.tally,
  ...Object.fromEntries(['openedByDay', 'closedByDay', 'byStatus', 'byPriority', 'byCategory', 'ownMinutes', 'resolveMinutes', 'ratings', 'escalationLevels'].map((key) => [key, []])),
  ownCompliance: { met: 0, total: 0 },
  resolveCompliance: { met: 0, total: 0 },
  functionalEscalations: 0,
  calls: 0,
  solvedDuringCall: 0,
  backlog: { under1: 0, from1to3: 0, from3to7: 0, over7: 0 },
};

/** a published article, written in French by Tina whatever the reader's language */
const ARTICLE: KnowledgeArticle = {
  id: 'kb-1',
  tenantId: 'tenant-contoso',
  title: 'Imprimante bloquée',
  symptoms: 'L’imprimante affiche « bourrage ».',
  solution: 'Ouvrir le capot et retirer la feuille coincée.',
  categoryId: null,
  language: 'fr',
  status: 'published',
  author: people.tina,
  editor: people.tina,
  createdAt: NOW,
  updatedAt: NOW,
  publishedAt: NOW,
  views: 3,
  helped: 1,
  sourceTicket: null,
  version: 1,
};
const OFFERED = {
  id: 'art-vpn',
  title: 'VPN : « Connexion refusée »',
  snippet: 'Le client VPN affiche « Connexion refusée » au démarrage.',
  solution: 'Ouvrez le client VPN, choisissez le profil « Siège », reconnectez-vous.',
};
const FORBIDDEN = { code: 'HELPDESK.FORBIDDEN', message: 'no', details: { capability: 'helpdesk.linkChannel' } } as const;

// ---- every template, drawn by its view -------------------------------------------------------------

interface Drawn {
  readonly name: string;
  readonly card: unknown;
  /** what people typed or named, in whatever language they wrote it: set aside before reading */
  readonly typed: readonly unknown[];
}

const ticketContexts = (language: Language): [string, TicketViewContext][] => {
  const base = { language, timeZone: 'Europe/Paris', categories: tree, now: NOW, groups } as const;
  return [
    ['requester', { ...base, audience: 'requester', viewer: actors.ownRequester }],
    ['technician', { ...base, audience: 'technician', viewer: actors.groupTechnician, refreshUserIds: ['29:tina'] }],
    ['lead', { ...base, audience: 'technician', viewer: actors.lead }],
    ['channel', { ...base, timeZone: undefined, audience: 'technician', compact: true }],
    ['group chat', { ...base, timeZone: undefined, audience: 'requester', shared: true }],
  ];
};

/** Each template of cards/, by file name: a new template fails the coverage test until it is here. */
const DRAWINGS: Record<string, (language: Language) => Drawn[]> = {
  'welcome.card.json': (language) => [
    { name: 'personal', card: welcomeCard(language), typed: [] },
    { name: 'channel', card: channelWelcomeCard(language), typed: [] },
  ],
  'help.card.json': (language) => [
    {
      name: 'everything',
      card: helpCard(language, [
        { topic: 'describe' },
        ...(['myTickets', 'myRequests', 'toProcess', 'group', 'atRisk', 'global'] as const).map((topic) => ({
          topic,
          queue: ({ myTickets: 'mine', myRequests: 'requested', toProcess: 'toProcess', group: 'group', atRisk: 'atRisk', global: 'global' } as const)[topic],
        })),
        ...(['newTicket', 'call', 'openTicket', 'link', 'failures', 'language', 'help'] as const).map((topic) => ({ topic })),
      ]),
      typed: [],
    },
  ],
  'message.card.json': (language) => [
    { name: 'error', card: messageCard(language, 'error.internal', 'error'), typed: [] },
    { name: 'notice', card: messageCard(language, 'notice.personalOnly'), typed: [] },
    { name: 'refusal', card: errorCard(language, FORBIDDEN), typed: [] },
    // the nearest command words are those of the language the reader typed in (closest-commands.ts)
    {
      name: 'unknown command',
      card: unknownCommandCard(language, language === 'fr' ? 'grupe' : 'my tiket', [language === 'fr' ? 'groupe' : 'my tickets']),
      typed: [language === 'fr' ? 'grupe' : 'my tiket'],
    },
    { name: 'unknown command, no guess', card: unknownCommandCard(language, 'zzz', []), typed: ['zzz'] },
    { name: 'queue refused', card: queueRefusedCard(language, { code: 'QUEUE.FORBIDDEN', message: 'no', details: { capability: 'queue.toProcess' } } as never), typed: [] },
  ],
  'ticket.card.json': (language) =>
    Object.entries(TICKETS).flatMap(([state, ticket]) =>
      ticketContexts(language).map(([who, ctx]) => ({ name: `${state}, ${who}`, card: ticketCard(ticket, ctx), typed: [ticket] })),
    ),
  'ticket-list.card.json': (language) => [
    {
      name: 'at risk and late',
      card: ticketListCard({ tickets: [TICKETS.new, worked, TICKETS.pending], total: 12 }, { queue: 'atRisk', sort: 'urgency', page: 1 }, language, 'Europe/Paris'),
      typed: [TICKETS.new, worked, TICKETS.pending],
    },
    { name: 'mine', card: ticketListCard({ tickets: [worked], total: 1 }, { queue: 'mine', sort: 'priority', page: 0 }, language, 'Europe/Paris'), typed: [worked] },
    { name: 'empty', card: ticketListCard({ tickets: [], total: 0 }, { queue: 'requested', sort: 'newest', page: 0 }, language, undefined), typed: [] },
  ],
  'ticket-form.card.json': (language) => [
    { name: 'prefilled', card: ticketFormCard(language, tree, { ...EMPTY_FORM, title: 'Écran noir', description: 'Mon écran reste noir.' }, DRAFT_ID), typed: ['Écran noir', 'Mon écran reste noir.'] },
    { name: 'with errors', card: ticketFormCard(language, tree, EMPTY_FORM, DRAFT_ID, [t(language, 'error.required', { field: t(language, 'field.title') })]), typed: [] },
    // articles are written in the staff's language, whatever the reader's: set aside as typed
    { name: 'with articles offered', card: ticketFormCard(language, tree, { ...EMPTY_FORM, title: 'VPN refusé', description: 'Le VPN refuse ma connexion.' }, DRAFT_ID, [], undefined, [OFFERED]), typed: ['VPN refusé', 'Le VPN refuse ma connexion.', OFFERED] },
  ],
  'statistics.card.json': (language) => [
    { name: 'a lead’s month', card: statisticsCard(language, tree, [aGroup()], { days: 30, groupIds: [GROUP_N1], timeZone: 'Europe/Paris', exportUrl: 'https://guichet.example/api/exports/x', statistics: STATISTICS }), typed: [] },
    { name: 'an admin’s quiet week', card: statisticsCard(language, tree, [], { days: 7, groupIds: null, timeZone: 'Europe/Paris', exportUrl: '', statistics: computeStatistics({ ...STATISTICS_INPUT, tally: QUIET_TALLY, deflections: 0 }) }), typed: [] },
  ],
  'kb-results.card.json': (language) => [
    { name: 'two hits, one a draft', card: kbResultsCard(language, tree, 'imprimante', [{ article: ARTICLE, snippet: 'Ouvrir le capot.' }, { article: { ...ARTICLE, id: 'kb-2', status: 'draft' }, snippet: 'Ouvrir le capot.' }]), typed: ['imprimante', ARTICLE.title, 'Ouvrir le capot.'] },
    { name: 'none', card: kbResultsCard(language, tree, 'imprimante', []), typed: ['imprimante'] },
    { name: 'from a ticket', card: kbResultsCard(language, tree, 'imprimante', [{ article: ARTICLE, snippet: 'Ouvrir le capot.' }], 12), typed: ['imprimante', ARTICLE.title, 'Ouvrir le capot.'] },
  ],
  'kb-article-edit.card.json': (language) => [
    { name: 'a draft from a ticket', card: kbArticleEditCard(language, tree, { ...ARTICLE, status: 'draft' }, { notice: t(language, 'kb.edit.fromTicket', { number: 12 }), ticketNumber: 12 }), typed: [ARTICLE.title, ARTICLE.symptoms, ARTICLE.solution] },
    { name: 'refused, as typed', card: kbArticleEditCard(language, tree, ARTICLE, { values: { title: '', symptoms: '', solution: 'Redémarrer.', category: '', language: 'fr' }, notice: t(language, 'error.badData'), noticeColor: 'Attention' }), typed: ['Redémarrer.'] },
  ],
  'kb-article.card.json': (language) => [
    { name: 'published', card: kbArticleCard(language, tree, ARTICLE, 'Europe/Paris'), typed: [ARTICLE.title, ARTICLE.symptoms, ARTICLE.solution, people.tina] },
  ],
  'kb-gaps.card.json': (language) => [
    { name: 'two categories', card: kbGapsCard(language, tree, { from: NOW, timeZone: 'Europe/Paris', gaps: [{ categoryId: null, solved: 4, examples: [12, 9] }, { categoryId: null, solved: 1, examples: [3] }] }), typed: [] },
    { name: 'none', card: kbGapsCard(language, tree, { from: NOW, timeZone: 'Europe/Paris', gaps: [] }), typed: [] },
  ],
  'deflection-thanks.card.json': (language) => [
    { name: 'the article that solved it', card: deflectionThanksCard(language, OFFERED, DRAFT_ID, { ...EMPTY_FORM, title: 'VPN refusé', description: 'Le VPN refuse ma connexion.' }), typed: [OFFERED] },
    { name: 'the article unpublished meanwhile', card: deflectionGoneCard(language, DRAFT_ID, EMPTY_FORM), typed: [] },
  ],
  'ticket-dialog.card.json': (language) => [
    {
      name: 'staff, from a message',
      card: ticketDialogCard(language, tree, {
        values: { ...EMPTY_FORM, title: 'Imprimante bloquée', description: 'L’imprimante du 3e affiche « bourrage ».' },
        draftId: DRAFT_ID,
        actor: people.tina,
        author: people.alice,
        requesterId: people.alice.id,
        staff: true,
        link: 'https://teams.microsoft.com/l/message/1',
      }),
      typed: ['Imprimante bloquée', 'L’imprimante du 3e affiche « bourrage ».', people.tina, people.alice],
    },
  ],
  'ticket-created-dialog.card.json': (language) =>
    ticketContexts(language).map(([who, ctx]) => ({ name: `made from a message, ${who}`, card: ticketCreatedDialogCard(language, ticketCard(TICKETS.new, ctx)), typed: [TICKETS.new] })),
  'call-draft.card.json': (language) => [
    {
      name: 'read from a summary',
      card: callDraftCard(
        language,
        tree,
        callDraftFromReading(
          language,
          { draftId: DRAFT_ID, reading: CALL_READING, requester: JULIE, confidence: 'sure', candidates: [JULIE], service: 'Administration', location: 'Bureau administratif' },
          'Appel de Julie Tremblay : accès refusé à HorairePro depuis ce matin.',
        ),
      ),
      typed: [CALL_READING, JULIE, 'Appel de Julie Tremblay : accès refusé à HorairePro depuis ce matin.'],
    },
    {
      name: 'empty',
      card: callDraftCard(language, tree, { draftId: DRAFT_ID, values: EMPTY_CALL_DRAFT, requesters: [], match: '', urgencyReason: '', impactReason: '', empty: true }),
      typed: [],
    },
  ],
  'ticket-edit.card.json': (language) => [
    { name: 'edit', card: ticketEditCard(worked, { language, categories: tree }), typed: [worked] },
  ],
  'task-edit.card.json': (language) => [{ name: 'edit a task', card: taskEditCard(worked, worked.tasks[1], { language }), typed: [worked] }],
  'escalate-form.card.json': (language) => [
    { name: 'escalate', card: escalateFormCard(worked, groups, { language, timeZone: 'Europe/Paris', shared: false }), typed: [worked] },
    { name: 'nowhere to escalate', card: escalateFormCard(worked, [groups[0]], { language, timeZone: 'Europe/Paris', shared: false }), typed: [worked] },
  ],
  'alert-lead-form.card.json': (language) => [
    { name: 'lead and channel', card: alertLeadFormCard(worked, groups[0], { language }), typed: [worked] },
    { name: 'no lead', card: alertLeadFormCard(worked, groups[1], { language }), typed: [worked] },
  ],
  'failures.card.json': (language) => [
    {
      name: 'failures',
      card: failuresCard(
        [
          { number: 3, recipient: { kind: 'user', name: 'Théo Technicien' }, kind: 'ticket.new', error: '403: Forbidden', at: NOW },
          { number: null, recipient: { kind: 'channel', groupId: GROUP_N2 }, kind: 'group.digest', error: '429: Too Many Requests', at: NOW },
        ] as never,
        language,
        'Europe/Paris',
      ),
      typed: ['Théo Technicien', '403: Forbidden', '429: Too Many Requests'],
    },
    { name: 'none', card: failuresCard([], language, 'Europe/Paris'), typed: [] },
  ],
  'waiting-ticket-choice.card.json': (language) => [
    { name: 'two waiting', card: waitingTicketChoiceCard([TICKETS.solved, TICKETS.pending], 'Ça ne marche toujours pas.', language), typed: [TICKETS.solved, TICKETS.pending, 'Ça ne marche toujours pas.'] },
  ],
  'alert-digest.card.json': (language) =>
    Object.entries(READERS(language)).map(([who, reader]) => ({
      name: who,
      card: renderAlertDigest(DIGEST, { reader, groups, now: NOW }).card,
      typed: [DIGEST],
    })),
  'group-digest.card.json': (language) => notificationsOf(language, ['group.digest']),
  'lead-alert.card.json': (language) => notificationsOf(language, ['lead.alerted']),
};

/** Every notification kind, to every reader: sentences and ticket cards, as Teams receives them. */
function notificationsOf(language: Language, kinds: readonly NotificationKind[] = Object.keys(RENDERERS) as NotificationKind[]): Drawn[] {
  return kinds.flatMap((kind) =>
    Object.entries(READERS(language)).map(([who, reader]) => {
      const rendered = renderNotification(notificationOf(kind), TICKETS.new, reader, tree, groups);
      return { name: `${kind} to a ${who}`, card: rendered, typed: [TICKETS.new, SAMPLES[kind]] };
    }),
  );
}

// ---- reading a card as its reader would -----------------------------------------------------------

/** What a person reads on a card or message: texts, titles, labels, placeholders, facts, choices, prefilled texts. */
function visibleTexts(drawn: unknown): string[] {
  const out: string[] = [];
  walk(drawn, (node, key) => {
    if (key === 'data' || key === 'refresh') return;
    for (const field of ['text', 'title', 'label', 'placeholder', 'errorMessage', 'altText', 'fallbackText', 'speak']) {
      if (typeof node[field] === 'string') out.push(node[field] as string);
    }
    if (node.type === 'Input.Text' && typeof node.value === 'string') out.push(node.value);
    if (typeof node.value === 'string' && typeof node.title === 'string' && !('type' in node)) out.push(node.value);
  });
  return out;
}

/** The strings people typed or named, found anywhere in the data (ids and enum values are not text). */
function typedTexts(language: Language, typed: readonly unknown[]): string[] {
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!/^[a-z][a-zA-Z0-9._:-]*$/.test(value) && /\p{L}/u.test(value)) out.add(value);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object' && !(value instanceof Date)) Object.values(value).forEach(visit);
  };
  typed.forEach(visit);
  Object.values(people).forEach(visit);
  out.add('Guichet');
  // the commands that switch language are typed in the language they choose, on purpose
  out.add('français');
  out.add('english');
  out.add('Théo Technicien');
  // a group's name is the helpdesk's, in the reader's language: the other one would be a mix
  for (const group of groups) out.add(group.name[language]);
  return [...out].sort((a, b) => b.length - a.length);
}

const forms = (message: string | { one: string; other: string }) => (typeof message === 'string' ? [message] : [message.one, message.other]);
const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bounded = (text: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(text)}(?![\\p{L}\\p{N}])`, 'u');

/**
 * The other language's sentences, as the pieces between their placeholders: a piece that
 * no sentence of this language contains is that language's own, found as whole words
 * anywhere (« Priority: Haute »); a piece of one or two letters only as a whole text.
 */
function foreignPieces(language: Language): { anywhere: RegExp[]; whole: Set<string> } {
  const own = Object.values(MESSAGES[language]).flatMap(forms);
  const ownText = own.join('\n');
  const anywhere = new Map<string, RegExp>();
  const whole = new Set<string>();
  for (const [key, message] of Object.entries(MESSAGES[other(language)])) {
    const mine = forms(MESSAGES[language][key as keyof (typeof MESSAGES)['fr']]);
    for (const form of forms(message)) {
      if (mine.includes(form)) continue;
      for (const raw of form.split(/\{\w+\}/)) {
        const piece = raw.replace(/^[\s:;,.«»"“”()·—–#/?!…-]+|[\s:;,.«»"“”()·—–#/?!…-]+$/g, '');
        if (letters(piece) < 2 || ownText.includes(piece)) continue;
        if (letters(piece) >= 3) anywhere.set(piece, bounded(piece));
        else whole.add(piece);
      }
    }
  }
  return { anywhere: [...anywhere.values()], whole };
}
const FOREIGN = { fr: foreignPieces('fr'), en: foreignPieces('en') };

/** Words that give a language away when the string tables miss a sentence (a literal in a view, a date). */
const TELL_TALES: Record<Language, ReadonlySet<string>> = {
  // English words on a French card (« mon » is French too: « Ça a résolu mon problème »; the other days still catch an English date)
  fr: new Set(['the', 'and', 'your', 'you', 'is', 'are', 'was', 'were', 'with', 'from', 'this', 'that', 'to', 'of', 'by', 'has', 'have', 'not', 'no', 'on', 'at', 'for', 'in', 'it', 'open', 'closed', 'ticket(s)', 'am', 'pm', 'tue', 'wed', 'thu', 'fri', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']),
  // French words on an English card
  en: new Set(['le', 'la', 'les', 'du', 'des', 'un', 'une', 'est', 'et', 'vous', 'votre', 'vos', 'pour', 'avec', 'dans', 'sur', 'pas', 'à', 'au', 'aux', 'être', 'été', 'ce', 'cette', 'qui', 'que', 'janv', 'févr', 'mars', 'avr', 'mai', 'juin', 'juil', 'août', 'sept', 'déc']),
};
/** Accents and French quotes are no part of English text; (what was typed is set aside first). */
const FRENCH_MARKS = /[àâçéèêëîïôûùüÿœæ«»]/i;

/** Every way a text speaks the other language, or shows a key or a placeholder instead of words. */
function mixesIn(text: string, language: Language, typed: readonly string[]): string[] {
  // Teams' mention markup is no word; what people typed is theirs
  let rest = shown(text).replace(/<\/?at>/g, ' ');
  for (const value of typed) rest = rest.split(value).join(' ').split(shown(value)).join(' ');
  const found: string[] = [];
  if (rest.includes('${')) found.push(`unbound template expression in « ${text} »`);
  const placeholder = /\{\w+\}/.exec(rest);
  if (placeholder) found.push(`unfilled placeholder ${placeholder[0]} in « ${text} »`);
  for (const key of rest.match(/\b[a-z][a-zA-Z]*(?:\.[a-zA-Z0-9]+)+\b/g) ?? []) {
    if (key in MESSAGES.fr) found.push(`untranslated key ${key} in « ${text} »`);
  }
  const { anywhere, whole } = FOREIGN[language];
  for (const piece of anywhere) if (piece.test(rest)) found.push(`${other(language)} « ${piece.source} » in « ${text} »`);
  const trimmed = rest.replace(/^[\s:;,.«»"()·—–#?!…-]+|[\s:;,.«»"()·—–#?!…-]+$/g, '');
  if (whole.has(trimmed)) found.push(`${other(language)} « ${trimmed} » as a whole text`);
  for (const word of rest.toLowerCase().split(/[^\p{L}()]+/u)) {
    if (TELL_TALES[language].has(word)) found.push(`${other(language)} word « ${word} » in « ${text} »`);
  }
  if (language === 'en' && FRENCH_MARKS.test(rest)) found.push(`French letters in « ${text} »`);
  return found;
}

// ---- the tests -------------------------------------------------------------------------------------

const TEMPLATES = readdirSync(path.join(import.meta.dirname, '../../cards')).filter((file) => file.endsWith('.card.json'));

describe('a card never mixes languages', () => {
  it('every template in cards/ is drawn here (a new card must add its case)', () => {
    expect(TEMPLATES.filter((file) => !(file in DRAWINGS))).toEqual([]);
    expect(Object.keys(DRAWINGS).filter((file) => !TEMPLATES.includes(file))).toEqual([]);
  });

  const cases = LANGUAGES.flatMap((language) => [
    ...Object.entries(DRAWINGS).flatMap(([file, draw]) => draw(language).map((drawn) => [`${language} ${file}: ${drawn.name}`, language, drawn] as const)),
    ...notificationsOf(language).map((drawn) => [`${language} notification ${drawn.name}`, language, drawn] as const),
    ...Object.entries(TICKETS).flatMap(([state, ticket]) =>
      Object.entries(READERS(language)).map(
        ([who, reader]) => [`${language} card copy, ${state}, ${who}`, language, { name: state, card: renderCardCopy(ticket, 'technician', reader, tree, groups), typed: [ticket] }] as const,
      ),
    ),
  ]);

  it.each(cases)('%s', (_name, language, drawn) => {
    const texts = visibleTexts(drawn.card);
    expect(texts.length).toBeGreaterThan(0);
    const typed = typedTexts(language, drawn.typed);
    expect(texts.flatMap((text) => mixesIn(text, language, typed))).toEqual([]);
  });

  it('the checker catches a mix (it can fail)', () => {
    const typed = typedTexts('en', [worked]);
    expect(mixesIn('Priority: Haute', 'en', typed)).not.toEqual([]);
    expect(mixesIn('Ticket #12 transféré à votre groupe', 'en', typed)).not.toEqual([]);
    expect(mixesIn('Fait', 'en', typed)).not.toEqual([]);
    expect(mixesIn('3 mars 2025, 10:01', 'en', typed)).not.toEqual([]);
    expect(mixesIn('Priorité : High', 'fr', typedTexts('fr', [worked]))).not.toEqual([]);
    expect(mixesIn('Ticket #12 was transferred to your group', 'fr', typedTexts('fr', [worked]))).not.toEqual([]);
    expect(mixesIn('ticket.priority', 'fr', [])).not.toEqual([]);
    expect(mixesIn('Priorité : {level}', 'fr', [])).not.toEqual([]);
    // a whole card drawn in one language and read as the other is caught, line after line
    const ctx = ticketContexts('fr')[1][1];
    const french = visibleTexts(ticketCard(worked, ctx)).flatMap((text) => mixesIn(text, 'en', typed));
    const english = visibleTexts(ticketCard(worked, { ...ctx, language: 'en' })).flatMap((text) => mixesIn(text, 'fr', typedTexts('fr', [worked])));
    expect(french.length).toBeGreaterThan(20);
    expect(english.length).toBeGreaterThan(20);
    // what people typed in French stays theirs on an English card
    expect(mixesIn(`Ticket #1042: ${REF.title}`, 'en', typed)).toEqual([]);
  });
});
