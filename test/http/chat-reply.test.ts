import { describe, expect, it } from 'vitest';
import { CAMILLE, JORDAN, messageActivity, personalChat, THEO, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, actionsOf, inputsOf, noticeOf, shown, walk, type Card } from '../support/card-reading.js';
import { clickIn as click, invokeCard, postedSince, settle as settleOutbox, told } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useFreshAppPerTest } from '../support/test-app.js';

/**
 * A requester answers in the chat rather than on the card (« ça ne marche toujours pas »):
 * while some of her tickets wait for her, the bot asks which one the message is about,
 * through the real server (signed requests in, Bot Connector nocked, the real dispatcher).
 */

const FORM_TITLE = 'Nouveau ticket';
const NEW_PROBLEM = 'Non, c’est un nouveau problème';
const STALE = 'Le ticket a changé entre-temps ; voici sa version à jour.';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });

// ---- what goes in and out ------------------------------------------------------------------

const invoke = (activity: object) => invokeCard(env.server, issuer.sign(), activity);
const settle = () => settleOutbox(env.server.app);

const mark = () => env.connector.sent.length;
const sentSince = (from: number) => postedSince(env.connector, from);

/** What the bot answered a message, as the one card it posted back in the sender's chat. */
async function say(user: TestUser, text: string): Promise<{ id: string; card: Card }> {
  const before = mark();
  expect((await env.server.post(messageActivity(user, text), issuer.sign())).status).toBe(200);
  const answers = sentSince(before);
  expect(answers.map((a) => a.chat)).toEqual([personalChat(user)]);
  return { id: answers[0].id, card: answers[0].card! };
}

// ---- reading cards -------------------------------------------------------------------------

function textsOf(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(shown(node.text));
  });
  return out;
}

const buttonsOf = (card: Card) => ((card.actions ?? []) as { title: string }[]).map((a) => a.title);

/** the choice card as its reader sees it: the heading, each ticket's question, state and button, the bottom buttons */
function choiceOf(card: Card) {
  const [heading, ...rest] = card.body as Card[];
  const tickets = rest
    .filter((element) => element.type === 'Container')
    .map((container) => {
      const [question, state, actionSet] = container.items as Card[];
      return {
        question: shown(question.text as string),
        state: shown(state.text as string),
        buttons: (actionSet.actions as { title: string }[]).map((a) => a.title),
      };
    });
  return { heading: heading.text, tickets, buttons: buttonsOf(card) };
}

/** the status, first of the line under the number and the title */
function statusOf(card: Card): string {
  const [, statusLine] = (card.body as Card[]).filter((element) => element.type === 'ColumnSet');
  return textsOf(statusLine)[0];
}

const isForm = (card: Card) => textsOf(card)[0] === FORM_TITLE && actionsOf(card, 'ticket.create').length === 1;

const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;

// ---- the steps -----------------------------------------------------------------------------

/** the requester clicks a button on the card in her chat */
const onCard = (user: TestUser, card: { id: string }, verb: string, data: Record<string, unknown>) =>
  invoke(click(user, verb, data, { chat: personalChat(user), cardId: card.id }));

interface Opened {
  readonly number: number;
  readonly title: string;
  /** the card Théo got in his 1:1 when the ticket was created */
  readonly theoCardId: string;
}

/** as she would: the message; while a ticket waits for her, « Non, c’est un nouveau problème »; then « Créer le ticket » */
async function openTicket(requester: TestUser, text: string): Promise<Opened> {
  const before = mark();
  const answer = await say(requester, text);
  const asked = actionsOf(answer.card, 'ticket.draftFromChat');
  const form = asked.length === 0 ? answer : { id: answer.id, card: await onCard(requester, answer, 'ticket.draftFromChat', asked[0]) };
  const data = { ...actionData(form.card, 'ticket.create'), ...inputsOf(form.card) };
  const created = await invoke(click(requester, 'ticket.create', data, { chat: personalChat(requester), cardId: form.id }));
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle();
  const theoCard = sentSince(before).find((s) => s.chat === createdChat(THEO))!;
  return { number, title: (await ticketDoc(number)).title, theoCardId: theoCard.id };
}

