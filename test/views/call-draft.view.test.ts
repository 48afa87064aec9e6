import * as ACData from 'adaptivecards-templating';
import { describe, expect, it } from 'vitest';
import type { CallSummaryReading } from '../../src/domain/call-summary.js';
import type { Category } from '../../src/domain/category.js';
import type { DirectoryPerson } from '../../src/domain/ports/directory.js';
import { callDraftCard, callDraftFromReading, EMPTY_CALL_DRAFT, type CallDraftCard } from '../../src/views/call-draft.view.js';
import callTemplate from '../../cards/call-draft.card.json' with { type: 'json' };
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionsOf, buttonsOf, inputNamed, inputsOf, shown, textsOf, type Card } from '../support/card-reading.js';

const tree = categories as Category[];
const DRAFT_ID = 'd0d0d0d0-0000-4000-8000-000000000000';

const person = (id: string, name: string, department: string | null, officeLocation: string | null): DirectoryPerson => ({
  id,
  name,
  department,
  officeLocation,
  jobTitle: null,
  mail: null,
  preferredLanguage: 'fr-CA',
});
const JULIE = person('d1ec7000-0000-4000-8000-000000000101', 'Julie Tremblay', 'Administration', 'Bureau administratif');
const JULIEN = person('d1ec7000-0000-4000-8000-000000000901', 'Julien Tremblay', 'Logistique', null);

const SUMMARY =
  'Appel de Julie Tremblay, service administratif, poste ADM-12 : accès refusé à HorairePro (« Accès refusé. Contactez l’administrateur. ») depuis ce matin, tout marchait lundi. Doit soumettre ses horaires avant mercredi 17h. Seule concernée. Déjà essayé : redémarrer le navigateur.';

/** What the reader gives for the example (the reader is tested on its own; this is the view's input). */
const JULIE_READING: CallSummaryReading = {
  callerName: 'Julie Tremblay',
  service: 'administratif',
  location: null,
  title: 'Accès refusé à HorairePro',
  checklist: {
    problem: 'accès refusé à HorairePro (« Accès refusé. Contactez l’administrateur. »)',
    context: null,
    since: 'depuis ce matin, tout marchait lundi',
    workstation: 'ADM-12',
    othersAffected: 'Seule concernée',
    tried: 'redémarrer le navigateur',
  },
  type: 'incident',
  categoryId: null,
  urgency: { level: 4, reason: { kind: 'deadline', quote: 'avant mercredi 17h' } },
  impact: { level: 2, reason: { kind: 'aloneAffected', quote: 'Seule concernée' } },
};

const julieDraft = (language: 'fr' | 'en'): CallDraftCard =>
  callDraftFromReading(
    language,
    { draftId: DRAFT_ID, reading: JULIE_READING, requester: JULIE, confidence: 'sure', candidates: [JULIE], service: 'Administration', location: 'Bureau administratif' },
    SUMMARY,
  );

const EMPTY_READING: CallSummaryReading = {
  ...JULIE_READING,
  callerName: null,
  service: null,
  title: '',
  checklist: { problem: null, context: null, since: null, workstation: null, othersAffected: null, tried: null },
  urgency: { level: 3, reason: { kind: 'default' } },
  impact: { level: 3, reason: { kind: 'default' } },
};
const emptyDraft = (language: 'fr' | 'en'): CallDraftCard =>
  callDraftFromReading(language, { draftId: DRAFT_ID, reading: EMPTY_READING, requester: null, confidence: null, candidates: [], service: '', location: '' }, '');

const states = (language: 'fr' | 'en'): [string, CallDraftCard][] => [
  ['Julie, sure match', julieDraft(language)],
  ['« appel » alone', emptyDraft(language)],
  ['two namesakes', callDraftFromReading(language, { draftId: DRAFT_ID, reading: { ...JULIE_READING, callerName: 'Tremblay' }, requester: JULIE, confidence: 'unsure', candidates: [JULIE, JULIEN], service: 'Administration', location: '' }, 'Appel de Tremblay : écran noir')],
  ['nobody by that name', callDraftFromReading(language, { draftId: DRAFT_ID, reading: { ...JULIE_READING, callerName: 'Zoé Inconnue' }, requester: null, confidence: null, candidates: [], service: '', location: '' }, 'Appel de Zoé Inconnue')],
  ['refused, with what was typed', { ...julieDraft(language), values: { ...julieDraft(language).values, title: '  ', solvedDuringCall: 'true', solution: 'Redémarrage de HorairePro' }, errors: ['Le titre est obligatoire : rien n’a été enregistré.'] }],
];

