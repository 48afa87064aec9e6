import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { newArticle, type ArticleLanguage, type KnowledgeArticle } from '../../src/domain/knowledge-article.js';
import { MongoKnowledgeBase } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { CAMILLE, JORDAN, LEA, personalChat, THEO, type TestUser } from '../support/activities.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { actionsOf, inputsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { clickIn, invokeCard, sayInPersonalChat } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { aSolution, aTicketIn } from '../support/ticket-mother.js';
import { useAuthenticatedApp } from '../support/test-app.js';

/**
 * The knowledge base in chat (issue 13 §2), through the real server (signed requests, the Bot
 * Connector nocked, a real mongod with the text index): « base <mots> » / « kb <words> » for
 * everyone (drafts for staff only), « Voir l'article » counting a view, « lacunes » for leads.
 */

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

let kb: MongoKnowledgeBase;
beforeEach(() => {
  kb = new MongoKnowledgeBase(db());
});

const T0 = new Date('2026-11-02T09:00:00Z');
const AUTHOR = { id: THEO.aadObjectId, name: THEO.name };

async function anArticle(fields: Pick<KnowledgeArticle, 'title' | 'symptoms' | 'solution'> & { language: ArticleLanguage; published?: boolean; categoryId?: string | null }) {
  const { published = true, categoryId = null, ...typed } = fields;
  const article = newArticle({ id: randomUUID(), tenantId: TEST_TENANT_ID, author: AUTHOR, now: T0 }, { ...typed, categoryId }, published);
  expect(await kb.save(article)).toBe(true);
  return article;
}

const PRINTER = {
  title: 'Imprimante hors ligne',
  symptoms: 'L’imprimante apparaît hors ligne et les documents restent dans la file d’attente.',
  solution: 'Éteignez l’imprimante trente secondes, rallumez-la, puis relancez l’impression.',
  language: 'fr',
  categoryId: 'printing',
} as const;

const say = (user: TestUser, text: string) => sayInPersonalChat(env, issuer.sign(), user, text);

const titlesOf = (card: Card) => textsOf(card).map(shown);

