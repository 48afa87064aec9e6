import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import type { App } from '../../src/create-app.js';
import { formatDateTime } from '../../src/views/format.js';
import { useTestDatabase } from '../support/mongo.js';
import { startGuichetForPlayground } from '../support/playground-session.js';
import { buttonNames, cardsIn, factOf, hideLogPanel, launchChromium, say, startPlayground, stopEverything, transcript, type RunningBrowser, type RunningPlayground } from '../support/playground.js';

/**
 * The end of a ticket's life with two people, each in their own Teams client (two Playgrounds
 * against one Guichet, one headless Chromium page each, as `npm run start:team`):
 *
 * - Rose (not staff) reports a problem in her personal chat and creates the ticket.
 * - Théo (lead and on-duty technician of support-n1) gets the card in his personal chat, takes
 *   it and proposes a solution there (« Résoudre… »).
 * - Rose receives the solution card in her chat, accepts it; the same card becomes the
 *   satisfaction survey; she picks a rating, adds a comment and sends it.
 * - Théo's copy of the card shows the ticket closed and her rating.
 *
 * Both Playgrounds say `locale: "en-US"` whatever happens, so both users say « français » first.
 */

const THEO = { name: 'Théo Technicien', aadObjectId: '7e57e57e-0000-4000-8000-0000000000a1' };
const ROSE = { name: 'Rose Requérante', aadObjectId: '7e57e57e-0000-4000-8000-0000000000b1' };

const MESSAGE = "Mon imprimante du 2e étage n'imprime plus rien depuis ce matin.";
const TITLE = "Mon imprimante du 2e étage n'imprime plus rien depuis ce matin";
const SOLUTION = 'Bourrage papier retiré dans le bac 2 et pilote réinstallé : la page de test sort.';
const RATING = { value: 4, label: '4 — Satisfait' };
const COMMENT = 'Rapide et bien expliqué, merci !';

const TEXT = {
  welcome: 'Welcome to Guichet',
  help: 'Ce que je comprends',
  submit: 'Créer le ticket',
  created: 'Ticket enregistré.',
  take: 'Prendre',
  assignee: 'Technicien',
  assigned: 'En cours (attribué)',
  solve: 'Résoudre…',
  solution: /^Solution/,
  propose: 'Proposer la solution',
  awaiting: 'Résolu — en attente de la réponse du demandeur',
  banner: `${THEO.name} propose une solution pour votre ticket : acceptez-la ou refusez-la ci-dessous.`,
  question: 'Cette solution règle-t-elle votre problème ?',
  accept: 'Accepter la solution',
  refuse: 'Refuser…',
  approved: 'Merci ! Votre ticket est clos. Un instant pour nous dire ce que vous avez pensé de l’aide reçue ?',
  closed: 'Clos',
  survey: 'Êtes-vous satisfait de l’aide reçue ?',
  ratings: ['1 — Pas du tout satisfait', '2 — Peu satisfait', '3 — Moyennement satisfait', '4 — Satisfait', '5 — Très satisfait'],
  comment: /^Un commentaire \? \(facultatif\)/,
  send: 'Envoyer',
  rated: 'Merci pour votre avis !',
  thanks: `Merci pour votre avis : ${RATING.value}/5 — ${COMMENT}`,
  staffRating: `Avis du demandeur : ${RATING.value}/5 — ${COMMENT}`,
};

