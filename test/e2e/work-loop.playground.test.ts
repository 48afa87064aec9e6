import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/create-app.js';
import { useTestDatabase } from '../support/mongo.js';
import {
  cardsIn,
  hideLogPanel,
  launchChromium,
  messageText,
  openChannel,
  recordTurns,
  say,
  sayInChannel,
  startPlayground,
  stopEverything,
  transcript,
  type RunningBrowser,
  type RunningPlayground,
} from '../support/playground.js';

/**
 * The helpdesk's work loop with two people, each in their own Teams client: two Playgrounds
 * (the Playground fixes its current user at start) against one Guichet, one headless
 * Chromium page each.
 *
 * - Théo (T) leads support-n1 and is on duty in it; he links the group's channel to it.
 * - Rose (R) is not staff; she reports a problem in her personal chat and creates the ticket.
 * - The ticket card lands in the channel (posted by the outbox dispatcher), Théo takes it there,
 *   the channel card now shows him as the technician and Rose is told in her personal chat.
 *
 * Both Playgrounds say `locale: "en-US"` whatever happens, so both users say « français » first.
 */

const TENANT = '7e57e57e-0000-4000-8000-000000000001';
const THEO = { name: 'Théo Technicien', aadObjectId: '7e57e57e-0000-4000-8000-0000000000a1' };
const ROSE = { name: 'Rose Requérante', aadObjectId: '7e57e57e-0000-4000-8000-0000000000b1' };
const CHANNEL = { team: 'Équipe IT', name: 'Support N1', id: '19:support-n1@thread.tacv2' };

const MESSAGE = "Mon imprimante du 2e étage n'imprime plus rien depuis ce matin.";
const TITLE = "Mon imprimante du 2e étage n'imprime plus rien depuis ce matin";

const TEXT = {
  welcome: 'Welcome to Guichet',
  help: 'Ce que je comprends',
  linked: 'Ce canal reçoit désormais les tickets du groupe',
  submit: 'Créer le ticket',
  created: 'Ticket enregistré.',
  take: 'Prendre',
  assignee: 'Technicien',
  unassigned: 'Pas encore attribué',
  statusNew: 'Nouveau',
  statusAssigned: 'En cours (attribué)',
  newTicket: `Nouveau ticket #1 : ${TITLE}`,
  taken: `${THEO.name} a pris en charge votre ticket #1 « ${TITLE} ».`,
};

// the channel card stays in the helpdesk's language (fr-FR) whoever clicks it
const ASSIGNEE = /^Technicien$/;
const TAKE = /^Prendre$/;
const ASSIGNED = /^En cours \(attribué\)$/;

