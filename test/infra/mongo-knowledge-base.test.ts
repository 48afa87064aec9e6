import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { editArticle, literalQuery, newArticle, type ArticleFields, type ArticleLanguage, type KnowledgeArticle } from '../../src/domain/knowledge-article.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { ARTICLES_COLLECTION, ARTICLES_TEXT_INDEX, MongoKnowledgeBase, SEARCH_TIME_LIMIT_MS } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { captureLogs } from '../support/captured-logs.js';
import { useTestDatabase } from '../support/mongo.js';
import { people } from '../support/ticket-mother.js';

const db = useTestDatabase();

beforeAll(async () => {
  await ensureIndexes(db());
});

const TENANT = 'tenant-contoso';
const T0 = new Date('2026-11-02T09:00:00Z');
let sequence = 0;

function anArticle(fields: Partial<ArticleFields> & { title: string }, options: { publish?: boolean; tenantId?: string } = {}): KnowledgeArticle {
  sequence += 1;
  return newArticle(
    { id: `article-${sequence}`, tenantId: options.tenantId ?? TENANT, author: people.tina, now: T0 },
    { symptoms: '', solution: 'Redémarrer le poste.', categoryId: null, language: 'fr', ...fields },
    options.publish ?? true,
  );
}

async function stored(...articles: KnowledgeArticle[]): Promise<MongoKnowledgeBase> {
  const kb = new MongoKnowledgeBase(db());
  for (const article of articles) expect(await kb.save(article)).toBe(true);
  return kb;
}

/** What a search shows, as titles best first: the words made literal as the use case does. */
async function titlesFound(kb: MongoKnowledgeBase, text: string, language: ArticleLanguage, options: { includeDrafts?: boolean; tenantId?: string } = {}) {
  const matches = await kb.search(options.tenantId ?? TENANT, { text: literalQuery(text), language, limit: 5, includeDrafts: options.includeDrafts ?? false });
  return matches.map((match) => match.article.title);
}

const PRINTER_FR = { title: 'Imprimante bloquée au 2e étage', symptoms: 'L’imprimante affiche « bourrage » et ne sort plus rien.', solution: 'Ouvrir le capot, retirer la feuille coincée, relancer l’impression.' };
const SCREEN_FR = { title: 'Écran noir au démarrage', symptoms: 'Le poste démarre mais l’écran reste noir.', solution: 'Vérifier le câble HDMI.' };
const SCREEN_NO_ACCENT = { title: 'Ecran qui clignote', symptoms: 'L’image est instable.', solution: 'Changer le cable.' };
const PRINTER_EN = { title: 'Printer offline', symptoms: 'The printer shows offline and nothing prints.', solution: 'Restart the print spooler.', language: 'en' as const };
const VPN_FR = { title: 'VPN : connexion refusée', symptoms: 'Le client VPN affiche « connexion refusée ».', solution: 'Réinitialiser le mot de passe puis relancer le client VPN.' };

