import { mkdir, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import { newArticle } from '../../src/domain/knowledge-article.js';
import { MongoKnowledgeBase } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { useTestDatabase } from '../support/mongo.js';
import {
  buttonNames,
  cardsIn,
  hideLogPanel,
  launchChromium,
  recordTurns,
  say,
  startPlayground,
  transcript,
  type RunningBrowser,
  type RunningPlayground,
} from '../support/playground.js';

/**
 * Deflection in a real Teams-like client: the Microsoft 365 Agents Playground against the real
 * server and a real mongod. A support technician published an article beforehand (seeded through
 * the store); the requester, in English as the Playground speaks it, describes the same problem,
 * is offered the article above the form, opens its solution, says it solved the problem: the
 * thank-you card replaces the form, one deflection is counted, no ticket exists.
 */

const MESSAGE = 'Outlook keeps asking for my password since this morning';
const ARTICLE = {
  title: 'Outlook keeps asking for the password',
  symptoms: 'Outlook shows the password prompt again and again, usually after a password change.',
  solution: 'Open Credential Manager, remove the saved Outlook entries, restart Outlook and sign in once.',
} as const;

const TEXT = {
  welcome: 'Welcome to Guichet',
  heading: 'This might help',
  showSolution: 'Show the solution',
  solved: 'That solved my problem',
  anyway: 'Create the ticket anyway',
  cancel: 'Cancel',
  thanks: 'Glad that fixed it!',
  noTicket: 'No ticket was created. Here is the solution that worked, should you need it again.',
};

const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe('deflection in the Microsoft 365 Agents Playground', () => {
  const db = useTestDatabase();
  let app: App | undefined;
  let playground: RunningPlayground | undefined;
  let chromium: RunningBrowser | undefined;

  afterAll(async () => {
    await chromium?.close();
    await playground?.stop();
    await app?.stop();
  }, 30_000);

  it('a requester is offered the published article above the form, opens its solution, says it solved the problem: thanks, no ticket', async () => {
    // started inside the test: useTestDatabase wipes every collection before each test
    const loaded = loadConfig({ NODE_ENV: 'test', PORT: '0', GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk.json' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.config.localMode).toBe(true); // the Playground sends no token
    app = await createApp(loaded.config, { db: db() });
    const turns = recordTurns(app.bot);
    const { url } = await app.start();
    playground = await startPlayground({ endpoint: `${url}/api/messages`, env: { TZ: 'Europe/Paris' } });

    // launched here, not in a hook, so a missing Chromium fails this test (never "skipped")
    chromium = await launchChromium();
    const page: Page = await chromium.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 1600 } });
    page.setDefaultTimeout(20_000);
    onTestFailed(async () => {
      console.error(`[deflection e2e] turns seen by the bot:\n${transcript(turns)}`);
      console.error(`[deflection e2e] Playground output:\n${playground?.output()}`);
      await mkdir(RESULTS, { recursive: true });
      await page.screenshot({ path: `${RESULTS}deflection-failure.png`, fullPage: true }).catch(() => undefined);
      await writeFile(`${RESULTS}deflection-failure.html`, await page.content()).catch(() => undefined);
    });

    // 0. the Playground installs the bot in personal chat: its tenant is where the article lives
    await page.goto(playground.url);
    await cardsIn(page).filter({ hasText: TEXT.welcome }).first().waitFor();
    await hideLogPanel(page);
    const install = turns.find((turn) => turn.inbound.type === 'installationUpdate')!;
    const tenantId = String(install.inbound.channelData?.tenant?.id ?? install.inbound.conversation?.tenantId);
    expect(tenantId).toMatch(/\S/);

    // a technician published it earlier (seeded through the store, as « Publier » saves it)
    const kb = new MongoKnowledgeBase(db());
    const at = new Date();
    const technician = { id: '7e57e57e-0000-4000-8000-0000000000a1', name: 'Théo Technicien' };
    const article = newArticle({ id: randomUUID(), tenantId, author: technician, now: at }, { ...ARTICLE, categoryId: null, language: 'en' }, true);
    expect(await kb.save(article)).toBe(true);

    // 1. the requester describes the problem: the article is offered above the prefilled form
    await say(page, MESSAGE);
    const offer = cardsIn(page).filter({ hasText: TEXT.heading });
    await offer.waitFor();
    await offer.getByText(ARTICLE.title, { exact: true }).waitFor();
    const solution = offer.getByText(ARTICLE.solution, { exact: true });
    expect(await solution.isVisible()).toBe(false);
    // (the form's drop-downs are unnamed buttons too)
    expect((await buttonNames(offer)).filter(Boolean)).toEqual([TEXT.showSolution, TEXT.solved, TEXT.anyway, TEXT.cancel]);
    expect(await offer.getByRole('textbox', { name: /^Description/ }).inputValue()).toBe(MESSAGE);

    // 2. « Show the solution » opens it in place (nothing goes to the bot)
    const invokesBefore = turns.filter((turn) => turn.inbound.type === 'invoke').length;
    await offer.getByRole('button', { name: TEXT.showSolution }).click();
    await solution.waitFor({ state: 'visible' });
    expect(turns.filter((turn) => turn.inbound.type === 'invoke')).toHaveLength(invokesBefore);
    await offer.scrollIntoViewIfNeeded();
    await offer.screenshot({ path: DOCS('deflection.png'), animations: 'disabled' });

    // 3. « That solved my problem »: the thank-you card replaces the offer, with the solution kept
    const cardsBefore = await cardsIn(page).count();
    await offer.getByRole('button', { name: TEXT.solved }).click();
    const thanks = cardsIn(page).filter({ hasText: TEXT.thanks });
    await thanks.waitFor();
    await offer.waitFor({ state: 'detached' });
    expect(await cardsIn(page).count()).toBe(cardsBefore);
    await thanks.getByText(TEXT.noTicket, { exact: true }).waitFor();
    await thanks.getByText(ARTICLE.solution, { exact: true }).waitFor();
    expect(await buttonNames(thanks)).toEqual([TEXT.anyway]);
    await thanks.scrollIntoViewIfNeeded();
    await thanks.screenshot({ path: DOCS('deflection-thanks.png'), animations: 'disabled' });

    const deflect = turns.find((turn) => turn.inbound.type === 'invoke' && turn.inbound.value?.action?.verb === 'kb.deflect')!;
    const message = turns.find((turn) => turn.inbound.type === 'message' && turn.inbound.text === MESSAGE)!;
    expect(deflect.inbound.from.aadObjectId).toBe(message.inbound.from.aadObjectId);
    expect(deflect.inbound.value.action.data).toMatchObject({ articleId: article.id, description: MESSAGE });
    expect(deflect.outbound.find((activity) => activity.type === 'invokeResponse')?.value.status).toBe(200);

    // 4. counted once, the article helped, and no ticket was opened
    expect(await kb.countDeflections(tenantId, new Date(at.getTime() - 60_000), new Date(Date.now() + 60_000))).toBe(1);
    expect((await kb.get(tenantId, article.id))?.helped).toBe(1);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  }, 120_000);
});
