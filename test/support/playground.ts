import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ActivityHandler, TurnContext } from 'botbuilder';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { findBrowser, type FoundBrowser } from './browser-finder.js';

/**
 * Helpers for the end-to-end test that drives the Microsoft 365 Agents Playground (a local
 * Teams client) with a headless Chromium.
 */

/** Flags that keep a headless Chromium quiet, offline-friendly and able to run as root in CI. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPlayground {
  /** where its UI is served, e.g. http://127.0.0.1:51234 */
  readonly url: string;
  readonly port: number;
  /** everything it printed, for failure messages */
  output(): string;
  stop(): Promise<void>;
}

const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Spawns the Playground CLI (as `npm start` does) in its own process group and a scratch
 * working directory (it writes `devTools/*.log` there), and resolves once its UI answers.
 */
export async function startPlayground(options: {
  endpoint: string;
  /** extra environment, e.g. TZ: its server stamps `localTimezone` with its own time zone */
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<RunningPlayground> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'guichet-playground-'));
  const requestedPort = await freePort();
  // TEAMSAPPTESTER_BROWSER=none is its switch for not opening a browser: without it, it spawns
  // xdg-open and dies (exit 1) where there is none, as on a machine with only Node and npm
  const child = spawn(
    process.execPath,
    [cli, '-e', options.endpoint, '-c', 'msteams', '-p', String(requestedPort), '--disable-telemetry'],
    { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env, TEAMSAPPTESTER_BROWSER: 'none' } },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    await killGroup(child, exited);
    await rm(cwd, { recursive: true, force: true });
  };

  try {
    // it falls back to a random port if the one asked for was taken meanwhile: trust what it prints
    const port = await waitFor(
      () => Number(/Listening on (\d+)/.exec(output.replace(ANSI, ''))?.[1]) || undefined,
      child,
      options.timeoutMs ?? 20_000,
      () => `the Playground did not say "Listening on <port>". Output:\n${output}`,
    );
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => (await fetch(url).then((r) => r.ok).catch(() => false)) || undefined,
      child,
      options.timeoutMs ?? 20_000,
      () => `the Playground UI at ${url} did not answer. Output:\n${output}`,
    );
    return { url, port, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  child: ChildProcess,
  timeoutMs: number,
  message: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the Playground exited (${child.exitCode ?? child.signalCode}): ${message()}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${message()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM to the whole process group, SIGKILL if it lingers. */
async function killGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 3_000).unref()),
  ]);
  if (timedOut) {
    signal('SIGKILL');
    await exited;
  }
}

export interface RunningBrowser {
  readonly browser: Browser;
  /** which one was found, and where (CHROMIUM_PATH, system, or the npm build) */
  readonly found: FoundBrowser;
  close(): Promise<void>;
}

/**
 * A headless Chromium through playwright-core, found by browser-finder.ts. None that runs is a
 * failure, not a skip: a silently skipped e2e test proves nothing.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const found = findBrowser();
  // chromium.launch() already gives each run a fresh profile in a temp dir it deletes on close
  // (and refuses an explicit --user-data-dir)
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...(process.env as Record<string, string>), ...found.env },
    timeout: 30_000,
  });
  return {
    browser,
    found,
    close: () => browser.close().catch(() => undefined),
  };
}

/** What crossed /api/messages: each activity the Playground posted and what the bot sent back in that turn. */
export interface Turn {
  readonly inbound: Record<string, any>;
  readonly outbound: Record<string, any>[];
}

/**
 * Records every turn of the bot by wrapping its `run` (test-side only): the activities come
 * straight from the Playground, so the test can assert on what a Teams-like client really sends.
 */
export function recordTurns(bot: ActivityHandler): Turn[] {
  const turns: Turn[] = [];
  const run = bot.run.bind(bot);
  bot.run = async (context: TurnContext) => {
    const turn: Turn = { inbound: JSON.parse(JSON.stringify(context.activity)), outbound: [] };
    turns.push(turn);
    context.onSendActivities(async (_context, activities, next) => {
      turn.outbound.push(...activities.map((activity) => JSON.parse(JSON.stringify(activity))));
      return next();
    });
    return run(context);
  };
  return turns;
}

