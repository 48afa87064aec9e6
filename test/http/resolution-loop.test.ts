import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/views/format.js';
import { CAMILLE, JORDAN, LEA, messageActivity, personalChat, THEO, TINA, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, actionsOf, buttonsOf, inputsOf, noticeOf, textsOf, type Card } from '../support/card-reading.js';
import { chatOf, clickIn as click, invokeCard, postedSince, settle as settleOutbox, told } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useFreshAppPerTest } from '../support/test-app.js';

/**
 * The end of a ticket's life through the real server (signed requests in, Bot Connector
 * nocked, the real dispatcher): the requester accepts or refuses the solution on her card,
 * staff close and reopen, the requester rates the help once.
 */

const CHANNEL = '19:support-n1@thread.tacv2';

const STALE = 'Le ticket a changé entre-temps ; voici sa version à jour.';
const NO_REASON = 'La raison est obligatoire : rien n’a été enregistré.';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });

// ---- what goes in --------------------------------------------------------------------------

const invoke = (activity: object) => invokeCard(env.server, issuer.sign(), activity);

/** waits until the outbox is empty: everything queued so far was delivered */
const settle = () => settleOutbox(env.server.app);

// ---- what goes out -------------------------------------------------------------------------

const mark = () => ({ sent: env.connector.sent.length, updated: env.connector.updated.length });
const sentSince = (m: { sent: number }) => postedSince(env.connector, m.sent);
const updatedSince = (m: { updated: number }) => env.connector.updated.slice(m.updated).map((u) => ({ chat: chatOf(u.path), text: JSON.stringify(u.body) }));

// ---- reading cards -------------------------------------------------------------------------

/** the status, first of the line under the number and the title */
function statusOf(card: Card): string {
  const [, statusLine] = (card.body as Card[]).filter((element) => element.type === 'ColumnSet');
  return textsOf(statusLine)[0];
}

const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;

// ---- the scenario's steps ------------------------------------------------------------------

interface Opened {
  readonly number: number;
  readonly title: string;
  /** the card Théo got in his 1:1 when the ticket was created */
  readonly theoCardId: string;
}

async function openTicket(requester: TestUser, text: string): Promise<Opened> {
  const before = mark();
  expect((await env.server.post(messageActivity(requester, text), issuer.sign())).status).toBe(200);
  const [form] = sentSince(before);
  const data = { ...actionData(form.card, 'ticket.create'), ...inputsOf(form.card) };
  const created = await invoke(click(requester, 'ticket.create', data, { chat: personalChat(requester), cardId: form.id }));
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle();
  const theoCard = sentSince(before).find((s) => s.chat === createdChat(THEO))!;
  return { number, title: (await ticketDoc(number)).title, theoCardId: theoCard.id };
}

/** Théo acts from the card in his 1:1 */
const asTheo = (opened: Opened, verb: string, data: Record<string, unknown>) =>
  click(THEO, verb, data, { chat: createdChat(THEO), cardId: opened.theoCardId });

/** Théo takes the ticket and proposes `solution`; returns the solution card the requester received */
async function takeAndSolve(opened: Opened, requester: TestUser, solution: string): Promise<{ id: string; card: Card }> {
  const taken = await invoke(asTheo(opened, 'ticket.take', { number: opened.number, version: 1 }));
  // « taken in charge » reaches the requester first: delivered before the solution is looked for
  await settle();
  return solve(opened, requester, taken, solution);
}

async function solve(opened: Opened, requester: TestUser, theoCard: Card, solution: string): Promise<{ id: string; card: Card }> {
  const before = mark();
  await invoke(asTheo(opened, 'ticket.solve', { ...actionData(theoCard, 'ticket.solve'), solution }));
  await settle();
  const [message] = sentSince(before);
  expect(message.chat).toBe(personalChat(requester));
  return { id: message.id, card: message.card! };
}

/** the requester clicks a button on a card in her own chat */
const asRequester = (requester: TestUser, on: { id: string }, verb: string, data: Record<string, unknown>) =>
  click(requester, verb, data, { chat: personalChat(requester), cardId: on.id });

