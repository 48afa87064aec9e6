import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newArticle, type ArticleLanguage, type KnowledgeArticle } from '../../src/domain/knowledge-article.js';
import type { KnowledgeBase } from '../../src/domain/ports/knowledge-base.js';
import { OFFER_TIMEOUT_MS } from '../../src/bot/handlers/deflect.handler.js';
import { ARTICLES_COLLECTION, ARTICLES_TEXT_INDEX, DEFLECTIONS_COLLECTION, ensureKnowledgeBaseIndexes, MongoKnowledgeBase } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { CAMILLE, JORDAN, messageActivity, personalChat, THEO, type TestUser } from '../support/activities.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { actionData, actionsOf, buttonsOf, inputsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { captureLogs } from '../support/captured-logs.js';
import { clickIn, invokeCard, postedSince, sayInPersonalChat, settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, startAuthenticatedApp, useAuthenticatedApp } from '../support/test-app.js';

/**
 * Deflection before a ticket (issue 13 §2), through the real server (signed requests in, the Bot
 * Connector nocked, a real mongod with the knowledge base's text index): a requester describing a
 * problem is offered the published articles that match it above the prefilled form; « Ça a résolu
 * mon problème » counts one deflection per draft and opens no ticket; « Créer le ticket quand
 * même » brings the form back as it was.
 */

const db = useTestDatabase();
const issuer = createTestIssuer();
const logs = captureLogs('warn');
const env = useAuthenticatedApp(db, issuer, { logger: logs.logger });

const FR = {
  heading: 'Ceci peut vous aider',
  solved: 'Ça a résolu mon problème',
  showSolution: 'Voir la solution',
  anyway: 'Créer le ticket quand même',
  create: 'Créer le ticket',
  formTitle: 'Nouveau ticket',
  thanks: 'Tant mieux, problème réglé !',
} as const;
const EN = {
  heading: 'This might help',
  solved: 'That solved my problem',
  showSolution: 'Show the solution',
  anyway: 'Create the ticket anyway',
  create: 'Create ticket',
  formTitle: 'New ticket',
  thanks: 'Glad that fixed it!',
} as const;

// ---- the knowledge base, as staff left it ------------------------------------------------------

let kb: KnowledgeBase;
beforeEach(() => {
  kb = new MongoKnowledgeBase(db());
  logs.clear();
});

const T0 = new Date('2026-11-02T09:00:00Z');
const AUTHOR = { id: THEO.aadObjectId, name: THEO.name };

/** an article as staff left it: published (or a draft), written in `language` */
async function anArticle(fields: Pick<KnowledgeArticle, 'title' | 'symptoms' | 'solution'> & { language: ArticleLanguage; status?: KnowledgeArticle['status'] }) {
  const { status = 'published', ...typed } = fields;
  const article = newArticle({ id: randomUUID(), tenantId: TEST_TENANT_ID, author: AUTHOR, now: T0 }, { ...typed, categoryId: null }, status === 'published');
  expect(await kb.save(article)).toBe(true);
  return article;
}

const VPN = {
  title: 'VPN : « Connexion refusée » au démarrage',
  symptoms: 'Le client VPN affiche « Connexion refusée » quand on se connecte depuis chez soi ou en déplacement.',
  solution: 'Ouvrez le client VPN.\nChoisissez le profil « Siège ».\nReconnectez-vous avec votre mot de passe Windows.',
  language: 'fr',
} as const;
const OUTLOOK = {
  title: 'Outlook keeps asking for the password',
  symptoms: 'Outlook shows the password prompt again and again, usually after a password change.',
  solution: 'Open Credential Manager, remove the saved Outlook entries, restart Outlook and sign in once.',
  language: 'en',
} as const;
const PRINTER = {
  title: 'Imprimante hors ligne',
  symptoms: 'L’imprimante apparaît hors ligne et les documents restent dans la file d’attente.',
  solution: 'Éteignez l’imprimante trente secondes, rallumez-la, puis relancez l’impression.',
  language: 'fr',
} as const;

// ---- what goes in and out ------------------------------------------------------------------------

const say = (user: TestUser, text: string) => sayInPersonalChat(env, issuer.sign(), user, text);

/** a click on the card in the user's chat, with the card's inputs as Teams sends them (associatedInputs: auto) */
function click(user: TestUser, on: { id: string }, verb: string, data: Record<string, unknown>) {
  return invokeCard(env.server, issuer.sign(), clickIn(user, verb, data, { chat: personalChat(user), cardId: on.id }));
}

