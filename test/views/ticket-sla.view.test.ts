import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/domain/category.js';
import { DEFAULT_SERVICE_LEVELS, moveClock, newSla, type SlaClock } from '../../src/domain/sla.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { taskEditCard } from '../../src/views/task-edit.view.js';
import { ticketEditCard } from '../../src/views/ticket-edit.view.js';
import { ticketCard, type TicketViewContext } from '../../src/views/ticket.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionsOf, factsOf, inputsOf, textsOf, walk, type Card } from '../support/card-reading.js';
import { actors, aGroup, aTicketIn, GROUP_N1, OPENED_AT, people } from '../support/ticket-mother.js';

/**
 * What the ticket card says of issue 10 (SLA clocks in business hours, the classification and
 * tasks edited, hold until a date, escalation), to a technician and to the requester.
 */

const tree = categories as Category[];
const PARIS = 'Europe/Paris';
const { calendar } = DEFAULT_SERVICE_LEVELS;
const minutes = (n: number) => new Date(OPENED_AT.getTime() + n * 60_000);

// the mother's ticket is opened on Monday 3 March 2025 at 09:30 Paris, priority 2:
// 4 business hours to own (due 13:30), 5 business days to resolve (due 19 March, 09:30)
const OWN_DUE = { fr: 'Prise en charge avant le 3 mars 2025, 13:30', en: 'Own by 3 Mar 2025, 13:30' };
const RESOLVE_DUE = { fr: 'Résolution avant le 19 mars 2025, 09:30', en: 'Resolve by 19 Mar 2025, 09:30' };

const base = (language: 'fr' | 'en', now: Date): TicketViewContext => ({ language, timeZone: PARIS, categories: tree, now });
const asTechnician = (language: 'fr' | 'en', now: Date): TicketViewContext => ({
  ...base(language, now),
  audience: 'technician',
  viewer: actors.groupTechnician,
  groups: [aGroup(), aGroup({ id: 'reseau-n2', name: { fr: 'N2 Réseau', en: 'L2 Network' } })],
});
const asRequester = (language: 'fr' | 'en', now: Date): TicketViewContext => ({ ...base(language, now), audience: 'requester', viewer: actors.ownRequester });

/** each SLA line as the reader reads it, with the colour of its standing */
function slaOf(card: Card): { text: string; color: string }[] {
  const lines: { text: string; color: string }[] = [];
  walk(card, (node) => {
    if (node.type !== 'RichTextBlock') return;
    const runs = node.inlines as { text: string; color?: string }[];
    lines.push({ text: runs.map((run) => run.text).join(''), color: runs[1].color ?? 'Default' });
  });
  return lines;
}

const withOwn = (own: SlaClock, overrides: Partial<Ticket> = {}, status: Ticket['status'] = 'new'): Ticket =>
  aTicketIn(status, { ...overrides, sla: { own, resolve: newSla(2, OPENED_AT).resolve } });
const sla = newSla(2, OPENED_AT);
const ownTarget = sla.own.targetMs;

