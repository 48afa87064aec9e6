import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createBotEndpoint } from '../../src/infra/http/create-bot-endpoint.js';
import { RefusalLog } from '../../src/infra/http/refusal-log.js';
import { BotConnectorMessenger } from '../../src/infra/notify/bot-connector.messenger.js';
import { DeliveryError } from '../../src/infra/notify/messenger.js';
import { CAMILLE, cardActionActivity, messageActivity, type TestUser } from '../support/activities.js';
import { createTestIssuer, rawJwt, rs256, SERVICE_URL, TEST_APP_ID, TEST_TENANT_ID } from '../support/bot-auth.js';
import { captureLogs } from '../support/captured-logs.js';
import { useTestDatabase } from '../support/mongo.js';
import { restoreNetwork, startAuthenticatedApp, useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
// the refusal log's clock: each test starts a new minute, so its first refusal is written
let now = Date.parse('2026-11-22T08:00:00Z');
// the app's warnings and errors join what the console shows, one sentence a line
const logger = captureLogs('warn', (entry) => output.push(String(entry.msg))).logger;
const refusals = new RefusalLog({ now: () => now, logger });
const env = useAuthenticatedApp(db, issuer, { refusals, logger });

// from test/fixtures/helpdesk.json
const ADELE: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000ad', name: 'Adèle Admin', locale: 'fr-FR' };

/** Everything written to the console during a test, one entry per call (an Error as its stack). */
let output: string[] = [];
beforeEach(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(args.map((arg) => (arg instanceof Error ? String(arg.stack) : String(arg))).join(' '));
    });
  }
  // what the previous test kept quiet is told now, not in this test's lines
  refusals.flush();
  now += 3_600_000;
  output = [];
});

/** Counts every request that reaches a host the bot must never talk to. */
function trap(origin: string): { readonly hits: number } {
  const counter = { hits: 0 };
  const hit = () => {
    counter.hits += 1;
    return [200, { id: 'trapped' }] as [number, object];
  };
  nock(origin).persist().post(/.*/).reply(hit).put(/.*/).reply(hit).get(/.*/).reply(hit).delete(/.*/).reply(hit);
  return counter;
}
afterEach(() => {
  vi.restoreAllMocks();
});

const FORM = {
  draftId: '6f1c1a9e-3c54-4a55-9a3e-0d8b1c8f0b11',
  type: 'incident',
  title: 'Imprimante',
  description: 'HS',
  urgency: '3',
  impact: '3',
};

/** A message and a Create click, each with the token: both must be refused the same way. */
async function bothRefused(token: string | null, shape: (activity: Record<string, unknown>) => object = (a) => a) {
  const message = await env.server.post(shape(messageActivity(CAMILLE, 'Mon imprimante ne marche plus')), token);
  const invoke = await env.server.post(shape(cardActionActivity(CAMILLE, 'ticket.create', FORM)), token);
  return [message.status, invoke.status];
}

async function nothingHappened() {
  expect(await db().collection('tickets').countDocuments()).toBe(0);
  expect(await db().collection('conversations').countDocuments()).toBe(0);
  await env.server.app.dispatcher.drain();
  expect(env.connector.sent).toEqual([]);
  expect(env.connector.created).toEqual([]);
}