/** the articles offered above the form, as read: title, snippet, the hidden solution, the buttons */
function offeredOn(card: Card) {
  const first = (card.body as Card[])[0];
  if (first.type !== 'Container') return [];
  const [, , ...articles] = first.items as Card[];
  return articles.map((container) => {
    const [title, snippet, solution, actionSet] = container.items as Card[];
    return {
      title: shown(String(title.text)),
      snippet: shown(String(snippet.text)),
      solution: shown(String(solution.text)),
      hidden: solution.isVisible === false,
      buttons: (actionSet.actions as Card[]).map((action) => action.title),
    };
  });
}

const headingOf = (card: Card) => shown(textsOf(card)[0]);
const ticketCount = () => db().collection('tickets').countDocuments();
const helpedOf = async (article: KnowledgeArticle) => (await kb.get(TEST_TENANT_ID, article.id))!.helped;
const deflections = () => kb.countDeflections(TEST_TENANT_ID, new Date(0), new Date(Date.now() + 60_000));

/** « Ça a résolu mon problème » on the n-th offered article, the form's inputs going along */
function solvedData(card: Card, index = 0, typed: Record<string, unknown> = {}) {
  return { ...actionsOf(card, 'kb.deflect')[index], ...inputsOf(card), ...typed };
}

// ---- the scenarios -----------------------------------------------------------------------------------

describe('a requester describing a problem is offered the matching published articles above the form', () => {
  it('fr: the VPN article (not the draft, not the printer) above the same prefilled form, « Créer le ticket quand même »', async () => {
    const vpn = await anArticle(VPN);
    await anArticle({ ...VPN, title: 'VPN : brouillon pas encore relu', status: 'draft' });
    await anArticle(PRINTER);
    await anArticle(OUTLOOK);

    const message = 'Le VPN me dit « connexion refusée » depuis ce matin';
    const { card } = await say(CAMILLE, message);
    expect(headingOf(card)).toBe(FR.heading);
    expect(offeredOn(card)).toEqual([
      {
        title: vpn.title,
        snippet: expect.stringContaining('Connexion refusée'),
        solution: 'Ouvrez le client VPN.\n\nChoisissez le profil « Siège ».\n\nReconnectez-vous avec votre mot de passe Windows.',
        hidden: true,
        buttons: [FR.showSolution, FR.solved],
      },
    ]);
    expect(actionsOf(card, 'kb.deflect')).toEqual([{ draftId: actionData(card, 'ticket.create').draftId, articleId: vpn.id }]);
    // the form below is the one any described problem gets
    expect(textsOf(card)).toContain(FR.formTitle);
    expect(inputsOf(card)).toMatchObject({ description: message, type: 'incident' });
    expect(buttonsOf(card)).toEqual([FR.anyway, 'Annuler']);
  });

  it('an unrelated message gets the plain form, exactly as without a knowledge base', async () => {
    await anArticle(VPN);
    await anArticle(PRINTER);
    await anArticle(OUTLOOK);
    // nothing in common; one word shared with a title (« démarrage », « imprimante »): a different problem
    for (const text of ['Je voudrais un nouveau clavier, une touche est cassée', 'Mon écran reste noir au démarrage', 'L’imprimante du 3e fait un bruit bizarre']) {
      const { card } = await say(CAMILLE, text);
      expect(headingOf(card)).toBe(FR.formTitle);
      expect(actionsOf(card, 'kb.deflect')).toEqual([]);
      expect(buttonsOf(card)).toEqual([FR.create, 'Annuler']);
    }
    expect(logs.entries()).toEqual([]);
  });

  it('en: an English message is offered the English article, in English; the French one is not', async () => {
    const outlook = await anArticle(OUTLOOK);
    await anArticle(VPN);
    const { card } = await say(JORDAN, 'Outlook keeps asking for my password since this morning');
    expect(headingOf(card)).toBe(EN.heading);
    expect(offeredOn(card).map(({ title, buttons }) => ({ title, buttons }))).toEqual([{ title: outlook.title, buttons: [EN.showSolution, EN.solved] }]);
    expect(buttonsOf(card)).toEqual([EN.anyway, 'Cancel']);
  });

  it('the search failing never holds the form back: the plain form, one warning in the log', async () => {
    await anArticle(VPN);
    // no text index: every $text query fails, as a broken store would
    await db().collection(ARTICLES_COLLECTION).dropIndex(ARTICLES_TEXT_INDEX);
    try {
      const { card } = await say(CAMILLE, 'Le VPN me dit « connexion refusée » depuis ce matin');
      expect(headingOf(card)).toBe(FR.formTitle);
      expect(buttonsOf(card)).toEqual([FR.create, 'Annuler']);
      expect(logs.entries().map((entry) => ({ level: entry.level, msg: entry.msg }))).toEqual([
        { level: 'warn', msg: 'knowledge-base search for a described problem failed: the form is shown without articles' },
      ]);
    } finally {
      await ensureKnowledgeBaseIndexes(db());
    }
  });

  it('a search that does not answer in time: the form comes without articles, one warning', async () => {
    const store = new MongoKnowledgeBase(db());
    const stuck: KnowledgeBase = Object.assign(Object.create(store) as KnowledgeBase, { search: () => new Promise<never>(() => undefined) });
    const slow = await startAuthenticatedApp(db(), { logger: logs.logger, knowledgeBase: stuck });
    try {
      await anArticle(VPN);
      const started = Date.now();
      const before = env.connector.sent.length;
      expect((await slow.post(messageActivity(CAMILLE, 'Le VPN me dit « connexion refusée » depuis ce matin'), issuer.sign())).status).toBe(200);
      const [posted] = postedSince(env.connector, before);
      expect(Date.now() - started).toBeLessThan(OFFER_TIMEOUT_MS + 2_000);
      expect(headingOf(posted.card!)).toBe(FR.formTitle);
      expect(buttonsOf(posted.card!)).toEqual([FR.create, 'Annuler']);
      expect(logs.entries().map((entry) => ({ level: entry.level, msg: entry.msg, timeoutMs: entry.timeoutMs }))).toEqual([
        { level: 'warn', msg: 'knowledge-base search for a described problem timed out: the form is shown without articles', timeoutMs: OFFER_TIMEOUT_MS },
      ]);
    } finally {
      await slow.stop();
    }
  });
});

