import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { LEA, personalChat, THEO, type TestUser } from '../support/activities.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { actionsOf, shown, textsOf } from '../support/card-reading.js';
import { clickIn, invokeCard, sayInPersonalChat } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';
import { aTicketIn, people } from '../support/ticket-mother.js';

/**
 * « stats » (issue 13 §3) through the real server: refused to a technician who is no lead, with
 * the whole sentence; a lead's card covers her groups only, its period buttons redraw it, and its
 * export link downloads the same tickets.
 */

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);
const DAY = 24 * 60 * 60_000;

const say = (user: TestUser, text: string) => sayInPersonalChat(env, issuer.sign(), user, text);

/** the FactSets' lines, as « name: value » */
function factsOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, inFallback: boolean): void => {
    if (Array.isArray(node)) node.forEach((child) => walk(child, inFallback));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'FactSet' && !inFallback) for (const fact of record.facts as { title: string; value: string }[]) out.push(`${shown(fact.title)}: ${shown(fact.value)}`);
      for (const [key, child] of Object.entries(record)) walk(child, inFallback || key === 'fallback');
    }
  };
  walk(card, false);
  return out;
}

async function seed() {
  const now = Date.now();
  const ticket = (number: number, fields: Partial<Ticket>) =>
    aTicketIn('assigned', { id: `tkt-${number}`, tenantId: TEST_TENANT_ID, number, groupId: 'support-n1', assignee: people.bob, createdAt: new Date(now - 2 * DAY), ...fields });
  const tickets = [
    ticket(1, { priority: 4 }),
    ticket(2, { priority: 3, createdAt: new Date(now - 10 * DAY) }),
    ticket(3, { priority: 3, groupId: 'reseau-n2' }),
    ticket(4, { priority: 2, createdAt: new Date(now - 60 * DAY) }),
  ];
  await db().collection('tickets').insertMany(tickets.map((t) => ({ ...toDocument(t), outbox: [], cardCopies: [] })) as Document[]);
}

describe('« stats »', () => {
  it('is refused to a technician who is not a lead, with the whole sentence', async () => {
    const { card } = await say(THEO, 'stats');
    expect(textsOf(card).map(shown)).toContain('Les statistiques sont réservées aux responsables de groupe et aux administrateurs.');
    expect(JSON.stringify(card)).not.toContain('Statistiques des');
  });

  it('a lead sees her groups’ month; « 7 jours » redraws the week; the export downloads the same tickets', async () => {
    await seed();
    const { id, card } = await say(LEA, 'stats');
    // the charts are Teams' own elements; other hosts draw their fallbacks (`say` checked each has one)
    expect(JSON.stringify(card)).toContain('"type":"Chart.Line"');
    expect(JSON.stringify(card)).toContain('"type":"Chart.Donut"');
    const texts = textsOf(card).map(shown);
    expect(texts.slice(0, 2)).toEqual(['Statistiques des 30 derniers jours', 'Groupes : Support N1']);
    const facts = factsOf(card);
    // N2's ticket and the one opened 60 days ago are not counted
    expect(facts).toContain('Ouverts: 2');
    expect(facts).toEqual(expect.arrayContaining(['Haute: 1', 'Moyenne: 1']));
    // the backlog is today's, whenever opened: the 60-day-old ticket still waits
    expect(facts).toEqual(expect.arrayContaining(['moins d’un jour: 0', '1 à 3 jours: 1', '3 à 7 jours: 0', 'plus d’une semaine: 2']));
    expect(JSON.stringify(card)).toContain('{"type":"Chart.Donut","data":[{"legend":"En cours (attribué)","value":2}]');
    expect(actionsOf(card, 'stats.show')).toEqual([{ days: '7' }, { days: '30' }, { days: '90' }]);

    const week = await invokeCard(env.server, issuer.sign(), clickIn(LEA, 'stats.show', { days: '7' }, { chat: personalChat(LEA), cardId: id }));
    expect(textsOf(week).map(shown)[0]).toBe('Statistiques des 7 derniers jours');
    expect(factsOf(week)).toContain('Ouverts: 1');
    // where charts are not drawn, the same figures day by day
    expect(textsOf(week).map(shown)).toContain(`${new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'Europe/Paris' }).format(new Date(Date.now() - 2 * DAY))} : ouverts 1 · clos 0`);

    const exportUrl = JSON.stringify(card).match(/"url":"([^"]+\/api\/exports\/[^"]+)"/)?.[1];
    expect(exportUrl).toBeDefined();
    const csv = await (await fetch(exportUrl!)).text();
    expect(csv.trimEnd().split('\r\n').slice(1).map((row) => row.split(';')[0])).toEqual(['2', '1']);
  });

  it('a forged period is bad data, not statistics', async () => {
    const answer = await invokeCard(env.server, issuer.sign(), clickIn(LEA, 'stats.show', { days: '365' }, { chat: personalChat(LEA) }));
    expect(JSON.stringify(answer)).not.toContain('Statistiques des');
  });
});

describe('« stats » with a period it does not offer', () => {
  it('is told the periods there are, in the language typed; a technician is told stats are for leads', async () => {
    expect(textsOf((await say(LEA, 'stats 45')).card).map(shown)).toContain('Les statistiques couvrent 7, 30 ou 90 jours : tapez « stats 7 », « stats 30 » ou « stats 90 ».');
    expect(textsOf((await say(LEA, 'statistics 120 days')).card).map(shown)).toContain('Statistics cover 7, 30 or 90 days: type "stats 7", "stats 30" or "stats 90".');
    expect(textsOf((await say(THEO, 'statistiques 45 jours')).card).map(shown)).toContain('Les statistiques sont réservées aux responsables de groupe et aux administrateurs.');
    // words after it are a problem to report, not a period
    expect(JSON.stringify((await say(LEA, 'statistiques du serveur de fichiers introuvables')).card)).not.toContain('Les statistiques couvrent');
  });
});