describe('MongoKnowledgeBase search', () => {
  it('stems French: « imprimantes bloquées » finds the article on « imprimante bloquée »', async () => {
    const kb = await stored(anArticle(PRINTER_FR), anArticle(VPN_FR));
    expect(await titlesFound(kb, 'imprimantes bloquées', 'fr')).toEqual([PRINTER_FR.title]);
  });

  it('stems English: « printers » and « printing » find the article on a printer that prints nothing', async () => {
    const kb = await stored(anArticle(PRINTER_EN), anArticle(PRINTER_FR));
    expect(await titlesFound(kb, 'printers', 'en')).toEqual([PRINTER_EN.title]);
    expect(await titlesFound(kb, 'printing', 'en')).toEqual([PRINTER_EN.title]);
  });

  it('ignores accents both ways: « ecran » finds « Écran », « écran » finds « Ecran »', async () => {
    const kb = await stored(anArticle(SCREEN_FR), anArticle(SCREEN_NO_ACCENT), anArticle(PRINTER_FR));
    expect(new Set(await titlesFound(kb, 'ecran', 'fr'))).toEqual(new Set([SCREEN_FR.title, SCREEN_NO_ACCENT.title]));
    expect(new Set(await titlesFound(kb, 'écran', 'fr'))).toEqual(new Set([SCREEN_FR.title, SCREEN_NO_ACCENT.title]));
    expect(new Set(await titlesFound(kb, 'ÉCRANS', 'fr'))).toEqual(new Set([SCREEN_FR.title, SCREEN_NO_ACCENT.title]));
  });

  it('ranks a title match above a match in the solution only, whatever the insertion order', async () => {
    const inSolution = anArticle({ title: 'Poste lent le matin', solution: 'Vider le cache du navigateur puis redémarrer le navigateur.' });
    const inTitle = anArticle({ title: 'Navigateur qui plante', solution: 'Réinstaller.' });
    const kb = await stored(inSolution, inTitle);
    expect(await titlesFound(kb, 'navigateur', 'fr')).toEqual([inTitle.title, inSolution.title]);
  });

  it('keeps drafts from requesters: only staff searching with drafts see them', async () => {
    const draft = anArticle(VPN_FR, { publish: false });
    const kb = await stored(draft, anArticle(PRINTER_FR));
    expect(await titlesFound(kb, 'vpn', 'fr')).toEqual([]);
    expect(await titlesFound(kb, 'vpn', 'fr', { includeDrafts: true })).toEqual([VPN_FR.title]);
  });

  it('reads typed input literally: operators, JSON, quotes and a leading minus are words, never operators nor errors', async () => {
    const kb = await stored(anArticle(VPN_FR), anArticle(PRINTER_FR), anArticle({ title: 'Filtre $where dans un rapport', solution: 'Utiliser le filtre standard.' }));
    expect(await titlesFound(kb, '$where', 'fr')).toEqual(['Filtre $where dans un rapport']);
    expect(await titlesFound(kb, '{"$gt":""}', 'fr')).toEqual([]);
    // a phrase would need both words side by side in this order; a literal search needs either
    expect(await titlesFound(kb, '"refusée vpn"', 'fr')).toEqual([VPN_FR.title]);
    // « -vpn » would exclude every VPN article; literally, it asks for them
    expect(await titlesFound(kb, '-vpn', 'fr')).toEqual([VPN_FR.title]);
    expect(new Set(await titlesFound(kb, 'imprimante -vpn', 'fr'))).toEqual(new Set([PRINTER_FR.title, VPN_FR.title]));
  });

  it('cuts an over-long query: the words past the limit are not searched', async () => {
    const kb = await stored(anArticle(VPN_FR), anArticle(PRINTER_FR));
    const padding = 'zzz '.repeat(60);
    expect(padding.length).toBeGreaterThan(200);
    expect(await titlesFound(kb, `vpn ${padding}`, 'fr')).toEqual([VPN_FR.title]);
    expect(await titlesFound(kb, `${padding} vpn`, 'fr')).toEqual([]);
  });

  it('answers within its tenant only', async () => {
    const kb = await stored(anArticle(VPN_FR, { tenantId: 'tenant-fabrikam' }));
    expect(await titlesFound(kb, 'vpn', 'fr')).toEqual([]);
    expect(await titlesFound(kb, 'vpn', 'fr', { tenantId: 'tenant-fabrikam' })).toEqual([VPN_FR.title]);
    expect(await kb.get(TENANT, 'article-' + sequence)).toBeNull();
  });

  it('asks the server to give up after the time limit, for the words as made literal, the best first', async () => {
    const monitored = await new MongoClient(db.uri(), { monitorCommands: true }).connect();
    try {
      const finds: Record<string, unknown>[] = [];
      monitored.on('commandStarted', (event: CommandStartedEvent) => {
        if (event.commandName === 'find') finds.push(event.command);
      });
      const kb = new MongoKnowledgeBase(monitored.db(db.dbName));
      await kb.search(TENANT, { text: literalQuery('"vpn" -refusé'), language: 'fr', limit: 3, includeDrafts: false });
      // the driver sends the sort as a Map: its order is the ranking's
      expect(finds.map(({ filter, sort, limit, maxTimeMS }) => ({ filter, sort: [...(sort as Map<string, unknown>)], limit, maxTimeMS }))).toEqual([
        {
          filter: { tenantId: TENANT, $text: { $search: 'vpn refusé', $language: 'french' }, status: 'published' },
          sort: [['score', { $meta: 'textScore' }], ['helped', -1], ['_id', 1]],
          limit: 3,
          maxTimeMS: SEARCH_TIME_LIMIT_MS,
        },
      ]);
    } finally {
      await monitored.close();
    }
  });

  it('uses the one text index, tenant first, each article stemmed in its own language', async () => {
    const indexes = await db().collection(ARTICLES_COLLECTION).indexes();
    const text = indexes.filter((index) => Object.values(index.key).includes('text'));
    expect(text.map((index) => ({ name: index.name, tenant: index.key.tenantId, language_override: index.language_override, default_language: index.default_language }))).toEqual([
      { name: ARTICLES_TEXT_INDEX, tenant: 1, language_override: 'textLanguage', default_language: 'none' },
    ]);
    await stored(anArticle(PRINTER_EN), anArticle(PRINTER_FR));
    expect((await db().collection(ARTICLES_COLLECTION).find({}, { projection: { _id: 0, language: 1, textLanguage: 1 }, sort: { language: 1 } }).toArray())).toEqual([
      { language: 'en', textLanguage: 'english' },
      { language: 'fr', textLanguage: 'french' },
    ]);
  });
});

