import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import { useTestDatabase } from '../support/mongo.js';
import {
  launchChromium,
  recordTurns,
  startPlayground,
  transcript,
  type RunningBrowser,
  type RunningPlayground,
  type Turn,
} from '../support/playground.js';

/**
 * The whole chat path in a real browser: the Microsoft 365 Agents Playground (a local Teams
 * client) talks to the real server, which stores tickets in a real mongod.
 *
 * Language: the Playground (0.2.28) hard-codes `locale: "en-US"` in every message, invoke and
 * installationUpdate it generates (no CLI option, config-file field, env var or UI setting
 * changes it; the browser's language is ignored). So the user does what a French speaker with
 * an English Teams client does: says « français » once, and Guichet answers in French from then on.
 * Its time zone is the one of its own process, so TZ=Europe/Paris makes it a user in France.
 */

const MESSAGE =
  'Bonjour, je n\'arrive plus à me connecter à HorairePro : "Accès refusé. Contactez l\'administrateur." ' +
  'Je dois soumettre mes horaires avant mercredi 17h.';
const TITLE = "Je n'arrive plus à me connecter à HorairePro";
const LOCATION = 'Bâtiment B, 2e étage';

// the welcome follows the Playground's en-US; after « français », Guichet's French texts
const TEXT = {
  welcome: 'Welcome to Guichet',
  help: 'Ce que je comprends',
  submit: 'Créer le ticket',
  statusNew: 'Nouveau',
  saved: 'Ticket enregistré.',
  listTitle: 'Mes tickets',
};

const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const FAILURE_SCREENSHOT = fileURLToPath(new URL('../../test-results/playground-failure.png', import.meta.url));

describe('Guichet in the Microsoft 365 Agents Playground', () => {
  const db = useTestDatabase();
  let app: App | undefined;
  let playground: RunningPlayground | undefined;
  let chromium: RunningBrowser | undefined;
  let turns: Turn[] = [];

  beforeAll(async () => {
    // staff are the fixture's: the Playground's user (Alex Wilber) is a plain requester here
    const loaded = loadConfig({ NODE_ENV: 'test', PORT: '0', GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk.json' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.config.localMode).toBe(true); // the Playground sends no token
    app = await createApp(loaded.config, { db: db() });
    turns = recordTurns(app.bot);
    const { url } = await app.start();
    playground = await startPlayground({ endpoint: `${url}/api/messages`, env: { TZ: 'Europe/Paris' } });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await playground?.stop();
    await app?.stop();
  }, 30_000);

  it('reports a problem in personal chat, creates the ticket from the card, then lists it', async () => {
    // launched here, not in beforeAll, so a missing Chromium shows as this test failing (not "skipped")
    chromium = await launchChromium();
    const page = await chromium.browser.newPage({
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      viewport: { width: 1280, height: 1000 },
    });
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      console.error(`[playground e2e] turns seen by the bot:\n${transcript(turns)}`);
      console.error(`[playground e2e] Playground output:\n${playground?.output()}`);
      await mkdir(fileURLToPath(new URL('../../test-results/', import.meta.url)), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT, fullPage: true }).catch(() => undefined);
      console.error(`[playground e2e] screenshot: ${FAILURE_SCREENSHOT}`);
    });

    const cards = page.locator('.ac-adaptiveCard');
    const card = (...texts: string[]): Locator => texts.reduce((found, text) => found.filter({ hasText: text }), cards);

    // opening the UI installs the bot in personal chat: the welcome card proves the whole loop works
    await page.goto(playground!.url);
    await card(TEXT.welcome).waitFor();
    const install = turns.find((turn) => turn.inbound.type === 'installationUpdate');
    expect(install?.inbound.conversation.conversationType).toBe('personal');

    // 0. the user works in French, whatever their Teams client says
    await say(page, 'français');
    await card(TEXT.help).waitFor();

    // 1. the user describes the problem in a chat message
    await say(page, MESSAGE);
    const form = cards.filter({ has: page.getByRole('button', { name: TEXT.submit }) });
    await form.waitFor();

    const message = turns.find((turn) => turn.inbound.type === 'message' && turn.inbound.text === MESSAGE)!.inbound;
    expect(message.text).toBe(MESSAGE);
    expect(message.locale).toBe('en-US'); // hard-coded by the Playground, whatever the browser says
    expect(message.conversation.conversationType).toBe('personal');
    expect(message.from.aadObjectId).toMatch(/\S/);
    expect(message.channelData.tenant.id).toMatch(/\S/);
    expect(message.localTimezone).toBe('Europe/Paris');

    // 2. the form is prefilled from the message
    const title = form.getByRole('textbox', { name: /^Titre/ });
    const description = form.getByRole('textbox', { name: /^Description/ });
    const location = form.getByRole('textbox', { name: /^Lieu/ });
    expect(await title.getAttribute('id')).toMatch(/^__ac/);
    expect(await title.inputValue()).toBe(TITLE);
    expect(await description.inputValue()).toBe(MESSAGE);
    expect(await location.inputValue()).toBe('');
    await location.fill(LOCATION);

    // 3. "Create ticket": the invoke's answer replaces the form with the ticket
    const cardsBefore = await cards.count();
    await form.getByRole('button', { name: TEXT.submit }).click();
    const ticket = card(TEXT.saved, '#1', TITLE);
    await ticket.waitFor();
    await form.waitFor({ state: 'detached' });
    expect(await cards.count()).toBe(cardsBefore);
    await ticket.getByText(TEXT.statusNew, { exact: true }).waitFor();
    await ticket.getByText('#1', { exact: true }).waitFor();

    const invoke = turns.find((turn) => turn.inbound.type === 'invoke')!;
    expect(invoke.inbound.name).toBe('adaptiveCard/action');
    expect(invoke.inbound.value.action.verb).toBe('ticket.create');
    expect(invoke.inbound.from.aadObjectId).toBe(message.from.aadObjectId);
    expect(invoke.inbound.value.action.data).toMatchObject({ title: TITLE, description: MESSAGE, location: LOCATION });
    expect(invoke.inbound.value.action.data.category).toMatch(/\S/);
    const answer = invoke.outbound.find((activity) => activity.type === 'invokeResponse');
    expect(answer?.value.status).toBe(200);
    expect(answer?.value.body.type).toBe('application/vnd.microsoft.card.adaptive');

    await ticket.scrollIntoViewIfNeeded();
    await ticket.screenshot({ path: DOCS('ticket-card.png'), animations: 'disabled' });

    // 4. the ticket is really stored, for the user the Playground says is talking
    const stored = await db().collection('tickets').find().toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      number: 1,
      tenantId: message.channelData.tenant.id,
      status: 'new',
      type: 'incident',
      source: 'chat',
      title: TITLE,
      description: MESSAGE,
      location: LOCATION,
      // the suggested category, kept by the Playground's (non-typeahead) filtered choice set
      categoryId: invoke.inbound.value.action.data.category,
      requester: { id: message.from.aadObjectId, name: message.from.name },
    });

    // 5. "mes tickets" lists it
    await say(page, 'mes tickets');
    const list = card(TEXT.listTitle, '#1', TITLE);
    await list.waitFor();
    expect(await cards.count()).toBe(cardsBefore + 1);
    await list.scrollIntoViewIfNeeded();
    await list.screenshot({ path: DOCS('my-tickets.png'), animations: 'disabled' });
  }, 90_000);
});

/** Types in the compose box (a Lexical editor) and sends with Enter, as a user would. */
async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor=true]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}
