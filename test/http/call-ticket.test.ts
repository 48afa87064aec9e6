import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestIssuer } from '../support/bot-auth.js';
import { CAMILLE, THEO, TINA, messageActivity, personalChat, type TestUser } from '../support/activities.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionData, buttonsOf, inputNamed, inputsOf, noticeOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { clickIn, invokeCard, postedSince, settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

/** The caller of the seed's worked call, as Microsoft Graph knows her; she never wrote to the bot. */
const JULIE: TestUser = { aadObjectId: 'd1ec7000-0000-4000-8000-000000000101', name: 'Julie Tremblay', locale: 'fr-FR' };
const GRAPH_JULIE = {
  id: JULIE.aadObjectId,
  displayName: 'Julie Tremblay',
  department: 'Administration',
  officeLocation: 'Bureau administratif',
  jobTitle: 'Agente administrative',
  mail: 'julie.tremblay@guichet.example',
  preferredLanguage: 'fr-CA',
};

/** the channel linked to the default group in test/fixtures/helpdesk.json */
const GROUP_CHANNEL = '19:support-n1@thread.tacv2';

const SUMMARY =
  'Appel de Julie Tremblay, service administratif, poste ADM-12 : accès refusé à HorairePro (« Accès refusé. Contactez l’administrateur. ») depuis ce matin, tout marchait lundi. Doit soumettre ses horaires avant mercredi 17h. Seule concernée. Déjà essayé : redémarrer le navigateur.';

/** Graph's answers for the tenant: a search finds Julie, her profile is hers, anyone else is unknown (404). */
let graphCalls: string[] = [];
beforeEach(() => {
  graphCalls = [];
  nock('https://graph.microsoft.com')
    .persist()
    .get(/^\/v1\.0\/users\?/)
    .reply(200, (uri: string) => {
      graphCalls.push(uri);
      const asked = decodeURIComponent(uri).toLowerCase();
      return { value: asked.includes('julie') || asked.includes('tremblay') ? [GRAPH_JULIE] : [] };
    })
    .get(/^\/v1\.0\/users\/[^/?]+\?/)
    .reply((uri: string) => {
      graphCalls.push(uri);
      return uri.startsWith(`/v1.0/users/${JULIE.aadObjectId}?`) ? [200, GRAPH_JULIE] : [404, { error: { code: 'Request_ResourceNotFound' } }];
    });
});

/** What the bot answered in the user's own chat to their message: the one card it posted there. */
async function answerTo(user: TestUser, text: string): Promise<Card> {
  const before = env.connector.sent.length;
  expect((await env.server.post(messageActivity(user, text), issuer.sign())).status).toBe(200);
  const posted = postedSince(env.connector, before);
  expect(posted.map((p) => p.chat)).toEqual([personalChat(user)]);
  const card = posted[0].card!;
  expect(problemsOf(card)).toEqual([]);
  return card;
}

/** « Créer le ticket » on the draft: its button's data with the inputs merged in, as Teams sends it. */
function createFromDraft(user: TestUser, draft: Card, changes: Record<string, unknown> = {}) {
  return clickIn(user, 'ticket.createFromCall', { ...actionData(draft, 'ticket.createFromCall'), ...inputsOf(draft), ...changes }, { chat: personalChat(user), cardId: 'draft-1' });
}

const errorsOf = (card: Card): string[] => textsOf(card).filter((text) => text.startsWith('• ')).map((text) => shown(text.slice(2)));

