import { beforeAll, describe, expect, it } from 'vitest';
import { CountArticleHelped } from '../../src/app/count-article-helped.use-case.js';
import { RecordDeflection } from '../../src/app/record-deflection.use-case.js';
import { SaveArticle, type ArticleInput } from '../../src/app/save-article.use-case.js';
import { DEFLECTION_MIN_SCORE, SearchArticles } from '../../src/app/search-articles.use-case.js';
import { ViewArticle } from '../../src/app/view-article.use-case.js';
import type { Category } from '../../src/domain/category.js';
import { ARTICLE_LIMITS } from '../../src/domain/knowledge-article.js';
import type { ArticleSearch } from '../../src/domain/ports/knowledge-base.js';
import type { DomainError, Result } from '../../src/domain/result.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoKnowledgeBase } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { errorText } from '../../src/views/error.view.js';
import { useTestDatabase } from '../support/mongo.js';
import { actors, aSolution, aTicketIn, people } from '../support/ticket-mother.js';

const db = useTestDatabase();

beforeAll(async () => {
  await ensureIndexes(db());
});

const TENANT = 'tenant-contoso';
const NOW = new Date('2026-11-02T09:00:00Z');
const CATEGORIES: readonly Category[] = [{ id: 'network', label: { fr: 'Réseau', en: 'Network' }, children: [{ id: 'network.vpn', label: { fr: 'VPN', en: 'VPN' } }] }];

const VPN: ArticleInput = {
  title: '  VPN : connexion refusée ',
  symptoms: 'Le client VPN affiche « connexion refusée » au démarrage.',
  solution: 'Réinitialiser le mot de passe puis relancer le client VPN.',
  categoryId: 'network.vpn',
  language: 'fr',
};

