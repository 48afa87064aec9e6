import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decide.js';
import { errorText } from '../../src/views/error.view.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { CAMILLE, JORDAN, cardActionActivity, messageActivity } from '../support/activities.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';
import { NOW, actors, commands } from '../support/ticket-mother.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

const VALID = {
  draftId: '0b6c3f1e-7c1a-4b7e-9f7e-2a1d3c4b5a69',
  type: 'incident',
  title: 'Imprimante du 2e en panne',
  description: 'Elle affiche « bourrage papier » mais il n’y a rien.',
  category: 'printing.printer',
  urgency: '3',
  impact: '2',
  location: 'B2',
};

async function invoke(data: Record<string, unknown>, user = CAMILLE, verb = 'ticket.create') {
  const response = await env.server.post(cardActionActivity(user, verb, data), issuer.sign());
  expect(response.status).toBe(200);
  const body = response.body as { statusCode: number; value: Record<string, unknown> };
  expect(body.statusCode).toBe(200);
  return body.value;
}

/** the values a re-rendered form shows, by input id */
function inputValues(card: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const r = node as Record<string, unknown>;
      if (typeof r.id === 'string' && String(r.type).startsWith('Input.')) out[r.id] = r.value;
      Object.values(r).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** the lines of "what to fix" on a re-rendered form, in order */
function errorLines(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const r = node as Record<string, unknown>;
      if (r.type === 'TextBlock' && typeof r.text === 'string' && r.text.startsWith('• ')) out.push(r.text.slice(2));
      Object.values(r).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const INVALID_FORM = 'Le ticket n’a pas été créé : corrigez les points signalés, votre saisie est conservée.';

describe('bad card data gets a localized answer, stores nothing, keeps what was typed', () => {
  it('wrong types (urgency "très urgent", impact 42) → the form again with French errors and the typed text', async () => {
    const card = await invoke({ ...VALID, urgency: 'très urgent', impact: 42 });
    expect(JSON.stringify(card)).toContain(`"text":"${INVALID_FORM}"`);
    expect(errorLines(card)).toEqual([
      'L’urgence va de 1 à 5 : rien n’a été enregistré.',
      'L’impact va de 1 à 5 : rien n’a été enregistré.',
    ]);
    expect(inputValues(card)).toMatchObject({ title: VALID.title, description: VALID.description, location: 'B2' });
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('the same mistake from an English user is answered in English', async () => {
    const card = await invoke({ ...VALID, urgency: 'asap' }, JORDAN);
    expect(errorLines(card)).toEqual(['Urgency goes from 1 to 5: nothing was saved.']);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('a Mongo operator object in a text field is refused, never reaches a query', async () => {
    const card = await invoke({ ...VALID, title: { $gt: '' }, description: { $where: 'sleep(1000)' } });
    const text = JSON.stringify(card);
    expect(errorLines(card)).toEqual([
      'Le titre est obligatoire : rien n’a été enregistré.',
      'La description fait au plus 20000 caractères : rien n’a été enregistré.',
    ]);
    expect(text).not.toContain('$gt');
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('a 10 000-character title is refused with the limit, and the text is kept in the form', async () => {
    const longTitle = 'x'.repeat(10_000);
    const card = await invoke({ ...VALID, title: longTitle });
    expect(errorLines(card)).toEqual(['Le titre fait au plus 255 caractères : rien n’a été enregistré.']);
    expect(inputValues(card).title).toBe(longTitle);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('an unknown category is refused', async () => {
    const card = await invoke({ ...VALID, category: 'printing.unicorn' });
    expect(errorLines(card)).toEqual(['Cette catégorie n’existe pas : choisissez-en une dans la liste. Rien n’a été enregistré.']);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('a type that is neither incident nor request, and a card with no draft id, are each one line', async () => {
    const { draftId: _, ...noDraft } = VALID;
    const card = await invoke({ ...noDraft, type: 'problème', title: 'Écran noir' }, JORDAN);
    expect(errorLines(card)).toEqual(['The card data is invalid; nothing was saved.', 'Pick the type, Incident or Request: nothing was saved.']);
    expect(inputValues(card)).toMatchObject({ title: 'Écran noir', description: VALID.description });
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('the same too-long title reads the same on the form and wherever the domain refuses it', async () => {
    const longTitle = 't'.repeat(256);
    const card = await invoke({ ...VALID, title: longTitle });
    const refused = decide(null, commands.create({ title: longTitle }), actors.ownRequester, NOW);
    if (refused.ok) throw new Error('expected the domain to refuse the title');
    expect(refused.error.details).toEqual({ field: 'title', max: 255 });
    expect(errorLines(card)).toEqual([errorText('fr', refused.error)]);
    expect(errorLines(card)).toEqual(['Le titre fait au plus 255 caractères : rien n’a été enregistré.']);
  });

  it('a problem reads the same whether the card data or the domain caught it', async () => {
    // a title that is not text (card data) and a blank title (domain)
    const notText = errorLines(await invoke({ ...VALID, title: ['Imprimante'] }));
    const blank = errorLines(await invoke({ ...VALID, title: '   ' }));
    expect(notText).toEqual(['Le titre est obligatoire : rien n’a été enregistré.']);
    expect(blank).toEqual(notText);
    // a category that is not an id (card data) and an unknown one (the use case)
    const notAnId = errorLines(await invoke({ ...VALID, category: 'c'.repeat(101) }, JORDAN));
    const unknown = errorLines(await invoke({ ...VALID, category: 'printing.unicorn' }, JORDAN));
    expect(notAnId).toEqual(['This category does not exist: pick one from the list. Nothing was saved.']);
    expect(unknown).toEqual(notAnId);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('a refused form does not burn a ticket number: the next good one is #1', async () => {
    await invoke({ ...VALID, title: '   ' });
    const card = await invoke(VALID);
    expect(JSON.stringify(card)).toContain('#1');
    expect(await db().collection('tickets').findOne({})).toMatchObject({ number: 1 });
  });

  it('an unknown verb gets a localized "not recognised" card', async () => {
    const card = await invoke({ anything: 1 }, CAMILLE, 'ticket.selfDestruct');
    expect(JSON.stringify(card)).toContain('Cette action n’est pas reconnue');
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('an invoke that is not an Action.Execute payload is answered, not crashed on', async () => {
    const activity = { ...cardActionActivity(CAMILLE, 'ticket.create', VALID), value: { action: 'nope' } };
    const response = await env.server.post(activity, issuer.sign());
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).toContain('Les données de la carte sont invalides');
  });

  it('the requester is the authenticated user, whatever the card data claims', async () => {
    await invoke({ ...VALID, requester: { id: JORDAN.aadObjectId, name: 'Jordan' }, from: JORDAN.aadObjectId });
    const stored = await db().collection('tickets').findOne({});
    expect(stored?.requester).toEqual({ id: CAMILLE.aadObjectId, name: CAMILLE.name });
  });

  it('a message from someone without an Entra identity is refused politely', async () => {
    const activity = messageActivity(CAMILLE, 'Mon écran ne marche plus');
    const anonymous = { ...activity, from: { id: '29:anonymous', name: 'Guest' } };
    const response = await env.server.post(anonymous, issuer.sign());
    expect(response.status).toBe(200);
    const answer = JSON.stringify(env.connector.to(`a:personal-${CAMILLE.aadObjectId}`));
    expect(answer).toContain('Je ne peux pas vous identifier');
    expect(answer).not.toContain('Créer le ticket');
    expect(await db().collection('conversations').countDocuments({ userName: 'Guest' })).toBe(0);
  });
});

describe('the HTTP edge', () => {
  it('a body over 256 KB → 413, before the bot sees it', async () => {
    const activity = messageActivity(CAMILLE, 'y'.repeat(300 * 1024));
    const response = await env.server.post(activity, issuer.sign());
    expect(response.status).toBe(413);
  });

  it('a chunked body (no Content-Length) that grows past 256 KB → 413, and nothing stored', async () => {
    const url = new URL(`${env.server.url}/api/messages`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.sign()}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
      const activity = JSON.stringify(messageActivity(CAMILLE, 'z'.repeat(300 * 1024)));
      for (let i = 0; i < activity.length; i += 16 * 1024) req.write(activity.slice(i, i + 16 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(await db().collection('conversations').countDocuments()).toBe(0);
  });

  it('malformed JSON → 400', async () => {
    const response = await fetch(`${env.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.sign()}` },
      body: '{"type":"message",',
    });
    expect(response.status).toBe(400);
  });

  it('a body that is JSON but not an activity → 400; another content type → 415; nothing stored', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${env.server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${issuer.sign()}` },
        body,
      });
    expect((await post('[{"type":"message"}]')).status).toBe(400);
    expect((await post('"message"')).status).toBe(400);
    expect((await post('{"text":"no type"}')).status).toBe(400);
    expect((await post('{"type":{"$gt":""}}')).status).toBe(400);
    expect((await post('type=message', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
    expect(await db().collection('conversations').countDocuments()).toBe(0);
  });

  it('GET /healthz reports the database', async () => {
    const response = await fetch(`${env.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up', notifications: { failed: 0 } });
  });
});
