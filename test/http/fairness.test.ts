import { beforeEach, describe, expect, it } from 'vitest';
import { CAMILLE, cardActionActivity, JORDAN, messageActivity, personalChat, THEO, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, cardIn, inputsOf, type Card } from '../support/card-reading.js';
import { settle as settleOutbox } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useAuthenticatedApp } from '../support/test-app.js';

/**
 * Per-user limits and card copies through the real server (signed tokens, the fake Microsoft
 * cloud): past its limits one person reads a polite sentence in their language and nothing
 * else happens; re-opening one's card many times keeps one copy in that chat.
 */

const chatOf = personalChat;
/** the 1:1 the bot opens with a technician it never talked to */
const THEO_CHAT = createdChat(THEO);

const db = useTestDatabase();
const issuer = createTestIssuer();
/** the limits' clock: each test starts a fresh minute, and moves it instead of waiting */
let now = Date.now();
const env = useAuthenticatedApp(
  db,
  issuer,
  { dispatcher: { pollMs: 50, baseDelayMs: 50 }, limitsClock: () => now },
  { GUICHET_USER_CREATIONS_PER_MINUTE: '2', GUICHET_USER_ACTIONS_PER_MINUTE: '8' },
);

beforeEach(() => {
  now += 10 * 60_000;
});

const post = (activity: object) => env.server.post(activity, issuer.sign());