describe('a new problem typed while a ticket waits for its requester', () => {
  it('« Non, c’est un nouveau problème » brings the form with the matching articles above it, as a message does', async () => {
    const vpn = await anArticle(VPN);
    // her badge ticket, solved by Théo: it waits for her answer
    const first = await say(CAMILLE, 'Le badge de Paul ne passe plus au parking');
    const created = await click(CAMILLE, first, 'ticket.create', { ...actionData(first.card, 'ticket.create'), ...inputsOf(first.card) });
    const number = Number(actionData(created, 'ticket.refresh').number);
    await settle(env.server.app);
    const asTheo = (verb: string, data: Record<string, unknown>) => invokeCard(env.server, issuer.sign(), clickIn(THEO, verb, data, { chat: createdChat(THEO) }));
    const taken = await asTheo('ticket.take', { number, version: 1 });
    await asTheo('ticket.solve', { ...actionData(taken, 'ticket.solve'), solution: 'Badge réencodé.' });
    await settle(env.server.app);

    const choice = await say(CAMILLE, 'Le VPN me dit « connexion refusée » depuis ce matin');
    expect(actionsOf(choice.card, 'kb.deflect')).toEqual([]);
    const form = await click(CAMILLE, choice, 'ticket.draftFromChat', actionData(choice.card, 'ticket.draftFromChat'));
    expect(problemsOf(form)).toEqual([]);
    expect(headingOf(form)).toBe(FR.heading);
    expect(offeredOn(form).map(({ title }) => title)).toEqual([vpn.title]);
    expect(buttonsOf(form)).toEqual([FR.anyway, 'Annuler']);
  });
});

