import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefusalLog } from '../../src/infra/http/refusal-log.js';
import { CAMILLE, cardActionActivity, messageActivity } from '../support/activities.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { captureLogs } from '../support/captured-logs.js';
import { useTestDatabase } from '../support/mongo.js';
import { fakeMicrosoftCloud, restoreNetwork, startAuthenticatedApp, useAuthenticatedApp, type RunningTestApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
let now = Date.parse('2026-11-22T08:00:00Z');
// the app's warnings and errors join what the console shows, one sentence a line
const logger = captureLogs('warn', (entry) => output.push(String(entry.msg))).logger;
const refusals = new RefusalLog({ now: () => now, logger });
// single-tenant: MicrosoftAppTenantId is the one tenant served
const env = useAuthenticatedApp(db, issuer, { refusals, logger });

const FOREIGN_TENANT = '0bad0bad-0000-4000-8000-000000000666';
const PARTNER_TENANT = '9a27e800-0000-4000-8000-0000000000aa';

let output: string[] = [];
beforeEach(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(args.map(String).join(' '));
    });
  }
  refusals.flush();
  now += 3_600_000;
  output = [];
});
afterEach(() => {
  vi.restoreAllMocks();
});

const FORM = {
  draftId: '6f1c1a9e-3c54-4a55-9a3e-0d8b1c8f0b11',
  type: 'incident',
  title: 'Imprimante en panne',
  description: 'Plus rien ne sort',
  urgency: '5',
  impact: '5',
};

/** An activity of CAMILLE's as Teams would send it from a tenant (both tenant fields), then reshaped. */
function from(tenants: { conversation?: unknown; channelData?: unknown }, activity: Record<string, unknown>) {
  const conversation = { ...(activity.conversation as object) } as Record<string, unknown>;
  if ('conversation' in tenants) conversation.tenantId = tenants.conversation;
  else delete conversation.tenantId;
  const shaped: Record<string, unknown> = { ...activity, conversation };
  if ('channelData' in tenants) shaped.channelData = { tenant: tenants.channelData };
  else delete shaped.channelData;
  return shaped;
}

async function refused(shape: (activity: Record<string, unknown>) => object) {
  const message = await env.server.post(shape(messageActivity(CAMILLE, 'Mon imprimante ne marche plus')), issuer.sign());
  const create = await env.server.post(shape(cardActionActivity(CAMILLE, 'ticket.create', FORM)), issuer.sign());
  expect([message.status, create.status]).toEqual([403, 403]);
  // no reply: not even an empty card in the HTTP answer
  expect([message.body, create.body]).toEqual([{ error: 'forbidden' }, { error: 'forbidden' }]);
}

async function nothingStoredPostedOrPinged() {
  await env.server.app.dispatcher.drain();
  expect(await db().collection('tickets').countDocuments()).toBe(0);
  expect(await db().collection('conversations').countDocuments()).toBe(0);
  expect(env.connector.sent).toEqual([]);
  expect(env.connector.updated).toEqual([]);
  expect(env.connector.created).toEqual([]);
}

describe('a single-tenant bot serves its own tenant only', () => {
  it('a foreign tenant’s message and ticket: 403, nothing stored, nothing posted to the channel, nobody pinged', async () => {
    await refused((a) => from({ conversation: FOREIGN_TENANT, channelData: { id: FOREIGN_TENANT } }, a));
    await nothingStoredPostedOrPinged();
    expect(output).toEqual(['refused 403 tenant-not-allowed']);
  });

  it.each([
    ['home in conversation, foreign in channelData', { conversation: TEST_TENANT_ID, channelData: { id: FOREIGN_TENANT } }, 'tenant-mismatch'],
    ['foreign in conversation, home in channelData', { conversation: FOREIGN_TENANT, channelData: { id: TEST_TENANT_ID } }, 'tenant-mismatch'],
    ['only a foreign channelData tenant', { channelData: { id: FOREIGN_TENANT } }, 'tenant-not-allowed'],
    ['only a foreign conversation tenant', { conversation: FOREIGN_TENANT }, 'tenant-not-allowed'],
    ['no tenant at all', {}, 'tenant-missing'],
    ['a tenant that is not a string', { conversation: TEST_TENANT_ID, channelData: { id: { $ne: '' } } }, 'tenant-malformed'],
    ['a channelData tenant with no id (the bot would read another tenant)', { conversation: TEST_TENANT_ID, channelData: 'x' }, 'tenant-malformed'],
  ])('%s → 403 (%s)', async (_name, tenants, reason) => {
    await refused((a) => from(tenants, a));
    await nothingStoredPostedOrPinged();
    expect(output).toEqual([`refused 403 ${reason}`]);
  });

  it('either field alone, when it is the home tenant, is served', async () => {
    for (const tenants of [{ conversation: TEST_TENANT_ID }, { channelData: { id: TEST_TENANT_ID } }]) {
      const reply = await env.server.post(from(tenants, messageActivity(CAMILLE, 'aide')), issuer.sign());
      expect(reply.status).toBe(200);
    }
  });
});

describe('GUICHET_ALLOWED_TENANTS lists the tenants served', () => {
  let server: RunningTestApp;
  beforeAll(async () => {
    server = await startAuthenticatedApp(db(), { refusals, logger }, { GUICHET_ALLOWED_TENANTS: `${TEST_TENANT_ID}, ${PARTNER_TENANT.toUpperCase()}` });
  });
  afterAll(async () => {
    await server.stop();
    restoreNetwork();
    fakeMicrosoftCloud(issuer);
  });

  it('a listed partner tenant is served; a tenant not listed is refused', async () => {
    const partner = await server.post(from({ conversation: PARTNER_TENANT, channelData: { id: PARTNER_TENANT } }, messageActivity(CAMILLE, 'aide')), issuer.sign());
    expect(partner.status).toBe(200);
    const foreign = await server.post(from({ conversation: FOREIGN_TENANT, channelData: { id: FOREIGN_TENANT } }, messageActivity(CAMILLE, 'aide')), issuer.sign());
    expect(foreign.status).toBe(403);
    expect(output).toEqual(['refused 403 tenant-not-allowed']);
  });
});

// last: what the served ticket sets off (channel post, pings) must not spill into the refusal tests
describe('the home tenant is served (control)', () => {
  it('the same ticket from the home tenant is stored and posted (control)', async () => {
    const created = await env.server.post(cardActionActivity(CAMILLE, 'ticket.create', FORM), issuer.sign());
    expect(created.status).toBe(200);
    await vi.waitFor(async () => {
      await env.server.app.dispatcher.drain();
      expect(await db().collection('tickets').countDocuments({ tenantId: TEST_TENANT_ID })).toBe(1);
      expect(await db().collection('conversations').countDocuments({ tenantId: TEST_TENANT_ID })).toBe(1);
      expect(env.connector.to('19:support-n1@thread.tacv2')).toHaveLength(1);
    });
  });
});