// the same two-user set-up as `npm run start:team`
const FIXTURE = (name: string) => fileURLToPath(new URL(`../../config/playground/${name}`, import.meta.url));
const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe('Guichet resolution loop in two Playgrounds (technician solves, requester accepts and rates)', () => {
  const db = useTestDatabase();
  let app: App | undefined;
  let technicianPlayground: RunningPlayground | undefined;
  let requesterPlayground: RunningPlayground | undefined;
  let chromium: RunningBrowser | undefined;
  const contexts: BrowserContext[] = [];

  afterAll(() => stopEverything({ contexts, chromium, playgrounds: [technicianPlayground, requesterPlayground], app }), 60_000);

  it('Théo solves Rose’s ticket from his chat, Rose accepts the solution in hers and rates the help; Théo’s card shows the rating', async () => {
    // Everything starts inside the test: useTestDatabase wipes every collection before each test,
    // which would erase the groups and settings createApp saves from the helpdesk file.
    const started = await startGuichetForPlayground(db);
    app = started.app;
    const { turns, endpoint } = started;
    [technicianPlayground, requesterPlayground] = await Promise.all([
      startPlayground({ endpoint, env: { TZ: 'Europe/Paris', M365_AGENTS_PLAYGROUND_CONFIG_PATH: FIXTURE('technician.yml') } }),
      startPlayground({ endpoint, env: { TZ: 'Europe/Paris', M365_AGENTS_PLAYGROUND_CONFIG_PATH: FIXTURE('requester.yml') } }),
    ]);

    // launched here, not in a hook, so a missing Chromium fails this test (never "skipped")
    chromium = await launchChromium();
    // Rose's window is tall enough for the whole survey card below the Playground's toolbar (the docs show it)
    const open = async (playground: RunningPlayground, height: number): Promise<Page> => {
      const context = await chromium!.browser.newContext({
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        viewport: { width: 1280, height },
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(playground.url);
      return page;
    };
    const [theo, rose] = await Promise.all([open(technicianPlayground, 1100), open(requesterPlayground, 1600)]);

    onTestFailed(async () => {
      console.error(`[resolution e2e] turns seen by the bot:\n${transcript(turns)}`);
      console.error(`[resolution e2e] technician Playground output:\n${technicianPlayground?.output()}`);
      console.error(`[resolution e2e] requester Playground output:\n${requesterPlayground?.output()}`);
      const tickets = await db().collection('tickets').find().toArray().catch(() => []);
      console.error(`[resolution e2e] tickets:\n${JSON.stringify(tickets, null, 2)}`);
      await mkdir(RESULTS, { recursive: true });
      for (const [who, page] of [['technician', theo], ['requester', rose]] as const) {
        const path = `${RESULTS}resolution-${who}-failure.png`;
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
        await writeFile(`${RESULTS}resolution-${who}-failure.html`, await page.content()).catch(() => undefined);
        console.error(`[resolution e2e] screenshot: ${path}`);
      }
    });

    // 0. both clients install the bot in personal chat (welcome card); both users work in French
    for (const page of [theo, rose]) {
      await cardsIn(page).filter({ hasText: TEXT.welcome }).first().waitFor();
      await hideLogPanel(page); // it echoes every text: getByText must only see the conversation
      await say(page, 'français');
      await cardsIn(page).filter({ hasText: TEXT.help }).waitFor();
    }

    // 1. Rose reports the problem in her personal chat and creates the ticket from the prefilled form
    await say(rose, MESSAGE);
    const form = cardsIn(rose).filter({ has: rose.getByRole('button', { name: TEXT.submit }) });
    await form.waitFor();
    await form.getByRole('button', { name: TEXT.submit }).click();
    await cardsIn(rose).filter({ hasText: '#1' }).filter({ hasText: TITLE }).filter({ hasText: TEXT.created }).waitFor();

    // 2. no channel is linked: the on-duty technician, Théo, gets the card in his personal chat and takes it there
    const theoCard = cardsIn(theo).filter({ hasText: '#1' }).filter({ hasText: TITLE });
    await theoCard.getByRole('button', { name: TEXT.take, exact: true }).click({ timeout: 30_000 });
    await expect.poll(() => factOf(theoCard, TEXT.assignee), { timeout: 30_000 }).toBe(THEO.name);
    await theoCard.getByText(TEXT.assigned, { exact: true }).waitFor();

    // 3. he proposes the solution from the same card: « Résoudre… » opens the solution field
    await theoCard.getByRole('button', { name: TEXT.solve, exact: true }).click();
    const solutionField = theoCard.getByRole('textbox', { name: TEXT.solution });
    await solutionField.fill(SOLUTION);
    await theoCard.getByRole('button', { name: TEXT.propose, exact: true }).click();
    // his card (the invoke's answer) says who the ticket waits for now
    await theoCard.getByText(TEXT.awaiting, { exact: true }).waitFor({ timeout: 30_000 });
    await theoCard.getByText(SOLUTION, { exact: true }).waitFor();

    const solveTurn = turns.find((turn) => turn.inbound.type === 'invoke' && turn.inbound.value?.action?.verb === 'ticket.solve')!;
    expect(solveTurn.inbound.from.aadObjectId).toBe(THEO.aadObjectId);
    expect(solveTurn.inbound.conversation.conversationType).toBe('personal');
    expect(solveTurn.inbound.value.action.data).toMatchObject({ number: 1, solution: SOLUTION });
    expect(solveTurn.outbound.find((activity) => activity.type === 'invokeResponse')?.value.status).toBe(200);

    // 4. Rose receives the solution card in her chat, in French, in her time zone (the
    //    Playground's own, Europe/Paris); it is the last card of the ticket in her chat
    const roseCard = cardsIn(rose).filter({ hasText: '#1' }).filter({ hasText: TITLE }).last();
    await roseCard.getByText(TEXT.banner, { exact: true }).waitFor({ timeout: 30_000 });
    const solved = (await db().collection('tickets').findOne({ number: 1 })) as Record<string, any>;
    expect(solved).toMatchObject({ status: 'solved', solutions: [{ text: SOLUTION, outcome: { kind: 'proposed' } }] });
    const closesAt = formatDateTime(solved.autoCloseAt, 'fr', 'Europe/Paris');
    for (const text of [SOLUTION, TEXT.question, `Sans réponse de votre part, le ticket sera clos automatiquement le ${closesAt}.`]) {
      await roseCard.getByText(text, { exact: true }).waitFor();
    }
    expect(await buttonNames(roseCard)).toEqual([TEXT.accept, TEXT.refuse]);

    // 5. she accepts: the same card becomes « Clos » with the survey (five ratings, one tap each)
    await roseCard.getByRole('button', { name: TEXT.accept, exact: true }).click();
    // (the banner of the answer, TEXT.approved, is checked on the turn below: a refresh may redraw the card without it)
    await roseCard.getByText(TEXT.closed, { exact: true }).waitFor({ timeout: 30_000 });
    await roseCard.getByText(TEXT.survey, { exact: true }).waitFor();
    const ratings = roseCard.getByRole('radio');
    await expect.poll(() => ratings.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).labels?.[0]?.innerText.trim()))).toEqual(TEXT.ratings);
    expect(await buttonNames(roseCard)).toEqual([TEXT.send]);

    const approveTurn = turns.find((turn) => turn.inbound.type === 'invoke' && turn.inbound.value?.action?.verb === 'ticket.approve')!;
    expect(approveTurn.inbound.from.aadObjectId).toBe(ROSE.aadObjectId);
    expect(approveTurn.inbound.conversation.conversationType).toBe('personal');
    expect(approveTurn.outbound.find((activity) => activity.type === 'invokeResponse')?.value.status).toBe(200);
    expect(JSON.stringify(approveTurn.outbound.find((activity) => activity.type === 'invokeResponse')?.value.body)).toContain(TEXT.approved);

    // 6. she picks a rating and writes a comment; the docs show the survey as she fills it in
    await roseCard.getByRole('radio', { name: RATING.label, exact: true }).check();
    await roseCard.getByRole('textbox', { name: TEXT.comment }).fill(COMMENT);
    await roseCard.scrollIntoViewIfNeeded();
    await roseCard.screenshot({ path: DOCS('survey-card.png'), animations: 'disabled' });
    await roseCard.getByRole('button', { name: TEXT.send, exact: true }).click();

    // 7. what she sees after: her rating and comment, no form left. The answer to her click says
    // thanks in its banner; the refresh of every copy that follows may redraw her card without it
    await roseCard.getByText(TEXT.thanks, { exact: true }).waitFor({ timeout: 30_000 });
    await expect.poll(() => roseCard.getByRole('radio').count()).toBe(0);
    expect(await buttonNames(roseCard)).toEqual([]);

    const rateTurn = turns.find((turn) => turn.inbound.type === 'invoke' && turn.inbound.value?.action?.verb === 'ticket.rate')!;
    expect(JSON.stringify(rateTurn.outbound.find((activity) => activity.type === 'invokeResponse')?.value.body)).toContain(TEXT.rated);
    expect(rateTurn.inbound.from.aadObjectId).toBe(ROSE.aadObjectId);
    expect(rateTurn.inbound.value.action.data).toMatchObject({ number: 1, rating: String(RATING.value), surveyComment: COMMENT });

    // 8. what is stored: closed, the solution approved by Rose, her answer; every notification went out
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
    const ticket = (await db().collection('tickets').findOne({ number: 1 })) as Record<string, any>;
    expect(ticket).toMatchObject({
      status: 'closed',
      autoCloseAt: null,
      requester: { id: ROSE.aadObjectId },
      assignee: { id: THEO.aadObjectId },
      solutions: [{ text: SOLUTION, author: { id: THEO.aadObjectId }, outcome: { kind: 'approved', by: { id: ROSE.aadObjectId } } }],
      survey: { answer: { rating: RATING.value, comment: COMMENT } },
    });

    // 9. Théo's copy in his chat is redrawn: closed, with Rose's rating and comment
    await theoCard.getByText(TEXT.staffRating, { exact: true }).waitFor({ timeout: 30_000 });
    await theoCard.getByText(TEXT.closed, { exact: true }).waitFor();
    await mkdir(RESULTS, { recursive: true });
    await theoCard.scrollIntoViewIfNeeded();
    await theoCard.screenshot({ path: `${RESULTS}resolution-technician-card-rated.png`, animations: 'disabled' });
  }, 240_000);
});