describe('« Ça a résolu mon problème »', () => {
  it('fr: a deflection, counted once per draft (a second click counts nothing), the article helped +1, no ticket; the thank-you card keeps the solution', async () => {
    const vpn = await anArticle(VPN);
    const offer = await say(CAMILLE, 'Le VPN me dit « connexion refusée » depuis ce matin');

    const thanks = await click(CAMILLE, offer, 'kb.deflect', solvedData(offer.card, 0, { location: 'Télétravail' }));
    expect(problemsOf(thanks)).toEqual([]);
    expect(textsOf(thanks).map(shown)).toEqual([
      FR.thanks,
      'Aucun ticket n’a été créé. Voici la solution qui a marché, si vous en avez de nouveau besoin.',
      vpn.title,
      'Ouvrez le client VPN.\n\nChoisissez le profil « Siège ».\n\nReconnectez-vous avec votre mot de passe Windows.',
      'Le problème revient ? Votre formulaire est conservé : créez le ticket.',
    ]);
    expect(buttonsOf(thanks)).toEqual([FR.anyway]);
    expect(await deflections()).toBe(1);
    expect(await helpedOf(vpn)).toBe(1);

    // clicked again on the same card: the same thanks, nothing counted
    const click2 = clickIn(CAMILLE, 'kb.deflect', solvedData(offer.card), { chat: personalChat(CAMILLE), cardId: offer.id });
    expect(textsOf(await invokeCard(env.server, issuer.sign(), click2))[0]).toBe(FR.thanks);
    // and Teams redelivers that click (same activity id): still the thanks, still nothing counted
    expect(textsOf(await invokeCard(env.server, issuer.sign(), click2))[0]).toBe(FR.thanks);
    expect(await deflections()).toBe(1);
    expect(await helpedOf(vpn)).toBe(1);
    expect(await ticketCount()).toBe(0);
  });

  it('« Créer le ticket quand même » brings the prefilled form back, what was typed kept, same draft; it creates the one ticket', async () => {
    await anArticle(VPN);
    const message = 'Le VPN me dit « connexion refusée » depuis ce matin';
    const offer = await say(CAMILLE, message);
    const draftId = actionData(offer.card, 'ticket.create').draftId;
    const typed = { ...inputsOf(offer.card), location: 'Télétravail', urgency: '4' };
    const thanks = await click(CAMILLE, offer, 'kb.deflect', solvedData(offer.card, 0, typed));

    const form = await click(CAMILLE, offer, 'ticket.deflectedForm', actionData(thanks, 'ticket.deflectedForm'));
    expect(problemsOf(form)).toEqual([]);
    expect(headingOf(form)).toBe(FR.formTitle);
    expect(inputsOf(form)).toEqual(typed);
    expect(actionData(form, 'ticket.create')).toEqual({ draftId });
    expect(buttonsOf(form)).toEqual([FR.create, 'Annuler']);

    const ticket = await click(CAMILLE, offer, 'ticket.create', { ...actionData(form, 'ticket.create'), ...inputsOf(form) });
    expect(actionData(ticket, 'ticket.refresh').number).toBe(1);
    expect(await db().collection('tickets').findOne({ number: 1 })).toMatchObject({ description: message, location: 'Télétravail', urgency: 4 });
    // the deflection stays counted: the requester said it helped, then needed more
    expect(await deflections()).toBe(1);
  });

  it('en: the thank-you card in English', async () => {
    const outlook = await anArticle(OUTLOOK);
    const offer = await say(JORDAN, 'Outlook keeps asking for my password since this morning');
    const thanks = await click(JORDAN, offer, 'kb.deflect', solvedData(offer.card));
    expect(textsOf(thanks).map(shown)).toEqual([
      EN.thanks,
      'No ticket was created. Here is the solution that worked, should you need it again.',
      outlook.title,
      outlook.solution,
      'Problem back? Your form is kept: create the ticket.',
    ]);
    expect(buttonsOf(thanks)).toEqual([EN.anyway]);
    expect(await helpedOf(outlook)).toBe(1);
    expect(await ticketCount()).toBe(0);
  });

  it('the deflection is the clicking user’s, whatever the card data says; a draft article cannot be deflected on', async () => {
    const vpn = await anArticle(VPN);
    const draft = await anArticle({ ...VPN, title: 'VPN : brouillon', status: 'draft' });
    const offer = await say(CAMILLE, 'Le VPN me dit « connexion refusée » depuis ce matin');
    await click(CAMILLE, offer, 'kb.deflect', { ...solvedData(offer.card), userId: JORDAN.aadObjectId, tenantId: 'other-tenant' });
    expect(await db().collection(DEFLECTIONS_COLLECTION).find({}, { projection: { _id: 0, tenantId: 1, userId: 1, articleId: 1 } }).toArray()).toEqual([
      { tenantId: TEST_TENANT_ID, userId: CAMILLE.aadObjectId, articleId: vpn.id },
    ]);

    const refused = await click(CAMILLE, offer, 'kb.deflect', { ...solvedData(offer.card), draftId: randomUUID(), articleId: draft.id });
    expect(textsOf(refused).map(shown)).toEqual([
      'Article retiré',
      'Cet article n’est plus publié. Rien n’a été compté : créez le ticket si le problème persiste, votre formulaire est conservé.',
    ]);
    expect(buttonsOf(refused)).toEqual([FR.anyway]);
    expect(await helpedOf(draft)).toBe(0);
    expect(await deflections()).toBe(1);
  });
});