describe('the resolution loop: solved → refused with a reason → solved again → accepted → rated, through /api/messages', () => {
  it('the requester answers on her card; whoever works the ticket hears a refusal; a low rating reaches the group; the survey takes one answer', async () => {
    const opened = await openTicket(CAMILLE, "L'imprimante du 2e étage affiche « Erreur 79 » depuis ce matin.");
    const { number, title } = opened;

    // ---- Théo takes and solves: Camille receives the solution card in her chat
    const firstSolution = 'Fusible remplacé, l’imprimante imprime à nouveau.';
    const taken = await invoke(asTheo(opened, 'ticket.take', { number, version: 1 }));
    await settle();
    let before = mark();
    const solveClick = await invoke(asTheo(opened, 'ticket.solve', { ...actionData(taken, 'ticket.solve'), solution: firstSolution }));
    expect(statusOf(solveClick)).toBe('Résolu — en attente de la réponse du demandeur');
    expect(buttonsOf(solveClick)).toEqual(['Suivi…', 'Clore']);
    await settle();
    const solvedDoc = await ticketDoc(number);
    const closesAt = formatDateTime(solvedDoc.autoCloseAt, 'fr', 'Europe/Paris');
    expect(solvedDoc.autoCloseAt.getTime() - solvedDoc.solvedAt.getTime()).toBe(24 * 3600_000);
    const toCamille = sentSince(before);
    expect(told(toCamille)).toEqual([{ chat: personalChat(CAMILLE), said: `Une solution est proposée pour votre ticket #1 « ${title} » : ${firstSolution}` }]);
    const solutionMessage = toCamille[0];
    const solutionCard = solutionMessage.card!;
    expect(noticeOf(solutionCard)).toBe('Théo Technicien propose une solution pour votre ticket : acceptez-la ou refusez-la ci-dessous.');
    expect(textsOf(solutionCard)).toEqual(
      expect.arrayContaining([
        '#1',
        title,
        'Résolu',
        firstSolution,
        'Cette solution règle-t-elle votre problème ?',
        `Sans réponse de votre part, le ticket sera clos automatiquement le ${closesAt}.`,
      ]),
    );
    expect(textsOf(solutionCard).some((text) => text.startsWith('Solution proposée par Théo Technicien · '))).toBe(true);
    expect(buttonsOf(solutionCard)).toEqual(['Accepter la solution', 'Refuser…']);
    // every staff copy (the channel's, each technician's 1:1) says who the ticket waits for
    const staffCopies = updatedSince(before).filter((u) => u.chat !== personalChat(CAMILLE));
    expect(staffCopies.map((u) => u.chat).sort()).toEqual([CHANNEL, createdChat(THEO), createdChat(TINA)].sort());
    for (const copy of staffCopies) expect(copy.text).toContain('Résolu — en attente de la réponse du demandeur');

    // ---- she refuses without a reason: a clear error, her text kept, nothing changed
    const unchanged = await ticketDoc(number);
    before = mark();
    const noReason = await invoke(asRequester(CAMILLE, solutionMessage, 'ticket.refuse', { ...actionData(solutionCard, 'ticket.refuse'), refuseReason: '   ' }));
    expect(noticeOf(noReason)).toBe(NO_REASON);
    expect(inputsOf(noReason).refuseReason).toBe('   ');
    expect(buttonsOf(noReason)).toEqual(['Accepter la solution', 'Refuser…']);
    await settle();
    const afterNoReason = await ticketDoc(number);
    expect(afterNoReason).toMatchObject({ version: unchanged.version, status: 'solved', followups: unchanged.followups, solutions: unchanged.solutions });
    expect(afterNoReason.outbox).toHaveLength(unchanged.outbox.length);
    expect(sentSince(before)).toEqual([]);
    expect(updatedSince(before)).toEqual([]);

    // ---- she refuses with a reason: back to « En cours (attribué) », Théo is pinged with it, and only him
    const reason = 'Toujours « Erreur 79 » après le redémarrage.';
    before = mark();
    const refused = await invoke(asRequester(CAMILLE, solutionMessage, 'ticket.refuse', { ...actionData(solutionCard, 'ticket.refuse'), refuseReason: reason }));
    expect(noticeOf(refused)).toBe('C’est noté : le support est prévenu et reprend votre ticket.');
    expect(statusOf(refused)).toBe('En cours (attribué)');
    expect(buttonsOf(refused)).toEqual(['Commenter…']);
    await settle();
    const pinged = sentSince(before);
    expect(told(pinged)).toEqual([{ chat: createdChat(THEO), said: `Le demandeur a refusé la solution du ticket #1 : ${reason}` }]);
    const theoRefusalCard = pinged[0].card!;
    expect(noticeOf(theoRefusalCard)).toBe(`Le demandeur a refusé la solution du ticket #1 : ${reason}`);
    expect(textsOf(theoRefusalCard)).toContain(reason);
    expect(buttonsOf(theoRefusalCard)).toContain('Résoudre…');
    for (const copy of updatedSince(before)) expect(copy.text).toContain('En cours (attribué)');
    const refusedDoc = await ticketDoc(number);
    expect(refusedDoc).toMatchObject({ status: 'assigned', autoCloseAt: null });
    expect(refusedDoc.solutions).toMatchObject([{ text: firstSolution, outcome: { kind: 'refused', reason, by: { id: CAMILLE.aadObjectId } } }]);
    expect(refusedDoc.followups.at(-1)).toMatchObject({ kind: 'refusal', text: reason, visibility: 'public', author: { id: CAMILLE.aadObjectId } });

    // ---- Théo solves again, from the card that told him; Camille accepts on the new solution card
    const secondSolution = 'Carte mère de l’imprimante remplacée.';
    const second = await solve(opened, CAMILLE, theoRefusalCard, secondSolution);
    expect(textsOf(second.card)).toContain(secondSolution);
    before = mark();
    const accepted = await invoke(asRequester(CAMILLE, second, 'ticket.approve', actionData(second.card, 'ticket.approve')));
    expect(noticeOf(accepted)).toBe('Merci ! Votre ticket est clos. Un instant pour nous dire ce que vous avez pensé de l’aide reçue ?');
    expect(statusOf(accepted)).toBe('Clos');
    // the same card, now the survey: five ratings, an optional comment, « Envoyer »
    expect(textsOf(accepted)).toContain('Êtes-vous satisfait de l’aide reçue ?');
    expect(inputsOf(accepted)).toMatchObject({ rating: '', surveyComment: '' });
    expect(actionsOf(accepted, 'ticket.rate')).toHaveLength(1);
    expect(buttonsOf(accepted)).toEqual([]);
    await settle();
    // nobody is pinged for an accepted solution; every copy says « Clos »
    expect(sentSince(before)).toEqual([]);
    for (const copy of updatedSince(before)) expect(copy.text).toContain('Clos');
    const closedDoc = await ticketDoc(number);
    expect(closedDoc).toMatchObject({ status: 'closed', autoCloseAt: null, survey: { answer: null } });
    expect(closedDoc.solutions.map((s: { outcome: { kind: string } }) => s.outcome.kind)).toEqual(['refused', 'approved']);
    expect(closedDoc.survey.until.getTime() - closedDoc.closedAt.getTime()).toBe(30 * 24 * 3600_000);

    // ---- she rates 2 with a comment: the group's channel (its lead's) hears it; staff copies show it
    const comment = 'Trois relances avant une première réponse.';
    before = mark();
    const rated = await invoke(asRequester(CAMILLE, second, 'ticket.rate', { ...actionData(accepted, 'ticket.rate'), rating: '2', surveyComment: comment }));
    expect(noticeOf(rated)).toBe('Merci pour votre avis !');
    expect(textsOf(rated)).toContain(`Merci pour votre avis : 2/5 — ${comment}`);
    expect(actionsOf(rated, 'ticket.rate')).toEqual([]);
    await settle();
    const lowRating = sentSince(before);
    expect(told(lowRating)).toEqual([{ chat: CHANNEL, said: `Le demandeur du ticket #1 « ${title} » n’est pas satisfait : 2/5 — ${comment}` }]);
    expect(textsOf(lowRating[0].card!)).toContain(`Avis du demandeur : 2/5 — ${comment}`);
    const staffAfterRating = updatedSince(before).filter((u) => u.chat !== personalChat(CAMILLE));
    expect(staffAfterRating.length).toBeGreaterThan(0);
    for (const copy of staffAfterRating) expect(copy.text).toContain(`Avis du demandeur : 2/5 — ${comment}`);
    const ratedDoc = await ticketDoc(number);
    expect(ratedDoc.survey.answer).toMatchObject({ rating: 2, comment });

    // ---- a second answer is refused: on the card she rated from (stale) and on the current version
    before = mark();
    const again = await invoke(asRequester(CAMILLE, second, 'ticket.rate', { ...actionData(accepted, 'ticket.rate'), rating: '5', surveyComment: 'En fait, super.' }));
    expect(noticeOf(again)).toBe(STALE);
    expect(textsOf(again)).toContain(`Merci pour votre avis : 2/5 — ${comment}`);
    const current = await invoke(asRequester(CAMILLE, second, 'ticket.rate', { number, version: ratedDoc.version, rating: '5', surveyComment: 'En fait, super.' }));
    expect(noticeOf(current)).toBe('Vous avez déjà donné votre avis sur ce ticket : il ne peut être donné qu’une fois.');
    expect(textsOf(current)).toContain(`Merci pour votre avis : 2/5 — ${comment}`);
    await settle();
    expect((await ticketDoc(number)).survey.answer).toMatchObject({ rating: 2, comment });
    expect((await ticketDoc(number)).version).toBe(ratedDoc.version);
    expect(sentSince(before)).toEqual([]);
  });

  it('an English requester reads the solution card in English', async () => {
    const opened = await openTicket(JORDAN, 'My laptop does not charge any more');
    const solution = await takeAndSolve(opened, JORDAN, 'Charger replaced.');
    expect(noticeOf(solution.card)).toBe('Théo Technicien proposes a solution for your ticket: accept or refuse it below.');
    expect(buttonsOf(solution.card)).toEqual(['Accept the solution', 'Refuse…']);
    const closesAt = formatDateTime((await ticketDoc(opened.number)).autoCloseAt, 'en', 'Europe/Paris');
    expect(textsOf(solution.card)).toContain(`With no answer from you, the ticket will be closed automatically on ${closesAt}.`);
  });
});