describe('« base <mots> » / « kb <words> »', () => {
  it('a requester finds published articles in her language, stemmed and without accents, and reads one in full (one view)', async () => {
    const printer = await anArticle(PRINTER);
    await anArticle({ ...PRINTER, title: 'Imprimante hors ligne : pilote à réinstaller', published: false });
    const results = await say(CAMILLE, 'base imprimantes hors-ligne');
    const texts = titlesOf(results.card);
    expect(texts[0]).toBe('Base de connaissances : « imprimantes hors-ligne »');
    expect(texts).toContain(PRINTER.title);
    // the draft is staff's: not even named to a requester
    expect(texts).not.toContain('Imprimante hors ligne : pilote à réinstaller');
    // the line and its button open the same article, the published one only
    expect(new Set(actionsOf(results.card, 'kb.viewArticle').map((data) => data.articleId))).toEqual(new Set([printer.id]));

    const read = await invokeCard(env.server, issuer.sign(), clickIn(CAMILLE, 'kb.viewArticle', { articleId: printer.id }, { chat: personalChat(CAMILLE), cardId: results.id }));
    expect(problemsOf(read)).toEqual([]);
    const readTexts = titlesOf(read);
    expect(readTexts[0]).toBe(PRINTER.title);
    expect(readTexts).toContain(PRINTER.solution);
    expect(readTexts).toContain('Lu 1 fois · a aidé 0 fois');
    expect((await kb.get(TEST_TENANT_ID, printer.id))?.views).toBe(1);
  });

  it('staff see drafts too, marked as such; no match says so and how to go on', async () => {
    await anArticle({ ...PRINTER, published: false });
    const results = await say(THEO, 'base imprimante');
    expect(titlesOf(results.card)).toEqual(expect.arrayContaining([PRINTER.title, 'Brouillon (visible du support seulement)']));

    const none = await say(THEO, 'base scanner réseau');
    expect(titlesOf(none.card)).toContain('Aucun article ne correspond à « scanner réseau ». Essayez d’autres mots, ou décrivez votre problème pour ouvrir un ticket.');
  });

  it('in English for an English speaker; « kb » alone says how to search; typed operators are words', async () => {
    const outlook = await anArticle({
      title: 'Outlook keeps asking for the password',
      symptoms: 'Outlook shows the password prompt again and again.',
      solution: 'Remove the saved Outlook entries from Credential Manager, then sign in once.',
      language: 'en',
    });
    const found = await say(JORDAN, 'kb outlook passwords');
    expect(titlesOf(found.card)).toEqual(expect.arrayContaining(['Knowledge base: "outlook passwords"', outlook.title]));
    const usage = await say(JORDAN, 'kb');
    expect(titlesOf(usage.card)).toContain('Type "kb" followed by a few words, for example "kb printer jammed".');
    const hostile = await say(JORDAN, 'kb {"$gt": ""} -outlook');
    expect(titlesOf(hostile.card)[0]).toBe('Knowledge base: "{"$gt": ""} -outlook"');
  });

  it('staff read an article with « Modifier l’article », which opens its form; a requester has no such button, and a forged click is refused', async () => {
    const printer = await anArticle(PRINTER);
    const asStaff = await invokeCard(env.server, issuer.sign(), clickIn(THEO, 'kb.viewArticle', { articleId: printer.id }, { chat: personalChat(THEO) }));
    expect(actionsOf(asStaff, 'kb.editArticle')).toEqual([{ articleId: printer.id }]);
    const form = await invokeCard(env.server, issuer.sign(), clickIn(THEO, 'kb.editArticle', { articleId: printer.id }, { chat: personalChat(THEO) }));
    expect(problemsOf(form)).toEqual([]);
    expect(inputsOf(form)).toMatchObject({ title: PRINTER.title, solution: PRINTER.solution, language: 'fr', category: 'printing' });

    const asRequester = await invokeCard(env.server, issuer.sign(), clickIn(CAMILLE, 'kb.viewArticle', { articleId: printer.id }, { chat: personalChat(CAMILLE) }));
    expect(actionsOf(asRequester, 'kb.editArticle')).toEqual([]);
    const forged = await invokeCard(env.server, issuer.sign(), clickIn(CAMILLE, 'kb.editArticle', { articleId: printer.id }, { chat: personalChat(CAMILLE) }));
    expect(titlesOf(forged)).toContain('Seul le personnel du support rédige et publie les articles de la base de connaissances.');
  });

  it('an article id that does not exist is a clear sentence, not an error', async () => {
    const read = await invokeCard(env.server, issuer.sign(), clickIn(CAMILLE, 'kb.viewArticle', { articleId: 'nope' }, { chat: personalChat(CAMILLE) }));
    expect(titlesOf(read)).toContain('Cet article de la base de connaissances est introuvable.');
  });
});

describe('« lacunes » / « kb gaps »', () => {
  it('refused to a technician who is not a lead, with the whole sentence', async () => {
    const refused = await say(THEO, 'lacunes');
    expect(titlesOf(refused.card)).toContain('Les lacunes de la base de connaissances sont réservées aux responsables et aux administrateurs.');
  });

  it('a lead sees this month’s categories solved without an article, most frequent first', async () => {
    const now = new Date();
    const solvedAt = new Date(Math.max(now.getTime() - 60_000, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12)));
    const solved = (number: number, categoryId: string, articleId?: string) =>
      aTicketIn('solved', {
        id: `tkt-${number}`,
        tenantId: TEST_TENANT_ID,
        number,
        groupId: 'support-n1',
        categoryId,
        solvedAt,
        solutions: [aSolution({ at: solvedAt, ...(articleId ? { articleId } : {}) })],
      });
    const tickets = [solved(1, 'printing'), solved(2, 'printing'), solved(3, 'printing'), solved(4, 'hardware.screen'), solved(5, 'hardware.screen', 'kb-used')];
    await db().collection('tickets').insertMany(tickets.map((ticket) => ({ ...toDocument(ticket), outbox: [], cardCopies: [] })) as Document[]);

    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12));
    const gaps = await say(LEA, 'lacunes');
    const texts = titlesOf(gaps.card);
    expect(texts[0]).toBe(`Lacunes de la base de connaissances depuis le ${new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(monthStart)}`);
    const rows = texts.slice(2);
    expect(rows).toEqual([
      'Impression',
      '3 tickets résolus sans article · par exemple #3, #2, #1',
      'Matériel > Écran',
      '1 ticket résolu sans article · par exemple #4',
    ]);
  });
});