describe('the SLA clocks on the ticket card', () => {
  // [standing, ticket, now, fr, en, colour]
  const cases: [string, Ticket, Date, string, string, string][] = [
    ['running, before three quarters of the time', aTicketIn('new'), minutes(60), `${OWN_DUE.fr} · Dans les temps`, `${OWN_DUE.en} · On time`, 'Good'],
    ['running, past three quarters (3 h of 4)', aTicketIn('new'), minutes(3 * 60 + 15), `${OWN_DUE.fr} · À risque`, `${OWN_DUE.en} · At risk`, 'Default'],
    ['running, past its due time', aTicketIn('new'), minutes(4 * 60 + 15), `${OWN_DUE.fr} · En retard`, `${OWN_DUE.en} · Late`, 'Attention'],
    [
      'paused while the ticket waits',
      withOwn(moveClock(sla.own, 'paused', ownTarget, minutes(60), calendar), {}, 'pending'),
      minutes(6 * 60),
      'Prise en charge · En pause',
      'Time to own · Paused',
      'Default',
    ],
    [
      'stopped in time (taken at 10:30)',
      withOwn(moveClock(sla.own, 'stopped', ownTarget, minutes(60), calendar), { assignee: people.bob }, 'assigned'),
      minutes(24 * 60),
      `${OWN_DUE.fr} · Respecté`,
      `${OWN_DUE.en} · Met`,
      'Good',
    ],
    [
      'stopped late (taken at 14:00)',
      withOwn(moveClock(sla.own, 'stopped', ownTarget, minutes(4 * 60 + 30), calendar), { assignee: people.bob }, 'assigned'),
      minutes(24 * 60),
      `${OWN_DUE.fr} · Dépassé`,
      `${OWN_DUE.en} · Missed`,
      'Attention',
    ],
  ];

  it.each(cases)('time to own %s: the same words for staff and the requester, in French and in English', (_name, ticket, now, fr, en, color) => {
    for (const [language, expected] of [['fr', fr], ['en', en]] as const) {
      for (const ctx of [asTechnician(language, now), asRequester(language, now)]) {
        const [own] = slaOf(ticketCard(ticket, ctx));
        expect(own).toEqual({ text: expected, color });
      }
    }
  });

  it('time to resolve has its own line, its due time and its standing', () => {
    expect(slaOf(ticketCard(aTicketIn('new'), asRequester('fr', minutes(60))))[1]).toEqual({ text: `${RESOLVE_DUE.fr} · Dans les temps`, color: 'Good' });
    expect(slaOf(ticketCard(aTicketIn('new'), asRequester('en', minutes(60))))[1]).toEqual({ text: `${RESOLVE_DUE.en} · On time`, color: 'Good' });
  });

  it('due times are in the reader’s time zone, counted in business hours across the spring daylight-saving change', () => {
    // opened on Friday 28 March 2025 at 17:00 Paris (UTC+1), priority 3: 2 business hours to own, 3 days to resolve;
    // one hour on Friday, the other on Monday 31 March from 08:00 (UTC+2 since Sunday)
    const friday = new Date('2025-03-28T16:00:00Z');
    const ticket = aTicketIn('new', { priority: 3, sla: newSla(3, friday), createdAt: friday });
    expect(slaOf(ticketCard(ticket, { ...asRequester('fr', friday) }))).toEqual([
      { text: 'Prise en charge avant le 31 mars 2025, 09:00 · Dans les temps', color: 'Good' },
      { text: 'Résolution avant le 9 avr. 2025, 09:00 · Dans les temps', color: 'Good' },
    ]);
    expect(slaOf(ticketCard(ticket, { ...asRequester('en', friday), timeZone: 'America/New_York' }))[0].text).toBe(
      'Own by 31 Mar 2025, 03:00 · On time',
    );
  });

  it('the helpdesk’s own « À risque » threshold is the one the card uses', () => {
    const now = minutes(2 * 60 + 15);
    expect(slaOf(ticketCard(aTicketIn('new'), asTechnician('fr', now)))[0].text).toBe(`${OWN_DUE.fr} · Dans les temps`);
    const early = { ...DEFAULT_SERVICE_LEVELS, atRiskPercent: 50 };
    expect(slaOf(ticketCard(aTicketIn('new'), { ...asTechnician('fr', now), serviceLevels: early }))[0].text).toBe(`${OWN_DUE.fr} · À risque`);
  });

  it('staff read the support level (N1, N2…); the requester does not', () => {
    const escalated = aTicketIn('assigned', { escalation: { fired: [], next: null, supportLevel: 2, riskAt: null, breachAt: null } });
    expect(factsOf(ticketCard(escalated, asTechnician('fr', minutes(60))))['Niveau de support']).toBe('N2');
    expect(factsOf(ticketCard(escalated, asTechnician('en', minutes(60))))['Support level']).toBe('L2');
    expect(Object.keys(factsOf(ticketCard(escalated, asRequester('fr', minutes(60)))))).not.toContain('Niveau de support');
  });
});

// ---- the timeline: hold, resume, escalation, lead alert ---------------------------------------

const HOLD_UNTIL = new Date('2025-03-10T08:00:00Z'); // Monday 10 March, 09:00 Paris
const at = (n: number) => minutes(n);
const STORY: Partial<Ticket> = {
  followups: [
    { id: 'f-hold', author: people.bob, kind: 'hold', text: 'Pièce commandée chez le fournisseur.', visibility: 'public', at: at(10) },
    { id: 'f-resume', author: { id: 'system', name: 'Guichet' }, kind: 'resume', text: '', visibility: 'public', at: at(20) },
    { id: 'f-hold2', author: people.bob, kind: 'hold', text: 'Rappel de l’utilisatrice demain.', visibility: 'public', at: at(30) },
    { id: 'f-resume2', author: people.bob, kind: 'resume', text: 'Elle a rappelé plus tôt.', visibility: 'public', at: at(40) },
    { id: 'f-lead', author: people.bob, kind: 'leadAlert', text: 'Il me faut les droits d’administration.', visibility: 'private', at: at(50) },
    { id: 'f-escalation', author: people.bob, kind: 'escalation', text: 'Poste redémarré, droits vérifiés : toujours « Accès refusé ».', visibility: 'private', at: at(60) },
  ],
  history: [
    { at: at(10), actor: people.bob, field: 'pendingUntil', from: null, to: HOLD_UNTIL.toISOString() },
    { at: at(60), actor: people.bob, field: 'group', from: GROUP_N1, to: 'reseau-n2' },
  ],
  escalation: { fired: [], next: null, supportLevel: 2, riskAt: null, breachAt: null },
};