describe('staff closing and reopening', () => {
  it('a technician of the ticket closes it (the requester gets the survey); a lead reopens it with a mandatory reason, the requester and the assignee are told', async () => {
    const opened = await openTicket(CAMILLE, 'Le badge de Paul ne passe plus au parking');
    const { number, title } = opened;
    await takeAndSolve(opened, CAMILLE, 'Badge réencodé.');
    const solvedVersion = (await ticketDoc(number)).version;

    // ---- Théo closes without waiting
    let before = mark();
    const closed = await invoke(asTheo(opened, 'ticket.close', { number, version: solvedVersion }));
    expect(noticeOf(closed)).toBe('Ticket clos. Le demandeur est prévenu et peut donner son avis.');
    expect(statusOf(closed)).toBe('Clos');
    await settle();
    const toldClosed = sentSince(before);
    expect(told(toldClosed)).toEqual([{ chat: personalChat(CAMILLE), said: `Votre ticket #1 « ${title} » est clos.` }]);
    const closedCard = toldClosed[0].card!;
    expect(textsOf(closedCard)).toContain('Êtes-vous satisfait de l’aide reçue ?');
    expect(textsOf(closedCard).some((text) => text.startsWith('Ticket clos par Théo Technicien le '))).toBe(true);
    expect((await ticketDoc(number)).solutions.at(-1).outcome).toMatchObject({ kind: 'closed', by: { id: THEO.aadObjectId } });
    const closedVersion = (await ticketDoc(number)).version;

    // ---- Théo is no lead: no « Rouvrir… » on his card, and a crafted click is refused
    const theoView = await invoke(asTheo(opened, 'ticket.refresh', { number }));
    expect(buttonsOf(theoView)).toEqual([]);
    const theoReopen = await invoke(asTheo(opened, 'ticket.reopen', { number, version: closedVersion, reopenReason: 'Je préfère vérifier' }));
    expect(noticeOf(theoReopen)).toBe('Seuls le demandeur (pendant l’enquête de satisfaction), les responsables et les administrateurs peuvent rouvrir un ticket clos.');

    // ---- Léa, the group's lead, sees « Rouvrir… »; without a reason nothing changes and her text stays
    const leaChat = personalChat(LEA);
    const leaView = await invoke(click(LEA, 'ticket.view', { number }, { chat: leaChat }));
    expect(buttonsOf(leaView)).toEqual(['Rouvrir…']);
    before = mark();
    const noReason = await invoke(click(LEA, 'ticket.reopen', { ...actionData(leaView, 'ticket.reopen'), reopenReason: '  ' }, { chat: leaChat }));
    expect(noticeOf(noReason)).toBe(NO_REASON);
    expect(inputsOf(noReason).reopenReason).toBe('  ');
    expect((await ticketDoc(number))).toMatchObject({ version: closedVersion, status: 'closed' });

    // ---- with a reason: back to Théo, the requester and the assignee are told why
    const reason = 'Le badge est de nouveau refusé ce matin.';
    const reopened = await invoke(click(LEA, 'ticket.reopen', { ...actionData(leaView, 'ticket.reopen'), reopenReason: reason }, { chat: leaChat }));
    expect(noticeOf(reopened)).toBe('Ticket rouvert. Le demandeur et le technicien sont prévenus.');
    expect(statusOf(reopened)).toBe('En cours (attribué)');
    await settle();
    const sentence = `Le ticket #1 « ${title} » a été rouvert : ${reason}`;
    expect(told(sentSince(before))).toEqual([
      { chat: personalChat(CAMILLE), said: sentence },
      { chat: createdChat(THEO), said: sentence },
    ]);
    const reopenedDoc = await ticketDoc(number);
    expect(reopenedDoc).toMatchObject({ status: 'assigned', assignee: { id: THEO.aadObjectId } });
    expect(reopenedDoc.followups.at(-1)).toMatchObject({ kind: 'reopening', text: reason, visibility: 'public', author: { id: LEA.aadObjectId } });
  });

  it('a stale « Accepter » on an old solution card after a staff close: the current card (the survey) and a notice, nothing changed', async () => {
    const opened = await openTicket(CAMILLE, 'Le Wi-Fi du bâtiment C coupe toutes les dix minutes');
    const solution = await takeAndSolve(opened, CAMILLE, 'Borne Wi-Fi remplacée.');
    await invoke(asTheo(opened, 'ticket.close', { number: opened.number, version: (await ticketDoc(opened.number)).version }));
    await settle();
    const closedDoc = await ticketDoc(opened.number);
    const before = mark();

    const stale = await invoke(asRequester(CAMILLE, solution, 'ticket.approve', actionData(solution.card, 'ticket.approve')));
    expect(noticeOf(stale)).toBe(STALE);
    expect(statusOf(stale)).toBe('Clos');
    expect(buttonsOf(stale)).toEqual([]);
    expect(textsOf(stale)).toContain('Êtes-vous satisfait de l’aide reçue ?');
    expect(actionsOf(stale, 'ticket.rate')).toEqual([{ number: opened.number, version: closedDoc.version }]);

    await settle();
    const after = await ticketDoc(opened.number);
    expect(after.version).toBe(closedDoc.version);
    expect(after.solutions.at(-1).outcome.kind).toBe('closed');
    expect(after.history).toEqual(closedDoc.history);
    expect(sentSince(before)).toEqual([]);
    expect(updatedSince(before)).toEqual([]);
  });
});

