import { describe, expect, it } from 'vitest';
import { READ_PAGE } from '../../src/views/ticket.view.js';
import { CAMILLE, cardActionActivity, messageActivity, THEO, TINA, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, actionsOf, cardIn, factsOf, inputsOf, noticeOf, type Card } from '../support/card-reading.js';
import { settle as settleOutbox } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat as chatOf, useAuthenticatedApp } from '../support/test-app.js';

/**
 * Cards seen by several people, and cards that went stale while someone typed on them,
 * through the real server (signed requests in, Bot Connector nocked, real dispatcher).
 */

const CHANNEL = '19:support-n1@thread.tacv2';
const CAMILLE_CHAT = `a:personal-${CAMILLE.aadObjectId}`;

const STALE = 'Le ticket a changé entre-temps ; voici sa version à jour.';
const SAVED_ON_CHANGED = 'C’est fait. Le ticket avait changé entre-temps : voici sa version à jour.';
/** what Teams lets a bot post or answer (about 28 KB) */
const TEAMS_MAX_BYTES = 28_000;

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });

/** a click on a card: in the user's own 1:1 by default, or in a channel's thread */
function click(user: TestUser, verb: string, data: Record<string, unknown>, where: { chat: string; cardId?: string; channel?: boolean }) {
  const activity = cardActionActivity(user, verb, data);
  return {
    ...activity,
    conversation: where.channel
      ? { id: `${where.chat};messageid=${where.cardId}`, conversationType: 'channel', isGroup: true, tenantId: activity.conversation.tenantId }
      : { ...activity.conversation, id: where.chat },
    ...(where.cardId ? { replyToId: where.cardId } : {}),
  };
}

async function invoke(activity: object): Promise<Card> {
  const response = await env.server.post(activity, issuer.sign());
  expect(response.status).toBe(200);
  const body = response.body as { statusCode: number; value: Card };
  expect(body.statusCode).toBe(200);
  return body.value;
}

/** waits until the outbox is empty: everything queued so far was delivered */
const settle = () => settleOutbox(env.server.app);

const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;
const posted = (chat: string) => env.connector.sent.map((s, i) => ({ ...s, id: `sent-${i + 1}` })).filter((s) => s.path.includes(`/v3/conversations/${encodeURIComponent(chat)}/`));
const updatesOf = (chat: string) => env.connector.updated.filter((u) => u.path.includes(`/v3/conversations/${encodeURIComponent(chat)}/`));

interface Opened {
  number: number;
  /** the requester's card: the form she clicked « Créer » on, replaced by the ticket */
  requester: { id: string; card: Card };
  channel: { id: string; card: Card };
  /** each on-duty technician's 1:1 card, as the dispatcher posted it */
  technician: (user: TestUser) => { id: string; card: Card };
}

async function openTicket(text: string, description?: string): Promise<Opened> {
  expect((await env.server.post(messageActivity(CAMILLE, text), issuer.sign())).status).toBe(200);
  const form = posted(CAMILLE_CHAT).at(-1)!;
  const formCard = cardIn(form.body)!;
  const data = { ...actionData(formCard, 'ticket.create'), ...inputsOf(formCard), ...(description ? { description } : {}) };
  const created = await invoke(click(CAMILLE, 'ticket.create', data, { chat: CAMILLE_CHAT, cardId: form.id }));
  await settle();
  const postedCard = (chat: string) => {
    const sent = posted(chat).at(-1)!;
    return { id: sent.id, card: cardIn(sent.body)! };
  };
  return {
    number: Number(actionData(created, 'ticket.comment').number),
    requester: { id: form.id, card: created },
    channel: postedCard(CHANNEL),
    technician: (user) => postedCard(chatOf(user)),
  };
}

/** a technician clicks a button on the card the dispatcher posted in their 1:1 */
const onOwnCard = (o: Opened, user: TestUser, verb: string, data: Record<string, unknown>) =>
  click(user, verb, data, { chat: chatOf(user), cardId: o.technician(user).id });