describe('a call summary becomes a ticket for the caller', () => {
  it('a technician pastes the summary: a draft for Julie from the directory; creating it opens her ticket, taken by him, and she is told in a chat opened by her Entra id', async () => {
    const draft = await answerTo(THEO, SUMMARY);
    expect(textsOf(draft)[0]).toBe('Ticket d’appel');
    expect(inputNamed(draft, 'requesterId')).toMatchObject({
      value: JULIE.aadObjectId,
      choices: [{ title: 'Julie Tremblay — Administration, Bureau administratif', value: JULIE.aadObjectId }],
      'choices.data': { type: 'Data.Query', dataset: 'guichet.people' },
    });
    expect(textsOf(draft).map(shown)).toContain('Julie Tremblay — Administration, Bureau administratif (correspondance sûre)');
    const inputs = inputsOf(draft);
    expect(inputs).toEqual({
      requesterId: JULIE.aadObjectId,
      // her department and office from the directory (the summary names no place)
      service: 'Administration',
      location: 'Bureau administratif',
      title: 'Accès refusé à HorairePro (« Accès refusé. Contactez l’administrateur. »)',
      description: [
        'Problème : accès refusé à HorairePro (« Accès refusé. Contactez l’administrateur. »)',
        'Contexte : tout marchait lundi. Doit soumettre ses horaires avant mercredi 17h',
        'Depuis quand : depuis ce matin',
        'Poste : ADM-12',
        'Autres personnes concernées : Seule concernée',
        'Actions déjà tentées : redémarrer le navigateur',
        '',
        'Notes de l’appel :',
        SUMMARY,
      ].join('\n'),
      type: 'incident',
      category: 'account.application',
      urgency: '4',
      impact: '2',
      assignToMe: 'true',
      solvedDuringCall: 'false',
      solution: '',
    });
    expect(textsOf(draft).map(shown)).toEqual(
      expect.arrayContaining([
        'Suggéré : 4 · Haute (dans l’heure) — échéance « Doit soumettre ses horaires avant mercredi 17h »',
        'Suggéré : 2 · Faible (moi seul) — une seule personne touchée (« Seule concernée »)',
      ]),
    );

    const before = env.connector.sent.length;
    const card = await invokeCard(env.server, issuer.sign(), createFromDraft(THEO, draft));
    expect(shown(noticeOf(card))).toBe('Ticket enregistré pour Julie Tremblay, qui en est prévenu dans sa conversation avec Guichet.');
    const [ticket] = await db().collection('tickets').find().toArray();
    expect(ticket).toMatchObject({
      number: 1,
      source: 'call',
      status: 'assigned',
      requester: { id: JULIE.aadObjectId, name: 'Julie Tremblay' },
      assignee: { id: THEO.aadObjectId, name: 'Théo Technicien' },
      title: inputs.title,
      description: `Appel reçu par Théo Technicien.\nService : Administration\n\n${inputs.description}`,
    });
    // the ticket says who recorded the call
    expect(ticket.history[0].actor).toEqual({ id: THEO.aadObjectId, name: 'Théo Technicien' });

    await settle(env.server.app);
    // who was told what: the group's channel and its other technician of a new ticket, and Julie,
    // in a chat opened for her by her Entra id, that it was opened for her after her call
    const told = postedSince(env.connector, before);
    const toOthers = told.filter((p) => p.chat !== createdChat(JULIE)).map(({ chat, said }) => ({ chat, said }));
    expect(toOthers.sort((a, b) => a.chat.localeCompare(b.chat))).toEqual([
      { chat: GROUP_CHANNEL, said: `Nouveau ticket #1 : ${inputs.title}` },
      { chat: createdChat(TINA), said: `Nouveau ticket #1 : ${inputs.title}` },
    ]);
    const toJulie = told.filter((p) => p.chat === createdChat(JULIE));
    expect(toJulie.map((p) => p.said).sort()).toEqual([
      `Suite à votre appel, Théo Technicien du support a ouvert pour vous le ticket #1 « ${inputs.title} ».`,
      `Théo Technicien a pris en charge votre ticket #1 « ${inputs.title} ».`,
    ]);
    expect([...new Set(env.connector.created)].sort()).toEqual([TINA.aadObjectId, JULIE.aadObjectId].sort());
    const notice = toJulie.find((p) => p.said.startsWith('Suite à votre appel'))!.card!;
    expect(problemsOf(notice)).toEqual([]);
    expect(textsOf(notice).map(shown)).toContain(`Suite à votre appel, Théo Technicien du support a ouvert pour vous le ticket #1 « ${inputs.title} ».`);
    // her card is the requester's: she may comment, not work the ticket
    expect(buttonsOf(notice)).toEqual(['Commenter…']);
    // nothing meant for the requester reaches the technician who recorded the call
    expect(told.map((p) => p.chat)).not.toContain(personalChat(THEO));
  });

  it('« Résolu pendant l’appel »: the ticket is created taken and solved, and Julie — not the technician — gets the solution to accept or refuse', async () => {
    const draft = await answerTo(THEO, SUMMARY);
    const before = env.connector.sent.length;
    const solution = 'Fermeture complète de HorairePro et nouvelle connexion : accès rétabli.';
    const card = await invokeCard(env.server, issuer.sign(), createFromDraft(THEO, draft, { solvedDuringCall: 'true', solution }));
    expect(shown(noticeOf(card))).toBe(
      'Ticket enregistré et résolu pour Julie Tremblay, qui reçoit la solution à accepter ou refuser dans sa conversation avec Guichet.',
    );
    const [ticket] = await db().collection('tickets').find().toArray();
    expect(ticket).toMatchObject({ status: 'solved', source: 'call', assignee: { id: THEO.aadObjectId } });
    expect(ticket.solutions).toMatchObject([{ text: solution, author: { id: THEO.aadObjectId }, outcome: { kind: 'proposed' } }]);

    await settle(env.server.app);
    const told = postedSince(env.connector, before);
    const toJulie = told.filter((p) => p.chat === createdChat(JULIE));
    expect(toJulie.map((p) => p.said).sort()).toEqual([
      `Suite à votre appel, Théo Technicien du support a ouvert pour vous le ticket #1 « ${ticket.title} ».`,
      `Théo Technicien a pris en charge votre ticket #1 « ${ticket.title} ».`,
      `Une solution est proposée pour votre ticket #1 « ${ticket.title} » : ${solution}`,
    ]);
    const withSolution = toJulie.find((p) => p.said.startsWith('Une solution'))!.card!;
    expect(problemsOf(withSolution)).toEqual([]);
    expect(buttonsOf(withSolution)).toEqual(['Accepter la solution', 'Refuser…']);
    expect(textsOf(withSolution).map(shown)).toContain(solution);
    // the solution to approve is the requester's alone, never the recorder's
    expect(told.map((p) => p.chat)).not.toContain(personalChat(THEO));
    expect(told.filter((p) => p.card && buttonsOf(p.card).includes('Accepter la solution')).map((p) => p.chat)).toEqual([createdChat(JULIE)]);
  });

  it('« appel » alone: an empty draft; the picker finds people as the technician types', async () => {
    const draft = await answerTo(THEO, 'appel');
    expect(textsOf(draft).slice(0, 2)).toEqual(['Ticket d’appel', 'Notez l’appel ici : le ticket est ouvert au nom de l’appelant, qui en est prévenu.']);
    expect(inputsOf(draft)).toMatchObject({ requesterId: '', title: '', assignToMe: 'true' });
    expect(inputsOf(draft).description).toContain('Problème : (non renseigné)');

    const search = await env.server.post(
      { ...messageActivity(THEO, ''), type: 'invoke', name: 'application/search', value: { queryText: 'julie', dataset: 'guichet.people', queryOptions: { top: 10 } } },
      issuer.sign(),
    );
    expect(search.body).toEqual({
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: [{ title: 'Julie Tremblay — Administration, Bureau administratif', value: JULIE.aadObjectId }] },
    });
  });

  it('bad input keeps the draft with the refusals and what was typed; a caller who is not in the directory is refused', async () => {
    const draft = await answerTo(THEO, SUMMARY);
    const typed = { title: '   ', description: 'Ce que Théo a ajouté', urgency: '5', solvedDuringCall: 'true', solution: 'Redémarrage' };
    const again = await invokeCard(env.server, issuer.sign(), createFromDraft(THEO, draft, typed));
    expect(errorsOf(again)).toEqual(['Le titre est obligatoire : rien n’a été enregistré.']);
    expect(inputsOf(again)).toMatchObject({ ...typed, requesterId: JULIE.aadObjectId });
    expect(textsOf(again).map(shown)).toContain('Julie Tremblay — Administration, Bureau administratif');

    const stranger = await invokeCard(env.server, issuer.sign(), createFromDraft(THEO, draft, { requesterId: 'c0ffee00-0000-4000-8000-0000000000ff' }));
    expect(errorsOf(stranger)).toEqual([
      'Cet appelant n’est pas dans l’annuaire (ou l’annuaire ne répond pas) : choisissez-le dans la liste. Rien n’a été enregistré.',
    ]);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('the same draft clicked twice at once opens one ticket, taken and solved once, and both answers show it', async () => {
    const draft = await answerTo(THEO, SUMMARY);
    const click = () => invokeCard(env.server, issuer.sign(), createFromDraft(THEO, draft, { solvedDuringCall: 'true', solution: 'Accès rétabli.' }));
    const [first, second] = await Promise.all([click(), click()]);
    for (const card of [first, second]) {
      expect(shown(noticeOf(card))).toBe('Ticket enregistré et résolu pour Julie Tremblay, qui reçoit la solution à accepter ou refuser dans sa conversation avec Guichet.');
    }
    const tickets = await db().collection('tickets').find().toArray();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ status: 'solved', assignee: { id: THEO.aadObjectId } });
    expect(tickets[0].solutions).toHaveLength(1);
    expect(tickets[0].followups.filter((f: { kind: string }) => f.kind === 'takenInCharge')).toHaveLength(1);
  });
});