const asTheo = (opened: Opened, verb: string, data: Record<string, unknown>) =>
  invoke(click(THEO, verb, data, { chat: createdChat(THEO), cardId: opened.theoCardId }));

/** Théo takes the ticket and proposes `solution`; the requester's solution card is delivered */
async function takeAndSolve(opened: Opened, solution: string): Promise<void> {
  const taken = await asTheo(opened, 'ticket.take', { number: opened.number, version: 1 });
  await asTheo(opened, 'ticket.solve', { ...actionData(taken, 'ticket.solve'), solution });
  await settle();
}

/** Théo takes the ticket and puts it on hold, asking the requester something */
async function takeAndWait(opened: Opened, reason: string): Promise<void> {
  const taken = await asTheo(opened, 'ticket.take', { number: opened.number, version: 1 });
  await asTheo(opened, 'ticket.wait', { ...actionData(taken, 'ticket.wait'), reason });
  await settle();
}

// ---- the scenarios -------------------------------------------------------------------------

describe('a message typed in the chat while none of the author’s tickets waits for her', () => {
  it('a problem still gets the prefilled form, a word or two still gets "unknown command", even with an open ticket', async () => {
    const text = 'Ça ne marche toujours pas, l’écran reste noir au démarrage.';
    const first = await say(CAMILLE, text);
    expect(isForm(first.card)).toBe(true);
    expect(inputsOf(first.card).description).toBe(text);

    // a ticket being worked on does not wait for her: nothing changes
    await openTicket(CAMILLE, 'Le VPN refuse ma connexion depuis ce matin');
    expect(isForm((await say(CAMILLE, text)).card)).toBe(true);
    expect(textsOf((await say(CAMILLE, 'toujours pas')).card)[1]).toBe(
      'Je ne connais pas la commande « toujours pas ». Tapez « aide » pour voir ce que je comprends, ou décrivez votre problème en une phrase : je prépare le ticket.',
    );
  });
});

