import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/create-app.js';
import { CAMILLE, messageActivity } from '../support/activities.js';
import { SERVICE_URL } from '../support/bot-auth.js';
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
    const app = await createApp(loaded.config, { db: db() });
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
});