describe('a requester cannot open a ticket for someone else through the call path', () => {
  it('their call-shaped message gets their own form; forged draft data is refused with the sentence; the directory search answers them nothing', async () => {
    const form = await answerTo(CAMILLE, SUMMARY);
    expect(textsOf(form)[0]).not.toBe('Ticket d’appel');
    expect(inputNamed(form, 'requesterId')).toBeUndefined();

    const forged = {
      draftId: 'd0d0d0d0-0000-4000-8000-000000000000',
      requesterId: JULIE.aadObjectId,
      title: 'Accès refusé',
      description: 'Forgé',
      type: 'incident',
      urgency: '5',
      impact: '5',
      assignToMe: 'false',
      solvedDuringCall: 'false',
    };
    for (const requesterId of [JULIE.aadObjectId, CAMILLE.aadObjectId]) {
      const refused = await invokeCard(env.server, issuer.sign(), clickIn(CAMILLE, 'ticket.createFromCall', { ...forged, requesterId }, { chat: personalChat(CAMILLE) }));
      expect(textsOf(refused).map(shown)).toEqual([
        'Oups',
        'Seuls les techniciens, les responsables et les administrateurs peuvent ouvrir un ticket pour quelqu’un d’autre.',
      ]);
    }
    expect(await db().collection('tickets').countDocuments()).toBe(0);

    const search = await env.server.post(
      { ...messageActivity(CAMILLE, ''), type: 'invoke', name: 'application/search', value: { queryText: 'julie', dataset: 'guichet.people' } },
      issuer.sign(),
    );
    expect(search.body).toEqual({ type: 'application/vnd.microsoft.search.searchResponse', value: { results: [] } });
    // nothing of Camille's reached the directory
    expect(graphCalls).toEqual([]);
  });

  it('« appel » from a requester is no command of theirs', async () => {
    const card = await answerTo(CAMILLE, 'appel');
    expect(textsOf(card)[0]).not.toBe('Ticket d’appel');
  });
});
