import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { alertLeadFormCard } from '../../src/views/alert-lead-form.view.js';
import { escalateFormCard, escalationErrorText, PREFILL_MAX, whatWasTried } from '../../src/views/escalate-form.view.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionsOf, buttonsOf, inputNamed, textsOf } from '../support/card-reading.js';
import { aGroup, aSolution, aTicketIn, GROUP_N1, GROUP_N2, people } from '../support/ticket-mother.js';

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 9, minutes));
const N3 = 'grp-n3-systeme';
/** N1 (the ticket's), N2 Réseau with nobody on duty, N3 Système with Nadia on duty (she is in N2 too) */
const groups = [
  aGroup(),
  aGroup({ id: GROUP_N2, name: { fr: 'N2 Réseau', en: 'L2 Network' }, lead: people.lea, technicians: [{ ...people.nadia, onDuty: false }, { ...people.bob, onDuty: false }] }),
  aGroup({ id: N3, name: { fr: 'N3 Système', en: 'L3 Systems' }, lead: null, hasChannel: false, technicians: [{ ...people.nadia, onDuty: true }] }),
];

/** a ticket worked for a while in N1: a task, notes public and private, a refused solution and the requester's reason */
const worked: Ticket = aTicketIn('assigned', {
  groupId: GROUP_N1,
  assignee: people.tina,
  tasks: [{ id: 'k1', author: people.tina, description: 'Redémarrage du poste', status: 'done', durationMinutes: 10, plannedStart: null, at: at(5) }],
  followups: [
    { id: 'f0', author: people.tina, kind: 'takenInCharge', text: '', visibility: 'public', at: at(1) },
    { id: 'f1', author: people.tina, kind: 'note', text: 'Droits vérifiés\ndans HorairePro.', visibility: 'private', at: at(10) },
    { id: 'f2', author: people.alice, kind: 'comment', text: 'Toujours bloquée.', visibility: 'public', at: at(12) },
    { id: 'f3', author: people.tina, kind: 'note', text: 'Cache du navigateur vidé.', visibility: 'public', at: at(15) },
    { id: 'f4', author: people.alice, kind: 'refusal', text: 'Même message ce matin.', visibility: 'public', at: at(30) },
  ],
  solutions: [aSolution({ text: 'Mot de passe réinitialisé.', author: people.tina, at: at(20), outcome: { kind: 'refused', by: people.alice, at: at(30), reason: 'Même message ce matin.' } })],
});

