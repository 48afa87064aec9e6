import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/create-app.js';
import { CAMILLE, messageActivity } from '../support/activities.js';
import { SERVICE_URL } from '../support/bot-auth.js';
import { captureLogs } from '../support/captured-logs.js';
import { useTestDatabase } from '../support/mongo.js';
import { restoreNetwork } from '../support/test-app.js';

const db = useTestDatabase();
afterEach(() => restoreNetwork());

function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up configuration', () => {
  it('production without MicrosoftAppId refuses to start, saying why', async () => {
    const { code, output } = await run({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:1' });
    expect(code).toBe(1);
    expect(output).toContain('MicrosoftAppId: required when NODE_ENV=production');
  });

  it('names every bad variable at once', () => {
    const result = loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', MicrosoftAppType: 'Whatever' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.join('\n');
    expect(errors).toContain('PORT');
    expect(errors).toContain('MONGODB_URI');
    expect(errors).toContain('MicrosoftAppType');
  });

  it('local mode (no app id) only listens on 127.0.0.1', () => {
    const result = loadConfig({ HOST: '0.0.0.0' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors.join()).toContain('HOST');
    const local = loadConfig({});
    expect(local.ok && local.config.host).toBe('127.0.0.1');
    expect(local.ok && local.config.localMode).toBe(true);
  });

  it('a single-tenant bot needs its tenant id and password', () => {
    const result = loadConfig({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppType: 'SingleTenant' });
    expect(result.ok ? '' : result.errors.join()).toMatch(/MicrosoftAppTenantId.*MicrosoftAppPassword/s);
  });

  it('local mode answers unauthenticated requests on 127.0.0.1 (for the Agents Playground)', async () => {
    const loaded = loadConfig({ PORT: '0' });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    // development's level (info) would print every turn in the test output
    const app = await createApp(loaded.config, { db: db(), logger: captureLogs('warn').logger });
    const { url } = await app.start();
    const sent: unknown[] = [];
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    nock(new URL(SERVICE_URL).origin)
      .post(/\/v3\/conversations\/.*\/activities/)
      .reply(200, (_path: string, body: unknown) => {
        sent.push(body);
        return { id: '1' };
      });
    try {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity(CAMILLE, 'aide')),
      });
      expect(response.status).toBe(200);
      expect(JSON.stringify(sent)).toContain('Ce que je comprends');
    } finally {
      await app.stop();
    }
  });

  it('a MultiTenant bot with no GUICHET_ALLOWED_TENANTS refuses to start (it would serve every tenant)', () => {
    const result = loadConfig({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant' });
    expect(result.ok ? [] : result.errors).toEqual([
      'GUICHET_ALLOWED_TENANTS: required when MicrosoftAppType=MultiTenant (the tenant ids this helpdesk serves, comma-separated)',
    ]);
  });

  it('the tenants served: the list, else MicrosoftAppTenantId, else any tenant in local mode only', () => {
    const app = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x' };
    const served = (env: Record<string, string>) => {
      const result = loadConfig(env);
      return result.ok ? result.config.allowedTenants : result.errors;
    };
    expect(served({ ...app, MicrosoftAppType: 'MultiTenant', GUICHET_ALLOWED_TENANTS: ' AAAAAAAA-0000-4000-8000-000000000001 ,bbbbbbbb-0000-4000-8000-000000000002,' })).toEqual([
      'aaaaaaaa-0000-4000-8000-000000000001',
      'bbbbbbbb-0000-4000-8000-000000000002',
    ]);
    expect(served({ ...app, MicrosoftAppTenantId: 'CCCCCCCC-0000-4000-8000-000000000003' })).toEqual(['cccccccc-0000-4000-8000-000000000003']);
    expect(served({})).toBe('any');
    expect(served({ GUICHET_ALLOWED_TENANTS: 'cccccccc-0000-4000-8000-000000000003' })).toEqual(['cccccccc-0000-4000-8000-000000000003']);
    expect(served({ GUICHET_ALLOWED_TENANTS: 'contoso.onmicrosoft.com' })).toEqual([
      'GUICHET_ALLOWED_TENANTS: tenant ids (GUIDs), comma-separated (got "contoso.onmicrosoft.com")',
    ]);
  });

  it('service hosts: host names or *.domain only, and GUICHET_SERVICE_URL must be on them over https', () => {
    const errors = (env: Record<string, string>) => {
      const result = loadConfig(env);
      return result.ok ? [] : result.errors;
    };
    expect(errors({ GUICHET_SERVICE_HOSTS: 'https://smba.trafficmanager.net/' })).toEqual([
      'GUICHET_SERVICE_HOSTS: host names or *.domain patterns, comma-separated, no scheme or port (got "https://smba.trafficmanager.net/")',
    ]);
    expect(errors({ GUICHET_SERVICE_URL: 'https://evil.example/' })[0]).toMatch(/^GUICHET_SERVICE_URL: its host is not in GUICHET_SERVICE_HOSTS \(smba\.trafficmanager\.net, \*\.botframework\.com, /);
    expect(errors({ GUICHET_SERVICE_URL: 'http://smba.trafficmanager.net/teams/' })).toHaveLength(1);
    expect(errors({ GUICHET_SERVICE_HOSTS: 'smba.example.cn', GUICHET_SERVICE_URL: 'https://smba.example.cn/teams/' })).toEqual([]);
    expect(errors({ GUICHET_REQUEST_TIMEOUT_MS: '5' })[0]).toMatch(/^GUICHET_REQUEST_TIMEOUT_MS: /);
  });

  it('local mode serves the Playground’s loopback connector, but still only msteams and the allowed hosts', async () => {
    const loaded = loadConfig({ PORT: '0' });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    const warnings = captureLogs('warn');
    const app = await createApp(loaded.config, { db: db(), logger: warnings.logger });
    const { url } = await app.start();
    const playground = 'http://localhost:56150/_connector/';
    const sent: unknown[] = [];
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    nock('http://localhost:56150')
      .persist()
      .post(/\/_connector\/v3\/conversations\/.*\/activities/)
      .reply(200, (_path: string, body: unknown) => {
        sent.push(body);
        return { id: '1' };
      });
    const post = async (activity: object) =>
      (await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) })).status;
    try {
      const aide = { ...messageActivity(CAMILLE, 'aide'), serviceUrl: playground };
      expect(await post(aide)).toBe(200);
      expect(JSON.stringify(sent)).toContain('Ce que je comprends');
      expect(await post({ ...aide, channelId: 'webchat' })).toBe(403);
      expect(await post({ ...aide, serviceUrl: 'https://evil.example/' })).toBe(403);
      expect(await post({ ...aide, serviceUrl: undefined })).toBe(401);
      expect(sent).toHaveLength(1);
      expect(warnings.messages()).toEqual([
        'refused 403 channel-not-served',
        'refused 403 service-host-not-allowed',
        'refused 401 activity-no-service-url',
      ]);
    } finally {
      await app.stop();
    }
  });
});
