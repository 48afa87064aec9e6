import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { CAPABILITIES } from '../../src/domain/capabilities.js';
import { decide } from '../../src/domain/decide.js';
import { newSla } from '../../src/domain/sla.js';
import type { DomainError, Result } from '../../src/domain/result.js';
import { errorCard, errorText } from '../../src/views/error.view.js';
import { GROUP_N1, NOW, aTicketIn, actors, commands } from '../support/ticket-mother.js';

function errorOf(result: Result<unknown>): DomainError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('a domain error reads as the sentence that says what was refused', () => {
  it('a forbidden ticket action names the action, from the capability decide puts in the details', () => {
    const error = errorOf(decide(aTicketIn('new'), commands.take(), actors.ownRequester, NOW));
    expect(error.code).toBe('TICKET.FORBIDDEN');
    expect(errorText('fr', error)).toBe('Vous n’avez pas le droit de prendre ce ticket en charge.');
    expect(errorText('en', error)).toBe('You are not allowed to take this ticket.');
  });

  it('a requester-only action says who may do it', () => {
    const error = errorOf(decide(aTicketIn('solved'), commands.approve(), actors.admin, NOW));
    expect(error.code).toBe('TICKET.FORBIDDEN');
    expect(errorText('fr', error)).toBe('Seul le demandeur peut approuver la solution de ce ticket.');
  });

  it('opening a ticket for someone else, as a requester, says only staff may', () => {
    const error = errorOf(decide(null, commands.create({ requester: { id: 'someone-else', name: 'X' } }), actors.ownRequester, NOW));
    expect(error.code).toBe('TICKET.FORBIDDEN');
    expect(errorText('fr', error)).toBe(
      'Seuls les techniciens, les responsables et les administrateurs peuvent ouvrir un ticket pour quelqu’un d’autre.',
    );
  });

  it('a lead refused a helpdesk-wide action is not told "…on this ticket"', () => {
    const error: DomainError = { code: 'HELPDESK.FORBIDDEN', message: '', details: { capability: 'helpdesk.listFailures' } };
    expect(errorText('fr', error)).toBe('Seuls les responsables et les administrateurs voient les notifications en échec.');
    expect(errorText('en', error)).toBe('Only leads and admins see failed notifications.');
    const link: DomainError = { code: 'HELPDESK.FORBIDDEN', message: '', details: { capability: 'helpdesk.linkChannel' } };
    expect(errorText('fr', link)).toBe('Seuls le responsable du groupe et les administrateurs peuvent lier un canal à ce groupe.');
    expect(errorText('fr', { code: 'HELPDESK.FORBIDDEN', message: '' })).toBe('Vous n’avez pas le droit de faire cela.');
  });

  it('an assign with neither technician nor group says exactly that, not "text required"', () => {
    const error = errorOf(decide(aTicketIn('new'), commands.assign(null, null), actors.admin, NOW));
    expect(error.code).toBe('TICKET.VALIDATION');
    expect(errorText('fr', error)).toBe(
      'Choisissez un technicien ou un groupe : un ticket ne peut pas être assigné à personne. Rien n’a été enregistré.',
    );
    expect(errorText('en', error)).toBe('Pick a technician or a group: a ticket cannot be assigned to nobody. Nothing was saved.');
  });

  it('a validation error names the field, and its limit when it is too long', () => {
    const blank = errorOf(decide(aTicketIn('assigned'), commands.addFollowup('   '), actors.admin, NOW));
    expect(errorText('fr', blank)).toBe('Le suivi est obligatoire : rien n’a été enregistré.');
    const long = errorOf(decide(aTicketIn('assigned'), commands.addFollowup('f'.repeat(10_001)), actors.admin, NOW));
    expect(errorText('fr', long)).toBe('Le suivi fait au plus 10000 caractères : rien n’a été enregistré.');
    expect(errorText('en', long)).toBe('The followup is at most 10000 characters long: nothing was saved.');
    const reason = errorOf(decide(aTicketIn('solved'), commands.refuse(' '), actors.ownRequester, NOW));
    expect(errorText('en', reason)).toBe('The reason is required: nothing was saved.');
    const title = errorOf(decide(null, commands.create({ title: 't'.repeat(256) }), actors.ownRequester, NOW));
    expect(errorText('fr', title)).toBe('Le titre fait au plus 255 caractères : rien n’a été enregistré.');
  });

  it('the new-ticket fields with a sentence of their own: the type, and a category the use case does not know', () => {
    const category: DomainError = { code: 'TICKET.VALIDATION', message: 'unknown category', details: { field: 'category' } };
    expect(errorText('fr', category)).toBe('Cette catégorie n’existe pas : choisissez-en une dans la liste. Rien n’a été enregistré.');
    expect(errorText('en', category)).toBe('This category does not exist: pick one from the list. Nothing was saved.');
    const type: DomainError = { code: 'TICKET.VALIDATION', message: '', details: { field: 'type' } };
    expect(errorText('fr', type)).toBe('Choisissez le type, Incident ou Demande : rien n’a été enregistré.');
    expect(errorText('en', type)).toBe('Pick the type, Incident or Request: nothing was saved.');
  });

  it('an impossible transition says the status the ticket is in', () => {
    const error = errorOf(decide(aTicketIn('closed'), commands.take(), actors.admin, NOW));
    expect(error.code).toBe('TICKET.INVALID_TRANSITION');
    expect(errorText('fr', error)).toBe('Cette action n’est pas possible : le ticket est « Clos ».');
  });

  it('errorCard shows the same sentence under the error title', () => {
    const error: DomainError = { code: 'HELPDESK.UNKNOWN_GROUP', message: '', details: { group: 'nope' } };
    const text = JSON.stringify(errorCard('fr', error));
    expect(text).toContain('"text":"Oups"');
    expect(text).toContain('"text":"Le groupe « nope » n’existe pas."');
  });
});

