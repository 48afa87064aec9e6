import { expect } from 'vitest';
import type { App } from '../../src/create-app.js';
import { cardActionActivity, messageActivity, personalChat, type TestUser } from './activities.js';
import { problemsOf } from './adaptive-card-problems.js';
import { cardIn, type Card } from './card-reading.js';
import type { ConnectorRecorder, RunningTestApp } from './test-app.js';

/**
 * The steps of an HTTP test through the real server: a click on a card sitting in a
 * given chat, the card that answers it, and waiting until what was queued is delivered.
 */

/** a click on a card in `where.chat`; `cardId` is the message the card sits in */
export function clickIn(user: TestUser, verb: string, data: Record<string, unknown>, where: { chat: string; cardId?: string }) {
  const activity = cardActionActivity(user, verb, data);
  return { ...activity, conversation: { ...activity.conversation, id: where.chat }, ...(where.cardId ? { replyToId: where.cardId } : {}) };
}

/** posts a card action (signed with `token`) and returns the card that replaces the clicked one */
export async function invokeCard(server: RunningTestApp, token: string, activity: object): Promise<Card> {
  const response = await server.post(activity, token);
  expect(response.status).toBe(200);
  const body = response.body as { statusCode: number; type: string; value: Card };
  expect(body.statusCode).toBe(200);
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

/** waits until the outbox is empty: everything queued so far was delivered */
export async function settle(app: App): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await app.dispatcher.drain();
    const { pending } = await app.dispatcher.stats();
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} notification(s) still pending`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** the conversation of a Bot Connector path: /…/v3/conversations/{id}/activities[/{activityId}] */
export const chatOf = (path: string): string => decodeURIComponent(/\/v3\/conversations\/([^/]+)\/activities/.exec(path)![1]);

/** a message the bot posted, as its reader gets it */
export interface Posted {
  readonly chat: string;
  /** the id the fake cloud gave the message (a later click's `cardId`) */
  readonly id: string;
  /** what the reader is told: the message's text, or a card message's summary (the feed's line) */
  readonly said: string;
  readonly card: Card | undefined;
}

/** what the bot posted after the connector's first `from` posts, in order */
export const postedSince = (connector: ConnectorRecorder, from: number): Posted[] =>
  connector.sent.slice(from).map((s, i) => ({
    chat: chatOf(s.path),
    id: `sent-${from + i + 1}`,
    said: String(s.body.text ?? s.body.summary),
    card: cardIn(s.body),
  }));

/** who was told what: the connector calls that posted a message, in order */
export const told = (posted: readonly Posted[]) => posted.map(({ chat, said }) => ({ chat, said }));

/**
 * `user` types `text` in their own chat with the bot: the one card posted there in answer, with
 * the message it sits in (for a later click on it), checked against the Adaptive Card schema.
 * What earlier turns queued is delivered first, so only this answer is counted.
 */
export async function sayInPersonalChat(
  env: { readonly server: RunningTestApp; readonly connector: ConnectorRecorder },
  token: string,
  user: TestUser,
  text: string,
): Promise<{ id: string; card: Card }> {
  await settle(env.server.app);
  const before = env.connector.sent.length;
  expect((await env.server.post(messageActivity(user, text), token)).status).toBe(200);
  const posted = postedSince(env.connector, before).filter((p) => p.chat === personalChat(user));
  expect(posted).toHaveLength(1);
  const card = posted[0]!.card!;
  expect(problemsOf(card)).toEqual([]);
  return { id: posted[0]!.id, card };
}