/** The turns as readable JSON, for failure messages. */
export function transcript(turns: readonly Turn[]): string {
  return JSON.stringify(turns, null, 2);
}

/** The Adaptive Cards rendered in the page (every conversation shown). */
export function cardsIn(page: Page): Locator {
  return page.locator('.ac-adaptiveCard');
}

/**
 * Closes the Playground's log panel: it echoes every text the bot sends, so `getByText` would
 * otherwise match a message twice (once in the conversation, once in the log).
 */
export async function hideLogPanel(page: Page): Promise<void> {
  const hide = page.getByRole('button', { name: 'Hide log panel' });
  if (await hide.isVisible()) await hide.click();
  await hide.waitFor({ state: 'hidden' });
}

/** Types in the (only) compose box of a chat, a Lexical editor, and sends with Enter, as a user would. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor=true]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Opens a channel of the Playground's team in the left rail ("<team> - <channel>"). */
export async function openChannel(page: Page, team: string, channel: string): Promise<void> {
  await page.getByRole('treeitem', { name: `${team} - ${channel}` }).click();
  await page.getByRole('button', { name: 'Post' }).waitFor();
}

/**
 * Starts a new post in the open channel that @mentions the bot (in channels a bot only receives
 * messages that mention it): `@` + the start of its name, pick it in the typeahead, then the text.
 */
export async function sayInChannel(page: Page, botName: string, text: string): Promise<void> {
  const newPost = page.locator('[data-lexical-editor=true]').first();
  await newPost.click();
  await page.keyboard.type(`@${botName.slice(0, 3)}`);
  await page.locator('#typeahead-menu').getByText(botName, { exact: true }).click();
  await page.keyboard.type(` ${text}`);
  await page.keyboard.press('Enter');
}

/**
 * A text message in the open conversation, matched whole. Only paragraphs: the chat list in the
 * left rail previews the last message too, and the log panel echoes everything.
 */
export function messageText(page: Page, text: string): Locator {
  const whole = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page.getByRole('paragraph').filter({ hasText: whole });
}

/** The names of the buttons a card shows right now, in order (a closed « … » form's buttons are hidden, so not listed). */
export async function buttonNames(card: Locator): Promise<string[]> {
  return (await card.getByRole('button').allInnerTexts()).map((name) => name.trim());
}

/** The value next to a FactSet title in a card ("Technicien" → "Théo Technicien"); the FactSet is a grid of title/value divs. */
export async function factOf(card: Locator, title: string | RegExp): Promise<string | null> {
  const titles = card.locator('.ac-fact-title').filter({ has: card.page().getByText(title, { exact: true }) });
  if ((await titles.count()) !== 1) return null;
  const value = titles.locator('xpath=following-sibling::*[1]');
  if (!((await value.getAttribute('class')) ?? '').includes('ac-fact-value')) return null;
  return (await value.innerText()).trim();
}

/**
 * Stops what an e2e test started: its browser contexts and Chromium first (their pages talk to
 * the Playgrounds), then the Playgrounds, then Guichet. In `afterAll`, not `afterEach`: the
 * failure screenshots (onTestFailed) are taken after the afterEach hooks.
 */
export async function stopEverything(started: {
  readonly contexts: BrowserContext[];
  readonly chromium: RunningBrowser | undefined;
  readonly playgrounds: readonly (RunningPlayground | undefined)[];
  readonly app: { stop(): Promise<void> } | undefined;
}): Promise<void> {
  for (const context of started.contexts.splice(0)) await context.close().catch(() => undefined);
  await started.chromium?.close();
  await Promise.all(started.playgrounds.map((playground) => playground?.stop()));
  await started.app?.stop();
}