describe('an accepted solution whose survey comment says the problem is still there', () => {
  it('is asked back « Le problème persiste ? »; « Oui, rouvrir » reopens it with the comment as the reason, and the technician is told', async () => {
    const opened = await openTicket(CAMILLE, 'Outlook se ferme tout seul');
    const solution = await takeAndSolve(opened, CAMILLE, 'Profil Outlook recréé.');
    const accepted = await invoke(asRequester(CAMILLE, solution, 'ticket.approve', actionData(solution.card, 'ticket.approve')));
    const comment = 'Merci, mais ça ne marche toujours pas le matin.';
    const rated = await invoke(asRequester(CAMILLE, solution, 'ticket.rate', { ...actionData(accepted, 'ticket.rate'), rating: '3', surveyComment: comment }));
    expect(textsOf(rated)).toContain('Le problème persiste ?');
    await settle();
    const before = mark();

    const reopened = await invoke(asRequester(CAMILLE, solution, 'ticket.reopenFromSurvey', actionData(rated, 'ticket.reopenFromSurvey')));
    expect(noticeOf(reopened)).toBe('Votre ticket est rouvert ; le support est prévenu.');
    expect(statusOf(reopened)).toBe('En cours (attribué)');
    await settle();
    expect(told(sentSince(before))).toEqual([{ chat: createdChat(THEO), said: `Le ticket #1 « ${opened.title} » a été rouvert : ${comment}` }]);
    const doc = await ticketDoc(opened.number);
    expect(doc.status).toBe('assigned');
    expect(doc.followups.at(-1)).toMatchObject({ kind: 'reopening', text: comment, visibility: 'public', author: { id: CAMILLE.aadObjectId } });
    // the rating stays on the ticket
    expect(doc.survey.answer).toMatchObject({ rating: 3, comment });
  });
});

