import { describe, expect, it } from 'vitest';
import { MongoKnowledgeBase } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { CAMILLE, JORDAN, personalChat, THEO, type TestUser } from '../support/activities.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { actionData, actionsOf, inputsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { clickIn, invokeCard, sayInPersonalChat, settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useAuthenticatedApp } from '../support/test-app.js';

/**
 * The knowledge base on the technician's ticket card (issue 13 §2, seeds 002 and 003), through the
 * real server: a solution saved as an article and published from ticket A; on ticket B
 * « Rechercher une solution » finds it, « Utiliser comme solution » fills « Résoudre… », and the
 * solution proposed remembers the article, which helped once more.
 */

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

const say = (user: TestUser, text: string) => sayInPersonalChat(env, issuer.sign(), user, text);

/** a requester reports a problem and sends the prefilled form as it is; Théo takes the ticket */
async function aTakenTicket(problem: string, requester: TestUser = CAMILLE): Promise<{ number: number; card: Card }> {
  const form = await say(requester, problem);
  const created = await invokeCard(
    env.server,
    issuer.sign(),
    clickIn(requester, 'ticket.create', { ...actionData(form.card, 'ticket.create'), ...inputsOf(form.card) }, { chat: personalChat(requester), cardId: form.id }),
  );
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle(env.server.app);
  const card = await asTheo('ticket.take', { number, version: 1 });
  return { number, card };
}

const asTheo = (verb: string, data: Record<string, unknown>) => invokeCard(env.server, issuer.sign(), clickIn(THEO, verb, data, { chat: createdChat(THEO) }));
const texts = (card: Card) => textsOf(card).map(shown);

describe('the knowledge base from the ticket card', () => {
  it('a solution saved as an article and published is found from another ticket and becomes its solution', async () => {
    // ticket A: solved with « Ajouter à la base de connaissances » on
    const a = await aTakenTicket('Mon imprimante affiche hors ligne et rien ne sort');
    const draftCard = await asTheo('ticket.solve', {
      ...actionData(a.card, 'ticket.solve'),
      solution: 'Éteindre l’imprimante trente secondes, la rallumer, puis relancer l’impression.',
      addToKb: 'true',
    });
    expect(problemsOf(draftCard)).toEqual([]);
    expect(texts(draftCard)).toContain(`La solution est proposée au demandeur. Voici le brouillon d’article tiré du ticket #${a.number}.`);
    const draft = inputsOf(draftCard);
    expect(draft).toMatchObject({ title: 'Mon imprimante affiche hors ligne et rien ne sort', solution: 'Éteindre l’imprimante trente secondes, la rallumer, puis relancer l’impression.', language: 'fr' });
    const publish = actionsOf(draftCard, 'kb.saveArticle').find((data) => data.publish === 'true')!;
    const published = await asTheo('kb.saveArticle', { ...publish, ...draft, title: 'Imprimante hors ligne' });
    expect(texts(published)).toContain('Article publié : il est proposé à tous.');
    expect(actionsOf(published, 'ticket.view')).toEqual([{ number: String(a.number) }]);

    // ticket B: searched from « Résoudre… », used as its solution
    // (Jordan's: Camille's first ticket now waits for her answer)
    const b = await aTakenTicket('The 2nd floor printer has been offline since this morning', JORDAN);
    const results = await asTheo('kb.searchForTicket', { ...actionData(b.card, 'kb.searchForTicket'), kbQuery: 'imprimantes hors ligne' });
    expect(problemsOf(results)).toEqual([]);
    expect(texts(results)).toContain('Imprimante hors ligne');
    const use = actionData(results, 'kb.useArticle');
    expect(use.number).toBe(String(b.number));
    const filled = await asTheo('kb.useArticle', use);
    expect(texts(filled)).toContain('La solution de l’article « Imprimante hors ligne » est copiée dans « Résoudre… » : relisez-la, adaptez-la et proposez-la.');
    expect(inputsOf(filled).solution).toBe('Éteindre l’imprimante trente secondes, la rallumer, puis relancer l’impression.');
    const solveData = actionData(filled, 'ticket.solve');
    expect(solveData.articleId).toBe(use.articleId);

    await asTheo('ticket.solve', { ...solveData, solution: `${inputsOf(filled).solution} Vérifier le câble réseau.` });
    const stored = await db().collection('tickets').findOne({ number: b.number });
    expect(stored?.solutions.at(-1)).toMatchObject({ articleId: use.articleId, text: 'Éteindre l’imprimante trente secondes, la rallumer, puis relancer l’impression. Vérifier le câble réseau.' });
    const article = await new MongoKnowledgeBase(db()).get(TEST_TENANT_ID, String(use.articleId));
    expect(article).toMatchObject({ status: 'published', helped: 1, sourceTicket: { number: a.number } });
  });

  it('an article form with its title emptied is refused with the field named, and what was typed comes back', async () => {
    const a = await aTakenTicket('Le scanner ne numérise plus vers le courriel');
    const draftCard = await asTheo('ticket.solve', { ...actionData(a.card, 'ticket.solve'), solution: 'Profil de numérisation recréé.', addToKb: 'true' });
    const publish = actionsOf(draftCard, 'kb.saveArticle').find((data) => data.publish === 'true')!;
    const refused = await asTheo('kb.saveArticle', { ...publish, ...inputsOf(draftCard), title: '  ', solution: 'Profil recréé, puis test.' });
    expect(problemsOf(refused)).toEqual([]);
    expect(texts(refused)).toContain('Le titre est obligatoire : rien n’a été enregistré.');
    expect(inputsOf(refused).solution).toBe('Profil recréé, puis test.');
    const article = await new MongoKnowledgeBase(db()).get(TEST_TENANT_ID, String(publish.id));
    expect(article).toMatchObject({ status: 'draft', solution: 'Profil de numérisation recréé.' });
  });
});
