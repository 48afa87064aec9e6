import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MongoKnowledgeBase } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { useTestDatabase } from '../support/mongo.js';
import { usePlaygroundSession } from '../support/playground-session.js';
import { buttonNames, cardsIn, hideLogPanel, say } from '../support/playground.js';
import { aTicketIn } from '../support/ticket-mother.js';

/**
 * The knowledge base from the technician's ticket card, clicked in a real Teams client (the
 * Agents Playground, headless Chromium). Théo works two tickets of support-n1 about the same
 * printer: he solves the first with « Add to the knowledge base » on, corrects the draft's title
 * and publishes it; on the second he searches from « Solve… », uses the article as the solution
 * and proposes it. The second ticket's solution names the article, which has helped once. In
 * chat, « kb printer » finds it; « kb gaps » shows him this month's gap: a VPN ticket solved
 * without any article.
 */

const TENANT = '7e57e57e-0000-4000-8000-000000000001';
const THEO = { id: '7e57e57e-0000-4000-8000-0000000000a1', name: 'Théo Technicien' };
const ROSE = { id: '7e57e57e-0000-4000-8000-0000000000b1', name: 'Rose Requérante' };
const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

const FIRST = 'The printer on the 3rd floor shows offline and nothing prints';
const SECOND = 'Printer offline on the 2nd floor since this morning';
const SOLUTION = 'Switch the printer off for thirty seconds, switch it on again, then send the print job again.';
const TEXT = {
  welcome: 'Welcome to Guichet',
  solve: 'Solve…',
  solution: /^Solution/,
  addToKb: 'Add to the knowledge base',
  propose: 'Propose solution',
  query: /^Words to look for in the knowledge base/,
  search: 'Search for a solution',
  fromTicket: 'The solution was proposed to the requester. Here is the draft article taken from ticket #1.',
  title: /^Title/,
  publish: 'Publish',
  published: 'Article published: it is offered to everyone.',
  use: 'Use as the solution',
  used: 'The solution of the article "Printer offline" is copied into "Solve…": read it, adapt it and propose it.',
};