describe('typed text is never lost', () => {
  it('a followup, a comment and a task typed on a copy that went stale are applied', async () => {
    const opened = await openTicket('Le scanner du 3e étage ne numérise plus');
    await invoke(onOwnCard(opened, TINA, 'ticket.take', actionData(opened.technician(TINA).card, 'ticket.take')));
    const theoCard = await invoke(onOwnCard(opened, THEO, 'ticket.refresh', { number: opened.number })); // version 2

    // Camille comments from the card she created the ticket on (version 1)
    const comment = 'Il affiche « Erreur 12 » maintenant.';
    const commented = await invoke(
      click(CAMILLE, 'ticket.comment', { ...actionData(opened.requester.card, 'ticket.comment'), comment }, { chat: CAMILLE_CHAT, cardId: opened.requester.id }),
    );
    expect(noticeOf(commented)).toBe(SAVED_ON_CHANGED);
    expect(JSON.stringify(commented)).toContain('Tina Tech a pris en charge votre ticket.');

    // Théo answers from his card, which does not show her comment yet (version 2)
    const followupText = 'Je regarde le pilote cet après-midi.';
    const followup = await invoke(onOwnCard(opened, THEO, 'ticket.addFollowup', { ...actionData(theoCard, 'ticket.addFollowup'), followupText, private: 'false' }));
    expect(noticeOf(followup)).toBe(SAVED_ON_CHANGED);
    expect(factsOf(followup).Technicien).toBe('Tina Tech');
    expect(JSON.stringify(followup)).toContain(comment);
    expect(JSON.stringify(followup)).toContain(followupText);

    const taskDescription = 'Réinstaller le pilote TWAIN';
    const task = await invoke(
      onOwnCard(opened, THEO, 'ticket.addTask', { ...actionData(theoCard, 'ticket.addTask'), taskDescription, taskStatus: 'todo', durationMinutes: 20, plannedDate: '', plannedTime: '' }),
    );
    expect(noticeOf(task)).toBe(SAVED_ON_CHANGED);
    expect(JSON.stringify(task)).toContain(taskDescription);

    await settle();
    const stored = await ticketDoc(opened.number);
    expect(stored.version).toBe(5);
    expect((stored.followups as { text: string }[]).map((f) => f.text)).toEqual(['', comment, followupText]);
    expect((stored.tasks as { description: string }[]).map((t) => t.description)).toEqual([taskDescription]);
    // the requester was told of the public followup, as from any fresh card
    expect(posted(CAMILLE_CHAT).some((s) => JSON.stringify(s.body).includes(followupText))).toBe(true);
  });

  it('a solve on a stale copy answers with the current card and the typed solution still in its field', async () => {
    const opened = await openTicket('Outlook ne synchronise plus le calendrier partagé');
    const taken = await invoke(onOwnCard(opened, THEO, 'ticket.take', actionData(opened.technician(THEO).card, 'ticket.take')));
    // meanwhile Tina, on a fresh card, puts it on hold
    const tinaView = await invoke(onOwnCard(opened, TINA, 'ticket.refresh', { number: opened.number }));
    const reason = 'En attente du retour de Microsoft';
    await invoke(onOwnCard(opened, TINA, 'ticket.wait', { ...actionData(tinaView, 'ticket.wait'), reason }));
    await settle();
    const before = await ticketDoc(opened.number);

    const solution = 'Profil Outlook recréé, le calendrier partagé se synchronise.';
    const refused = await invoke(onOwnCard(opened, THEO, 'ticket.solve', { ...actionData(taken, 'ticket.solve'), solution }));
    expect(noticeOf(refused)).toBe(STALE);
    expect(factsOf(refused)['En attente de']).toBe(reason);
    expect(inputsOf(refused).solution).toBe(solution);
    expect(actionData(refused, 'ticket.solve')).toEqual({ number: opened.number, version: 3 });
    const after = await ticketDoc(opened.number);
    expect(after).toMatchObject({ version: 3, status: 'pending', solutions: [] });
    expect(after.history).toEqual(before.history);

    // the same card, sent again as it now is, does it
    const solved = await invoke(onOwnCard(opened, THEO, 'ticket.solve', { ...actionData(refused, 'ticket.solve'), solution: inputsOf(refused).solution }));
    expect(noticeOf(solved)).toBe('C’est fait.');
    expect((await ticketDoc(opened.number)).solutions.at(-1).text).toBe(solution);
  });

  it('a take on a stale copy says who was first; a typed text whose form is gone is shown, not dropped', async () => {
    const opened = await openTicket('Le badge de Camille n’ouvre plus le parking');
    const tinaStale = opened.technician(TINA).card;
    const taken = await invoke(onOwnCard(opened, THEO, 'ticket.take', actionData(opened.technician(THEO).card, 'ticket.take')));
    const late = await invoke(onOwnCard(opened, TINA, 'ticket.take', actionData(tinaStale, 'ticket.take')));
    expect(noticeOf(late)).toBe('Trop tard : Théo Technicien a déjà pris ce ticket.');

    await invoke(onOwnCard(opened, THEO, 'ticket.solve', { ...actionData(taken, 'ticket.solve'), solution: 'Badge réencodé.' }));
    // Tina had typed a solution on her old card: the ticket is solved, the form is gone, her text is not
    const mine = 'Badge remplacé par un neuf.';
    const gone = await invoke(onOwnCard(opened, TINA, 'ticket.solve', { ...actionData(tinaStale, 'ticket.solve'), solution: mine }));
    expect(noticeOf(gone)).toBe(STALE);
    expect(actionsOf(gone, 'ticket.solve')).toEqual([]);
    const typed = ((gone.body as Card[])[1].items as { text: string }[]).map((item) => item.text);
    expect(typed).toEqual(['Ce que vous aviez écrit (rien n’a été enregistré) :', mine]);
    await settle();
  });
});

