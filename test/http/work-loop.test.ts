import { describe, expect, it } from 'vitest';
import { CAMILLE, cardActionActivity, messageActivity, THEO, TINA, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, cardIn, factsOf, inputsOf, noticeOf, walk, type Card } from '../support/card-reading.js';
import { invokeCard, settle as settleOutbox } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useFreshAppPerTest } from '../support/test-app.js';

/**
 * The technician's work loop through the real server: signed requests in, Bot Connector
 * calls out (nocked), notifications delivered by the real outbox dispatcher.
 */

/** a technician of test/fixtures/helpdesk.json who is off duty */
const OFF_DUTY_ID = 'c0ffee00-0000-4000-8000-0000000000a3';

const CHANNEL = '19:support-n1@thread.tacv2';
const CAMILLE_CHAT = `a:personal-${CAMILLE.aadObjectId}`;

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });

// ---- what goes in --------------------------------------------------------------------------

const post = (activity: object) => env.server.post(activity, issuer.sign());

/** a click on a card; by default in the user's own chat, on a card the bot does not know */
function click(user: TestUser, verb: string, data: Record<string, unknown>, where: { chat?: string; cardId?: string } = {}) {
  const activity = cardActionActivity(user, verb, data);
  return {
    ...activity,
    ...(where.chat ? { conversation: { ...activity.conversation, id: where.chat } } : {}),
    ...(where.cardId ? { replyToId: where.cardId } : {}),
  };
}

const invoke = (activity: object) => invokeCard(env.server, issuer.sign(), activity);

// ---- reading cards -------------------------------------------------------------------------

/** whether the card shows a button with this verb (its own refresh action is no button) */
const hasAction = (card: Card, verb: string) => {
  let found = false;
  walk(card, (node) => {
    if (node.type === 'Action.Execute' && node.verb === verb && node !== (card.refresh as Card | undefined)?.action) found = true;
  });
  return found;
};

/** the sentence of a message: its text, or a card message's summary (what Teams shows in the feed) */
const saidIn = (body: Record<string, unknown>) => String(body.text ?? body.summary);

// ---- what goes out -------------------------------------------------------------------------

/** decodes /emea/v3/conversations/{id}/activities[/{activityId}] */
function target(path: string): { chat: string; activityId?: string } {
  const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(path);
  if (!match) throw new Error(`not a connector path: ${path}`);
  return { chat: decodeURIComponent(match[1]), ...(match[2] ? { activityId: decodeURIComponent(match[2]) } : {}) };
}

interface Mark {
  sent: number;
  updated: number;
  created: number;
}
const mark = (): Mark => ({ sent: env.connector.sent.length, updated: env.connector.updated.length, created: env.connector.created.length });
const sentSince = (m: Mark) =>
  env.connector.sent.slice(m.sent).map((s, i) => ({ ...target(s.path), id: `sent-${m.sent + i + 1}`, body: s.body, text: JSON.stringify(s.body) }));
const updatedSince = (m: Mark) => env.connector.updated.slice(m.updated).map((u) => ({ ...target(u.path), body: u.body, text: JSON.stringify(u.body) }));

/** waits until the outbox is empty: everything queued so far was delivered */
const settle = () => settleOutbox(env.server.app);

const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;

// ---- the scenario's steps ------------------------------------------------------------------

interface Opened {
  number: number;
  /** the requester's card (the form she clicked "Create" on, replaced by the ticket) */
  requesterCardId: string;
  /** the cards the dispatcher posted: the channel and each on-duty technician's 1:1 */
  channelCardId: string;
  techCards: Map<string, { id: string; card: Card }>;
}

async function openTicket(text: string): Promise<Opened> {
  const before = mark();
  await post(messageActivity(CAMILLE, text));
  const [form] = sentSince(before);
  expect(form.chat).toBe(CAMILLE_CHAT);
  const formCard = cardIn(form.body)!;
  const created = await invoke(
    click(CAMILLE, 'ticket.create', { ...actionData(formCard, 'ticket.create'), ...inputsOf(formCard) }, { chat: CAMILLE_CHAT, cardId: form.id }),
  );
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle();
  const posted = sentSince(before).slice(1);
  const channel = posted.find((s) => s.chat === CHANNEL);
  const techCards = new Map(
    [THEO, TINA].flatMap((tech) => {
      const sent = posted.find((s) => s.chat === createdChat(tech));
      return sent ? [[tech.aadObjectId, { id: sent.id, card: cardIn(sent.body)! }] as const] : [];
    }),
  );
  return { number, requesterCardId: form.id, channelCardId: channel?.id ?? '', techCards };
}