describe('the knowledge base on the ticket card (Agents Playground)', () => {
  const db = useTestDatabase();
  const session = usePlaygroundSession(db, { userFile: 'technician.yml', name: 'kb-ticket' });

  it('Théo saves a solution as an article, publishes it, then finds it from another ticket and proposes it', async () => {
    const { turns, page: theo } = await session.open({ locale: 'en-US', viewport: { width: 1280, height: 1600 } });

    // Rose reported both; Théo has taken them (stored as the domain builds them)
    const now = new Date();
    const tickets = [FIRST, SECOND].map((title, i) =>
      aTicketIn('assigned', {
        id: `tkt-kb-${i + 1}`,
        tenantId: TENANT,
        number: i + 1,
        title,
        description: title,
        requester: ROSE,
        assignee: THEO,
        groupId: 'support-n1',
        categoryId: 'printing',
        createdAt: new Date(now.getTime() - (2 - i) * 3_600_000),
        updatedAt: now,
      }),
    );
    // and a VPN ticket solved today without any article: this month's gap
    const vpn = aTicketIn('solved', { id: 'tkt-kb-3', tenantId: TENANT, number: 3, title: 'VPN drops every ten minutes', requester: ROSE, assignee: THEO, groupId: 'support-n1', categoryId: 'network.vpn', solvedAt: now, updatedAt: now });
    await db().collection('tickets').insertMany([...tickets, vpn].map((t) => ({ ...toDocument(t), outbox: [], cardCopies: [] })) as never[]);
    await cardsIn(theo).filter({ hasText: TEXT.welcome }).first().waitFor();
    await hideLogPanel(theo);

    // 1. ticket #1: « Solve… » with « Add to the knowledge base » on → the draft article, retitled, published
    await say(theo, '#1');
    const first = cardsIn(theo).filter({ hasText: FIRST }).filter({ has: theo.getByRole('button', { name: TEXT.solve, exact: true }) });
    await first.waitFor();
    await first.getByRole('button', { name: TEXT.solve, exact: true }).click();
    await first.getByRole('textbox', { name: TEXT.solution }).fill(SOLUTION);
    await first.getByRole('checkbox', { name: TEXT.addToKb }).check();
    await first.getByRole('button', { name: TEXT.propose, exact: true }).click();
    const draft = cardsIn(theo).filter({ hasText: TEXT.fromTicket });
    await draft.waitFor();
    const title = draft.getByRole('textbox', { name: TEXT.title });
    expect(await title.inputValue()).toBe(FIRST);
    await title.fill('Printer offline');
    await draft.getByRole('button', { name: TEXT.publish, exact: true }).click();
    await cardsIn(theo).filter({ hasText: TEXT.published }).waitFor();

    // 2. ticket #2: « Search for a solution » from « Solve… », the article in place of the card
    await say(theo, '#2');
    const second = cardsIn(theo).filter({ hasText: SECOND }).filter({ has: theo.getByRole('button', { name: TEXT.solve, exact: true }) });
    await second.waitFor();
    await second.getByRole('button', { name: TEXT.solve, exact: true }).click();
    await second.getByRole('textbox', { name: TEXT.query }).fill('printers offline');
    await second.getByRole('button', { name: TEXT.search, exact: true }).click();
    const results = cardsIn(theo).filter({ has: theo.getByRole('button', { name: TEXT.use, exact: true }) });
    await results.waitFor();
    await results.getByText('Printer offline', { exact: true }).waitFor();
    expect(await buttonNames(results)).toContain(TEXT.use);
    await results.scrollIntoViewIfNeeded();
    await results.screenshot({ path: DOCS('kb-ticket.png'), animations: 'disabled' });

    // 3. « Use as the solution »: the ticket card again, its « Solve… » filled with the article's solution
    await results.getByRole('button', { name: TEXT.use, exact: true }).click();
    const filled: Locator = cardsIn(theo).filter({ hasText: TEXT.used });
    await filled.waitFor();
    await filled.getByRole('button', { name: TEXT.solve, exact: true }).click();
    const solution = filled.getByRole('textbox', { name: TEXT.solution });
    expect(await solution.inputValue()).toBe(SOLUTION);
    await solution.fill(`${SOLUTION} Check the network cable.`);
    await filled.getByRole('button', { name: TEXT.propose, exact: true }).click();
    await expect.poll(async () => (await db().collection('tickets').findOne({ tenantId: TENANT, number: 2 }))?.status).toBe('solved');

    // what was clicked is what was stored: the article published from #1, #2's solution names it
    const stored = await db().collection('tickets').findOne({ tenantId: TENANT, number: 2 });
    const articleId = stored?.solutions.at(-1)?.articleId;
    expect(stored?.solutions.at(-1)).toMatchObject({ text: `${SOLUTION} Check the network cable.`, author: THEO });
    const article = await new MongoKnowledgeBase(db()).get(TENANT, String(articleId));
    expect(article).toMatchObject({ title: 'Printer offline', status: 'published', language: 'en', helped: 1, sourceTicket: { number: 1 } });

    // 4. in chat: « kb <words> » finds the article for anyone; « kb gaps » shows the lead this month's VPN gap
    await say(theo, 'kb printer');
    const found = cardsIn(theo).filter({ hasText: 'Knowledge base: "printer"' });
    await found.waitFor();
    await found.getByText('Printer offline', { exact: true }).waitFor();
    await say(theo, 'kb gaps');
    const gaps = cardsIn(theo).filter({ hasText: 'Knowledge-base gaps since' });
    await gaps.waitFor();
    await gaps.getByText('1 ticket solved without an article · for example #3', { exact: true }).waitFor();
    expect(await gaps.getByText('#1', { exact: false }).count()).toBe(0);

    const clicks = turns.filter((turn) => turn.inbound.type === 'invoke').map((turn) => turn.inbound.value?.action?.verb);
    expect(clicks).toEqual(['ticket.solve', 'kb.saveArticle', 'kb.searchForTicket', 'kb.useArticle', 'ticket.solve']);
  }, 180_000);
});
