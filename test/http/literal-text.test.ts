import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAMILLE, cardActionActivity, messageActivity } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { fakeMicrosoftCloud, restoreNetwork, startAuthenticatedApp, type ConnectorRecorder, type RunningTestApp } from '../support/test-app.js';

/**
 * A title written as markdown, through the real server: the requester's card and the
 * channel's card show it as text (escaped for Teams' markdown), not as a link.
 */

const CHANNEL = '19:support-n1@thread.tacv2';
const CAMILLE_CHAT = `a:personal-${CAMILLE.aadObjectId}`;

type Card = Record<string, unknown>;

const db = useTestDatabase();
const issuer = createTestIssuer();
let server: RunningTestApp;
let connector: ConnectorRecorder;

beforeEach(async () => {
  restoreNetwork();
  connector = fakeMicrosoftCloud(issuer);
  server = await startAuthenticatedApp(db(), { dispatcher: { pollMs: 50, baseDelayMs: 50 } });
});
afterEach(async () => {
  await server?.stop();
});
afterAll(() => restoreNetwork());

function walk(node: unknown, visit: (record: Card) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    visit(node as Card);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

const textsOf = (card: Card) => {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
  });
  return out;
};

function inputsOf(card: Card): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') out[node.id] = node.value;
  });
  return out;
}

function actionData(card: Card, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  walk(card, (node) => {
    if (!found && node.type === 'Action.Execute' && node.verb === verb) found = (node.data ?? {}) as Record<string, unknown>;
  });
  if (!found) throw new Error(`no ${verb} action`);
  return found;
}

const cardIn = (body: Record<string, unknown>) => (body.attachments as { content: Card }[])[0].content;

async function settle(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await server.app.dispatcher.drain();
    if ((await server.app.dispatcher.stats()).pending === 0) return;
    if (Date.now() > deadline) throw new Error('notifications still pending');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('user text is shown as text on the cards, through /api/messages', () => {
  it('a title written as a markdown link and bold reads as typed on the requester’s card and the channel’s card', async () => {
    const title = '[clic](https://evil.example) **gras** <at>x</at>';
    // what Teams shows for it: each mark after a backslash is the mark itself
    const escaped = '\\[clic\\](https://evil.example) \\*\\*gras\\*\\* \\<at>x\\</at>';

    await server.post(messageActivity(CAMILLE, 'Mon écran reste noir depuis ce matin'), issuer.sign());
    expect(connector.sent[0].path).toContain(encodeURIComponent(CAMILLE_CHAT));
    const form = cardIn(connector.sent[0].body);
    const create = cardActionActivity(CAMILLE, 'ticket.create', {
      ...actionData(form, 'ticket.create'),
      ...inputsOf(form),
      title,
      description: '- liste\n1. liste\n![img](https://evil.example/x.png)',
    });
    const response = await server.post({ ...create, replyToId: 'sent-1' }, issuer.sign());
    expect(response.status).toBe(200);
    const requesterCard = (response.body as { value: Card }).value;
    expect(textsOf(requesterCard)).toContain(escaped);
    expect(textsOf(requesterCard)).toContain('\\- liste\n1\\. liste\n!\\[img\\](https://evil.example/x.png)');
    expect(JSON.stringify(requesterCard)).not.toContain('[clic](');

    await settle();
    const posted = connector.sent.find((s) => s.path.includes(`/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`));
    expect(posted).toBeDefined();
    const channelCard = cardIn(posted!.body);
    expect(textsOf(channelCard)).toContain(escaped);
    expect(JSON.stringify(channelCard)).not.toContain('[clic](');
    // the activity feed's summary is plain text: the title as typed
    expect(posted!.body.summary).toContain(title);
  });
});