describe('MongoKnowledgeBase articles', () => {
  it('round-trips an article, dates as dates', async () => {
    const article = anArticle({ ...PRINTER_FR, categoryId: 'hardware.printer' });
    const kb = await stored({ ...article, sourceTicket: { id: 'ticket-12', number: 12 } });
    expect(await kb.get(TENANT, article.id)).toEqual({ ...article, sourceTicket: { id: 'ticket-12', number: 12 } });
  });

  it('saves an edit over the version it was made from only, and a new article once', async () => {
    const article = anArticle(VPN_FR, { publish: false });
    const kb = await stored(article);
    expect(await kb.save(article)).toBe(false);
    const edited = editArticle(article, { ...VPN_FR, title: 'VPN refusé', categoryId: null, language: 'fr' }, true, people.bob, new Date('2026-11-03T10:00:00Z'));
    expect(await kb.save(edited)).toBe(true);
    expect(await kb.save(editArticle(article, { ...VPN_FR, categoryId: null, language: 'fr' }, false, people.tina, T0))).toBe(false);
    expect(await kb.get(TENANT, article.id)).toEqual(edited);
  });

  it('counts views and helped with one $inc each, which a later edit does not overwrite', async () => {
    const article = anArticle(VPN_FR);
    const kb = await stored(article);
    await Promise.all([kb.countView(TENANT, article.id), kb.countView(TENANT, article.id), kb.countHelped(TENANT, article.id)]);
    await kb.save(editArticle(article, { ...VPN_FR, categoryId: null, language: 'fr' }, true, people.bob, T0));
    expect(await kb.get(TENANT, article.id)).toMatchObject({ views: 2, helped: 1, version: 2 });
  });

  it('leaves a malformed document out of results and says so in the log', async () => {
    const logs = captureLogs();
    const kb = new MongoKnowledgeBase(db(), logs.logger);
    await kb.save(anArticle(VPN_FR));
    await db().collection(ARTICLES_COLLECTION).insertOne({ _id: `${TENANT}:broken` as never, tenantId: TENANT, title: 'VPN cassé', symptoms: '', solution: '', textLanguage: 'french' });
    expect((await kb.search(TENANT, { text: 'vpn', language: 'fr', limit: 5, includeDrafts: true })).map((m) => m.article.title)).toEqual([VPN_FR.title]);
    expect(await kb.get(TENANT, 'broken')).toBeNull();
    expect(logs.entries().map((entry) => entry.msg)).toEqual([`malformed article document ${TENANT}:broken`, `malformed article document ${TENANT}:broken`]);
  });
});

describe('MongoKnowledgeBase deflections', () => {
  const deflection = (key: string, at = T0, tenantId = TENANT) => ({ tenantId, userId: people.alice.id, articleId: 'article-1', key, at });

  it('records a deflection once per key and counts it in its period', async () => {
    const kb = new MongoKnowledgeBase(db());
    expect(await kb.recordDeflection(deflection('draft-1'))).toBe(true);
    expect(await kb.recordDeflection(deflection('draft-1', new Date('2026-11-02T09:00:05Z')))).toBe(false);
    expect(await kb.recordDeflection(deflection('draft-2', new Date('2026-11-05T09:00:00Z')))).toBe(true);
    expect(await kb.countDeflections(TENANT, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBe(2);
    expect(await kb.countDeflections(TENANT, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-05T09:00:00Z'))).toBe(1);
  });

  it('keeps tenants apart: the same key in another tenant is another deflection, counted there', async () => {
    const kb = new MongoKnowledgeBase(db());
    expect(await kb.recordDeflection(deflection('draft-1'))).toBe(true);
    expect(await kb.recordDeflection(deflection('draft-1', T0, 'tenant-fabrikam'))).toBe(true);
    expect(await kb.countDeflections(TENANT, new Date(0), new Date('2027-01-01T00:00:00Z'))).toBe(1);
  });
});