describe('refusals of the resolution loop read as what the user tried', () => {
  const late = new Date('2025-05-01T00:00:00.000Z');

  it.each([
    [
      'a rating out of 1..5',
      () => decide(aTicketIn('closed'), commands.rate(7), actors.ownRequester, NOW),
      'TICKET.VALIDATION',
      'Choisissez une note de 1 à 5 : rien n’a été enregistré.',
      'Pick a rating from 1 to 5: nothing was saved.',
    ],
    [
      'a survey comment too long',
      () => decide(aTicketIn('closed'), commands.rate(3, 'c'.repeat(2_001)), actors.ownRequester, NOW),
      'TICKET.VALIDATION',
      'Le commentaire fait au plus 2000 caractères : rien n’a été enregistré.',
      'The comment is at most 2000 characters long: nothing was saved.',
    ],
    [
      'a rating after the survey',
      () => decide(aTicketIn('closed'), commands.rate(3), actors.ownRequester, late),
      'TICKET.SURVEY_CLOSED',
      'Le délai pour répondre sur ce ticket clos est dépassé : rien n’a été enregistré.',
      'The time to answer on this closed ticket is over: nothing was saved.',
    ],
    [
      'a reopening by the requester after the survey',
      () => decide(aTicketIn('closed'), commands.reopen(), actors.ownRequester, late),
      'TICKET.SURVEY_CLOSED',
      'Le délai pour répondre sur ce ticket clos est dépassé : rien n’a été enregistré.',
      'The time to answer on this closed ticket is over: nothing was saved.',
    ],
    [
      'a second rating',
      () => decide(aTicketIn('closed', { survey: { until: late, answer: { rating: 4, comment: null, at: NOW } } }), commands.rate(5), actors.ownRequester, NOW),
      'TICKET.ALREADY_RATED',
      'Vous avez déjà donné votre avis sur ce ticket : il ne peut être donné qu’une fois.',
      'You have already rated this ticket: it can only be rated once.',
    ],
    [
      'a reopening by a technician',
      () => decide(aTicketIn('closed'), commands.reopen(), actors.assigneeTechnician, NOW),
      'TICKET.FORBIDDEN',
      'Seuls le demandeur (pendant l’enquête de satisfaction), les responsables et les administrateurs peuvent rouvrir un ticket clos.',
      'Only the requester (during the satisfaction survey), leads and admins can reopen a closed ticket.',
    ],
    [
      'a rating by someone else',
      () => decide(aTicketIn('closed'), commands.rate(5), actors.lead, NOW),
      'TICKET.FORBIDDEN',
      'Seul le demandeur peut donner son avis sur ce ticket.',
      'Only the requester can rate this ticket.',
    ],
    [
      'a person trying the clock’s closing',
      () => decide(aTicketIn('solved'), commands.autoClose(), actors.admin, NOW),
      'TICKET.FORBIDDEN',
      'Seul Guichet clôt automatiquement un ticket resté sans réponse.',
      'Only Guichet closes unanswered tickets automatically.',
    ],
  ] as const)('%s', (_label, attempt, code, fr, en) => {
    const error = errorOf(attempt());
    expect(error.code).toBe(code);
    expect(errorText('fr', error)).toBe(fr);
    expect(errorText('en', error)).toBe(en);
  });

  it('the clock deciding too early (only ever logged) still reads as a sentence', () => {
    const error = errorOf(decide(aTicketIn('solved', { autoCloseAt: late }), commands.autoClose(), SYSTEM_ACTOR, NOW));
    expect(error.code).toBe('TICKET.NOT_DUE');
    expect(errorText('fr', error)).toBe('Ce ticket n’est pas encore à clore automatiquement.');
    expect(errorText('en', error)).toBe('This ticket is not due to close automatically yet.');
  });
});