describe('the « Escalader… » form', () => {
  const fr = { language: 'fr', timeZone: 'Europe/Paris', shared: false } as const;

  it('offers every other group, naming those with nobody on duty, their technicians once each, and a summary to edit', () => {
    const card = escalateFormCard(worked, groups, fr);
    expect(problemsOf(card)).toEqual([]);
    expect(textsOf(card).slice(0, 3)).toEqual(['Escalader le ticket #1042', 'Je n’arrive plus à me connecter à HorairePro', 'Actuellement : Support N1 · niveau N1']);
    expect(inputNamed(card, 'targetGroupId')).toMatchObject({
      label: 'Groupe cible',
      isRequired: true,
      value: '',
      choices: [
        { title: 'N2 Réseau — personne de garde', value: GROUP_N2 },
        { title: 'N3 Système', value: N3 },
      ],
    });
    expect(inputNamed(card, 'targetAssigneeId')).toMatchObject({
      style: 'filtered',
      choices: [
        { title: 'Bob Lefèvre · N2 Réseau', value: people.bob.id },
        { title: 'Nadia Roux · N2 Réseau, N3 Système', value: people.nadia.id },
      ],
    });
    expect(inputNamed(card, 'escalationSummary')).toMatchObject({ isRequired: true, maxLength: 10_000 });
    expect(buttonsOf(card)).toEqual(['Escalader', 'Annuler']);
    expect(actionsOf(card, 'ticket.escalate')).toEqual([{ number: 1042, version: 3 }]);
    expect(actionsOf(card, 'ticket.view')).toEqual([{ number: 1042 }]);
  });

  it('in English, back to the list it came from', () => {
    const card = escalateFormCard(worked, groups, { ...fr, language: 'en', back: { queue: 'group', sort: 'priority', page: 1 } });
    expect(problemsOf(card)).toEqual([]);
    expect((inputNamed(card, 'targetGroupId')!.choices as { title: string }[]).map((c) => c.title)).toEqual(['L2 Network — nobody on duty', 'L3 Systems']);
    expect(buttonsOf(card)).toEqual(['Escalate', 'Cancel']);
    expect(actionsOf(card, 'ticket.escalate')).toEqual([{ number: 1042, version: 3, queue: 'group', sort: 'priority', page: 1 }]);
    expect(actionsOf(card, 'ticket.view')).toEqual([{ number: 1042, queue: 'group', sort: 'priority', page: 1 }]);
  });

  it('prefills what was tried, oldest first and most recent last: tasks, staff notes, refused solutions and the refusals', () => {
    expect(inputNamed(escalateFormCard(worked, groups, fr), 'escalationSummary')!.value).toBe(
      [
        '3 mars 2025, 10:05 — Tâche (Fait, 10 min) : Redémarrage du poste',
        '3 mars 2025, 10:10 — Tina Moreau : Droits vérifiés dans HorairePro.',
        '3 mars 2025, 10:15 — Tina Moreau : Cache du navigateur vidé.',
        '3 mars 2025, 10:20 — Solution refusée par le demandeur : Mot de passe réinitialisé.',
        '3 mars 2025, 10:30 — Alice Martin : Même message ce matin.',
      ].join('\n'),
    );
    expect(whatWasTried(worked, { language: 'en', timeZone: 'America/Montreal', shared: false }).split('\n')[0]).toBe(
      '3 Mar 2025, 04:05 — Task (Done, 10 min): Redémarrage du poste',
    );
  });

  it('in a channel the form is everyone’s there: prefilled from what the channel may read, no private note, no task', () => {
    const card = escalateFormCard(worked, groups, { language: 'fr', timeZone: undefined, shared: true });
    const summary = String(inputNamed(card, 'escalationSummary')!.value);
    expect(summary).not.toContain('Droits vérifiés');
    expect(summary).not.toContain('Redémarrage');
    expect(summary.split('\n')).toHaveLength(3);
  });

  it('a long history keeps the most recent work within the limit, dropping the oldest lines', () => {
    const notes = Array.from({ length: 60 }, (_, i) => ({
      id: `n${i}`,
      author: people.tina,
      kind: 'note' as const,
      text: `Essai numéro ${i} ${'x'.repeat(150)}`,
      visibility: 'private' as const,
      at: at(i),
    }));
    const summary = whatWasTried(aTicketIn('assigned', { followups: notes }), fr);
    expect(summary.length).toBeLessThanOrEqual(PREFILL_MAX);
    expect(summary.split('\n').at(-1)).toContain('Essai numéro 59 ');
    expect(summary).not.toContain('Essai numéro 0 ');
  });

  it('a refused form keeps what was typed and says why, in one sentence', () => {
    const typed = { groupId: N3, assigneeId: people.bob.id, summary: 'Tout essayé, voir suivis.' };
    const error = escalationErrorText('fr', { code: 'HELPDESK.UNKNOWN_TECHNICIAN', message: '', details: { field: 'assignee', group: N3, name: 'Bob Lefèvre' } }, groups);
    expect(error).toBe('Bob Lefèvre ne fait pas partie du groupe N3 Système : rien n’a été enregistré.');
    const card = escalateFormCard(worked, groups, { ...fr, typed, error });
    expect(textsOf(card)[0]).toBe(error);
    expect(inputNamed(card, 'targetGroupId')!.value).toBe(N3);
    expect(inputNamed(card, 'targetAssigneeId')!.value).toBe(people.bob.id);
    expect(inputNamed(card, 'escalationSummary')!.value).toBe('Tout essayé, voir suivis.');
  });

  it.each([
    [{ field: 'targetGroup' }, 'Choisissez le groupe vers lequel escalader le ticket : rien n’a été enregistré.', 'Pick the group to escalate the ticket to: nothing was saved.'],
    [{ field: 'group' }, 'Le ticket est déjà dans ce groupe : rien n’a été enregistré.', 'The ticket is already in that group: nothing was saved.'],
    [
      { field: 'summary' },
      'Le résumé de ce qui a déjà été tenté est obligatoire : rien n’a été enregistré.',
      'The summary of what was tried is required: nothing was saved.',
    ],
  ])('the validation of %j reads as every screen says it, in both languages', (details, fr, en) => {
    const error = { code: 'TICKET.VALIDATION' as const, message: '', details };
    expect(escalationErrorText('fr', error, groups)).toBe(fr);
    expect(escalationErrorText('en', error, groups)).toBe(en);
  });

  it('a technician unknown to the chosen group, without a name to give', () => {
    const error = { code: 'HELPDESK.UNKNOWN_TECHNICIAN' as const, message: '', details: { field: 'assignee', group: N3 } };
    expect(escalationErrorText('fr', error, groups)).toBe('Ce technicien ne fait pas partie du groupe N3 Système : rien n’a été enregistré.');
    expect(escalationErrorText('en', error, groups)).toBe('This technician is not a member of group L3 Systems: nothing was saved.');
  });

  it('with no other group to escalate to: says so and offers only « Annuler »', () => {
    const card = escalateFormCard(worked, [aGroup()], fr);
    expect(problemsOf(card)).toEqual([]);
    expect(textsOf(card)).toContain('Il n’y a aucun autre groupe vers lequel escalader ce ticket.');
    expect(inputNamed(card, 'targetGroupId')).toBeUndefined();
    expect(buttonsOf(card)).toEqual(['Annuler']);
  });
});