describe('the helpdesk’s own delays (admin file) on the cards', () => {
  /** the same helpdesk with other closing delays */
  async function restartWith(file: string): Promise<void> {
    await env.restartWith({ GUICHET_HELPDESK_FILE: file });
  }

  it('closing after 2 h and a 7-day survey: the solution card promises the closing 2 h after the solution, the survey says until when', async () => {
    await restartWith('test/fixtures/helpdesk-closing.json');
    const opened = await openTicket(CAMILLE, 'La visio de la salle Everest ne démarre pas');
    const solution = await takeAndSolve(opened, CAMILLE, 'Câble HDMI changé.');
    const solved = await ticketDoc(opened.number);
    expect(solved.autoCloseAt.getTime() - solved.solvedAt.getTime()).toBe(2 * 3600_000);
    expect(textsOf(solution.card)).toContain(`Sans réponse de votre part, le ticket sera clos automatiquement le ${formatDateTime(solved.autoCloseAt, 'fr', 'Europe/Paris')}.`);
    const accepted = await invoke(asRequester(CAMILLE, solution, 'ticket.approve', actionData(solution.card, 'ticket.approve')));
    const closed = await ticketDoc(opened.number);
    expect(closed.survey.until.getTime() - closed.closedAt.getTime()).toBe(7 * 24 * 3600_000);
    expect(textsOf(accepted)).toContain(`Vous pouvez répondre jusqu’au ${formatDateTime(closed.survey.until, 'fr', 'Europe/Paris')}.`);
  });

  it('never closed automatically (0): the solution card promises no date', async () => {
    await restartWith('test/fixtures/helpdesk-never-closes.json');
    const opened = await openTicket(CAMILLE, 'Le scanner du 3e étage ne numérise plus');
    const solution = await takeAndSolve(opened, CAMILLE, 'Pilote réinstallé.');
    expect((await ticketDoc(opened.number)).autoCloseAt).toBeNull();
    expect(textsOf(solution.card).filter((text) => text.startsWith('Sans réponse'))).toEqual([]);
    expect(buttonsOf(solution.card)).toEqual(['Accepter la solution', 'Refuser…']);
  });

  it('no survey (0 days): the closed card asks nothing, and a rating sent anyway is refused on the card, nothing saved', async () => {
    const fixture = JSON.parse(readFileSync('test/fixtures/helpdesk.json', 'utf8')) as Record<string, unknown>;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'guichet-')), 'helpdesk-no-survey.json');
    writeFileSync(file, JSON.stringify({ ...fixture, closing: { surveyDays: 0 } }));
    await restartWith(file);
    const opened = await openTicket(CAMILLE, 'Mon casque Bluetooth se déconnecte');
    const solution = await takeAndSolve(opened, CAMILLE, 'Casque réappairé.');
    const accepted = await invoke(asRequester(CAMILLE, solution, 'ticket.approve', actionData(solution.card, 'ticket.approve')));
    expect(noticeOf(accepted)).toBe('Merci ! Votre ticket est clos.');
    expect(statusOf(accepted)).toBe('Clos');
    expect(actionsOf(accepted, 'ticket.rate')).toEqual([]);
    expect(JSON.stringify(accepted)).not.toContain('avis sur ce ticket');
    const version = (await ticketDoc(opened.number)).version;
    const late = await invoke(asRequester(CAMILLE, solution, 'ticket.rate', { number: opened.number, version, rating: '4', surveyComment: 'Bien.' }));
    expect(noticeOf(late)).toBe('Le délai pour répondre sur ce ticket clos est dépassé : rien n’a été enregistré.');
    expect(statusOf(late)).toBe('Clos');
    expect(inputsOf(late).rating).toBeUndefined();
    expect(await ticketDoc(opened.number)).toMatchObject({ version, survey: { answer: null } });

    // a technician's close promises the requester no survey either
    const other = await openTicket(CAMILLE, 'La souris sans fil ne répond plus');
    await takeAndSolve(other, CAMILLE, 'Piles changées.');
    const closed = await invoke(asTheo(other, 'ticket.close', { number: other.number, version: (await ticketDoc(other.number)).version }));
    expect(noticeOf(closed)).toBe('Ticket clos. Le demandeur est prévenu.');
  });
});