/** each followup of the card's timeline: its heading (who, when) and its text */
function timelineOf(card: Card): string[] {
  const timeline = (card.body as Card[]).find((element) => element.type === 'Container' && ['Suivis', 'Followups'].includes(textsOf(element)[0]));
  return ((timeline?.items ?? []) as Card[]).slice(1).map((entry) => textsOf(entry)[1]);
}

describe('the timeline of issue 10 on the ticket card', () => {
  const ticket = aTicketIn('assigned', STORY);
  const now = minutes(70);

  it('staff read the escalation first, then holds with their date, resumptions (the clock’s too) and the lead alert', () => {
    const card = ticketCard(ticket, asTechnician('fr', now));
    const texts = textsOf(card);
    // the latest escalation heads the card, above the facts, the description and the timeline
    expect(texts.slice(0, 6)).toEqual([
      '#1042',
      'Je n’arrive plus à me connecter à HorairePro',
      'En cours (attribué)',
      'Priorité : Basse',
      'Escalade vers N2 Réseau par Bob Lefèvre · 3 mars 2025, 10:30',
      'Poste redémarré, droits vérifiés : toujours « Accès refusé ».',
    ]);
    // pinned at the top, not repeated below: the four latest other followups share the room of five
    expect(texts.filter((text) => text.includes('toujours « Accès refusé »'))).toHaveLength(1);
    expect(timelineOf(card)).toEqual([
      'Repris automatiquement à la date prévue',
      'Mis en attente : Rappel de l’utilisatrice demain.',
      'Repris : Elle a rappelé plus tôt.',
      'Responsable alerté : Il me faut les droits d’administration.',
    ]);
    const en = ticketCard(ticket, asTechnician('en', now));
    expect(textsOf(en)[4]).toBe('Escalated to L2 Network by Bob Lefèvre · 3 Mar 2025, 10:30');
    expect(timelineOf(en)).toEqual([
      'Resumed automatically on the planned date',
      'Put on hold: Rappel de l’utilisatrice demain.',
      'Resumed: Elle a rappelé plus tôt.',
      'Lead alerted: Il me faut les droits d’administration.',
    ]);
  });

  it('the requester reads each hold with its reason and date, and each resumption, in the timeline', () => {
    expect(timelineOf(ticketCard(ticket, asRequester('fr', now)))).toEqual([
      'Mis en attente : Pièce commandée chez le fournisseur. (jusqu’au 10 mars 2025, 09:00)',
      'Repris automatiquement à la date prévue',
      'Mis en attente : Rappel de l’utilisatrice demain.',
      'Repris : Elle a rappelé plus tôt.',
    ]);
    expect(timelineOf(ticketCard(ticket, asRequester('en', now)))).toEqual([
      'Put on hold: Pièce commandée chez le fournisseur. (until 10 Mar 2025, 09:00)',
      'Resumed automatically on the planned date',
      'Put on hold: Rappel de l’utilisatrice demain.',
      'Resumed: Elle a rappelé plus tôt.',
    ]);
  });

  it('an older escalation stays in the timeline as « Escalade vers <groupe> : <résumé> »', () => {
    const twice = aTicketIn('assigned', {
      ...STORY,
      followups: [...STORY.followups!, { ...STORY.followups![5], id: 'f-escalation-2', text: 'Routeur changé.', at: at(65) }],
      history: [...STORY.history!, { at: at(65), actor: people.bob, field: 'group', from: 'reseau-n2', to: GROUP_N1 }],
    });
    const texts = textsOf(ticketCard(twice, asTechnician('fr', now)));
    expect(texts).toContain('Escalade vers Support N1 par Bob Lefèvre · 3 mars 2025, 10:35');
    expect(texts).toContain('Escalade vers N2 Réseau : Poste redémarré, droits vérifiés : toujours « Accès refusé ».');
  });

  it('the requester and a shared conversation read the holds and resumptions, never the escalation summary nor the lead alert', () => {
    for (const ctx of [
      asRequester('fr', now),
      { ...base('fr', now), audience: 'requester', shared: true } as const,
      { ...base('fr', now), audience: 'technician', shared: true, groups: [aGroup()] } as const,
      { ...base('fr', now), audience: 'technician', compact: true, groups: [aGroup()] } as const,
    ]) {
      const text = JSON.stringify(ticketCard(ticket, ctx));
      expect(text).toContain('Repris automatiquement à la date prévue');
      expect(text).not.toContain('Accès refusé »');
      expect(text).not.toContain('droits d’administration');
      expect(text).not.toContain('Escalade vers');
      expect(text).not.toContain('Responsable alerté');
    }
  });
});