describe('the « Alerter le responsable » form', () => {
  it('says who will read it and asks what is missing', () => {
    const card = alertLeadFormCard(worked, groups[0], { language: 'fr' });
    expect(problemsOf(card)).toEqual([]);
    expect(textsOf(card)).toEqual([
      'Alerter le responsable — ticket #1042',
      'Je n’arrive plus à me connecter à HorairePro',
      'L’alerte ira à Léa Bernard, dans le canal du groupe s’il en a un et en conversation privée.',
    ]);
    expect(inputNamed(card, 'leadReason')).toMatchObject({ label: 'Ce qui vous manque (droits, ressources, décision)', isRequired: true, maxLength: 2_000, value: '' });
    expect(buttonsOf(card)).toEqual(['Alerter', 'Annuler']);
    expect(actionsOf(card, 'ticket.alertLead')).toEqual([{ number: 1042, version: 3 }]);
  });

  it('in English, a refusal kept with its text', () => {
    const card = alertLeadFormCard(worked, groups[0], { language: 'en', typed: '  ', error: 'The reason is required: nothing was saved.' });
    expect(problemsOf(card)).toEqual([]);
    expect(textsOf(card)[0]).toBe('The reason is required: nothing was saved.');
    expect(inputNamed(card, 'leadReason')!.value).toBe('  ');
    expect(buttonsOf(card)).toEqual(['Alert', 'Cancel']);
  });

  it('a group with no lead but a channel: posted there; with neither: nothing to send', () => {
    const channelOnly = alertLeadFormCard(worked, aGroup({ lead: null }), { language: 'fr' });
    expect(textsOf(channelOnly)[2]).toBe('Ce groupe n’a pas de responsable : l’alerte sera postée dans son canal.');
    expect(buttonsOf(channelOnly)).toEqual(['Alerter', 'Annuler']);
    const nobody = alertLeadFormCard(worked, groups[2], { language: 'fr' });
    expect(textsOf(nobody)[2]).toBe('Ce groupe n’a ni responsable ni canal : personne ne recevrait l’alerte. Escaladez plutôt le ticket.');
    expect(inputNamed(nobody, 'leadReason')).toBeUndefined();
    expect(buttonsOf(nobody)).toEqual(['Annuler']);
  });
});
