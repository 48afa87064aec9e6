import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { ExportLinkRequest } from '../../src/domain/ports/ticket-export.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { ExportLinks } from '../../src/infra/http/export-link.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { LEA, THEO } from '../support/activities.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';
import { aTicketIn, people } from '../support/ticket-mother.js';

/**
 * « Exporter en CSV » (issue 13 §3), through the real server: the signed link a browser opens
 * without a Teams token gives the period's tickets of the lead's groups as a spreadsheet; a
 * technician who is no lead, an expired, altered or forged link get a sentence, never data.
 */

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

const ADELE = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000ad', name: 'Adèle Admin' };
const DAY = 24 * 60 * 60_000;

/** links as the server makes them: the test app's secret is its app password */
const links = (now = () => new Date()) => new ExportLinks(() => env.server.url, 'test-secret', now);
const linkFor = (user: { aadObjectId: string; name: string }, fields: Partial<ExportLinkRequest> = {}, now?: () => Date) =>
  links(now).linkFor({ tenantId: TEST_TENANT_ID, userId: user.aadObjectId, userName: user.name, language: 'fr', days: 30, ...fields });

async function store(tickets: Ticket[]) {
  await db().collection('tickets').insertMany(tickets.map((ticket) => ({ ...toDocument(ticket), outbox: [], cardCopies: [] })) as Document[]);
}

const ticket = (number: number, fields: Partial<Ticket>) =>
  aTicketIn('assigned', { id: `tkt-${number}`, tenantId: TEST_TENANT_ID, number, groupId: 'support-n1', assignee: people.bob, ...fields });

async function seed() {
  const now = Date.now();
  await store([
    ticket(1, { title: 'Écran noir; poste 12', createdAt: new Date(now - 2 * DAY), categoryId: 'hardware.screen' }),
    ticket(2, { title: '=HYPERLINK("http://evil.example","clic")', createdAt: new Date(now - 3 * DAY) }),
    ticket(3, { title: 'Switch du 2e en panne', groupId: 'reseau-n2', createdAt: new Date(now - 4 * DAY) }),
    ticket(4, { title: 'Vieux ticket', createdAt: new Date(now - 40 * DAY) }),
  ]);
}

const lines = (csv: string) => csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('« Exporter en CSV »', () => {
  it('a lead downloads the period’s tickets of her groups, in French, spreadsheet-safe', async () => {
    await seed();
    const response = await fetch(linkFor(LEA));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="guichet-tickets-30j.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    // the byte-order mark Excel needs to read the accents as UTF-8
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    const [header, ...rows] = lines(csv);
    expect(header).toBe(
      'Numéro;Titre;Type;Statut;Catégorie;Priorité;Groupe;Demandeur;Technicien;Source;Ouvert le;Résolu le;Clos le;Prise en charge (min ouvrées);Prise en charge dans les temps;Résolution (min ouvrées);Résolution dans les temps;Niveau;Satisfaction',
    );
    // oldest first; N2's ticket and the one opened 40 days ago are not hers / not in the period
    expect(rows.map((row) => row.split(';')[0])).toEqual(['2', '1']);
    // a formula is text, a separator in a title is quoted
    expect(rows[0]).toContain(`;"'=HYPERLINK(""http://evil.example"",""clic"")";`);
    expect(rows[1]).toContain(';"Écran noir; poste 12";');
    expect(rows[1]).toContain(';Matériel > Écran;');
    expect(rows[1]).toContain(';Support N1;');
  });

  it('an admin gets every group’s, in English with commas when asked in English', async () => {
    await seed();
    const response = await fetch(linkFor(ADELE, { language: 'en', days: 7 }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="guichet-tickets-7d.csv"');
    const [header, ...rows] = lines(await response.text());
    expect(header.startsWith('Number,Title,Type,Status,')).toBe(true);
    expect(rows.map((row) => row.split(',')[0])).toEqual(['3', '2', '1']);
  });

  it('a technician who is no lead is refused with the whole sentence, and nothing of the tickets', async () => {
    await seed();
    const response = await fetch(linkFor(THEO));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Les statistiques sont réservées aux responsables de groupe et aux administrateurs.');
  });

  it('an expired, altered or forged link says so', async () => {
    await seed();
    const expired = await fetch(linkFor(LEA, {}, () => new Date(Date.now() - 16 * 60_000)), { headers: { 'accept-language': 'fr-FR' } });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toBe('Ce lien d’export a expiré (il vaut 15 minutes). Tapez « stats » dans Teams et cliquez de nouveau sur « Exporter en CSV ».');

    const genuine = linkFor(THEO);
    // Théo's own link, turned into Léa's: the signature no longer matches
    const [body, signature] = genuine.split('/api/exports/')[1]!.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    const altered = Buffer.from(JSON.stringify({ ...claims, u: LEA.aadObjectId })).toString('base64url');
    const tampered = await fetch(`${env.server.url}/api/exports/${altered}.${signature}`, { headers: { 'accept-language': 'en-US' } });
    expect(tampered.status).toBe(404);
    expect(await tampered.text()).toBe('This export link is not valid. Type "stats" in Teams and click "Export as CSV".');

    const forged = new ExportLinks(() => env.server.url, 'another-secret').linkFor({ tenantId: TEST_TENANT_ID, userId: LEA.aadObjectId, userName: LEA.name, language: 'fr', days: 90 });
    expect((await fetch(forged)).status).toBe(404);
  });
});