describe('a message typed in the chat while a ticket waits for its requester', () => {
  it('solved: « Toujours pas résolu » refuses the solution with the message as the reason; the assignee is pinged with it', async () => {
    const opened = await openTicket(CAMILLE, 'Le badge de Paul ne passe plus au parking');
    const solution = 'Badge réencodé.';
    await takeAndSolve(opened, solution);
    const solved = await ticketDoc(opened.number);

    const text = 'Ça ne marche toujours pas, la barrière reste fermée.';
    const choice = await say(CAMILLE, text);
    expect(choiceOf(choice.card)).toEqual({
      heading: 'Un de vos tickets attend votre réponse.',
      tickets: [
        {
          question: `Est-ce à propos du ticket #${opened.number} (${opened.title}) ?`,
          state: `Résolu — solution proposée : ${solution}`,
          buttons: ['Toujours pas résolu'],
        },
      ],
      buttons: [NEW_PROBLEM],
    });
    // nothing happened yet
    expect(await ticketDoc(opened.number)).toMatchObject({ version: solved.version, status: 'solved' });

    const before = mark();
    const refused = await onCard(CAMILLE, choice, 'ticket.refuse', actionData(choice.card, 'ticket.refuse'));
    expect(noticeOf(refused)).toBe('C’est noté : le support est prévenu et reprend votre ticket.');
    expect(statusOf(refused)).toBe('En cours (attribué)');
    await settle();
    const pinged = sentSince(before);
    expect(told(pinged)).toEqual([{ chat: createdChat(THEO), said: `Le demandeur a refusé la solution du ticket #${opened.number} : ${text}` }]);
    expect(noticeOf(pinged[0].card!)).toBe(`Le demandeur a refusé la solution du ticket #${opened.number} : ${text}`);
    const doc = await ticketDoc(opened.number);
    expect(doc).toMatchObject({ status: 'assigned', autoCloseAt: null });
    expect(doc.solutions).toMatchObject([{ text: solution, outcome: { kind: 'refused', reason: text, by: { id: CAMILLE.aadObjectId } } }]);
    expect(doc.followups.at(-1)).toMatchObject({ kind: 'refusal', text, visibility: 'public', author: { id: CAMILLE.aadObjectId } });
    // the choice card became her ticket card, kept up to date like the others
    expect((doc.cardCopies as { activityId: string }[]).map((c) => c.activityId)).toContain(choice.id);

    // worked on again, the ticket no longer waits for her: the next message is a new problem
    expect(isForm((await say(CAMILLE, 'Et maintenant mon imprimante ne répond plus')).card)).toBe(true);
  });

  it('solved: « Non, c’est un nouveau problème » gives the usual form prefilled from the message, and leaves the ticket alone', async () => {
    const opened = await openTicket(CAMILLE, 'Le badge de Paul ne passe plus au parking');
    await takeAndSolve(opened, 'Badge réencodé.');
    const solved = await ticketDoc(opened.number);

    const text = 'Mon imprimante affiche « Erreur 79 ». Rien ne sort depuis ce matin.';
    const choice = await say(CAMILLE, text);
    const before = mark();
    const form = await onCard(CAMILLE, choice, 'ticket.draftFromChat', actionData(choice.card, 'ticket.draftFromChat'));
    expect(isForm(form)).toBe(true);
    expect(inputsOf(form)).toMatchObject({ title: 'Mon imprimante affiche « Erreur 79 »', description: text });
    await settle();
    expect(sentSince(before)).toEqual([]);
    expect(await ticketDoc(opened.number)).toMatchObject({ version: solved.version, status: 'solved', followups: solved.followups });

    // the form works as the one a message gets: « Créer le ticket » opens ticket #2
    const created = await onCard(CAMILLE, choice, 'ticket.create', { ...actionData(form, 'ticket.create'), ...inputsOf(form) });
    expect(Number(actionData(created, 'ticket.refresh').number)).toBe(opened.number + 1);
  });

  it('a short « toujours pas » is asked about too; the choice clicked after the ticket changed shows it as it is now and changes nothing', async () => {
    const opened = await openTicket(CAMILLE, 'Le badge de Paul ne passe plus au parking');
    await takeAndSolve(opened, 'Badge réencodé.');
    const choice = await say(CAMILLE, 'toujours pas');
    expect(choiceOf(choice.card).tickets.map((t) => t.buttons)).toEqual([['Toujours pas résolu']]);

    // Théo closes it meanwhile
    const closed = await asTheo(opened, 'ticket.close', { number: opened.number, version: (await ticketDoc(opened.number)).version });
    expect(statusOf(closed)).toBe('Clos');
    await settle();
    const closedDoc = await ticketDoc(opened.number);
    const before = mark();
    const stale = await onCard(CAMILLE, choice, 'ticket.refuse', actionData(choice.card, 'ticket.refuse'));
    expect(noticeOf(stale)).toBe(STALE);
    expect(statusOf(stale)).toBe('Clos');
    await settle();
    expect(told(sentSince(before))).toEqual([]);
    expect(await ticketDoc(opened.number)).toMatchObject({ version: closedDoc.version, status: 'closed', solutions: closedDoc.solutions });
  });

  it('pending: « Ajouter à ce ticket » adds the message as her comment; the assignee is pinged with it', async () => {
    const opened = await openTicket(CAMILLE, 'Mon poste ne démarre plus depuis la mise à jour');
    const question = 'Pouvez-vous me donner le numéro de série du poste ?';
    await takeAndWait(opened, question);

    const text = 'Le numéro de série est PF-2K4Z9 (étiquette sous le poste).';
    const choice = await say(CAMILLE, text);
    expect(choiceOf(choice.card)).toEqual({
      heading: 'Un de vos tickets attend votre réponse.',
      tickets: [{ question: `Est-ce à propos du ticket #${opened.number} (${opened.title}) ?`, state: `En attente : ${question}`, buttons: ['Ajouter à ce ticket'] }],
      buttons: [NEW_PROBLEM],
    });

    const before = mark();
    const commented = await onCard(CAMILLE, choice, 'ticket.comment', actionData(choice.card, 'ticket.comment'));
    expect(noticeOf(commented)).toBe('C’est fait.');
    expect(statusOf(commented)).toBe('En attente');
    expect(textsOf(commented)).toContain(text);
    await settle();
    expect(told(sentSince(before))).toEqual([{ chat: createdChat(THEO), said: `Le demandeur a commenté le ticket #${opened.number} : ${text}` }]);
    expect((await ticketDoc(opened.number)).followups.at(-1)).toMatchObject({ kind: 'comment', text, visibility: 'public', author: { id: CAMILLE.aadObjectId } });
  });

  it('several waiting tickets: the three newest, each with what the message can do there; someone else’s never', async () => {
    // Jordan's solved ticket is #1: it never shows in Camille's chat, his own card is in English
    const jordans = await openTicket(JORDAN, 'My laptop does not charge any more');
    await takeAndSolve(jordans, 'Charger replaced.');
    const oldest = await openTicket(CAMILLE, 'Le badge de Paul ne passe plus au parking');
    await takeAndSolve(oldest, 'Badge réencodé.');
    const solved = await openTicket(CAMILLE, 'Le scanner du 3e étage ne scanne plus');
    await takeAndSolve(solved, 'Pilote réinstallé.');
    await openTicket(CAMILLE, 'Le VPN refuse ma connexion depuis ce matin');
    const pending = await openTicket(CAMILLE, 'Mon poste ne démarre plus depuis la mise à jour');
    await takeAndWait(pending, 'Quel est le numéro de série ?');
    const newest = await openTicket(CAMILLE, 'Teams se ferme tout seul à chaque appel');
    await takeAndSolve(newest, 'Cache de Teams vidé.');

    const text = 'Ça ne marche toujours pas.';
    const choice = await say(CAMILLE, text);
    const seen = choiceOf(choice.card);
    expect(seen.heading).toBe('3 de vos tickets attendent votre réponse.');
    expect(seen.tickets.map((t) => [t.question, t.buttons])).toEqual([
      [`Est-ce à propos du ticket #${newest.number} (${newest.title}) ?`, ['Toujours pas résolu']],
      [`Est-ce à propos du ticket #${pending.number} (${pending.title}) ?`, ['Ajouter à ce ticket']],
      [`Est-ce à propos du ticket #${solved.number} (${solved.title}) ?`, ['Toujours pas résolu']],
    ]);
    expect(actionsOf(choice.card, 'ticket.refuse')).toEqual([
      { number: newest.number, version: (await ticketDoc(newest.number)).version, refuseReason: text },
      { number: solved.number, version: (await ticketDoc(solved.number)).version, refuseReason: text },
    ]);
    expect(actionsOf(choice.card, 'ticket.comment')).toEqual([{ number: pending.number, version: (await ticketDoc(pending.number)).version, comment: text }]);

    // Jordan, in English, is asked about his ticket only
    const his = choiceOf((await say(JORDAN, 'It still does not work, the battery stays at 0%.')).card);
    expect(his).toEqual({
      heading: 'One of your tickets is waiting for your answer.',
      tickets: [{ question: `Is it about ticket #${jordans.number} (${jordans.title})?`, state: 'Solved — proposed solution: Charger replaced.', buttons: ['Still not solved'] }],
      buttons: ['No, it’s a new problem'],
    });

    // a crafted click on someone else's ticket changes nothing
    const jordansDoc = await ticketDoc(jordans.number);
    const crafted = await onCard(CAMILLE, choice, 'ticket.refuse', { number: jordans.number, version: jordansDoc.version, refuseReason: text });
    expect(textsOf(crafted)).toEqual(['Oups', `Le ticket n° ${jordans.number} est introuvable.`]);
    expect(await ticketDoc(jordans.number)).toMatchObject({ version: jordansDoc.version, status: 'solved' });
  });

  it('a command is never taken for a reply: « aide », « mes tickets », « #n » answer as always', async () => {
    const opened = await openTicket(CAMILLE, 'Le badge de Paul ne passe plus au parking');
    await takeAndSolve(opened, 'Badge réencodé.');
    expect(textsOf((await say(CAMILLE, 'aide')).card)[0]).toBe('Ce que je comprends');
    expect(actionsOf((await say(CAMILLE, 'mes tickets')).card, 'ticket.view')).toEqual([{ number: String(opened.number), queue: 'requested', sort: 'newest', page: '0' }]);
    expect(actionData((await say(CAMILLE, `#${opened.number}`)).card, 'ticket.approve')).toMatchObject({ number: opened.number });
    // a long message is a problem to describe, not a reply
    expect(isForm((await say(CAMILLE, `Toujours pas : ${'le journal dit « erreur 79 ». '.repeat(80)}`)).card)).toBe(true);
  });
});
