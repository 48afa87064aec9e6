import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CAMILLE, messageActivity } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

const TIMEOUT_MS = 300;
const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer, {}, { GUICHET_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });

// refusals are logged (rate-limited); keep the test output to the verdicts
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

interface RawExchange {
  /** what the server wrote back before the connection ended */
  readonly text: string;
  /** from the first byte written to the connection's end */
  readonly closedAfterMs: number;
}

/**
 * Opens a TCP connection, writes `data` and never writes again nor closes its side:
 * resolves when the server ends the connection.
 */
function holdOpen(data: string): Promise<RawExchange> {
  const url = new URL(env.server.url);
  return new Promise((resolve) => {
    let text = '';
    const started = performance.now();
    const socket = net.connect(Number(url.port), url.hostname, () => {
      if (data) socket.write(data);
    });
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text, closedAfterMs: performance.now() - started }));
  });
}

const head = (headers: Record<string, string | number>) =>
  `POST /api/messages HTTP/1.1\r\nHost: guichet\r\nContent-Type: application/json\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;

const statusOf = (exchange: RawExchange) => exchange.text.split('\r\n')[0];

describe(`headers and body must arrive within GUICHET_REQUEST_TIMEOUT_MS (${TIMEOUT_MS} ms here)`, () => {
  it('a signed request whose body stalls is cut off with 408 and the connection closed; nothing reaches the bot', async () => {
    const body = JSON.stringify(messageActivity(CAMILLE, 'Mon imprimante ne marche plus'));
    const exchange = await holdOpen(head({ authorization: `Bearer ${issuer.sign()}`, 'content-length': body.length }) + body.slice(0, 40));
    expect(statusOf(exchange)).toBe('HTTP/1.1 408 Request Timeout');
    expect(exchange.text).toContain('connection: close');
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(exchange.closedAfterMs).toBeLessThan(TIMEOUT_MS + 2_000);
    await env.server.app.dispatcher.drain();
    expect(await db().collection('conversations').countDocuments()).toBe(0);
    expect(env.connector.sent).toEqual([]);
  });

  it('headers that never end are closed at the deadline', async () => {
    const exchange = await holdOpen('POST /api/messages HTTP/1.1\r\nHost: guichet\r\nContent-Type: appl');
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(exchange.closedAfterMs).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('a connection that sends nothing at all is closed at the deadline', async () => {
    const exchange = await holdOpen('');
    expect(exchange.text).toBe('');
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(exchange.closedAfterMs).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('a signed request that arrives in time is served (control)', async () => {
    const reply = await env.server.post(messageActivity(CAMILLE, 'aide'), issuer.sign());
    expect(reply.status).toBe(200);
  });
});

describe('an unauthenticated upload is not buffered: it is answered from its headers and closed', () => {
  it('200 uploads held open (no token, or a refused one) each get 401 before their body, and are closed', async () => {
    const expired = issuer.sign({}, { expired: true });
    // each announces 200 KB (under GUICHET_MAX_BODY_BYTES), sends one, and would wait for ever
    const uploads = Array.from({ length: 200 }, (_, i) =>
      holdOpen(head({ 'content-length': 200_000, ...(i % 2 ? { authorization: `Bearer ${expired}` } : {}) }) + 'x'.repeat(1_000)),
    );
    const exchanges = await Promise.all(uploads);
    // a 401, not a 408: answered before the deadline, without waiting for the body
    expect(new Set(exchanges.map(statusOf))).toEqual(new Set(['HTTP/1.1 401 Unauthorized']));
    expect(exchanges.every((exchange) => exchange.text.includes('connection: close'))).toBe(true);
  });
});
