import { writeFile } from 'node:fs/promises';
import type { TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import { useTestDatabase } from '../support/mongo.js';
import { launchChromium, startPlayground, type RunningBrowser, type RunningPlayground } from '../support/playground.js';

describe('explore', () => {
  const db = useTestDatabase();
  let app: App; let pg: RunningPlayground; let br: RunningBrowser;
  const seen: unknown[] = [];
  beforeAll(async () => {
    const loaded = loadConfig({ NODE_ENV: 'test', PORT: '0' });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    app = await createApp(loaded.config, { db: db() });
    const run = app.bot.run.bind(app.bot);
    app.bot.run = async (ctx: TurnContext) => { seen.push(JSON.parse(JSON.stringify(ctx.activity))); return run(ctx); };
    const { url } = await app.start();
    pg = await startPlayground({ endpoint: `${url}/api/messages` });
    br = await launchChromium();
  });
  afterAll(async () => { await br?.close(); await pg?.stop(); await app?.stop(); });
  it('dumps', async () => {
    const page = await br.browser.newPage({ locale: 'fr-FR' });
    page.on('console', (m) => console.log('console', m.text()));
    await page.goto(pg.url);
    const box = page.locator('[data-lexical-editor=true]');
    await box.waitFor({ timeout: 20000 });
    await page.waitForTimeout(3000);
    await writeFile('/tmp/pg0.html', await page.content());
    await box.click();
    await page.keyboard.type('Bonjour, je n\'arrive plus');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(4000);
    await writeFile('/tmp/pg1.html', await page.content());
    await page.screenshot({ path: '/tmp/pg1.png', fullPage: true });
    await writeFile('/tmp/seen.json', JSON.stringify(seen, null, 2));
  }, 90000);
});