const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const validClaims = () => {
  const seconds = Math.floor(Date.now() / 1000);
  return { iss: 'https://api.botframework.com', aud: TEST_APP_ID, serviceurl: SERVICE_URL, nbf: seconds - 60, exp: seconds + 3600 };
};
/** A real token whose payload is replaced after signing (the signature is the original's). */
function edited(change: Record<string, unknown>): string {
  const [header, payload, signature] = issuer.sign().split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...change };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('every authentication failure is a 401 with one short log line, and nothing else happens', () => {
  const cases: [string, () => string | null, string, ((activity: Record<string, unknown>) => object)?][] = [
    ['no token', () => null, 'no-token'],
    ['a bearer that is not a JWT', () => 'not-a-jwt', 'token-malformed'],
    ['no signature', () => rawJwt({ alg: 'RS256', typ: 'JWT', kid: issuer.kid }, validClaims()), 'token-signature'],
    ['alg: none', () => rawJwt({ alg: 'none', typ: 'JWT', kid: issuer.kid }, validClaims()), 'token-algorithm'],
    [
      'HS256 signed with the published public key',
      () => rawJwt({ alg: 'HS256', typ: 'JWT', kid: issuer.kid }, validClaims(), (signed) => createHmac('sha256', issuer.publicKeyPem).update(signed).digest()),
      'token-algorithm',
    ],
    ['signed by another key under the published key id', () => rawJwt({ alg: 'RS256', kid: issuer.kid }, validClaims(), rs256(otherKey)), 'token-signature'],
    ['signed by a key the connector does not publish', () => rawJwt({ alg: 'RS256', kid: randomUUID() }, validClaims(), rs256(otherKey)), 'token-key-unknown'],
    ['payload edited after signing (another bot’s token made ours)', () => edited({ aud: TEST_APP_ID, exp: validClaims().exp + 86_400 }), 'token-signature'],
    ['not yet valid', () => issuer.sign({}, { notYetValid: true }), 'token-not-yet-valid'],
    ['expired', () => issuer.sign({}, { expired: true }), 'token-expired'],
    ['no exp', () => issuer.sign({}, { without: ['exp'] }), 'token-no-expiry'],
    ['another bot’s token (wrong audience)', () => issuer.sign({ aud: '99999999-9999-9999-9999-999999999999' }), 'token-audience'],
    ['another issuer', () => issuer.sign({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/' }), 'token-issuer'],
    ['a token for another service URL', () => issuer.sign({ serviceurl: 'https://smba.trafficmanager.net/amer/' }), 'activity-service-url-mismatch'],
    ['an activity with no serviceUrl', () => issuer.sign(), 'activity-no-service-url', ({ serviceUrl: _, ...rest }) => rest],
    ['a valid signature but no channel id', () => issuer.sign(), 'activity-channel-not-endorsed', ({ channelId: _, ...rest }) => rest],
    ['a channel the key is not endorsed for', () => issuer.sign(), 'activity-channel-not-endorsed', (a) => ({ ...a, channelId: 'slack' })],
  ];

  it.each(cases)('%s → 401', async (_name, token, reason, shape) => {
    expect(await bothRefused(token(), shape)).toEqual([401, 401]);
    await nothingHappened();
    // the two refusals of one kind within a minute: one line, no stack, no key, no token
    expect(output).toEqual([`refused 401 ${reason}`]);
  });

  it('the same token accepted (control): 200 and the form', async () => {
    const reply = await env.server.post(messageActivity(CAMILLE, 'Mon imprimante ne marche plus'), issuer.sign());
    expect(reply.status).toBe(200);
    expect(JSON.stringify(env.connector.sent)).toContain('Créer le ticket');
  });

  it('a flood of one kind writes one line a minute, then tells how many it kept quiet', async () => {
    const expired = issuer.sign({}, { expired: true });
    for (let i = 0; i < 5; i++) expect((await env.server.post(messageActivity(CAMILLE, 'aide'), expired)).status).toBe(401);
    expect(output).toEqual(['refused 401 token-expired']);
    const since = new Date(now).toISOString().slice(11, 19);
    now += 60_000;
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), null)).status).toBe(401);
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), expired)).status).toBe(401);
    expect(output).toEqual([
      'refused 401 token-expired',
      'refused 401 no-token',
      `refused 401 token-expired (+4 more since ${since})`,
    ]);
  });

  it('a token with no exp is refused every time, even after the same token with an exp passed', async () => {
    const good = issuer.sign();
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), good)).status).toBe(200);
    const noExp = issuer.sign({}, { without: ['exp'] });
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), noExp)).status).toBe(401);
    expect((await env.server.post(messageActivity(CAMILLE, 'aide'), noExp)).status).toBe(401);
  });

  it('a refusal answers 401 without reading the body, and closes the connection', async () => {
    const response = await fetch(`${env.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.sign({}, { expired: true })}` },
      body: JSON.stringify(messageActivity(CAMILLE, 'aide')),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ error: 'unauthorized' });
  });
});

