import { describe, expect, it } from 'vitest';
import { cardActionActivity, JORDAN, messageActivity, THEO, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, cardIn, inputsOf, type Card } from '../support/card-reading.js';
import { invokeCard, postedSince, settle as settleOutbox } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useFreshAppPerTest } from '../support/test-app.js';

/**
 * Jordan's Teams client is in English (en-US, as the Agents Playground always is) but he writes
 * French: Guichet answers in French, and the cards it sends him later are French too, until he
 * says « english », which wins over what he writes.
 */
const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });
const JORDAN_CHAT = `a:personal-${JORDAN.aadObjectId}`;

const post = (activity: object) => env.server.post(activity, issuer.sign());
const invoke = (activity: object) => invokeCard(env.server, issuer.sign(), activity);
const settle = () => settleOutbox(env.server.app);

function click(user: TestUser, verb: string, data: Record<string, unknown>, where: { chat: string; cardId?: string }) {
  const activity = cardActionActivity(user, verb, data);
  return { ...activity, conversation: { ...activity.conversation, id: where.chat }, ...(where.cardId ? { replyToId: where.cardId } : {}) };
}

/** the card the bot answered Jordan's message with, in his chat */
async function answerTo(text: string): Promise<{ card: Card; id: string }> {
  await settle();
  const before = env.connector.sent.length;
  expect((await post(messageActivity(JORDAN, text))).status).toBe(200);
  const posted = postedSince(env.connector, before).filter((p) => p.chat === JORDAN_CHAT);
  expect(posted).toHaveLength(1);
  return { card: posted[0].card!, id: `sent-${before + 1}` };
}

const createButton = (card: Card) => String((JSON.stringify(card).match(/"title":"(Créer le ticket|Create ticket)"/) ?? [])[1]);

/** Jordan clicks « Créer le ticket » / « Create ticket » on a form: the card that comes back and the ticket's number */
async function create(form: { card: Card; id: string }): Promise<{ card: Card; number: number }> {
  const card = await invoke(
    click(JORDAN, 'ticket.create', { ...actionData(form.card, 'ticket.create'), ...inputsOf(form.card) }, { chat: JORDAN_CHAT, cardId: form.id }),
  );
  await settle();
  return { card, number: Number(actionData(card, 'ticket.refresh').number) };
}

/** Théo takes the newest ticket from the card in his chat: what Jordan's chat is then told */
async function theoTakesIt(): Promise<string[]> {
  const sent = env.connector.sent.map((s) => ({ chat: decodeURIComponent(/conversations\/([^/]+)\//.exec(s.path)![1]), body: s.body }));
  const theoCard = sent.filter((s) => s.chat === createdChat(THEO)).at(-1);
  expect(theoCard).toBeDefined();
  const before = env.connector.sent.length;
  await invoke(click(THEO, 'ticket.take', actionData(cardIn(theoCard!.body)!, 'ticket.take'), { chat: createdChat(THEO) }));
  await settle();
  return postedSince(env.connector, before)
    .filter((p) => p.chat === JORDAN_CHAT)
    .map((p) => String(p.said));
}

describe('Guichet answers in the language the user writes in', () => {
  it('a French message from an English Teams client gets the French form, and the notices after it are French', async () => {
    const form = await answerTo("Bonjour, mon imprimante n'imprime plus");
    expect(createButton(form.card)).toBe('Créer le ticket');

    const created = await invoke(
      click(JORDAN, 'ticket.create', { ...actionData(form.card, 'ticket.create'), ...inputsOf(form.card) }, { chat: JORDAN_CHAT, cardId: form.id }),
    );
    const number = Number(actionData(created, 'ticket.refresh').number);
    await settle();

    // Théo takes it from his own chat: Jordan is told, in French, though his client says en-US
    const before = env.connector.sent.length;
    const theoCard = env.connector.sent.map((s) => ({ chat: decodeURIComponent(/conversations\/([^/]+)\//.exec(s.path)![1]), body: s.body })).find((s) => s.chat === createdChat(THEO));
    expect(theoCard).toBeDefined();
    await invoke(click(THEO, 'ticket.take', actionData(cardIn(theoCard!.body)!, 'ticket.take'), { chat: createdChat(THEO) }));
    await settle();
    const toJordan = postedSince(env.connector, before).filter((p) => p.chat === JORDAN_CHAT);
    expect(toJordan.map((p) => p.said)).toContain(`Théo Technicien a pris en charge votre ticket #${number} « Mon imprimante n'imprime plus ».`);
  });

  it('an English message gets the English form; a first message in neither (« VPN Cisco AnyConnect 4.10 ») follows the client’s locale', async () => {
    expect(createButton((await answerTo('VPN Cisco AnyConnect 4.10')).card)).toBe('Create ticket');
    expect(createButton((await answerTo('my printer is broken')).card)).toBe('Create ticket');
  });

  it('a message in neither language follows his last clear one: the form and the card its button brings are both French', async () => {
    await answerTo("Bonjour, mon imprimante n'imprime plus");
    const form = await answerTo('VPN Cisco AnyConnect 4.10');
    expect(createButton(form.card)).toBe('Créer le ticket');
    const { card } = await create(form);
    expect(JSON.stringify(card)).toContain('"text":"Ticket enregistré. Le support est prévenu ; vous serez tenu au courant ici."');
  });

  it('a later clearly English message switches him: the notices after it are English', async () => {
    await answerTo("Bonjour, mon imprimante n'imprime plus");
    const form = await answerTo('my printer is broken');
    expect(createButton(form.card)).toBe('Create ticket');
    const { number } = await create(form);
    expect(await theoTakesIt()).toContain(`Théo Technicien has taken charge of your ticket #${number} "My printer is broken".`);
  });

  it('« english » said once wins over the language of what he writes next', async () => {
    await answerTo('english');
    expect(createButton((await answerTo("Bonjour, mon imprimante n'imprime plus")).card)).toBe('Create ticket');
  });
});