function setUp() {
  const store = new MongoKnowledgeBase(db());
  const searches: ArticleSearch[] = [];
  // the store as the use cases see it, remembering what was asked of it
  const articles = Object.assign(Object.create(store) as MongoKnowledgeBase, {
    search: (tenantId: string, search: ArticleSearch) => {
      searches.push(search);
      return store.search(tenantId, search);
    },
  });
  let ids = 0;
  const tickets = new MongoTicketRepository(db());
  return {
    articles,
    searches,
    tickets,
    save: new SaveArticle({ articles, tickets, categories: CATEGORIES, newId: () => `article-${++ids}`, now: () => NOW }),
    search: new SearchArticles(articles),
    view: new ViewArticle(articles),
    deflect: new RecordDeflection(articles, () => NOW),
    helped: new CountArticleHelped(articles),
  };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${result.error.code}`);
  return result.value;
}

function refusal<T>(result: Result<T>): DomainError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const published = async (kb: ReturnType<typeof setUp>, fields: ArticleInput = VPN) => value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'create', fields, publish: true }));

describe('SaveArticle', () => {
  it('a technician saves a draft, trimmed, authored by them, counted from zero', async () => {
    const kb = setUp();
    const draft = value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'create', fields: VPN, publish: false }));
    expect(draft).toEqual({
      id: 'article-1',
      tenantId: TENANT,
      title: 'VPN : connexion refusée',
      symptoms: VPN.symptoms,
      solution: VPN.solution,
      categoryId: 'network.vpn',
      language: 'fr',
      status: 'draft',
      author: people.tina,
      editor: people.tina,
      createdAt: NOW,
      updatedAt: NOW,
      publishedAt: null,
      views: 0,
      helped: 0,
      sourceTicket: null,
      version: 1,
    });
    expect(await kb.articles.get(TENANT, 'article-1')).toEqual(draft);
  });

  it('a requester may not write an article: the refusal says who may', async () => {
    const kb = setUp();
    const error = refusal(await kb.save.execute(TENANT, actors.ownRequester, { kind: 'create', fields: VPN, publish: true }));
    expect(error.code).toBe('HELPDESK.FORBIDDEN');
    expect(errorText('fr', error)).toBe('Seul le personnel du support rédige et publie les articles de la base de connaissances.');
    expect(errorText('en', error)).toBe('Only support staff write and publish knowledge-base articles.');
    expect(await kb.articles.get(TENANT, 'article-1')).toBeNull();
  });

  it('names the wrong field and its limit', async () => {
    const kb = setUp();
    const cases: [Partial<ArticleInput>, string, string][] = [
      [{ title: ' ' }, 'Le titre est obligatoire : rien n’a été enregistré.', 'The title is required: nothing was saved.'],
      [{ title: 'x'.repeat(ARTICLE_LIMITS.titleMax + 1) }, 'Le titre fait au plus 255 caractères : rien n’a été enregistré.', 'The title is at most 255 characters long: nothing was saved.'],
      [{ symptoms: 'x'.repeat(ARTICLE_LIMITS.symptomsMax + 1) }, 'La description des symptômes fait au plus 5000 caractères : rien n’a été enregistré.', 'The symptoms description is at most 5000 characters long: nothing was saved.'],
      [{ solution: '' }, 'La solution est obligatoire : rien n’a été enregistré.', 'The solution is required: nothing was saved.'],
      [{ solution: 'x'.repeat(ARTICLE_LIMITS.solutionMax + 1) }, 'La solution fait au plus 10000 caractères : rien n’a été enregistré.', 'The solution is at most 10000 characters long: nothing was saved.'],
      [{ categoryId: 'printers' }, 'Cette catégorie n’existe pas : choisissez-en une dans la liste. Rien n’a été enregistré.', 'This category does not exist: pick one from the list. Nothing was saved.'],
      [{ language: 'de' }, 'Choisissez la langue de l’article, français ou anglais : rien n’a été enregistré.', 'Pick the article’s language, French or English: nothing was saved.'],
    ];
    for (const [change, fr, en] of cases) {
      const error = refusal(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'create', fields: { ...VPN, ...change }, publish: true }));
      expect({ code: error.code, fr: errorText('fr', error), en: errorText('en', error) }).toEqual({ code: 'KB.VALIDATION', fr, en });
    }
  });

  it('drafts an article from a solved ticket: its title, description, solution, category and number', async () => {
    const kb = setUp();
    const ticket = aTicketIn('solved', { tenantId: TENANT, solutions: [aSolution({ text: 'Compte réactivé dans HorairePro.' })] });
    value(await kb.tickets.insert(ticket));
    const draft = value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'fromTicket', ticketNumber: ticket.number, language: 'fr' }));
    expect(draft).toMatchObject({
      title: ticket.title,
      symptoms: ticket.description,
      solution: 'Compte réactivé dans HorairePro.',
      categoryId: ticket.categoryId,
      status: 'draft',
      sourceTicket: { id: ticket.id, number: ticket.number },
    });
    expect(await kb.articles.sourceTicketIds(TENANT, NOW)).toEqual([ticket.id]);
  });

  it('a ticket with no solution yet cannot become an article; an unknown ticket is not found', async () => {
    const kb = setUp();
    value(await kb.tickets.insert(aTicketIn('assigned', { tenantId: TENANT })));
    const noSolution = refusal(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'fromTicket', ticketNumber: 1042, language: 'fr' }));
    expect(errorText('fr', noSolution)).toBe('La solution est obligatoire : rien n’a été enregistré.');
    const unknown = refusal(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'fromTicket', ticketNumber: 7, language: 'fr' }));
    expect({ code: unknown.code, text: errorText('fr', unknown) }).toEqual({ code: 'TICKET.NOT_FOUND', text: 'Le ticket n° 7 est introuvable.' });
  });

  it('edits and publishes the version the editor opened; an edit of an older version is a conflict', async () => {
    const kb = setUp();
    const draft = value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'create', fields: VPN, publish: false }));
    const edited = value(await kb.save.execute(TENANT, actors.lead, { kind: 'edit', id: draft.id, version: 1, fields: { ...VPN, title: 'VPN refusé' }, publish: true }));
    expect(edited).toMatchObject({ title: 'VPN refusé', status: 'published', publishedAt: NOW, editor: people.lea, author: people.tina, version: 2 });
    const stale = refusal(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'edit', id: draft.id, version: 1, fields: VPN, publish: false }));
    expect({ code: stale.code, text: errorText('fr', stale) }).toEqual({
      code: 'KB.CONFLICT',
      text: 'L’article a été modifié entre-temps : rouvrez-le pour voir sa version à jour. Rien n’a été enregistré.',
    });
    // saved again without « Publier », a published article stays published
    const kept = value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'edit', id: draft.id, version: 2, fields: VPN, publish: false }));
    expect(kept).toMatchObject({ status: 'published', publishedAt: NOW, version: 3 });
    const missing = refusal(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'edit', id: 'nope', version: 1, fields: VPN, publish: false }));
    expect(errorText('en', missing)).toBe('This knowledge-base article was not found.');
  });
});

describe('SearchArticles', () => {
  it('finds published articles for anyone, best first, with a snippet', async () => {
    const kb = setUp();
    await published(kb);
    const hits = value(await kb.search.execute(TENANT, actors.ownRequester, { text: 'connexions refusées', language: 'fr' }));
    expect(hits.map((hit) => ({ title: hit.article.title, snippet: hit.snippet }))).toEqual([{ title: 'VPN : connexion refusée', snippet: VPN.symptoms }]);
  });

  it('shows drafts to staff who ask for them, never to a requester who asks', async () => {
    const kb = setUp();
    value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'create', fields: VPN, publish: false }));
    expect(value(await kb.search.execute(TENANT, actors.ownRequester, { text: 'vpn', language: 'fr', includeDrafts: true }))).toEqual([]);
    expect(value(await kb.search.execute(TENANT, actors.groupTechnician, { text: 'vpn', language: 'fr', includeDrafts: true })).map((hit) => hit.article.status)).toEqual(['draft']);
  });

  it('asks nothing of the store for words that are all operators or quotes, and at most five results of it', async () => {
    const kb = setUp();
    expect(value(await kb.search.execute(TENANT, actors.groupTechnician, { text: ' " - -- "" ', language: 'fr' }))).toEqual([]);
    expect(kb.searches).toEqual([]);
    await kb.search.execute(TENANT, actors.groupTechnician, { text: `"vpn" -refus ${'mot '.repeat(80)}`, language: 'en', limit: 50 });
    expect(kb.searches).toHaveLength(1);
    expect(kb.searches[0].limit).toBe(ARTICLE_LIMITS.searchResults);
    expect(kb.searches[0].text.startsWith('vpn refus mot mot')).toBe(true);
    expect(kb.searches[0].text.length).toBeLessThanOrEqual(ARTICLE_LIMITS.queryMax);
  });

  it('offers a requester nothing for a message sharing one common word with a solution (the deflection threshold)', async () => {
    const kb = setUp();
    await published(kb);
    const offered = (text: string) => kb.search.execute(TENANT, actors.ownRequester, { text, language: 'fr', limit: ARTICLE_LIMITS.deflectionResults, minScore: DEFLECTION_MIN_SCORE });
    expect(value(await offered('Il faut relancer mon imprimante')).map((hit) => hit.article.title)).toEqual([]);
    expect(value(await offered('Le VPN me dit connexion refusée depuis ce matin')).map((hit) => hit.article.title)).toEqual(['VPN : connexion refusée']);
  });
});

describe('ViewArticle', () => {
  it('counts one view per opening and shows it', async () => {
    const kb = setUp();
    const article = await published(kb);
    expect(value(await kb.view.execute(TENANT, actors.ownRequester, article.id)).views).toBe(1);
    expect(value(await kb.view.execute(TENANT, actors.otherRequester, article.id)).views).toBe(2);
    expect(value(await kb.view.execute(TENANT, actors.groupTechnician, article.id, { count: false })).views).toBe(2);
    expect((await kb.articles.get(TENANT, article.id))?.views).toBe(2);
  });

  it('a draft reads as not found to a requester, and counts nothing', async () => {
    const kb = setUp();
    const draft = value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'create', fields: VPN, publish: false }));
    const error = refusal(await kb.view.execute(TENANT, actors.ownRequester, draft.id));
    expect({ code: error.code, text: errorText('fr', error) }).toEqual({ code: 'KB.NOT_FOUND', text: 'Cet article de la base de connaissances est introuvable.' });
    expect(value(await kb.view.execute(TENANT, actors.groupTechnician, draft.id)).views).toBe(1);
  });
});

describe('RecordDeflection and CountArticleHelped', () => {
  it('« Ça a résolu mon problème » counts one deflection and one « helped » per draft, however many clicks', async () => {
    const kb = setUp();
    const article = await published(kb);
    const first = value(await kb.deflect.execute(TENANT, actors.ownRequester, { articleId: article.id, key: 'draft-1' }));
    const again = value(await kb.deflect.execute(TENANT, actors.ownRequester, { articleId: article.id, key: 'draft-1' }));
    expect([first.recorded, first.article.helped, again.recorded, again.article.helped]).toEqual([true, 1, false, 1]);
    expect(await kb.articles.countDeflections(TENANT, NOW, new Date(NOW.getTime() + 1))).toBe(1);
    expect((await kb.articles.get(TENANT, article.id))?.helped).toBe(1);
  });

  it('an article unpublished meanwhile counts nothing', async () => {
    const kb = setUp();
    const draft = value(await kb.save.execute(TENANT, actors.groupTechnician, { kind: 'create', fields: VPN, publish: false }));
    const error = refusal(await kb.deflect.execute(TENANT, actors.ownRequester, { articleId: draft.id, key: 'draft-1' }));
    expect(error).toMatchObject({ code: 'KB.NOT_FOUND', details: { unpublished: true } });
    expect(await kb.articles.countDeflections(TENANT, new Date(0), new Date(NOW.getTime() + 1))).toBe(0);
    expect((await kb.articles.get(TENANT, draft.id))?.helped).toBe(0);
  });

  it('a solution proposed from an article counts it as helped once per call; a requester or a missing article counts nothing', async () => {
    const kb = setUp();
    const article = await published(kb);
    expect(await kb.helped.execute(TENANT, actors.assigneeTechnician, article.id)).toBe(true);
    expect(await kb.helped.execute(TENANT, actors.ownRequester, article.id)).toBe(false);
    expect(await kb.helped.execute(TENANT, actors.assigneeTechnician, 'gone')).toBe(false);
    expect(await kb.articles.get(TENANT, article.id)).toMatchObject({ helped: 1 });
  });
});
