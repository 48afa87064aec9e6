import { beforeEach, describe, expect, it } from 'vitest';
import { CAMILLE, LEA, messageActivity, personalChat, THEO, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, actionsOf, inputsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { chatOf, clickIn, invokeCard, postedSince, settle as settleOutbox } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useFreshAppPerTest } from '../support/test-app.js';

/**
 * SLA alerts through the real server (signed requests in, Bot Connector nocked, the real clock
 * and dispatcher): a ticket of support-n1 left untaken past its time to resolve; the clock
 * records the level, the group's channel gets its digest card mentioning the lead (the exact
 * connector call), and « Prendre » clicked on that card in the channel takes the ticket and
 * updates the same card in place (PUT), never a second post.
 */

const N1_CHANNEL = '19:support-n1@thread.tacv2';
const DAY = 24 * 3_600_000;

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });
beforeEach(() => env.restartWith({ GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk-escalation.json' }));

const invoke = (activity: object) => invokeCard(env.server, issuer.sign(), activity);
const settle = () => settleOutbox(env.server.app);
const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;

/** a click on a card posted in a channel (its thread is the card's message) */
function clickInChannel(user: TestUser, verb: string, data: Record<string, unknown>, cardId: string) {
  const activity = clickIn(user, verb, data, { chat: N1_CHANNEL, cardId });
  return { ...activity, conversation: { ...activity.conversation, id: `${N1_CHANNEL};messageid=${cardId}`, conversationType: 'channel', isGroup: true } };
}

/** Camille opens a ticket in her chat; it lands in support-n1 */
async function openTicket(text: string): Promise<{ number: number; title: string }> {
  const from = env.connector.sent.length;
  expect((await env.server.post(messageActivity(CAMILLE, text), issuer.sign())).status).toBe(200);
  const [form] = postedSince(env.connector, from);
  const created = await invoke(
    clickIn(CAMILLE, 'ticket.create', { ...actionData(form.card!, 'ticket.create'), ...inputsOf(form.card!), urgency: '4', impact: '4' }, {
      chat: personalChat(CAMILLE),
      cardId: form.id,
    }),
  );
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle();
  return { number, title: (await ticketDoc(number)).title };
}

/**
 * Time passes for the ticket: its clocks ran for 30 days (business hours or not, every level is
 * past), as if it had been opened then. The clock's next level is due now.
 */
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

describe('SLA alerts in the group’s channel', () => {
  it('the digest mentions the lead (exact call); « Prendre » on it takes the ticket and the same card is updated in place', async () => {
    const opened = await openTicket('Le serveur de fichiers ne répond plus pour tout le service comptable.');
    await ageTicket(opened.number);
    const before = { sent: env.connector.sent.length, updated: env.connector.updated.length };

    const tick = await env.server.app.clock.tick();
    expect(tick.applied).toBe(1);
    await settle();

    // ---- one post in the channel: the digest, mentioning Léa (Teams notifies her), one line for the ticket
    const posts = env.connector.sent.slice(before.sent);
    expect(posts.map((p) => chatOf(p.path))).toEqual([N1_CHANNEL]);
    const [post] = posts;
    expect(post.path).toMatch(new RegExp(`^/emea/v3/conversations/${encodeURIComponent(N1_CHANNEL)}/activities(/[^/]+)?$`));
    const [attachment] = post.body.attachments as { contentType: string; content: Card }[];
    expect(attachment!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment!.content;
    expect(card.msteams).toEqual({
      entities: [{ type: 'mention', text: '<at>Léa Lead</at>', mentioned: { id: `8:orgid:${LEA.aadObjectId}`, name: 'Léa Lead' } }],
    });
    const texts = textsOf(card).map(shown);
    expect(texts.slice(0, 3)).toEqual(['Alertes SLA — Support N1', '<at>Léa Lead</at>, un ticket demande votre attention.', `#${opened.number} — ${opened.title}`]);
    expect(texts[3]).toMatch(/^Haute · délai de résolution dépassé · en retard de 27 j( \d+ h)? · non attribué$/);
    const digestId = (await db().collection('alertDigests').findOne({}))!._id;
    expect(actionsOf(card, 'ticket.take')).toEqual([{ number: opened.number, digest: String(digestId), version: expect.any(Number) }]);
    const stored = await ticketDoc(opened.number);
    expect(stored.escalation.fired).toEqual(['own-75', 'own-100', 'resolve-75', 'resolve-100']);
    // Camille is never told of an SLA level
    expect(env.connector.sent.slice(before.sent).filter((p) => chatOf(p.path) === personalChat(CAMILLE))).toEqual([]);

    // ---- Théo clicks « Prendre » on the digest in the channel
    const postedId = `sent-${before.sent + 1}`;
    const afterAlert = { sent: env.connector.sent.length, updated: env.connector.updated.length };
    await invoke(clickInChannel(THEO, 'ticket.take', actionsOf(card, 'ticket.take')[0]!, postedId));
    await settle();
    expect(await ticketDoc(opened.number)).toMatchObject({ status: 'assigned', assignee: { id: THEO.aadObjectId, name: THEO.name } });

    // the digest card is updated in place (PUT on its own message), never posted again
    expect(env.connector.sent.slice(afterAlert.sent).map((p) => chatOf(p.path))).not.toContain(N1_CHANNEL);
    // (the ticket's own card posted in the channel at its creation is redrawn too: a copy of its own)
    const puts = env.connector.updated
      .slice(afterAlert.updated)
      .filter((u) => chatOf(u.path) === N1_CHANNEL)
      .map((u) => ({ activity: u.path.split('/activities/')[1], card: (u.body.attachments as { content: Card }[])[0]!.content }))
      .filter((u) => shown(textsOf(u.card)[0]!) === 'Alertes SLA — Support N1');
    expect(puts.length).toBeGreaterThanOrEqual(1);
    expect(puts.map((u) => u.activity)).toEqual(puts.map(() => postedId));
    const redrawn = puts.at(-1)!.card;
    expect(textsOf(redrawn).map(shown)[3]).toMatch(/^Haute · délai de résolution dépassé · en retard de 27 j( \d+ h)? · pris par Théo Technicien$/);
    expect(actionsOf(redrawn, 'ticket.take')).toEqual([]);
    // and the digest's message never became a copy of the ticket card
    expect(((await ticketDoc(opened.number)).cardCopies ?? []).map((c: { activityId: string }) => c.activityId)).not.toContain(postedId);
  });
});