// the same two-user set-up as `npm run start:team`
const FIXTURE = (name: string) => fileURLToPath(new URL(`../../config/playground/${name}`, import.meta.url));
const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe('Guichet work loop in two Playgrounds (requester + technician in the channel)', () => {
  const db = useTestDatabase();
  let app: App | undefined;
  let technicianPlayground: RunningPlayground | undefined;
  let requesterPlayground: RunningPlayground | undefined;
  let chromium: RunningBrowser | undefined;
  const contexts: BrowserContext[] = [];

  afterAll(() => stopEverything({ contexts, chromium, playgrounds: [technicianPlayground, requesterPlayground], app }), 60_000);

  it('Rose reports, the card reaches the channel, Théo takes it there, Rose is told', async () => {
    // Everything starts inside the test: useTestDatabase wipes every collection before each test,
    // which would erase the groups and settings createApp saves from the helpdesk file.
    const loaded = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      GUICHET_HELPDESK_FILE: FIXTURE('helpdesk.json'),
    });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.config.localMode).toBe(true); // the Playground sends no token
    app = await createApp(loaded.config, { db: db() });
    const turns = recordTurns(app.bot);
    const { url } = await app.start();
    const endpoint = `${url}/api/messages`;
    [technicianPlayground, requesterPlayground] = await Promise.all([
      startPlayground({
        endpoint,
        env: { TZ: 'Europe/Paris', M365_AGENTS_PLAYGROUND_CONFIG_PATH: FIXTURE('technician.yml') },
      }),
      startPlayground({
        endpoint,
        env: { TZ: 'Europe/Paris', M365_AGENTS_PLAYGROUND_CONFIG_PATH: FIXTURE('requester.yml') },
      }),
    ]);

    // launched here, not in a hook, so a missing Chromium fails this test (never "skipped")
    chromium = await launchChromium();
    const open = async (playground: RunningPlayground): Promise<Page> => {
      const context = await chromium!.browser.newContext({
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        viewport: { width: 1280, height: 1100 },
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(playground.url);
      return page;
    };
    const [theo, rose] = await Promise.all([open(technicianPlayground), open(requesterPlayground)]);

    onTestFailed(async () => {
      console.error(`[work-loop e2e] turns seen by the bot:\n${transcript(turns)}`);
      console.error(`[work-loop e2e] technician Playground output:\n${technicianPlayground?.output()}`);
      console.error(`[work-loop e2e] requester Playground output:\n${requesterPlayground?.output()}`);
      const tickets = await db().collection('tickets').find().toArray().catch(() => []);
      console.error(`[work-loop e2e] tickets:\n${JSON.stringify(tickets, null, 2)}`);
      await mkdir(RESULTS, { recursive: true });
      for (const [who, page] of [['technician', theo], ['requester', rose]] as const) {
        const path = `${RESULTS}work-loop-${who}-failure.png`;
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
        await writeFile(`${RESULTS}work-loop-${who}-failure.html`, await page.content()).catch(() => undefined);
        console.error(`[work-loop e2e] screenshot: ${path}`);
      }
    });

    // 0. both clients install the bot in personal chat (welcome card); both users work in French
    for (const page of [theo, rose]) {
      await cardsIn(page).filter({ hasText: TEXT.welcome }).first().waitFor();
      await hideLogPanel(page); // it echoes every text: getByText must only see the conversation
      await say(page, 'français');
      await cardsIn(page).filter({ hasText: TEXT.help }).waitFor();
    }

    // 1. Théo, lead of support-n1, links the team's channel to his group
    await openChannel(theo, CHANNEL.team, CHANNEL.name);
    await sayInChannel(theo, 'Guichet', 'lier groupe support-n1');
    await messageText(theo, `${TEXT.linked} Support N1.`).waitFor();
    const link = turns.find((turn) => turn.inbound.type === 'message' && /lier groupe/.test(turn.inbound.text ?? ''))!;
    expect(link.inbound.conversation).toMatchObject({ conversationType: 'channel', tenantId: TENANT });
    expect(link.inbound.conversation.id).toMatch(/^19:support-n1@thread\.tacv2/);
    expect(link.inbound.from.aadObjectId).toBe(THEO.aadObjectId);
    expect(link.inbound.text).toMatch(/^<at>Guichet<\/at> lier groupe support-n1$/);
    const group = await db().collection('groups').findOne({ id: 'support-n1' });
    expect(group?.channel).toMatchObject({ conversation: { conversationType: 'channel' } });

    // 2. Rose reports the problem in her personal chat and creates the ticket from the prefilled form
    await say(rose, MESSAGE);
    const form = cardsIn(rose).filter({ has: rose.getByRole('button', { name: TEXT.submit }) });
    await form.waitFor();
    expect(await form.getByRole('textbox', { name: /^Titre/ }).inputValue()).toBe(TITLE);
    await form.getByRole('button', { name: TEXT.submit }).click();
    const roseTicket = cardsIn(rose).filter({ hasText: '#1' }).filter({ hasText: TITLE });
    await roseTicket.filter({ hasText: TEXT.created }).waitFor(); // the invoke's answer replaced the form
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => factOf(roseTicket, TEXT.assignee), { timeout: 10_000 }).toBe(TEXT.unassigned);

    // 3. the dispatcher posts the ticket card to the linked channel, with « Prendre »
    const channelCard = cardsIn(theo).filter({ hasText: '#1' }).filter({ hasText: TITLE });
    await channelCard.waitFor({ timeout: 30_000 });
    const take = channelCard.getByRole('button', { name: TEXT.take, exact: true });
    await take.waitFor();
    await messageText(theo, TEXT.newTicket).waitFor();
    expect(await factOf(channelCard, TEXT.assignee)).toBe(TEXT.unassigned);
    await channelCard.getByText(TEXT.statusNew, { exact: true }).waitFor();
    // the docs show the card as the group's channel receives it
    await channelCard.scrollIntoViewIfNeeded();
    await channelCard.screenshot({ path: DOCS('channel-card.png'), animations: 'disabled' });

    // 4. Théo takes it in the channel: the invoke's answer replaces the card; then the dispatcher
    //    re-renders every recorded copy (PUT), each in its reader's language (the channel's: fr-FR)
    await take.click();
    await expect.poll(() => factOf(channelCard, ASSIGNEE), { timeout: 30_000 }).toBe(THEO.name);
    await expect.poll(() => channelCard.getByRole('button', { name: TAKE }).count()).toBe(0);
    await channelCard.getByText(ASSIGNED, { exact: true }).waitFor();

    const takeTurn = turns.find((turn) => turn.inbound.type === 'invoke' && turn.inbound.value?.action?.verb === 'ticket.take')!;
    expect(takeTurn.inbound.name).toBe('adaptiveCard/action');
    expect(takeTurn.inbound.from.aadObjectId).toBe(THEO.aadObjectId);
    expect(takeTurn.inbound.conversation.conversationType).toBe('channel');
    expect(takeTurn.inbound.replyToId).toMatch(/\S/);
    expect(takeTurn.inbound.value.action.data).toMatchObject({ number: 1 });
    expect(takeTurn.outbound.find((activity) => activity.type === 'invokeResponse')?.value.status).toBe(200);

    // 5. Rose is told in her personal chat
    await messageText(rose, TEXT.taken).waitFor({ timeout: 30_000 });

    // 6. what is stored: Théo is the assignee, and every notification went out
    await expect
      .poll(
        async () => {
          await app!.dispatcher.drain();
          const ticket = await db().collection('tickets').findOne({ number: 1 });
          return (ticket?.outbox ?? []).map((item: { state: string }) => item.state);
        },
        { timeout: 30_000, interval: 250 },
      )
      .toEqual(expect.not.arrayContaining(['pending', 'failed']));
    const stored = (await db().collection('tickets').find().toArray()) as Record<string, any>[];
    expect(stored).toHaveLength(1);
    const [ticket] = stored;
    expect(ticket).toMatchObject({
      number: 1,
      tenantId: TENANT,
      status: 'assigned',
      groupId: 'support-n1',
      title: TITLE,
      description: MESSAGE,
      requester: { id: ROSE.aadObjectId, name: ROSE.name },
      assignee: { id: THEO.aadObjectId, name: THEO.name },
    });
    const outbox = ticket.outbox.map((item: Record<string, any>) => ({
      message: item.kind,
      // a card refresh has no recipient: it goes to every posted copy
      to: item.recipient === null ? 'copies' : item.recipient.kind === 'user' ? item.recipient.user.id : item.recipient.kind,
      state: item.state,
    }));
    expect(outbox).toEqual([
      { message: 'ticket.new', to: 'channel', state: 'sent' },
      { message: 'ticket.new', to: THEO.aadObjectId, state: 'sent' },
      { message: 'ticket.taken', to: ROSE.aadObjectId, state: 'sent' },
      { message: 'card.refresh', to: 'copies', state: 'sent' },
    ]);
    // the channel copy is kept up to date from the channel's conversation
    expect(
      ticket.cardCopies.some(
        (copy: Record<string, any>) => copy.reference.conversation.conversationType === 'channel' && copy.activityId === takeTurn.inbound.replyToId,
      ),
    ).toBe(true);

    // the last word on every copy has been said: Théo holds the ticket in the channel and in Rose's chat
    expect(await factOf(channelCard, ASSIGNEE)).toBe(THEO.name);
    expect(await channelCard.getByRole('button', { name: TAKE }).count()).toBe(0);
    await expect.poll(() => factOf(roseTicket, ASSIGNEE), { timeout: 10_000 }).toBe(THEO.name);

    await mkdir(RESULTS, { recursive: true });
    await channelCard.scrollIntoViewIfNeeded();
    await channelCard.screenshot({ path: `${RESULTS}work-loop-channel-card-taken.png`, animations: 'disabled' });
  }, 180_000);
});

/** The value next to a FactSet title in a card ("Technicien" → "Théo Technicien"); the FactSet is a grid of title/value divs. */
async function factOf(card: Locator, title: string | RegExp): Promise<string | null> {
  const titles = card.locator('.ac-fact-title').filter({ has: card.page().getByText(title, { exact: true }) });
  if ((await titles.count()) !== 1) return null;
  const value = titles.locator('xpath=following-sibling::*[1]');
  if (!((await value.getAttribute('class')) ?? '').includes('ac-fact-value')) return null;
  return (await value.innerText()).trim();
}