describe('the auto-close, through the real server and its clock', () => {
  /** the 24 h go by: the ticket's due time is moved, the clock keeps reading the real time */
  const dueIn = (number: number, ms: number) =>
    db().collection('tickets').updateOne({ number }, { $set: { autoCloseAt: new Date(Date.now() + ms) } });

  it('a solution nobody answers is closed by the clock once it is due: the requester gets the survey, every copy shows « Clos »', async () => {
    const opened = await openTicket(CAMILLE, 'Le Wi-Fi de la salle 3 coupe toutes les cinq minutes depuis lundi.');
    await takeAndSolve(opened, CAMILLE, 'Borne remplacée.');
    const solvedAt: Date = (await ticketDoc(opened.number)).solvedAt;
    expect((await ticketDoc(opened.number)).autoCloseAt.getTime()).toBe(solvedAt.getTime() + 24 * 3600_000);

    // not yet due: nothing happens
    await dueIn(opened.number, 60_000);
    await env.server.app.clock.tick();
    expect((await ticketDoc(opened.number)).status).toBe('solved');

    await dueIn(opened.number, -1_000);
    const before = mark();
    await env.server.app.clock.tick();
    await settle();
    const stored = await ticketDoc(opened.number);
    expect(stored.status).toBe('closed');
    expect(stored.autoCloseAt).toBeNull();
    const [closing] = sentSince(before);
    expect(closing.chat).toBe(personalChat(CAMILLE));
    expect(statusOf(closing.card!)).toBe('Clos');
    expect(actionsOf(closing.card!, 'ticket.rate')).toHaveLength(1);
    // every other posted copy was redrawn as closed
    const updates = updatedSince(before);
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(update.text).toContain('Clos');

    // a second tick finds nothing more to do
    const after = mark();
    await env.server.app.clock.tick();
    await settle();
    expect(sentSince(after)).toEqual([]);
    expect((await ticketDoc(opened.number)).version).toBe(stored.version);
  });
});
