import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Db } from 'mongodb';
import { loadConfig } from '../../src/config.js';
import { createApp, type App, type AppOverrides } from '../../src/create-app.js';
import type { TestUser } from './activities.js';
import { SERVICE_URL, TEST_APP_ID, TEST_TENANT_ID, type TestIssuer } from './bot-auth.js';

export interface RunningTestApp {
  readonly app: App;
  readonly url: string;
  /** POSTs an activity as the Bot Connector would; `token: null` sends none */
  post(activity: object, token: string | null): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/**
 * The real server, on a free port, authenticating against the test issuer like production does.
 * `env` adds or replaces variables (tenants, service hosts, timeouts).
 */
export async function startAuthenticatedApp(db: Db, overrides: AppOverrides = {}, env: Record<string, string> = {}): Promise<RunningTestApp> {
  const loaded = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    MicrosoftAppId: TEST_APP_ID,
    MicrosoftAppPassword: 'test-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: TEST_TENANT_ID,
    GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk.json',
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const app = await createApp(loaded.config, { db, ...overrides });
  const { url } = await app.start();
  return {
    app,
    url,
    async post(activity, token) {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    stop: () => app.stop(),
  };
}

export interface ConnectorRecorder {
  /** bodies the bot POSTed to the Bot Connector, in order */
  readonly sent: { path: string; body: Record<string, unknown> }[];
  /** what was POSTed to one conversation, in order */
  to(conversationId: string): Record<string, unknown>[];
  /** card updates (PUT …/activities/{id}) */
  readonly updated: { path: string; body: Record<string, unknown> }[];
  /** users a 1:1 conversation was created for */
  readonly created: string[];
}

/**
 * Stands in for the Microsoft cloud: login.botframework.com (inbound token keys), the
 * token endpoint (login.microsoftonline.com) and the Bot Connector. Everything else is refused.
 */
export function fakeMicrosoftCloud(issuer: TestIssuer): ConnectorRecorder {
  const recorder: ConnectorRecorder = {
    sent: [],
    updated: [],
    created: [],
    to: (conversationId) =>
      recorder.sent.filter((s) => s.path.includes(`/v3/conversations/${encodeURIComponent(conversationId)}/`)).map((s) => s.body),
  };
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  issuer.intercept();
  nock('https://login.microsoftonline.com')
    .persist()
    .post(/\/oauth2\/v2\.0\/token/)
    .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'outbound-test-token' })
    .get(/.*/)
    .reply(200, (uri: string) =>
      uri.includes('discovery')
        ? { tenant_discovery_endpoint: `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0/.well-known/openid-configuration`, metadata: [] }
        : {
            token_endpoint: `https://login.microsoftonline.com/${TEST_TENANT_ID}/oauth2/v2.0/token`,
            issuer: `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`,
            authorization_endpoint: `https://login.microsoftonline.com/${TEST_TENANT_ID}/oauth2/v2.0/authorize`,
            jwks_uri: `https://login.microsoftonline.com/${TEST_TENANT_ID}/discovery/v2.0/keys`,
          },
    );
  const connector = new URL(SERVICE_URL);
  nock(connector.origin)
    .persist()
    .post(/\/v3\/conversations\/.*\/activities/)
    .reply(200, (path: string, body: unknown) => {
      recorder.sent.push({ path, body: body as Record<string, unknown> });
      return { id: `sent-${recorder.sent.length}` };
    })
    .put(/\/v3\/conversations\/.*\/activities\/.+/)
    .reply(200, (path: string, body: unknown) => {
      recorder.updated.push({ path, body: body as Record<string, unknown> });
      return { id: path.split('/').pop() };
    })
    .post(/\/v3\/conversations\/?$/)
    .reply(200, (_path: string, body: unknown) => {
      const member = (body as { members?: { id: string }[] }).members?.[0]?.id ?? 'unknown';
      recorder.created.push(member);
      return { id: `a:created-${member}` };
    });
  return recorder;
}

/** the 1:1 the bot opens with someone it never talked to (fakeMicrosoftCloud names it so) */
export const createdChat = (user: TestUser) => `a:created-${user.aadObjectId}`;

export function restoreNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

/**
 * A test file's authenticated server and fake Microsoft cloud: the server is started once
 * for the file, the cloud (and its recorder) is fresh for every test.
 */
export function useAuthenticatedApp(db: () => Db, issuer: TestIssuer, overrides: AppOverrides = {}, env: Record<string, string> = {}) {
  let server: RunningTestApp | undefined;
  let connector: ConnectorRecorder | undefined;
  beforeAll(async () => {
    server = await startAuthenticatedApp(db(), overrides, env);
  });
  afterAll(async () => {
    await server?.stop();
    restoreNetwork();
  });
  beforeEach(async () => {
    restoreNetwork();
    connector = fakeMicrosoftCloud(issuer);
    // the test database is emptied before each test: the staff come back from the file
    await server?.app.reloadHelpdesk();
  });
  afterEach(async () => {
    // what a test queued is delivered within that test, not into the next one's recorder
    await server?.app.dispatcher.drain();
  });
  return {
    get server(): RunningTestApp {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get connector(): ConnectorRecorder {
      if (!connector) throw new Error('the fake cloud starts in beforeEach');
      return connector;
    },
  };
}

/**
 * Like useAuthenticatedApp, but a fresh server for every test: it remembers nobody's chat,
 * has its own dispatcher and per-conversation pacing, and re-saves the helpdesk config.
 */
export function useFreshAppPerTest(db: () => Db, issuer: TestIssuer, overrides: AppOverrides = {}) {
  let server: RunningTestApp | undefined;
  let connector: ConnectorRecorder | undefined;
  beforeEach(async () => {
    restoreNetwork();
    connector = fakeMicrosoftCloud(issuer);
    server = await startAuthenticatedApp(db(), overrides);
  });
  afterEach(async () => {
    await server?.stop();
  });
  afterAll(() => restoreNetwork());
  return {
    /** stops this test's server and starts another with the same overrides and these variables */
    async restartWith(env: Record<string, string>): Promise<void> {
      await server?.stop();
      server = await startAuthenticatedApp(db(), overrides, env);
    },
    get server(): RunningTestApp {
      if (!server) throw new Error('the server starts in beforeEach');
      return server;
    },
    get connector(): ConnectorRecorder {
      if (!connector) throw new Error('the fake cloud starts in beforeEach');
      return connector;
    },
  };
}