describe('a card in a shared conversation is drawn for that conversation', () => {
  it('« Ouvrir » in the channel keeps the channel card in the helpdesk’s language, without private notes, whoever clicks', async () => {
    const THEO_EN: TestUser = { ...THEO, locale: 'en-US' };
    const opened = await openTicket('Le Wi-Fi invités ne distribue plus d’adresses');
    const taken = await invoke(onOwnCard(opened, THEO_EN, 'ticket.take', actionData(opened.technician(THEO).card, 'ticket.take')));
    const privateText = 'Le DHCP du contrôleur est saturé, voir avec le N2.';
    await invoke(onOwnCard(opened, THEO_EN, 'ticket.addFollowup', { ...actionData(taken, 'ticket.addFollowup'), followupText: privateText, private: 'true' }));
    await settle();
    const copiesBefore = (await ticketDoc(opened.number)).cardCopies as { activityId: string; locale: string; audience: string }[];

    const inChannel = { chat: CHANNEL, cardId: opened.channel.id, channel: true };
    // a refusal there is said in the channel's language too
    const late = await invoke(click(THEO_EN, 'ticket.take', actionData(opened.channel.card, 'ticket.take'), inChannel));
    expect(noticeOf(late)).toBe(STALE);
    expect(JSON.stringify(late)).not.toContain(privateText);
    // …on the channel's queue card, as the dispatcher draws it there; « Ouvrir » shows the whole ticket
    const titlesOf = (card: Record<string, unknown>) => (card.actions as { title: string }[]).map((a) => a.title);
    expect(titlesOf(late)).toContain('Ouvrir');
    expect(titlesOf(late)).not.toContain('Suivi…');
    const open = await invoke(click(THEO_EN, 'ticket.view', actionData(opened.channel.card, 'ticket.view'), inChannel));
    const shown = JSON.stringify(open);
    expect(shown).toContain('Théo Technicien a pris en charge le ticket.');
    expect(shown).not.toContain('votre ticket');
    expect(shown).not.toContain(privateText);
    expect(shown).not.toContain('privé');
    expect(factsOf(open).Technicien).toBe('Théo Technicien'); // French labels, not the clicker's English
    expect((open.actions as { title: string }[]).map((a) => a.title)).toEqual(['Assigner…', 'Suivi…', 'Tâche…', 'Mettre en attente…', 'Résoudre…']);
    // his own view comes through the card's refresh, which lists him
    expect((open.refresh as { userIds: string[] }).userIds).toEqual([`29:${THEO.aadObjectId}`]);
    const own = JSON.stringify(await invoke(click(THEO_EN, 'ticket.refresh', { number: opened.number }, inChannel)));
    expect(own).toContain(privateText);
    expect(own).toContain('Technician');

    // the channel's copy is still the channel's
    const copiesAfter = (await ticketDoc(opened.number)).cardCopies as typeof copiesBefore;
    expect(copiesAfter).toEqual(copiesBefore);
    expect(copiesAfter.find((c) => c.activityId === opened.channel.id)).toMatchObject({ locale: 'fr-FR', audience: 'technician' });

    // and what is posted to it after the next change stays French and public
    const publicText = 'Contrôleur redémarré.';
    await invoke(click(THEO_EN, 'ticket.addFollowup', { ...actionData(open, 'ticket.addFollowup'), followupText: publicText, private: 'false' }, inChannel));
    await settle();
    const channelUpdate = JSON.stringify(updatesOf(CHANNEL).at(-1)!.body);
    expect(channelUpdate).toContain(publicText);
    expect(channelUpdate).toContain('a pris en charge le ticket.');
    expect(channelUpdate).not.toContain(privateText);
  });

  it('assigning to someone the helpdesk does not know is refused on the current card', async () => {
    const opened = await openTicket('L’imprimante couleur bourre à chaque page');
    const card = opened.technician(THEO).card;
    const nobody = await invoke(onOwnCard(opened, THEO, 'ticket.assign', { ...actionData(card, 'ticket.assign'), assigneeId: 'c0ffee00-0000-4000-8000-00000000dead', groupId: '' }));
    expect(noticeOf(nobody)).toBe('Ce technicien n’existe pas.');
    const nowhere = await invoke(onOwnCard(opened, THEO, 'ticket.assign', { ...actionData(card, 'ticket.assign'), assigneeId: '', groupId: 'nulle-part' }));
    expect(noticeOf(nowhere)).toBe('Le groupe « nulle-part » n’existe pas.');
    expect(await ticketDoc(opened.number)).toMatchObject({ version: 1, assignee: null, groupId: 'support-n1' });
    await settle();
  });
});