/** the card of an invoke's answer */
async function invokeCard(activity: object): Promise<Card> {
  const response = await post(activity);
  expect(response.status).toBe(200);
  const body = response.body as { statusCode: number; type: string; value: Card };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

/** the message an invoke answered with instead of a card (the clicked card stays as it is) */
async function invokeMessage(activity: object): Promise<string> {
  const response = await post(activity);
  expect(response.status).toBe(200);
  const body = response.body as { statusCode: number; type: string; value: string };
  expect(body.statusCode).toBe(200);
  expect(body.type).toBe('application/vnd.microsoft.activity.message');
  return body.value;
}

/** what the bot posted to a chat since `from` */
const postedTo = (chat: string, from = 0) => env.connector.to(chat).slice(from);

/** the form a message prefills (the message's reply); its « Créer » click, ready to post */
async function formFor(user: TestUser, text: string): Promise<object> {
  const before = env.connector.to(chatOf(user)).length;
  expect((await post(messageActivity(user, text))).status).toBe(200);
  const [reply] = postedTo(chatOf(user), before);
  const form = cardIn(reply)!;
  return cardActionActivity(user, 'ticket.create', { ...actionData(form, 'ticket.create'), ...inputsOf(form) });
}

const ticketCount = () => db().collection('tickets').countDocuments();

/** waits until the outbox is empty: everything queued so far was delivered */
const settle = () => settleOutbox(env.server.app);

describe('per-user limits (GUICHET_USER_CREATIONS_PER_MINUTE=2, GUICHET_USER_ACTIONS_PER_MINUTE=8)', () => {
  it('a third ticket within a minute is refused politely, in French and in English, with nothing stored; a minute later it is opened', async () => {
    const forms = [await formFor(CAMILLE, 'Imprimante 1 en panne'), await formFor(CAMILLE, 'Imprimante 2 en panne'), await formFor(CAMILLE, 'Imprimante 3 en panne')];
    await invokeCard(forms[0]);
    now += 20_000;
    await invokeCard(forms[1]);
    expect(await ticketCount()).toBe(2);

    expect(await invokeMessage(forms[2])).toBe(
      'Vous avez ouvert beaucoup de tickets en peu de temps : merci de patienter 40 secondes avant d’en ouvrir un autre. Votre formulaire reste là.',
    );
    now += 39_000;
    expect(await invokeMessage(forms[2])).toBe(
      'Vous avez ouvert beaucoup de tickets en peu de temps : merci de patienter 1 seconde avant d’en ouvrir un autre. Votre formulaire reste là.',
    );
    expect(await ticketCount()).toBe(2);

    // Jordan, in English, has his own limit
    const jordans = [await formFor(JORDAN, 'Printer 1 is down'), await formFor(JORDAN, 'Printer 2 is down'), await formFor(JORDAN, 'Printer 3 is down')];
    await invokeCard(jordans[0]);
    await invokeCard(jordans[1]);
    expect(await invokeMessage(jordans[2])).toBe(
      'You have opened many tickets in a short time: please wait 60 seconds before opening another one. Your form is still here.',
    );
    expect(await ticketCount()).toBe(4);

    // the minute is over for Camille: the same form opens her third ticket
    now += 1_000;
    const third = await invokeCard(forms[2]);
    expect(JSON.stringify(third)).toContain('Imprimante 3 en panne');
    expect(await ticketCount()).toBe(5);
    await settle();
  });

  it('past 8 clicks and messages: a click reads a short message, a chat message is answered once, then not at all; others are served; a minute later all is normal', async () => {
    const start = env.connector.to(chatOf(CAMILLE)).length;
    for (let i = 0; i < 8; i += 1) expect((await post(messageActivity(CAMILLE, 'aide'))).status).toBe(200);
    expect(postedTo(chatOf(CAMILLE), start)).toHaveLength(8);

    // the ninth is answered with the limit, the tenth and eleventh with nothing (a flood is not a flood of replies)
    for (let i = 0; i < 3; i += 1) expect((await post(messageActivity(CAMILLE, 'aide'))).status).toBe(200);
    const refused = postedTo(chatOf(CAMILLE), start + 8);
    expect(refused.map((reply) => reply.text)).toEqual(['Vous allez un peu vite : merci de patienter 60 secondes, puis réessayez.']);

    // a click is answered with the sentence, every time (it is the click's own answer), the card left as it is
    now += 15_000;
    expect(await invokeMessage(cardActionActivity(CAMILLE, 'tickets.list', { queue: 'mine' }))).toBe(
      'Vous allez un peu vite : merci de patienter 45 secondes, puis réessayez.',
    );
    expect(postedTo(chatOf(CAMILLE), start + 9)).toEqual([]);

    // someone else is not slowed down by it
    const jordanBefore = env.connector.to(chatOf(JORDAN)).length;
    await post(messageActivity(JORDAN, 'help'));
    expect(postedTo(chatOf(JORDAN), jordanBefore)).toHaveLength(1);
    expect(JSON.stringify(postedTo(chatOf(JORDAN), jordanBefore)[0])).not.toContain('a little fast');

    // an English speaker past the limit reads it in English
    for (let i = 0; i < 7; i += 1) await post(messageActivity(JORDAN, 'help'));
    expect(await invokeMessage(cardActionActivity(JORDAN, 'tickets.list', { queue: 'mine' }))).toBe(
      'You are going a little fast: please wait 60 seconds, then try again.',
    );

    // the minute is over: Camille is answered again
    now += 45_000;
    await post(messageActivity(CAMILLE, 'aide'));
    const after = postedTo(chatOf(CAMILLE), start + 9);
    expect(after).toHaveLength(1);
    expect(JSON.stringify(after[0])).not.toContain('un peu vite');
  });
});

describe('card copies through /api/messages', () => {
  it('re-opening one’s ticket five times keeps one copy in that chat (the last card shown); the next change updates it once', async () => {
    await invokeCard(await formFor(CAMILLE, 'Le Wi-Fi du bâtiment C ne fonctionne plus'));
    await settle();
    const chat = chatOf(CAMILLE);
    const shownBefore = env.connector.to(chat).length;
    for (let i = 0; i < 5; i += 1) await post(messageActivity(CAMILLE, '#1'));
    const shown = postedTo(chat, shownBefore);
    expect(shown).toHaveLength(5);
    // the fake cloud names each post by its rank: the last card shown in her chat
    const ranks = env.connector.sent.flatMap((s, i) => (s.path.includes(encodeURIComponent(chat)) ? [i + 1] : []));
    const lastShownId = `sent-${ranks.at(-1)}`;

    const doc = (await db().collection('tickets').findOne({ number: 1 })) as unknown as {
      cardCopies: { activityId: string; reference: { conversation: { id: string } } }[];
    };
    const inChat = doc.cardCopies.filter((c) => c.reference.conversation.id === chat);
    expect(inChat.map((c) => c.activityId)).toEqual([lastShownId]);
    // one per conversation everywhere: the channel, each technician's chat, Camille's
    const conversations = doc.cardCopies.map((c) => c.reference.conversation.id);
    expect(new Set(conversations).size).toBe(conversations.length);

    // Théo takes it from his card: Camille's chat gets one card update, of the card she opened last
    const theoCard = postedTo(THEO_CHAT).map(cardIn).find((card) => card && JSON.stringify(card).includes('ticket.take'))!;
    const updatedBefore = env.connector.updated.length;
    const take = cardActionActivity(THEO, 'ticket.take', actionData(theoCard, 'ticket.take'));
    await invokeCard({ ...take, conversation: { ...take.conversation, id: THEO_CHAT } });
    await settle();
    const toCamille = env.connector.updated.slice(updatedBefore).filter((u) => u.path.includes(encodeURIComponent(chat)));
    expect(toCamille.map((u) => u.path.split('/').pop())).toEqual([lastShownId]);
  });
});

describe('per-user limits on « Créer un ticket » from a message (composeExtension/submitAction)', () => {
  it('a third ticket within a minute from the message action is refused in the dialog’s place, nothing stored', async () => {
    const submit = (n: number) => ({
      ...cardActionActivity(CAMILLE, 'unused', {}),
      name: 'composeExtension/submitAction',
      value: {
        commandId: 'createTicket',
        commandContext: 'message',
        messagePayload: { id: `m-${n}`, body: { contentType: 'text', content: `Imprimante ${n} en panne` }, from: { user: { id: CAMILLE.aadObjectId, displayName: CAMILLE.name } } },
        data: { draftId: `00000000-0000-4000-8000-00000000000${n}`, authorId: CAMILLE.aadObjectId, authorName: CAMILLE.name, requesterId: CAMILLE.aadObjectId, title: `Imprimante ${n} en panne`, description: `Imprimante ${n} en panne`, type: 'incident', urgency: '3', impact: '2', location: '', category: '' },
      },
    });
    for (const n of [1, 2]) expect((await post(submit(n))).status).toBe(200);
    expect(await ticketCount()).toBe(2);
    const refused = await post(submit(3));
    expect(refused.body).toEqual({
      task: {
        type: 'message',
        value: 'Vous avez ouvert beaucoup de tickets en peu de temps : merci de patienter 60 secondes, puis rouvrez « Créer un ticket » sur ce message.',
      },
    });
    expect(await ticketCount()).toBe(2);
    await settle();
  });
});