describe('when the connector’s signing keys cannot be fetched', () => {
  it('a request is answered 503 (the connector retries it), with one line and no stack', async () => {
    const server = await startAuthenticatedApp(db(), { refusals, logger });
    try {
      restoreNetwork();
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1/);
      nock('https://login.botframework.com').persist().get(/.*/).reply(502);
      const reply = await server.post(messageActivity(CAMILLE, 'Mon imprimante ne marche plus'), issuer.sign());
      expect(reply).toEqual({ status: 503, body: { error: 'authentication unavailable' } });
      expect(await db().collection('tickets').countDocuments()).toBe(0);
      expect(output).toEqual(['refused 503 signing-keys-unavailable']);
    } finally {
      await server.stop();
    }
  });
});

describe('only Teams is served, and the bot’s token only goes to the Teams service hosts', () => {
  it('a Web Chat activity claiming the admin’s id, signed by a key endorsed for webchat → 403, no queue, no reply', async () => {
    const webchat = trap('https://webchat.botframework.com');
    const serviceUrl = 'https://webchat.botframework.com/';
    const token = issuer.sign({ serviceurl: serviceUrl });
    const activity = {
      ...messageActivity(ADELE, 'échecs'),
      channelId: 'webchat',
      serviceUrl,
      from: { id: 'dl_attacker', name: 'Adèle Admin', aadObjectId: ADELE.aadObjectId },
    };
    expect((await env.server.post(activity, token)).status).toBe(403);
    expect((await env.server.post({ ...activity, text: 'à traiter' }, token)).status).toBe(403);
    await nothingHappened();
    expect(webchat.hits).toBe(0);
    expect(output).toEqual(['refused 403 channel-not-served']);
  });

  it('an activity whose serviceUrl is https://evil.example/ → 403: nothing (and so no token) goes there', async () => {
    const evil = trap('https://evil.example');
    const token = issuer.sign({ serviceurl: 'https://evil.example/' });
    expect(await bothRefused(token, (a) => ({ ...a, serviceUrl: 'https://evil.example/' }))).toEqual([403, 403]);
    await nothingHappened();
    expect(evil.hits).toBe(0);
    expect(output).toEqual(['refused 403 service-host-not-allowed']);
  });

  it('a stored reference or a service URL off the allowed hosts is refused, not retried, and nothing goes there', async () => {
    const evil = trap('https://evil.example');
    const plainHttp = trap('http://smba.trafficmanager.net');
    const loaded = loadConfig({
      MicrosoftAppId: TEST_APP_ID,
      MicrosoftAppPassword: 'test-secret',
      MicrosoftAppTenantId: TEST_TENANT_ID,
    });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    const messenger = new BotConnectorMessenger(createBotEndpoint(loaded.config, new RefusalLog()), TEST_APP_ID, loaded.config.serviceHosts);
    const reference = { channelId: 'msteams', serviceUrl: 'https://evil.example/', conversation: { id: 'a:1' }, bot: { id: `28:${TEST_APP_ID}` } };
    const refusedWith = async (attempt: Promise<unknown>) => {
      const error = await attempt.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      return (error as DeliveryError).statusCode;
    };
    expect(await refusedWith(messenger.send(reference, { text: 'bonjour' }))).toBe(403);
    expect(await refusedWith(messenger.update(reference, 'activity-1', { text: 'bonjour' }))).toBe(403);
    expect(await refusedWith(messenger.send({ ...reference, serviceUrl: 'http://smba.trafficmanager.net/emea/' }, { text: 'bonjour' }))).toBe(403);
    expect(await refusedWith(messenger.createPersonalConversation(TEST_TENANT_ID, ADELE.aadObjectId, 'https://evil.example/'))).toBe(403);
    expect(evil.hits).toBe(0);
    expect(plainHttp.hits).toBe(0);

    // the same messenger does post to a Teams host (control)
    await messenger.send({ ...reference, serviceUrl: SERVICE_URL }, { text: 'bonjour' });
    expect(env.connector.sent.map((s) => s.body.text)).toEqual(['bonjour']);
  });
});
