import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TEXT_MAX } from '../../src/bot/message-commands.js';
import { TICKET_LIMITS } from '../../src/domain/ticket.js';
import { JORDAN, messageActivity, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionsOf, cardIn, factsOf, inputsOf, type Card } from '../support/card-reading.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

/**
 * The messages that froze the whole bot (issue 8), typed by a signed-in user through the real
 * server: each gets the answer an ordinary message of its kind gets, and another user's
 * ordinary message sent at the same time is answered too. How long either took is a bench
 * figure (`npm run bench`, « Hostile chat messages »), not something a test can time.
 */

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

const N = 100_000;
/** what is left of a shape once the bot cut it to what Teams can send */
const cut = (text: string) => text.slice(0, MESSAGE_TEXT_MAX);
const MARKS = '\u0301\u0316'.repeat(N / 2);

/** a user of their own for each message: nobody's earlier messages count against them */
const someone = (): TestUser => ({ aadObjectId: randomUUID(), name: 'Hugo Hostile', locale: 'fr-FR' });

/** Sends the message; the cards the bot posted back in that user's conversation. */
async function answersTo(user: TestUser, text: string): Promise<Card[]> {
  const activity = messageActivity(user, text);
  const response = await env.server.post(activity, issuer.sign());
  expect(response.status).toBe(200);
  return env.connector.to(activity.conversation.id).map((body) => {
    const card = cardIn(body);
    if (!card) throw new Error(`no card in ${JSON.stringify(body).slice(0, 200)}`);
    return card;
  });
}

const unknownCommand = (typed: string) =>
  `Je ne connais pas la commande « ${typed} ». Tapez « aide » pour voir ce que je comprends, ou décrivez votre problème en une phrase : je prépare le ticket.`;

/** the sentence of a message card (its second TextBlock; the first is its title) */
const sentenceOf = (card: Card) => (card.body as { text: string }[])[1].text;

type Expected = { form: { title: string; description: string } } | { help: true } | { unknown: string };

/** The run's far end (« y ») lies past the cut: the title is the first sentence, « x » once its « !!! » go. */
const SHAPES: [string, string, Expected][] = [
  ['x, 100 000 « ! », y', `x${'!'.repeat(N)}y`, { form: { title: 'X', description: `x${'!'.repeat(TICKET_LIMITS.descriptionMax - 1)}` } }],
  ['x, 100 000 « . », y', `x${'.'.repeat(N)}y`, { form: { title: 'X', description: `x${'.'.repeat(TICKET_LIMITS.descriptionMax - 1)}` } }],
  ['x, 100 000 « ? », y', `x${'?'.repeat(N)}y`, { form: { title: 'X', description: `x${'?'.repeat(TICKET_LIMITS.descriptionMax - 1)}` } }],
  [
    'a greeting, then 100 000 « ! »',
    `Bonjour, x${'!'.repeat(N)}y`,
    { form: { title: 'X', description: `Bonjour, x${'!'.repeat(TICKET_LIMITS.descriptionMax - 10)}` } },
  ],
  [
    'a mention, then 100 000 « ! »',
    `<at>Guichet</at> x${'!'.repeat(N)}y`,
    { form: { title: 'X', description: `x${'!'.repeat(TICKET_LIMITS.descriptionMax - 1)}` } },
  ],
  ['e and 100 000 combining marks', `e${MARKS}`, { form: { title: `E${MARKS.slice(0, 79)}…`, description: `e${MARKS.slice(0, TICKET_LIMITS.descriptionMax - 1)}` } }],
  ['60 000 combining marks alone', MARKS.slice(0, 60_000), { form: { title: `${MARKS.slice(0, 80)}…`, description: MARKS.slice(0, TICKET_LIMITS.descriptionMax) } }],
  [
    'punctuation, spaces and marks mixed',
    `x${'! .?\t\n:;\u0301'.repeat(N / 8)}y`,
    { form: { title: 'X', description: cut(`x${'! .?\t\n:;\u0301'.repeat(N / 8)}`).replace(/\s+/g, ' ').slice(0, TICKET_LIMITS.descriptionMax) } },
  ],
  // what is left after the cut is one letter, no command
  ['x, 100 000 spaces, y', `x${' '.repeat(N)}y`, { unknown: 'x' }],
  ['x, 100 000 tabs and new lines, y', `x${'\t\n'.repeat(N / 2)}y`, { unknown: 'x' }],
  ['100 000 « ! » alone', '!'.repeat(N), { help: true }],
  ['100 000 « ? » alone', '?'.repeat(N), { help: true }],
  ['100 000 spaces alone', ' '.repeat(N), { help: true }],
  ['mentions only', '<at>Guichet</at>'.repeat(N / 16), { help: true }],
];

function expectAnswer(cards: Card[], expected: Expected): void {
  expect(cards).toHaveLength(1);
  const [card] = cards;
  if ('form' in expected) {
    expect(actionsOf(card, 'ticket.create')).toHaveLength(1);
    expect(inputsOf(card)).toMatchObject(expected.form);
  } else if ('help' in expected) {
    expect(factsOf(card)).toMatchObject({ aide: 'Ce message.' });
  } else {
    expect(sentenceOf(card)).toBe(unknownCommand(expected.unknown));
  }
}

describe('a message made to make the bot backtrack gets its ordinary answer', () => {
  it.each(SHAPES)('%s', async (_, text, expected) => {
    expectAnswer(await answersTo(someone(), text), expected);
  });
});

describe('another user is answered while such a message is read', () => {
  it.each(SHAPES)('%s, and « help » from Jordan at the same time', async (_, text, expected) => {
    const [hostile, ordinary] = await Promise.all([answersTo(someone(), text), answersTo(JORDAN, 'help')]);
    expectAnswer(hostile, expected);
    expect(ordinary).toHaveLength(1);
    expect(factsOf(ordinary[0])).toMatchObject({ help: 'This message.' });
  });
});