describe('reading and going back', () => {
  it('a ticket opened from a list leads back to that list, even after acting on it', async () => {
    const opened = await openTicket('Excel se ferme à l’ouverture des fichiers partagés');
    const list = await invoke(click(THEO, 'tickets.list', { queue: 'toProcess', sort: 'age', page: 0 }, { chat: chatOf(THEO) }));
    const row = actionsOf(list, 'ticket.view').find((data) => Number(data.number) === opened.number)!;
    expect(row).toMatchObject({ queue: 'toProcess', sort: 'age' });
    const card = await invoke(click(THEO, 'ticket.view', row, { chat: chatOf(THEO) }));
    const back = { queue: 'toProcess', sort: 'age', page: 0 };
    expect(actionsOf(card, 'tickets.list')).toEqual([back]);

    const taken = await invoke(click(THEO, 'ticket.take', actionData(card, 'ticket.take'), { chat: chatOf(THEO) }));
    expect(noticeOf(taken)).toBe('C’est fait.');
    expect(actionsOf(taken, 'tickets.list')).toEqual([back]);
    const again = await invoke(click(THEO, 'tickets.list', actionData(taken, 'tickets.list'), { chat: chatOf(THEO) }));
    expect(JSON.stringify(again)).not.toContain(`#${opened.number}`); // taken: no longer waiting in « à traiter »
    await settle();
  });

  it('a 20,000-character description: every card stays under Teams’ limit, and « Voir plus » reads all of it', async () => {
    const description = Array.from({ length: 4_000 }, (_, i) => `é${i}`).join(' ').slice(0, 20_000).trim();
    expect(description.length).toBeGreaterThan(19_990);
    const opened = await openTicket('Journal d’erreurs du serveur de fichiers', description);
    for (const card of [opened.requester.card, opened.channel.card, opened.technician(THEO).card]) {
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_MAX_BYTES);
      expect(JSON.stringify(card)).not.toContain(description.slice(0, 5_000));
    }

    const pages: string[] = [];
    let next = actionsOf(opened.requester.card, 'ticket.view').find((data) => data.read === 'description');
    while (next) {
      const page = await invoke(click(CAMILLE, 'ticket.view', next, { chat: CAMILLE_CHAT, cardId: opened.requester.id }));
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(TEAMS_MAX_BYTES);
      const block = (page.body as { text?: string }[]).find((element) => element.text?.includes(description.slice(Number(next!.from), Number(next!.from) + 20)));
      pages.push(block!.text!.replace(/^…|…$/g, ''));
      next = actionsOf(page, 'ticket.view').find((data) => data.read === 'description');
    }
    expect(pages).toHaveLength(Math.ceil(description.length / READ_PAGE));
    // compared as a boolean: a failure must not print 20,000 characters twice
    expect(pages.join('') === description).toBe(true);
  });
});
