import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../src/domain/ticket.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { useTestDatabase } from '../support/mongo.js';
import { usePlaygroundSession } from '../support/playground-session.js';
import { cardsIn, hideLogPanel, say } from '../support/playground.js';
import { aTicketIn } from '../support/ticket-mother.js';

/**
 * What a lead sees of « stats » in a real Teams client (the Agents Playground, headless Chromium,
 * which draws Teams' Adaptive Card charts as Teams does). Théo leads support-n1; a month of its
 * tickets is stored as the domain builds them.
 */

const TENANT = '7e57e57e-0000-4000-8000-000000000001';
const DAY = 24 * 3_600_000;
const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'pending', 'solved', 'closed', 'closed'];

describe('« stats » for a lead (Agents Playground)', () => {
  const db = useTestDatabase();
  const session = usePlaygroundSession(db, { userFile: 'technician.yml', name: 'stats' });

  it('the lead types « stats »: his group’s month, its CSV downloaded from « Export as CSV », then « 7 days »', async () => {
    const { page: theo } = await session.open({ locale: 'en-US', viewport: { width: 1280, height: 1600 } });

    // a month of support-n1: 24 tickets, one every 30 hours, of every status and priority
    const now = Date.now();
    const tickets = Array.from({ length: 24 }, (_, i) =>
      aTicketIn(STATUSES[i % STATUSES.length]!, {
        id: `tkt-stats-${i + 1}`,
        tenantId: TENANT,
        number: i + 1,
        groupId: 'support-n1',
        priority: ((i % 5) + 1) as 1,
        categoryId: ['printing', 'hardware.screen', 'network.vpn'][i % 3]!,
        createdAt: new Date(now - (i * 30 + 2) * 3_600_000),
        closedAt: STATUSES[i % STATUSES.length] === 'closed' ? new Date(now - (i * 30) * 3_600_000) : null,
      }),
    );
    await db().collection('tickets').insertMany(tickets.map((t) => ({ ...toDocument(t), outbox: [], cardCopies: [] })) as never[]);

    await cardsIn(theo).filter({ hasText: 'Welcome to Guichet' }).first().waitFor();
    await hideLogPanel(theo);
    await say(theo, 'stats');
    const month = cardsIn(theo).filter({ hasText: 'Statistics for the last 30 days' });
    await month.waitFor();
    await month.getByText('Groups: Level 1 support').waitFor();
    // the Playground draws Teams' charts (a line per day, a donut by status), with their legends
    await month.getByText('By status (tickets opened in the period)').waitFor();
    await month.getByText('Opened', { exact: true }).first().waitFor();
    await month.getByText('over a week', { exact: true }).waitFor();
    await month.getByText('Export as CSV').waitFor();
    await month.scrollIntoViewIfNeeded();
    await month.screenshot({ path: DOCS('stats.png'), animations: 'disabled' });

    // « Export as CSV » opens the signed link in the browser: the month's tickets are downloaded
    const downloaded = new Promise<Download>((resolve) => {
      theo.on('download', resolve);
      theo.context().on('page', (opened) => opened.on('download', resolve));
    });
    await month.getByRole('link', { name: 'Export as CSV', exact: true }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe('guichet-tickets-30d.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain('Title');
    expect(lines).toHaveLength(1 + tickets.filter((t) => t.createdAt.getTime() >= now - 30 * DAY).length);

    await month.getByRole('button', { name: '7 days', exact: true }).click();
    await cardsIn(theo).filter({ hasText: 'Statistics for the last 7 days' }).waitFor();
    expect(tickets.filter((t) => t.createdAt.getTime() >= now - 7 * DAY).length).toBeGreaterThan(0);
  }, 180_000);
});
