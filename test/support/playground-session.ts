import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, onTestFailed } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import type { TestDatabase } from './mongo.js';
import { launchChromium, recordTurns, startPlayground, stopEverything, transcript, type RunningBrowser, type RunningPlayground, type Turn } from './playground.js';

const FIXTURE = (name: string) => fileURLToPath(new URL(`../../config/playground/${name}`, import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

/**
 * Guichet as `npm run start:team` runs it (the Playground's helpdesk file, local mode: the
 * Playground sends no token) on the test database, listening; every turn it handles recorded.
 */
export async function startGuichetForPlayground(db: TestDatabase): Promise<{ app: App; turns: Turn[]; endpoint: string }> {
  const loaded = loadConfig({ NODE_ENV: 'test', PORT: '0', GUICHET_HELPDESK_FILE: FIXTURE('helpdesk.json') });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  expect(loaded.config.localMode).toBe(true);
  const app = await createApp(loaded.config, { db: db() });
  const turns = recordTurns(app.bot);
  const { url } = await app.start();
  return { app, turns, endpoint: `${url}/api/messages` };
}

export interface PlaygroundSession {
  readonly app: App;
  readonly turns: Turn[];
  readonly playground: RunningPlayground;
  /** the person's Teams client, at the Playground's address */
  readonly page: Page;
}

/**
 * One person of `npm run start:team` (a user file of config/playground/, e.g. technician.yml) in
 * the Agents Playground, against Guichet on the test database with the Playground's helpdesk file;
 * all of it stopped after the test file. `open()` is called inside the test: the test database is
 * wiped before each test (which would erase what createApp saves from the helpdesk file), and a
 * missing Chromium must fail the test, never skip it. On failure, the turns the bot saw, a
 * screenshot and the page's HTML go to test-results/<name>-failure.*.
 */
export function usePlaygroundSession(db: TestDatabase, options: { readonly userFile: string; readonly name: string }) {
  let app: App | undefined;
  let playground: RunningPlayground | undefined;
  let chromium: RunningBrowser | undefined;
  const contexts: BrowserContext[] = [];

  afterAll(() => stopEverything({ contexts, chromium, playgrounds: [playground], app }), 60_000);

  return {
    async open(browser: { readonly locale: string; readonly viewport: { width: number; height: number } }, onFailure?: () => Promise<void>): Promise<PlaygroundSession> {
      const started = await startGuichetForPlayground(db);
      app = started.app;
      const { turns, endpoint } = started;
      playground = await startPlayground({ endpoint, env: { TZ: 'Europe/Paris', M365_AGENTS_PLAYGROUND_CONFIG_PATH: FIXTURE(options.userFile) } });
      chromium = await launchChromium();
      const context = await chromium.browser.newContext({ locale: browser.locale, timezoneId: 'Europe/Paris', viewport: browser.viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(playground.url);
      const running = playground;
      onTestFailed(async () => {
        console.error(`[${options.name} e2e] turns seen by the bot:\n${transcript(turns)}`);
        console.error(`[${options.name} e2e] Playground output:\n${running.output()}`);
        await onFailure?.().catch(() => undefined);
        await mkdir(RESULTS, { recursive: true });
        await page.screenshot({ path: `${RESULTS}${options.name}-failure.png`, fullPage: true }).catch(() => undefined);
        await writeFile(`${RESULTS}${options.name}-failure.html`, await page.content()).catch(() => undefined);
      });
      return { app, turns, playground, page };
    },
  };
}
