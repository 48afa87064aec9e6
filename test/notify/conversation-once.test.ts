import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Notification } from '../../src/domain/notification.js';
import type { Person } from '../../src/domain/ticket.js';
import { createBotEndpoint } from '../../src/infra/http/create-bot-endpoint.js';
import { RefusalLog } from '../../src/infra/http/refusal-log.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { MongoMessageOutbox } from '../../src/infra/mongo/mongo-message-outbox.js';
import { BotConnectorMessenger } from '../../src/infra/notify/bot-connector.messenger.js';
import { OutboxDispatcher, type MessageRenderer } from '../../src/infra/notify/outbox-dispatcher.js';
import { createTestIssuer, SERVICE_URL, TEST_APP_ID, TEST_TENANT_ID } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { fakeMicrosoftCloud, restoreNetwork, type ConnectorRecorder } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();

/** someone the bot never talked to: no stored conversation */
const adele: Person = { id: 'aad-adele-never-contacted', name: 'Adèle Vance' };
const theo: Person = { id: 'aad-theo', name: 'Théo Technicien' };

let connector: ConnectorRecorder;
let conversations: MongoConversationRepository;
let outbox: MongoMessageOutbox;

/** each message says which ticket it is about, so the test can tell them apart */
const render: MessageRenderer = {
  notification: (notification) => ({ text: `#${(notification.payload as { number: number }).number} ${notification.kind}` }),
  copy: () => ({ type: 'AdaptiveCard' }),
};

const taken = (number: number): Notification => ({
  kind: 'ticket.taken',
  recipient: { kind: 'user', user: adele },
  actor: theo,
  payload: { number, title: `Ticket ${number}` },
});

/** the real Bot Connector client (botbuilder's CloudAdapter), against the nocked connector */
function realMessenger(): BotConnectorMessenger {
  const loaded = loadConfig({ MicrosoftAppId: TEST_APP_ID, MicrosoftAppPassword: 'test-secret', MicrosoftAppTenantId: TEST_TENANT_ID });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return new BotConnectorMessenger(createBotEndpoint(loaded.config, new RefusalLog()), TEST_APP_ID, loaded.config.serviceHosts);
}

const dispatcherOf = (messenger: BotConnectorMessenger) =>
  new OutboxDispatcher(
    { stores: [outbox], messenger, conversations, groups: new MongoGroupRepository(db()), render, log: () => undefined },
    { concurrency: 4, defaultServiceUrl: SERVICE_URL },
  );

/** the conversation a connector path posts to: …/v3/conversations/{id}/activities */
const conversationOf = (path: string) => decodeURIComponent(/\/v3\/conversations\/([^/]+)\/activities/.exec(path)?.[1] ?? '');

beforeAll(async () => {
  await new MongoMessageOutbox(db()).ensureIndexes();
});

beforeEach(() => {
  restoreNetwork();
  conversations = new MongoConversationRepository(db());
  outbox = new MongoMessageOutbox(db());
});

afterEach(() => restoreNetwork());

describe('a 1:1 chat with someone the bot never talked to is opened once', () => {
  it('two notices dispatched at once to a never-contacted person: one createConversation, both messages in that chat', async () => {
    connector = fakeMicrosoftCloud(issuer);
    // two separate outbox entries: the dispatcher's workers claim and deliver them concurrently
    await outbox.enqueue(TEST_TENANT_ID, [taken(1)], new Date());
    await outbox.enqueue(TEST_TENANT_ID, [taken(2)], new Date());

    expect(await dispatcherOf(realMessenger()).drain()).toBe(2);

    expect(connector.created).toEqual([adele.id]);
    const chat = `a:created-${adele.id}`;
    const posted = connector.sent.map((s) => ({ conversation: conversationOf(s.path), text: s.body.text }));
    expect(posted.sort((a, b) => String(a.text).localeCompare(String(b.text)))).toEqual([
      { conversation: chat, text: '#1 ticket.taken' },
      { conversation: chat, text: '#2 ticket.taken' },
    ]);
    expect((await conversations.find(TEST_TENANT_ID, adele.id))?.reference).toMatchObject({ conversation: { id: chat }, serviceUrl: SERVICE_URL });
  });

  it('a chat another instance stored while this one opened its own is the one used and kept', async () => {
    const other = 'a:stored-by-another-instance';
    // while Teams answers this instance's createConversation, another instance stores Adèle's chat
    nock(new URL(SERVICE_URL).origin)
      .post(/\/v3\/conversations\/?$/)
      .reply(200, async () => {
        await conversations.save({
          tenantId: TEST_TENANT_ID,
          userId: adele.id,
          userName: adele.name,
          locale: 'en-US',
          reference: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: other }, user: { id: `29:${adele.id}` } },
          updatedAt: new Date(),
        });
        return { id: 'a:opened-by-this-instance' };
      });
    connector = fakeMicrosoftCloud(issuer);
    await outbox.enqueue(TEST_TENANT_ID, [taken(3)], new Date());

    expect(await dispatcherOf(realMessenger()).drain()).toBe(1);

    expect(connector.sent.map((s) => ({ conversation: conversationOf(s.path), text: s.body.text }))).toEqual([{ conversation: other, text: '#3 ticket.taken' }]);
    expect((await conversations.find(TEST_TENANT_ID, adele.id))?.reference).toMatchObject({ conversation: { id: other } });
  });
});