// ---- buttons ---------------------------------------------------------------------------------

/** the buttons of the body's action row (edit, escalate, alert, follow) */
function moreButtons(card: Card): { title: string; verb: string; data: unknown }[] {
  const row = (card.body as Card[]).find((element) => element.type === 'ActionSet' && (element.actions as Card[]).some((a) => a.verb === 'ticket.editForm' || a.verb === 'ticket.follow' || a.verb === 'ticket.unfollow'));
  return ((row?.actions ?? []) as Card[]).map((a) => ({ title: a.title as string, verb: a.verb as string, data: a.data }));
}

describe('the buttons of issue 10 on the technician’s card', () => {
  const now = minutes(60);

  it('a technician of the ticket edits, escalates, alerts the lead and follows; the data is the ticket and the version shown', () => {
    const ref = { number: 1042, version: 3 };
    expect(moreButtons(ticketCard(aTicketIn('assigned'), asTechnician('fr', now)))).toEqual([
      { title: 'Modifier…', verb: 'ticket.editForm', data: ref },
      { title: 'Escalader…', verb: 'ticket.escalateForm', data: ref },
      { title: 'Alerter le responsable', verb: 'ticket.alertLeadForm', data: ref },
      { title: 'Suivre', verb: 'ticket.follow', data: ref },
    ]);
    expect(moreButtons(ticketCard(aTicketIn('assigned'), asTechnician('en', now))).map((b) => b.title)).toEqual([
      'Edit…',
      'Escalate…',
      'Alert the lead',
      'Follow',
    ]);
  });

  it('an observer is offered « Ne plus suivre » instead of « Suivre »', () => {
    const followed = aTicketIn('assigned', { observers: [people.tina] });
    expect(moreButtons(ticketCard(followed, asTechnician('fr', now))).map((b) => b.title)).toEqual([
      'Modifier…',
      'Escalader…',
      'Alerter le responsable',
      'Ne plus suivre',
    ]);
  });

  it('a solved ticket is still edited (classification checked at resolution), not escalated; a closed one is only followed', () => {
    expect(moreButtons(ticketCard(aTicketIn('solved'), asTechnician('fr', now))).map((b) => b.title)).toEqual(['Modifier…', 'Suivre']);
    expect(moreButtons(ticketCard(aTicketIn('closed'), asTechnician('fr', now))).map((b) => b.title)).toEqual(['Suivre']);
  });

  it('the requester, a technician of another group and the channel’s queue card get none of them', () => {
    expect(moreButtons(ticketCard(aTicketIn('assigned'), asRequester('fr', now)))).toEqual([]);
    expect(moreButtons(ticketCard(aTicketIn('assigned', { assignee: people.tina }), { ...asTechnician('fr', now), viewer: actors.otherGroupTechnician })).map((b) => b.title)).toEqual(['Suivre']);
    expect(moreButtons(ticketCard(aTicketIn('assigned'), { ...base('fr', now), audience: 'technician', compact: true, groups: [aGroup()] }))).toEqual([]);
  });

  it('each task can be edited, and marked done while it is not', () => {
    const tasks: Ticket['tasks'] = [
      { id: 'k1', author: people.bob, description: 'Vérifier la licence', status: 'done', durationMinutes: 10, plannedStart: null, at: at(5) },
      { id: 'k2', author: people.bob, description: 'Réinstaller le client', status: 'todo', durationMinutes: 30, plannedStart: null, at: at(6) },
    ];
    const card = ticketCard(aTicketIn('assigned', { tasks }), asTechnician('fr', now));
    expect(actionsOf(card, 'ticket.editTaskForm')).toEqual([
      { number: 1042, version: 3, taskId: 'k1' },
      { number: 1042, version: 3, taskId: 'k2' },
    ]);
    expect(actionsOf(card, 'ticket.editTask')).toEqual([{ number: 1042, version: 3, taskId: 'k2', markDone: true }]);
    expect(JSON.stringify(card)).toContain('"title":"Marquer comme fait"');
    expect(JSON.stringify(ticketCard(aTicketIn('assigned', { tasks }), asTechnician('en', now)))).toContain('"title":"Mark done"');
    // the requester sees no task at all
    expect(actionsOf(ticketCard(aTicketIn('assigned', { tasks }), asRequester('fr', now)), 'ticket.editTaskForm')).toEqual([]);
  });

  it('« Mettre en attente… » asks « jusqu’au » (date and time, optional); « Reprendre… » an optional reason; typed values come back', () => {
    const card = ticketCard(aTicketIn('assigned'), asTechnician('fr', now));
    expect(inputsOf(card)).toMatchObject({ reason: '', untilDate: '', untilTime: '' });
    const kept = ticketCard(aTicketIn('assigned'), { ...asTechnician('fr', now), typed: { reason: 'La pièce', untilDate: '2025-03-01', untilTime: '10:00' } });
    expect(inputsOf(kept)).toMatchObject({ reason: 'La pièce', untilDate: '2025-03-01', untilTime: '10:00' });
    const pending = ticketCard(aTicketIn('pending'), { ...asTechnician('fr', now), typed: { resumeReason: 'Pièce reçue' } });
    expect(inputsOf(pending)).toMatchObject({ resumeReason: 'Pièce reçue' });
    expect(actionsOf(pending, 'ticket.resume')).toEqual([{ number: 1042, version: 3 }]);
  });
});