/** Théo clicks a button on his own 1:1 card */
const asTheo = (o: Opened, verb: string, data: Record<string, unknown>) =>
  click(THEO, verb, data, { chat: createdChat(THEO), cardId: o.techCards.get(THEO.aadObjectId)!.id });

describe('the work loop: a ticket from creation to solution, through /api/messages and the Bot Connector', () => {
  it('creation pings the channel and the on-duty technicians; each change tells exactly the right people and refreshes every card', async () => {
    const start = mark();
    const opened = await openTicket("Bonjour, l'imprimante du 2e étage affiche « Erreur 79 » depuis ce matin.");
    expect(opened.number).toBe(1);

    // ---- creation: the channel card with « Prendre », a 1:1 with each on-duty technician
    const creation = sentSince(start).slice(1); // [0] is the form
    expect(creation.map((s) => s.chat).sort()).toEqual([CHANNEL, createdChat(THEO), createdChat(TINA)].sort());
    const channelPost = env.connector.sent.find((s) => s.path.includes('/v3/conversations/19%3Asupport-n1%40thread.tacv2/activities'));
    expect(channelPost).toBeDefined();
    const channelCard = cardIn(channelPost!.body)!;
    expect(JSON.stringify(channelCard)).toContain('Prendre');
    expect(actionData(channelCard, 'ticket.take')).toEqual({ number: 1, version: 1 });
    // the bot never talked to the technicians: it opened the 1:1s, and only for those on duty
    expect([...env.connector.created].sort()).toEqual([THEO.aadObjectId, TINA.aadObjectId].sort());
    expect(env.connector.created).not.toContain(OFF_DUTY_ID);
    for (const tech of [THEO, TINA]) expect(JSON.stringify(opened.techCards.get(tech.aadObjectId)!.card)).toContain('Prendre');
    // the requester is not pinged about her own ticket
    expect(creation.filter((s) => s.chat === CAMILLE_CHAT)).toEqual([]);

    // every posted card is a copy kept up to date from now on
    const copies = (await ticketDoc(1)).cardCopies as { activityId: string; audience: string }[];
    const allCopies = [
      { chat: CAMILLE_CHAT, activityId: opened.requesterCardId },
      { chat: CHANNEL, activityId: opened.channelCardId },
      { chat: createdChat(THEO), activityId: opened.techCards.get(THEO.aadObjectId)!.id },
      { chat: createdChat(TINA), activityId: opened.techCards.get(TINA.aadObjectId)!.id },
    ].sort((a, b) => a.chat.localeCompare(b.chat));
    expect(copies.map((c) => c.activityId).sort()).toEqual(allCopies.map((c) => c.activityId).sort());
    expect(copies.find((c) => c.activityId === opened.requesterCardId)?.audience).toBe('requester');

    /** runs one step, waits for delivery, and checks who got a message and that every copy was updated */
    const step = async (activity: object, expected: { requesterText: string | null; status: string; requesterCard?: boolean }) => {
      const before = mark();
      const card = await invoke(activity);
      await settle();
      const sent = sentSince(before);
      if (expected.requesterText === null) expect(sent).toEqual([]);
      else {
        expect(sent.map((s) => s.chat)).toEqual([CAMILLE_CHAT]);
        expect(saidIn(sent[0].body)).toContain(expected.requesterText);
      }
      const updated = updatedSince(before);
      // a message carrying the requester's own card becomes her chat's copy (a conversation keeps its newest
      // card); it already shows the change, so the refresh of that claim leaves it and its banner alone
      const copiesNow = expected.requesterCard ? allCopies.filter((c) => c.chat !== CAMILLE_CHAT) : allCopies;
      expect(
        updated.map(({ chat, activityId }) => ({ chat, activityId })).sort((a, b) => a.chat.localeCompare(b.chat)),
      ).toEqual(copiesNow);
      if (expected.requesterCard) {
        const kept = ((await ticketDoc(1)).cardCopies as { activityId: string }[]).map((c) => c.activityId);
        expect(kept).toContain(sent[0].id);
        expect(kept).not.toContain(opened.requesterCardId);
      }
      for (const u of updated) expect(u.text).toContain(expected.status);
      expect(env.connector.created).toHaveLength(2); // no new 1:1 along the way
      return { card, sent, updated };
    };

    // ---- Théo takes it from his 1:1 card
    const take = await step(asTheo(opened, 'ticket.take', actionData(opened.techCards.get(THEO.aadObjectId)!.card, 'ticket.take')), {
      requesterText: 'Théo Technicien a pris en charge votre ticket #1',
      status: 'En cours (attribué)',
    });
    expect(factsOf(take.card).Technicien).toBe('Théo Technicien');
    expect(noticeOf(take.card)).toBe('C’est fait.');
    expect(take.sent[0].body.text).toContain('a pris en charge');
    expect(((await ticketDoc(1)).cardCopies as unknown[]).length).toBe(4); // clicking a known card records no new copy

    // ---- a public followup: the requester reads it
    const publicText = 'Je passe voir l’imprimante vers 14h.';
    const pub = await step(asTheo(opened, 'ticket.addFollowup', { ...actionData(take.card, 'ticket.addFollowup'), followupText: publicText, private: 'false' }), {
      requesterText: publicText,
      status: 'En cours (attribué)',
    });
    for (const u of pub.updated) expect(u.text).toContain(publicText);

    // ---- a private followup: nothing for the requester, her card copy does not show it
    const privateText = 'Fusible HS, commande passée chez Dupont (réf. 4711).';
    const priv = await step(asTheo(opened, 'ticket.addFollowup', { ...actionData(pub.card, 'ticket.addFollowup'), followupText: privateText, private: 'true' }), {
      requesterText: null,
      status: 'En cours (attribué)',
    });
    // technicians' own copies show it; the requester's and the channel's (seen by the whole team) do not
    expect(priv.updated.filter((u) => u.chat !== CAMILLE_CHAT && u.chat !== CHANNEL).every((u) => u.text.includes(privateText))).toBe(true);
    expect(priv.updated.filter((u) => u.chat === CAMILLE_CHAT || u.chat === CHANNEL).some((u) => u.text.includes(privateText))).toBe(false);
    expect(JSON.stringify(priv.card)).toContain(privateText);

    // ---- on hold with a reason: the requester is told why
    const reason = 'En attente du fusible de rechange';
    const wait = await step(asTheo(opened, 'ticket.wait', { ...actionData(priv.card, 'ticket.wait'), reason }), {
      requesterText: `Votre ticket #1 est en attente : ${reason}`,
      status: 'En attente',
    });

    // ---- resumed
    const resume = await step(asTheo(opened, 'ticket.resume', actionData(wait.card, 'ticket.resume')), {
      requesterText: 'Le traitement de votre ticket #1 a repris.',
      status: 'En cours (attribué)',
    });

    // ---- a solution: the requester receives its text, on her card, to accept or refuse there
    const solution = 'Fusible remplacé, l’imprimante imprime à nouveau.';
    const solved = await step(asTheo(opened, 'ticket.solve', { ...actionData(resume.card, 'ticket.solve'), solution }), {
      requesterText: solution,
      status: 'Résolu',
      requesterCard: true,
    });
    expect(JSON.stringify(cardIn(solved.sent[0].body))).toContain(solution);
    expect(actionData(cardIn(solved.sent[0].body)!, 'ticket.approve')).toEqual({ number: 1, version: 7 });

    const stored = await ticketDoc(1);
    expect(stored).toMatchObject({ status: 'solved', version: 7, assignee: { id: THEO.aadObjectId } });
    expect((stored.outbox as { state: string }[]).every((i) => i.state === 'sent' || i.state === 'skipped')).toBe(true);

    // nothing that reached the requester's conversation, posted or updated, ever held the private note
    const toCamille = [
      ...env.connector.sent.filter((s) => target(s.path).chat === CAMILLE_CHAT),
      ...env.connector.updated.filter((u) => target(u.path).chat === CAMILLE_CHAT),
    ];
    expect(toCamille.length).toBeGreaterThan(10);
    expect(toCamille.filter((c) => JSON.stringify(c.body).includes(privateText))).toEqual([]);
    // the requester got exactly one message per step that concerns her, in order
    const camilleMessages = env.connector.sent.filter((s) => target(s.path).chat === CAMILLE_CHAT).slice(1).map((s) => saidIn(s.body));
    expect(camilleMessages).toHaveLength(5);
    expect(camilleMessages[0]).toContain('a pris en charge');
    expect(camilleMessages[1]).toContain(publicText);
    expect(camilleMessages[2]).toContain(reason);
    expect(camilleMessages[3]).toContain('a repris');
    expect(camilleMessages[4]).toContain(solution);
  });
});