describe('refusals of issue 10 read as what the user tried', () => {
  const soon = new Date(NOW.getTime() - 60_000);

  it.each([
    [
      'a requester editing the classification',
      () => decide(aTicketIn('assigned'), commands.edit(), actors.ownRequester, NOW),
      'TICKET.FORBIDDEN',
      'Seuls les techniciens du groupe du ticket, les responsables et les administrateurs peuvent modifier ce ticket.',
      'Only the technicians of the ticket’s group, leads and admins can edit this ticket.',
    ],
    [
      'a requester marking a task done',
      () => decide(aTicketIn('planned'), commands.editTask('task-1'), actors.ownRequester, NOW),
      'TICKET.FORBIDDEN',
      'Seuls les techniciens du groupe du ticket, les responsables et les administrateurs peuvent modifier les tâches de ce ticket.',
      'Only the technicians of the ticket’s group, leads and admins can edit the tasks of this ticket.',
    ],
    [
      'a person trying the clock’s escalation levels',
      () => decide(aTicketIn('new'), commands.alertLevel(), actors.admin, NOW),
      'TICKET.FORBIDDEN',
      'Seul Guichet signale les niveaux d’escalade atteints par un ticket.',
      'Only Guichet reports the escalation levels a ticket reaches.',
    ],
    [
      'an edit emptying the title',
      () => decide(aTicketIn('assigned'), commands.edit({ title: '   ' }), actors.admin, NOW),
      'TICKET.VALIDATION',
      'Le titre est obligatoire : rien n’a été enregistré.',
      'The title is required: nothing was saved.',
    ],
    [
      'an edit with an unknown type',
      () => decide(aTicketIn('assigned'), { ...commands.edit(), ticketType: 'problem' as never }, actors.admin, NOW),
      'TICKET.VALIDATION',
      'Choisissez le type, Incident ou Demande : rien n’a été enregistré.',
      'Pick the type, Incident or Request: nothing was saved.',
    ],
    [
      'a hold until a date already past',
      () => decide(aTicketIn('assigned'), { type: 'wait', reason: 'La pièce', followupId: 'f', until: soon }, actors.admin, NOW),
      'TICKET.VALIDATION',
      'La date de reprise doit être dans le futur : rien n’a été enregistré.',
      'The resume date must be in the future: nothing was saved.',
    ],
    [
      'a task that is no longer there',
      () => decide(aTicketIn('planned'), commands.editTask('task-404'), actors.admin, NOW),
      'TICKET.VALIDATION',
      'Cette tâche n’existe plus sur ce ticket : rien n’a été enregistré.',
      'This task is no longer on this ticket: nothing was saved.',
    ],
    [
      'a task status that is none',
      () => decide(aTicketIn('planned'), commands.editTask('task-1', { status: 'started' as never }), actors.admin, NOW),
      'TICKET.VALIDATION',
      'Choisissez l’état de la tâche : À faire, Fait ou Information. Rien n’a été enregistré.',
      'Pick the task status: To do, Done or Information. Nothing was saved.',
    ],
    [
      'a task duration that is not whole minutes',
      () => decide(aTicketIn('planned'), commands.editTask('task-1', { durationMinutes: 7.5 }), actors.admin, NOW),
      'TICKET.VALIDATION',
      'La durée est un nombre entier de minutes : rien n’a été enregistré.',
      'The duration is a whole number of minutes: nothing was saved.',
    ],
    [
      'an escalation without its summary',
      () => decide(aTicketIn('assigned'), commands.escalate({ summary: '  ' }), actors.admin, NOW),
      'TICKET.VALIDATION',
      'Le résumé de ce qui a déjà été tenté est obligatoire : rien n’a été enregistré.',
      'The summary of what was tried is required: nothing was saved.',
    ],
    [
      'an escalation to the group the ticket is in',
      () => decide(aTicketIn('assigned'), commands.escalate({ groupId: GROUP_N1 }), actors.admin, NOW),
      'TICKET.VALIDATION',
      'Le ticket est déjà dans ce groupe : rien n’a été enregistré.',
      'The ticket is already in that group: nothing was saved.',
    ],
    [
      'a lead alert without its reason',
      () => decide(aTicketIn('assigned'), commands.alertLead(' '), actors.admin, NOW),
      'TICKET.VALIDATION',
      'La raison est obligatoire : rien n’a été enregistré.',
      'The reason is required: nothing was saved.',
    ],
    [
      'the clock resuming a ticket before its date (only ever logged)',
      () => decide(aTicketIn('pending', { pendingUntil: new Date(NOW.getTime() + 3_600_000) }), { type: 'resume', followupId: 'f' }, SYSTEM_ACTOR, NOW),
      'TICKET.NOT_DUE',
      'La date de reprise de ce ticket n’est pas encore arrivée.',
      'This ticket’s resume date has not arrived yet.',
    ],
    [
      'the clock finding no new level (only ever logged)',
      () => decide(aTicketIn('assigned', { sla: newSla(2, NOW) }), commands.alertLevel(), SYSTEM_ACTOR, NOW),
      'TICKET.NOT_DUE',
      'Ce ticket n’a atteint aucun nouveau niveau d’escalade.',
      'This ticket reached no new escalation level.',
    ],
  ] as const)('%s', (_label, attempt, code, fr, en) => {
    const error = errorOf(attempt());
    expect(error.code).toBe(code);
    expect(errorText('fr', error)).toBe(fr);
    expect(errorText('en', error)).toBe(en);
  });

  it.each([
    ['queue.atRisk', 'La liste des tickets à risque ou en retard est réservée aux responsables et aux administrateurs.', 'The list of tickets at risk or late is for leads and admins.'],
    ['queue.global', 'La liste de tous les tickets ouverts est réservée aux responsables et aux administrateurs.', 'The list of every open ticket is for leads and admins.'],
  ] as const)('a list refused (%s) says who it is for', (capability, fr, en) => {
    const error: DomainError = { code: 'HELPDESK.FORBIDDEN', message: '', details: { capability } };
    expect(errorText('fr', error)).toBe(fr);
    expect(errorText('en', error)).toBe(en);
  });

  it('the escalation form’s own refusal of a missing target group reads as a sentence anywhere', () => {
    const error: DomainError = { code: 'TICKET.VALIDATION', message: '', details: { field: 'targetGroup' } };
    expect(errorText('fr', error)).toBe('Choisissez le groupe vers lequel escalader le ticket : rien n’a été enregistré.');
    expect(errorText('en', error)).toBe('Pick the group to escalate the ticket to: nothing was saved.');
  });

  it('every capability, the new ones included, has its own refusal in both languages', () => {
    for (const capability of Object.keys(CAPABILITIES)) {
      const error: DomainError = { code: 'TICKET.FORBIDDEN', message: '', details: { capability } };
      expect(errorText('fr', error), capability).not.toBe('Vous n’avez pas le droit de faire cela sur ce ticket.');
      expect(errorText('en', error), capability).not.toBe('You are not allowed to do that on this ticket.');
    }
  });
});