const fr = Object.fromEntries(states('fr').map(([name, draft]) => [name, callDraftCard('fr', tree, draft)])) as Record<string, Card>;
const en = Object.fromEntries(states('en').map(([name, draft]) => [name, callDraftCard('en', tree, draft)])) as Record<string, Card>;

describe('the call-ticket draft card', () => {
  it.each([...Object.entries(fr), ...Object.entries(en)])('%s is a valid Adaptive Card 1.5 with nothing left unbound', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(problemsOf(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('the caller is preselected in a directory picker, with who they are and how sure the match is', () => {
    const card = fr['Julie, sure match'];
    expect(inputNamed(card, 'requesterId')).toMatchObject({
      type: 'Input.ChoiceSet',
      label: 'Demandeur (l’appelant)',
      style: 'filtered',
      value: JULIE.id,
      isRequired: true,
      choices: [{ title: 'Julie Tremblay — Administration, Bureau administratif', value: JULIE.id }],
      'choices.data': { type: 'Data.Query', dataset: 'guichet.people' },
    });
    expect(textsOf(card).map(shown)).toContain('Julie Tremblay — Administration, Bureau administratif (correspondance sûre)');
    expect(textsOf(en['Julie, sure match']).map(shown)).toContain('Julie Tremblay — Administration, Bureau administratif (sure match)');
    expect(textsOf(fr['two namesakes']).map(shown)).toContain('Julie Tremblay — Administration, Bureau administratif (à vérifier : 2 personnes possibles)');
    expect(inputNamed(fr['two namesakes'], 'requesterId')!.choices).toEqual([
      { title: 'Julie Tremblay — Administration, Bureau administratif', value: JULIE.id },
      { title: 'Julien Tremblay — Logistique', value: JULIEN.id },
    ]);
    expect(textsOf(fr['nobody by that name']).map(shown)).toContain('Personne dans l’annuaire ne s’appelle « Zoé Inconnue » : cherchez l’appelant par son nom.');
    expect(inputsOf(fr['nobody by that name']).requesterId).toBe('');
    expect(inputNamed(fr['nobody by that name'], 'requesterId')!.choices).toEqual([{ title: 'Tapez son nom…', value: 'nobody' }]);
  });

  it('the description follows the seed-000 checklist, each point filled or visibly « (non renseigné) », then the summary as typed', () => {
    const inputs = inputsOf(fr['Julie, sure match']);
    expect(inputs.description).toBe(
      [
        'Problème : accès refusé à HorairePro (« Accès refusé. Contactez l’administrateur. »)',
        'Contexte : (non renseigné)',
        'Depuis quand : depuis ce matin, tout marchait lundi',
        'Poste : ADM-12',
        'Autres personnes concernées : Seule concernée',
        'Actions déjà tentées : redémarrer le navigateur',
        '',
        'Notes de l’appel :',
        SUMMARY,
      ].join('\n'),
    );
    expect(inputsOf(en['« appel » alone']).description).toBe(
      ['Problem: (not given)', 'Context: (not given)', 'Since when: (not given)', 'Workstation: (not given)', 'Others affected: (not given)', 'Already tried: (not given)'].join('\n'),
    );
  });

  it('prefills service, location, title, type, levels; assigns to me by default; not solved until said so', () => {
    expect(inputsOf(fr['Julie, sure match'])).toMatchObject({
      service: 'Administration',
      location: 'Bureau administratif',
      title: 'Accès refusé à HorairePro',
      type: 'incident',
      category: '',
      urgency: '4',
      impact: '2',
      assignToMe: 'true',
      solvedDuringCall: 'false',
      solution: '',
    });
    expect(inputNamed(fr['Julie, sure match'], 'assignToMe')).toMatchObject({ type: 'Input.Toggle', title: 'M’assigner', valueOn: 'true', valueOff: 'false' });
    expect(inputNamed(fr['Julie, sure match'], 'solvedDuringCall')).toMatchObject({ type: 'Input.Toggle', title: 'Résolu pendant l’appel' });
    expect(inputNamed(en['Julie, sure match'], 'assignToMe')!.title).toBe('Assign to me');
    expect(inputNamed(en['Julie, sure match'], 'solvedDuringCall')!.title).toBe('Solved during the call');
  });

  it('urgency and impact each say in one line why they were suggested', () => {
    const lines = textsOf(fr['Julie, sure match']).map(shown);
    expect(lines).toContain('Suggéré : 4 · Haute (dans l’heure) — échéance « avant mercredi 17h »');
    expect(lines).toContain('Suggéré : 2 · Faible (moi seul) — une seule personne touchée (« Seule concernée »)');
    expect(textsOf(en['Julie, sure match']).map(shown)).toContain('Suggested: 4 · High (within the hour) — deadline "avant mercredi 17h"');
    // « appel » alone suggests nothing: no reason to show, no match to announce
    expect(textsOf(fr['« appel » alone']).map(shown)).toEqual([
      'Ticket d’appel',
      'Notez l’appel ici : le ticket est ouvert au nom de l’appelant, qui en est prévenu.',
    ]);
  });

  it('« Créer le ticket » sends the draft id and the reasons (to draw them again with a refusal); « Annuler » nothing typed', () => {
    const card = fr['Julie, sure match'];
    expect(buttonsOf(card)).toEqual(['Créer le ticket', 'Annuler']);
    expect(actionsOf(card, 'ticket.createFromCall')).toEqual([
      { draftId: DRAFT_ID, urgencyReason: 'Suggéré : 4 · Haute (dans l’heure) — échéance « avant mercredi 17h »', impactReason: 'Suggéré : 2 · Faible (moi seul) — une seule personne touchée (« Seule concernée »)' },
    ]);
    expect(actionsOf(card, 'ticket.cancelDraft')).toEqual([{ draftId: DRAFT_ID }]);
    expect(buttonsOf(en['Julie, sure match'])).toEqual(['Create ticket', 'Cancel']);
  });

  it('a refused draft shows the refusal above what was typed', () => {
    const card = fr['refused, with what was typed'];
    expect(textsOf(card).map(shown).slice(2, 4)).toEqual([
      'Le ticket n’a pas été créé : corrigez les points signalés, votre saisie est conservée.',
      '• Le titre est obligatoire : rien n’a été enregistré.',
    ]);
    expect(inputsOf(card)).toMatchObject({ title: '  ', solvedDuringCall: 'true', solution: 'Redémarrage de HorairePro', requesterId: JULIE.id });
  });

  it('a name that looks like markdown is shown as typed', () => {
    const draft = callDraftFromReading('fr', { draftId: DRAFT_ID, reading: { ...JULIE_READING, callerName: '**[Zoé](https://x.example)**' }, requester: null, confidence: null, candidates: [], service: '', location: '' }, 'Appel de **[Zoé](https://x.example)**');
    const line = textsOf(callDraftCard('fr', tree, draft)).find((text) => text.startsWith('Personne'))!;
    expect(line).not.toContain('[Zoé](');
    expect(shown(line)).toBe('Personne dans l’annuaire ne s’appelle « **[Zoé](https://x.example)** » : cherchez l’appelant par son nom.');
  });

  it('where the client has no typeahead (the Agents Playground), the picker lists the people found, one picker only', () => {
    const [, draft] = states('fr').find(([name]) => name === 'two namesakes')!;
    const card = callDraftCard('fr', tree, { ...draft, typeahead: false });
    const pickers: Record<string, unknown>[] = [];
    JSON.stringify(card, (_key, value) => {
      if (value && typeof value === 'object' && (value as { id?: unknown }).id === 'requesterId') pickers.push(value as Record<string, unknown>);
      return value;
    });
    expect(pickers).toHaveLength(1);
    expect(pickers[0]!['choices.data']).toBeUndefined();
    expect(pickers[0]!.choices).toEqual([
      { title: 'Julie Tremblay — Administration, Bureau administratif', value: JULIE.id },
      { title: 'Julien Tremblay — Logistique', value: JULIEN.id },
    ]);
    expect(problemsOf(card)).toEqual([]);
  });

  it('every $when of the template is true in some state and false in another', () => {
    const expressions: string[] = [];
    JSON.stringify(callTemplate, (key, value) => {
      if (key === '$when') expressions.push(value as string);
      return value;
    });
    expect(expressions.length).toBeGreaterThanOrEqual(4);
    const data = states('fr').map(([, draft], i) => ({
      typeahead: i % 2 === 0,
      errors: draft.errors ?? [],
      match: draft.match,
      urgencyReason: draft.urgencyReason,
      impactReason: draft.impactReason,
    }));
    for (const expression of expressions) {
      const seen = new Set(data.map((root) => (new ACData.Template({ value: expression }).expand({ $root: root }) as { value: unknown }).value));
      expect([...seen].sort(), expression).toEqual([false, true]);
    }
  });

  it('defaults: an empty draft is an incident of urgency and impact 3, assigned to the one who takes the call', () => {
    expect(EMPTY_CALL_DRAFT).toMatchObject({ type: 'incident', urgency: '3', impact: '3', assignToMe: 'true', solvedDuringCall: 'false' });
  });
});