// ---- the edit forms --------------------------------------------------------------------------

describe('the edit forms', () => {
  const ticket = aTicketIn('assigned');
  const task = { id: 'k2', author: people.bob, description: 'Réinstaller le client', status: 'todo', durationMinutes: 30, plannedStart: null, at: at(6) } as const;

  it.each(['fr', 'en'] as const)('are valid Adaptive Cards 1.5 with nothing unbound (%s), blank or refused', (language) => {
    for (const card of [
      ticketEditCard(ticket, { language, categories: tree }),
      ticketEditCard(ticket, { language, categories: tree, error: 'x', typed: { title: '', urgency: '' }, back: { queue: 'mine', page: 1 } }),
      ticketEditCard(aTicketIn('assigned', { priorityOverride: { priority: 5, reason: 'VIP' } }), { language, categories: tree }),
      taskEditCard(ticket, task, { language }),
      taskEditCard(ticket, task, { language, error: 'x', typed: { description: '', durationMinutes: 45 } }),
    ]) {
      expect(problemsOf(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('${');
    }
  });

  it('the classification form is prefilled with the ticket, says the priority follows, and submits on the version shown', () => {
    const card = ticketEditCard(ticket, { language: 'fr', categories: tree });
    expect(inputsOf(card)).toEqual({ title: ticket.title, type: 'incident', category: 'account.application', urgency: '3', impact: '2' });
    expect(textsOf(card)).toEqual([
      'Modifier le ticket #1042',
      'Priorité actuelle : Basse. La priorité et les échéances suivent l’urgence et l’impact.',
    ]);
    expect(actionsOf(card, 'ticket.edit')).toEqual([{ number: 1042, version: 3 }]);
    expect(actionsOf(card, 'ticket.view')).toEqual([{ number: 1042 }]);
    expect(textsOf(ticketEditCard(ticket, { language: 'en', categories: tree }))).toEqual([
      'Edit ticket #1042',
      'Current priority: Low. The priority and the due times follow urgency and impact.',
    ]);
  });

  it('refused, it keeps what was typed under the sentence saying why', () => {
    const card = ticketEditCard(ticket, {
      language: 'fr',
      categories: tree,
      typed: { title: '  ', type: 'request', category: 'hardware.screen', urgency: '5', impact: '4' },
      error: 'Le titre est obligatoire : rien n’a été enregistré.',
    });
    expect(textsOf(card)[0]).toBe('Le titre est obligatoire : rien n’a été enregistré.');
    expect(inputsOf(card)).toEqual({ title: '  ', type: 'request', category: 'hardware.screen', urgency: '5', impact: '4' });
  });

  it('the task form is prefilled with the task and asks for the time it really took', () => {
    const card = taskEditCard(ticket, task, { language: 'fr' });
    expect(inputsOf(card)).toEqual({ taskDescription: 'Réinstaller le client', taskStatus: 'todo', durationMinutes: 30 });
    expect(textsOf(card)).toContain('En fin de tâche, indiquez la durée qu’elle a réellement prise.');
    expect(actionsOf(card, 'ticket.editTask')).toEqual([{ number: 1042, version: 3, taskId: 'k2', form: true }]);
    expect(inputsOf(taskEditCard(ticket, task, { language: 'fr', typed: { status: 'done', durationMinutes: 45 } }))).toMatchObject({ taskStatus: 'done', durationMinutes: 45 });
  });
});
