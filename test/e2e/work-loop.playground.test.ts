import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import { useTestDatabase } from '../support/mongo.js';
import { launchChromium, recordTurns, startPlayground, transcript, type RunningBrowser, type RunningPlayground, type Turn } from '../support/playground.js';

const FIXTURE = (name: string) => fileURLToPath(new URL(`../fixtures/playground/${name}`, import.meta.url));

describe('explore', () => {
  const db = useTestDatabase();
  let app: App | undefined;
  let pt: RunningPlayground | undefined;
  let chromium: RunningBrowser | undefined;
  let turns: Turn[] = [];
  afterAll(async () => {
    await chromium?.close();
    await pt?.stop();
    await app?.stop();
  });
  it('explores', async () => {
    const loaded = loadConfig({ NODE_ENV: 'test', PORT: '0', GUICHET_HELPDESK_FILE: FIXTURE('helpdesk.json') });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    app = await createApp(loaded.config, { db: db() });
    turns = recordTurns(app.bot);
    const { url } = await app.start();
    pt = await startPlayground({ endpoint: `${url}/api/messages`, env: { TZ: 'Europe/Paris', M365_AGENTS_PLAYGROUND_CONFIG_PATH: FIXTURE('technician.m365agentsplayground.yml') } });
    chromium = await launchChromium();
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(pt.url);
      await page.locator('.ac-adaptiveCard').first().waitFor();
      await page.getByRole('treeitem', { name: 'Équipe IT - Support N1' }).click();
      await page.waitForTimeout(2000);
      const box = page.locator('[data-lexical-editor=true]').first();
      await box.click();
      await page.keyboard.type('@Gui');
      await page.locator('#typeahead-menu').getByText('Guichet').click();
      await page.keyboard.type(' lier groupe support-n1');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(4000);
    } finally {
      await writeFile('/tmp/explore/aria.yml', await page.locator('body').ariaSnapshot());
      await writeFile('/tmp/explore/body.html', await page.content());
      await page.screenshot({ path: '/tmp/explore/shot.png', fullPage: true });
      await writeFile('/tmp/explore/turns.json', transcript(turns));
      await writeFile('/tmp/explore/pt.log', pt!.output());
    }
  }, 120_000);
});
