/**
 * Child process of bench/run.ts: the real Guichet server (createApp, CloudAdapter, restify),
 * authenticating inbound tokens against the test issuer served through nock, exactly as the
 * HTTP tests do. It runs in its own process so that nock's http interception and the load
 * generator's own CPU work stay out of the server's event loop.
 *
 * Protocol (IPC): sends { type: 'ready', url, tokens } once listening; answers 'reset' (clears the
 * optional breakdown) and 'stats'; exits cleanly on 'stop' (so --cpu-prof profiles get written).
 */
import { loadConfig } from '../src/config.js';
import { createApp, type App } from '../src/create-app.js';
import { LogEventPublisher } from '../src/infra/log-event.publisher.js';
import { createTestIssuer, TEST_APP_ID, TEST_TENANT_ID } from '../test/support/bot-auth.js';
import { fakeMicrosoftCloud } from '../test/support/test-app.js';
import { breakdownSnapshot, installBreakdown, resetBreakdown } from './breakdown.js';

export interface ReadyMessage {
  type: 'ready';
  url: string;
  /** tokens signed by the issuer the server trusts (reused like the Bot Connector reuses its tokens) */
  tokens: string[];
}

const STOP_GRACE_MS = 5_000;

async function main(): Promise<void> {
  const mongoUri = process.env.BENCH_MONGODB_URI;
  const mongoDb = process.env.BENCH_MONGODB_DB ?? 'guichet_bench';
  if (!mongoUri) throw new Error('BENCH_MONGODB_URI is required');

  const breakdown = process.env.BENCH_BREAKDOWN === '1';
  if (breakdown) installBreakdown();

  const issuer = createTestIssuer();
  fakeMicrosoftCloud(issuer);

  const loaded = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    MicrosoftAppId: TEST_APP_ID,
    MicrosoftAppPassword: 'bench-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: TEST_TENANT_ID,
    MONGODB_URI: mongoUri,
    MONGODB_DB: mongoDb,
    // the load comes from two users: the per-user limits would measure themselves, not the path
    GUICHET_USER_CREATIONS_PER_MINUTE: '0',
    GUICHET_USER_ACTIONS_PER_MINUTE: '0',
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));

  // The production publisher, formatting every event line, but writing it nowhere:
  // thousands of log lines would otherwise drown the bench's own output.
  let events = 0;
  const app: App = await createApp(loaded.config, {
    events: new LogEventPublisher(() => {
      events += 1;
    }),
  });
  const { url } = await app.start();

  const tokens = Array.from({ length: 8 }, () => issuer.sign());
  const ready: ReadyMessage = { type: 'ready', url, tokens };
  process.send!(ready);

  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'reset') {
      resetBreakdown();
      process.send!({ type: 'reset' });
    }
    if (message?.type === 'stats') {
      process.send!({ type: 'stats', eventsLogged: events, breakdown: breakdown ? breakdownSnapshot() : null });
    }
    if (message?.type !== 'stop') return;
    // app.stop() may wait for background work (e.g. an outbox backlog); the bench only needs
    // the process gone, so give it a few seconds, then exit anyway (--cpu-prof writes on exit).
    const started = Date.now();
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_GRACE_MS).unref());
    Promise.race([app.stop().then(() => 'stopped' as const), timeout])
      .then((outcome) => {
        if (outcome === 'timeout') {
          console.error(`[bench/server] app.stop() still pending after ${STOP_GRACE_MS} ms: exiting anyway`);
        } else if (Date.now() - started > 1000) {
          console.error(`[bench/server] app.stop() took ${Date.now() - started} ms`);
        }
      })
      .catch((error: unknown) => console.error('[bench/server] stop failed:', error))
      .finally(() => process.exit(0));
  });
  // Parent died: don't linger.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error('[bench/server] failed to start:', error);
  process.exit(1);
});
