import { beforeEach, describe, expect, it } from 'vitest';
import { CAMILLE, messageActivity, personalChat } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, inputsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { chatOf, clickIn, invokeCard, postedSince, settle as settleOutbox } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useFreshAppPerTest } from '../support/test-app.js';
import { loadFileDirectory } from '../../src/infra/directory/file-directory.js';
import type { Directory } from '../../src/domain/ports/directory.js';

/**
 * The hierarchical SLA alert's contact (issue 11, point 4): the admin file's escalation contact
 * when it names one, otherwise the manager of the group's lead read from the directory (the
 * directory file here, behind the same port as Microsoft Graph). A directory that fails sends
 * nothing to a contact and breaks nothing.
 */

const N1_CHANNEL = '19:support-n1@thread.tacv2';
const HELENE = 'c0ffee00-0000-4000-8000-0000000000e1';
const FABIEN = 'c0ffee00-0000-4000-8000-0000000000f1';
const DAY = 24 * 3_600_000;

let directory: Directory;
const failing: Directory = {
  search: async () => [],
  profile: async () => null,
  manager: async () => {
    throw new Error('Graph 503');
  },
};
let useFailing = false;
const proxy: Directory = {
  search: (...a) => (useFailing ? failing : directory).search(...a),
  profile: (...a) => (useFailing ? failing : directory).profile(...a),
  manager: (...a) => (useFailing ? failing : directory).manager(...a),
};

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 }, directory: proxy });
beforeEach(async () => {
  directory = await loadFileDirectory('test/fixtures/directory-escalation.json');
  useFailing = false;
  await env.restartWith({ GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk-escalation.json' });
});

const settle = () => settleOutbox(env.server.app);
const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;

async function openHighPriorityTicket(): Promise<number> {
  const from = env.connector.sent.length;
  expect((await env.server.post(messageActivity(CAMILLE, 'Le serveur de fichiers ne répond plus pour tout le service comptable.'), issuer.sign())).status).toBe(200);
  const [form] = postedSince(env.connector, from);
  const created = await invokeCard(
    env.server,
    issuer.sign(),
    clickIn(CAMILLE, 'ticket.create', { ...actionData(form.card!, 'ticket.create'), ...inputsOf(form.card!), urgency: '4', impact: '4' }, {
      chat: personalChat(CAMILLE),
      cardId: form.id,
    }),
  );
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle();
  return number;
}

/** the ticket's clocks ran 30 days: every level is past, the next one is due now */
async function ageTicket(number: number): Promise<void> {
  const doc = await ticketDoc(number);
  const since = new Date(Date.now() - 30 * DAY);
  await db()
    .collection('tickets')
    .updateOne(
      { number },
      {
        $set: {
          'sla.own.runningSince': since,
          'sla.own.dueAt': new Date(since.getTime() + 3_600_000),
          'sla.resolve.runningSince': since,
          'sla.resolve.dueAt': new Date(since.getTime() + 3 * DAY),
          'escalation.next': { levelId: doc.escalation.next.levelId, at: new Date(Date.now() - 1_000) },
        },
      },
    );
}

/** a high-priority ticket breaches its levels: what the clock's tick posted, which 1:1 chats it created */
async function breach(): Promise<{ posts: { path: string; body: Record<string, any> }[]; created: string[] }> {
  const number = await openHighPriorityTicket();
  await ageTicket(number);
  const before = { sent: env.connector.sent.length, created: env.connector.created.length };
  expect((await env.server.app.clock.tick()).applied).toBe(1);
  await settle();
  return { posts: env.connector.sent.slice(before.sent) as { path: string; body: Record<string, any> }[], created: env.connector.created.slice(before.created) };
}

describe('hierarchical SLA alert: the escalation contact', () => {
  it('no contact in the admin file → the lead’s manager from the directory gets the alert in a 1:1 chat (conversation created by AAD id)', async () => {
    const { posts, created } = await breach();
    // the 1:1 chat with Hélène is created by her AAD id, and the alert goes there
    expect(created).toEqual([HELENE]);
    expect(posts.map((p) => chatOf(p.path))).toEqual([N1_CHANNEL, `a:created-${HELENE}`]);
    const toHelene = posts[1]!;
    expect(toHelene.path).toMatch(new RegExp(`^/emea/v3/conversations/${encodeURIComponent(`a:created-${HELENE}`)}/activities(/[^/]+)?$`));
    const card = (toHelene.body.attachments as { content: Card }[])[0]!.content;
    expect(textsOf(card).map(shown)[0]).toBe('Alertes SLA — Support N1');
  });

  it('a contact in the admin file → the file wins: Fabien gets the alert, not the lead’s manager', async () => {
    await env.restartWith({ GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk-escalation-contact.json' });
    const { posts, created } = await breach();
    expect(created).toEqual([FABIEN]);
    expect(posts.map((p) => chatOf(p.path))).toEqual([N1_CHANNEL, `a:created-${FABIEN}`]);
  });

  it('the directory fails → only the channel is told, nothing breaks', async () => {
    useFailing = true;
    const { posts, created } = await breach();
    expect(posts.map((p) => chatOf(p.path))).toEqual([N1_CHANNEL]);
    expect(created).toEqual([]);
  });
});
