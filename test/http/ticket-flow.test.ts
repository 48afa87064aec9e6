import { describe, expect, it } from 'vitest';
import { createTestIssuer } from '../support/bot-auth.js';
import { CAMILLE, cardActionActivity, messageActivity } from '../support/activities.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

const REPORT =
  "Bonjour, je n'arrive plus à me connecter à HorairePro : \"Accès refusé. Contactez l'administrateur.\" Je dois soumettre mes horaires avant mercredi 17h.";

const CAMILLE_CHAT = `a:personal-${CAMILLE.aadObjectId}`;

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

/** Every input of a card, by id, with its prefilled value. */
function inputsOf(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string') {
        out[record.id] = record.value;
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function executeDataOf(card: unknown, verb: string): Record<string, unknown> {
  const json = JSON.stringify(card);
  const actions = (card as { actions?: { verb?: string; data?: Record<string, unknown> }[] }).actions ?? [];
  const action = actions.find((candidate) => candidate.verb === verb);
  if (!action) throw new Error(`no ${verb} action in ${json.slice(0, 200)}`);
  return action.data ?? {};
}

const cardOfInvoke = (body: unknown) => {
  const response = body as { statusCode: number; type: string; value: Record<string, unknown> };
  expect(response.statusCode).toBe(200);
  expect(response.type).toBe('application/vnd.microsoft.card.adaptive');
  return response.value;
};

describe('a requester opens a ticket through /api/messages (signed tokens)', () => {
  it('message → prefilled form → Create → ticket stored and shown as #1 Nouveau', async () => {
    const reply = await env.server.post(messageActivity(CAMILLE, REPORT), issuer.sign());
    expect(reply.status).toBe(200);

    const replies = env.connector.to(CAMILLE_CHAT);
    expect(replies).toHaveLength(1);
    const attachments = replies[0].attachments as { contentType: string; content: Record<string, unknown> }[];
    expect(attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const form = attachments[0].content;
    expect(form.version).toBe('1.5');
    const inputs = inputsOf(form);
    expect(inputs.title).toBe("Je n'arrive plus à me connecter à HorairePro");
    expect(inputs.description).toBe(REPORT);
    expect(inputs.category).toBe('account.application');
    expect(JSON.stringify(form)).toContain('Créer le ticket');

    const submit = await env.server.post(
      cardActionActivity(CAMILLE, 'ticket.create', { ...executeDataOf(form, 'ticket.create'), ...inputs, urgency: '4', impact: '2', location: 'Bâtiment B, 2e étage' }),
      issuer.sign(),
    );
    expect(submit.status).toBe(200);
    const ticketCard = JSON.stringify(cardOfInvoke(submit.body));
    expect(ticketCard).toContain('#1');
    expect(ticketCard).toContain('Nouveau');
    expect(ticketCard).toContain('Priorité : Moyenne'); // matrix(U4, I2) = 3
    expect(ticketCard).toContain('Compte / Accès > Accès à une application');
    expect(ticketCard).toContain('Camille Martin');

    const stored = await db().collection('tickets').find().toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      number: 1,
      status: 'new',
      title: "Je n'arrive plus à me connecter à HorairePro",
      urgency: 4,
      impact: 2,
      priority: 3,
      requester: { id: CAMILLE.aadObjectId, name: 'Camille Martin' },
      source: 'chat',
      version: 1,
    });
    expect(stored[0].history).toEqual([expect.objectContaining({ field: 'status', from: null, to: 'new' })]);
  });

  it('a double click on "Create" opens one ticket, not two', async () => {
    await env.server.post(messageActivity(CAMILLE, 'Mon écran reste noir'), issuer.sign());
    const form = (env.connector.to(CAMILLE_CHAT)[0].attachments as { content: unknown }[])[0].content;
    const data = { ...executeDataOf(form, 'ticket.create'), ...inputsOf(form) };
    const [first, second] = await Promise.all([
      env.server.post(cardActionActivity(CAMILLE, 'ticket.create', data), issuer.sign()),
      env.server.post(cardActionActivity(CAMILLE, 'ticket.create', data), issuer.sign()),
    ]);
    expect(JSON.stringify(cardOfInvoke(first.body))).toContain('"#1"');
    expect(JSON.stringify(cardOfInvoke(second.body))).toContain('"#1"');
    expect(await db().collection('tickets').countDocuments()).toBe(1);
  });

  it('a redelivered "Create" (same activity id, e.g. a Teams retry) answers with the same ticket', async () => {
    await env.server.post(messageActivity(CAMILLE, 'Le Wi-Fi invité ne marche plus'), issuer.sign());
    const form = (env.connector.to(CAMILLE_CHAT)[0].attachments as { content: unknown }[])[0].content;
    const activity = cardActionActivity(CAMILLE, 'ticket.create', { ...executeDataOf(form, 'ticket.create'), ...inputsOf(form) });
    const first = await env.server.post(activity, issuer.sign());
    const again = await env.server.post(activity, issuer.sign());
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    const [card, replay] = [JSON.stringify(cardOfInvoke(first.body)), JSON.stringify(cardOfInvoke(again.body))];
    expect(card).toContain('"#1"');
    expect(replay).toContain('"#1"');
    expect(replay).toContain('Le Wi-Fi invité ne marche plus');
    expect(await db().collection('tickets').countDocuments()).toBe(1);
  });

  it('"mes tickets" lists the requester\'s open tickets, newest first, paged by 5', async () => {
    for (let i = 1; i <= 7; i += 1) {
      await env.server.post(messageActivity(CAMILLE, `Problème numéro ${i}`), issuer.sign());
      const form = (env.connector.to(CAMILLE_CHAT).at(-1)!.attachments as { content: unknown }[])[0].content;
      await env.server.post(
        cardActionActivity(CAMILLE, 'ticket.create', { ...executeDataOf(form, 'ticket.create'), ...inputsOf(form) }),
        issuer.sign(),
      );
    }
    await env.server.post(messageActivity(CAMILLE, 'mes tickets'), issuer.sign());
    const list = (env.connector.to(CAMILLE_CHAT).at(-1)!.attachments as { content: Record<string, unknown> }[])[0].content;
    const text = JSON.stringify(list);
    expect(text).toContain('Mes tickets ouverts');
    expect(text.indexOf('Problème numéro 7')).toBeLessThan(text.indexOf('Problème numéro 3'));
    expect(text).not.toContain('Problème numéro 2');
    expect(text).toContain('Page 1 sur 2');

    const next = await env.server.post(cardActionActivity(CAMILLE, 'tickets.list', executeDataOf(list, 'tickets.list')), issuer.sign());
    const page2 = JSON.stringify(cardOfInvoke(next.body));
    expect(page2).toContain('Problème numéro 2');
    expect(page2).toContain('Problème numéro 1');
    expect(page2).not.toContain('Problème numéro 3');
  });

  it('greets a user who installs the bot and remembers how to reach them', async () => {
    const newcomer = { aadObjectId: 'c0ffee00-0000-4000-8000-00000000000f', name: 'Nina Nouvelle', locale: 'fr-FR' };
    const install = {
      ...messageActivity(newcomer, ''),
      type: 'installationUpdate',
      action: 'add',
      text: undefined,
    };
    const response = await env.server.post(install, issuer.sign());
    expect(response.status).toBe(200);
    expect(JSON.stringify(env.connector.to(`a:personal-${newcomer.aadObjectId}`))).toContain('Bienvenue sur Guichet');
    const stored = await db().collection('conversations').findOne({ userId: newcomer.aadObjectId });
    expect(stored).toMatchObject({ tenantId: expect.any(String), locale: 'fr-FR' });
    expect((stored!.reference as { conversation: { id: string } }).conversation.id).toBe(`a:personal-${newcomer.aadObjectId}`);
    expect(stored!.reference).not.toHaveProperty('activityId');
  });
});

// every other refused token: test/http/auth.test.ts
describe('requests that are not from the Bot Connector are refused', () => {
  it('a token that passed once is not accepted for another service URL or once expired', async () => {
    const token = issuer.sign();
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), token)).status).toBe(200);
    const elsewhere = { ...messageActivity(CAMILLE, 'aide'), serviceUrl: 'https://evil.example.com/' };
    expect((await env.server.post(elsewhere, token)).status).toBe(401);
    const expired = issuer.sign({}, { expired: true });
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), expired)).status).toBe(401);
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), expired)).status).toBe(401);
  });
});