describe('the work loop: races, stale cards, permissions, redeliveries', () => {
  it('two technicians take at once: one becomes the assignee, the other is told who won', async () => {
    const opened = await openTicket('Le Wi-Fi du bâtiment C ne fonctionne plus');
    const before = mark();
    const data = { number: opened.number, version: 1 };
    const [theoCard, tinaCard] = await Promise.all([
      invoke(asTheo(opened, 'ticket.take', data)),
      invoke(click(TINA, 'ticket.take', data, { chat: createdChat(TINA), cardId: opened.techCards.get(TINA.aadObjectId)!.id })),
    ]);

    const stored = await ticketDoc(opened.number);
    expect(stored.version).toBe(2);
    const winner = [THEO, TINA].find((u) => u.aadObjectId === stored.assignee.id)!;
    const [winnerCard, loserCard] = winner === THEO ? [theoCard, tinaCard] : [tinaCard, theoCard];
    expect(factsOf(winnerCard).Technicien).toBe(winner.name);
    expect(noticeOf(winnerCard)).toBe('C’est fait.');
    expect(factsOf(loserCard).Technicien).toBe(winner.name);
    expect(noticeOf(loserCard)).toBe(`Trop tard : ${winner.name} a déjà pris ce ticket.`);
    expect(hasAction(loserCard, 'ticket.take')).toBe(false);
    expect((stored.followups as { kind: string }[]).filter((f) => f.kind === 'takenInCharge')).toHaveLength(1);

    await settle();
    const sent = sentSince(before);
    expect(sent.map((s) => s.chat)).toEqual([CAMILLE_CHAT]);
    expect(sent[0].body.text).toContain(`${winner.name} a pris en charge`);
    expect(updatedSince(before)).toHaveLength(4);
  });

  it('a click on a stale card gets the current card with a notice, and changes nothing', async () => {
    const opened = await openTicket("Mon badge n'ouvre plus la porte du parking");
    const theoCard = opened.techCards.get(THEO.aadObjectId)!.card;
    await invoke(asTheo(opened, 'ticket.take', actionData(theoCard, 'ticket.take')));
    await settle();
    const before = mark();
    const storedBefore = await ticketDoc(opened.number);

    // « Mettre en attente » from the card as it was before the take (version 1)
    const stale = await invoke(asTheo(opened, 'ticket.wait', { ...actionData(theoCard, 'ticket.wait'), reason: 'Badge à refaire' }));
    expect(noticeOf(stale)).toBe('Le ticket a changé entre-temps ; voici sa version à jour.');
    expect(JSON.stringify(stale)).toContain('En cours (attribué)');
    expect(factsOf(stale).Technicien).toBe('Théo Technicien');
    expect(actionData(stale, 'ticket.wait')).toEqual({ number: opened.number, version: 2 });

    // Tina's stale « Prendre » is told who was first
    const late = await invoke(
      click(TINA, 'ticket.take', { number: opened.number, version: 1 }, { chat: createdChat(TINA), cardId: opened.techCards.get(TINA.aadObjectId)!.id }),
    );
    expect(noticeOf(late)).toBe('Trop tard : Théo Technicien a déjà pris ce ticket.');

    await settle();
    const storedAfter = await ticketDoc(opened.number);
    expect(storedAfter.version).toBe(2);
    expect(storedAfter.status).toBe('assigned');
    expect(storedAfter.pendingReason).toBeNull();
    expect(storedAfter.outbox).toHaveLength((storedBefore.outbox as unknown[]).length);
    expect(storedAfter.history).toEqual(storedBefore.history);
    expect(sentSince(before)).toEqual([]);
    expect(updatedSince(before)).toEqual([]);
  });

  it('a requester may not take a ticket nor read or write private followups', async () => {
    const opened = await openTicket("Excel plante à l'ouverture de tous mes fichiers");
    const before = mark();

    // Camille tries « Prendre » with the right version (crafted: her card has no such button)
    const refused = await invoke(click(CAMILLE, 'ticket.take', { number: opened.number, version: 1 }));
    expect(noticeOf(refused)).toBe('Vous n’avez pas le droit de prendre ce ticket en charge.');
    expect(hasAction(refused, 'ticket.take')).toBe(false);
    expect(factsOf(refused).Technicien).toBe('Pas encore attribué');
    // nor can she write a private followup
    const sneaky = await invoke(click(CAMILLE, 'ticket.addFollowup', { number: opened.number, version: 1, followupText: 'note perso', private: 'true' }));
    expect(noticeOf(sneaky)).toBe('Vous n’avez pas le droit d’ajouter un suivi à ce ticket.');
    let stored = await ticketDoc(opened.number);
    expect(stored).toMatchObject({ version: 1, assignee: null, followups: [] });

    // Théo takes it, answers publicly and keeps a private note
    const taken = await invoke(asTheo(opened, 'ticket.take', { number: opened.number, version: 1 }));
    const publicText = 'Pouvez-vous me dire la version d’Office ?';
    const privateText = 'Licence expirée côté tenant, voir avec Adèle.';
    const pub = await invoke(asTheo(opened, 'ticket.addFollowup', { ...actionData(taken, 'ticket.addFollowup'), followupText: publicText, private: false }));
    await invoke(asTheo(opened, 'ticket.addFollowup', { ...actionData(pub, 'ticket.addFollowup'), followupText: privateText, private: true }));
    await settle();
    stored = await ticketDoc(opened.number);
    expect((stored.followups as { visibility: string }[]).map((f) => f.visibility)).toEqual(['public', 'public', 'private']);

    // Camille's view of her ticket (Teams refresh, « Ouvrir »): the public answer, never the private note
    const refreshed = await invoke(click(CAMILLE, 'ticket.refresh', { number: opened.number }));
    const seen = JSON.stringify(refreshed);
    expect(seen).toContain(publicText);
    expect(seen).not.toContain(privateText);
    expect(seen).not.toContain('privé');
    expect(hasAction(refreshed, 'ticket.addFollowup')).toBe(false);
    // while Théo's shows both
    const theoView = JSON.stringify(await invoke(asTheo(opened, 'ticket.refresh', { number: opened.number })));
    expect(theoView).toContain(publicText);
    expect(theoView).toContain(privateText);

    const toCamille = [...sentSince(before), ...updatedSince(before)].filter((c) => c.chat === CAMILLE_CHAT);
    expect(toCamille.some((c) => c.text.includes(publicText))).toBe(true);
    expect(toCamille.filter((c) => c.text.includes(privateText))).toEqual([]);
  });

  it('the same invoke delivered twice (same activity id) has one effect', async () => {
    const opened = await openTicket('Le vidéoprojecteur de la salle Everest ne s’allume pas');
    const taken = await invoke(asTheo(opened, 'ticket.take', { number: opened.number, version: 1 }));
    await settle();
    const before = mark();

    const text = 'Je vous apporte un câble HDMI neuf.';
    const once = asTheo(opened, 'ticket.addFollowup', { ...actionData(taken, 'ticket.addFollowup'), followupText: text, private: 'false' });
    const [first, second] = await Promise.all([invoke(once), invoke(once)]);
    const DUPLICATE = 'Cette action a déjà été prise en compte.';
    const [done, duplicate] = JSON.stringify(first).includes(DUPLICATE) ? [second, first] : [first, second];
    expect(noticeOf(done)).toBe('C’est fait.');
    expect(JSON.stringify(duplicate)).toContain(DUPLICATE);
    expect(JSON.stringify(done)).not.toContain(DUPLICATE);
    // and once more, later (a Teams retry after a timeout)
    expect(JSON.stringify(await invoke(once))).toContain(DUPLICATE);

    await settle();
    const stored = await ticketDoc(opened.number);
    expect(stored.version).toBe(3);
    expect((stored.followups as { text: string }[]).filter((f) => f.text === text)).toHaveLength(1);
    const sent = sentSince(before);
    expect(sent.map((s) => s.chat)).toEqual([CAMILLE_CHAT]);
    expect(sent[0].body.text).toContain(text);
    expect(updatedSince(before)).toHaveLength(4);
  });
});
