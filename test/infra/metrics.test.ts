import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { PromMetrics } from '../../src/infra/metrics/prom-metrics.js';
import { CAMILLE, cardActionActivity, messageActivity } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, inputsOf } from '../support/card-reading.js';
import { invokeCard, settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

/** a port free now, for the metrics server of this file's app */
const metricsPort = await new Promise<number>((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(port));
  });
});

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer, {}, { GUICHET_METRICS_PORT: String(metricsPort) });

/** the scraped samples, `name{labels}` → value */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const sample = /^(guichet_[^ ]+) (\S+)$/.exec(line);
    if (sample) samples.set(sample[1]!, Number(sample[2]));
  }
  return samples;
}

describe('Prometheus metrics on their own port', () => {
  it('a ticket created, a card clicked twice and a click on no known verb move the counters', async () => {
    const before = await scrape();
    expect(before.get('guichet_tickets_created_total')).toBe(0);
    expect(before.get('guichet_outbox_lag_seconds')).toBe(0);
    expect(before.get('guichet_clock_lag_seconds')).toBe(0);

    const token = issuer.sign();
    await env.server.post(messageActivity(CAMILLE, "L'écran de mon portable reste noir au démarrage"), token);
    const form = (env.connector.to(`a:personal-${CAMILLE.aadObjectId}`)[0].attachments as { content: unknown }[])[0].content;
    const data = { ...actionData(form, 'ticket.create'), ...inputsOf(form) };
    await invokeCard(env.server, token, cardActionActivity(CAMILLE, 'ticket.create', data));
    // the same form submitted again: the same ticket, nothing changed
    await invokeCard(env.server, token, cardActionActivity(CAMILLE, 'ticket.create', data));
    await invokeCard(env.server, token, cardActionActivity(CAMILLE, 'drop.tables', {}));
    await settle(env.server.app);

    const after = await scrape();
    expect(after.get('guichet_tickets_created_total')).toBe(1);
    expect(after.get('guichet_card_actions_total{verb="ticket.create",outcome="changed"}')).toBe(1);
    expect(after.get('guichet_card_actions_total{verb="ticket.create",outcome="unchanged"}')).toBe(1);
    expect(after.get('guichet_card_actions_total{verb="unknown",outcome="unchanged"}')).toBe(1);
    expect([...after.keys()].some((key) => key.includes('drop.tables'))).toBe(false);
    expect(after.get('guichet_notifications_total{outcome="sent"}')).toBeGreaterThanOrEqual(1);
    expect(after.get('guichet_notifications_total{outcome="failed"}') ?? 0).toBe(0);
    expect(after.get('guichet_connector_throttled_total')).toBe(0);
  });

  it('a 429 from Teams is a retried notification and a throttled answer', async () => {
    const metrics = new PromMetrics(new Set(), { outboxLagMs: async () => 0, clockLagMs: () => 0 });
    metrics.delivery('retry', 429);
    metrics.delivery('retry', 502);
    metrics.delivery('failed', 403);
    const text = await metrics.scrape();
    expect(text).toContain('guichet_notifications_total{outcome="retried"} 2');
    expect(text).toContain('guichet_notifications_total{outcome="failed"} 1');
    expect(text).toMatch(/^guichet_connector_throttled_total 1$/m);
  });

  it("carries the process's own metrics too", async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds [\d.e-]+/m);
  });

  it('is not served on the bot port, and nothing but GET /metrics answers on its own', async () => {
    expect((await fetch(`${env.server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/messages`)).status).toBe(404);
  });
});
