import { randomUUID } from 'node:crypto';
import { SERVICE_URL, TEST_APP_ID, TEST_TENANT_ID } from './bot-auth.js';

/** What Teams posts to /api/messages, shaped like the real thing (personal chat). */
export interface TestUser {
  readonly aadObjectId: string;
  readonly name: string;
  readonly locale?: string;
}

export const CAMILLE: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-000000000001', name: 'Camille Martin', locale: 'fr-FR' };
export const JORDAN: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-000000000002', name: 'Jordan Smith', locale: 'en-US' };

// the staff of test/fixtures/helpdesk.json
export const THEO: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000a1', name: 'Théo Technicien', locale: 'fr-FR' };
export const TINA: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000a2', name: 'Tina Tech', locale: 'fr-FR' };
export const LEA: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-00000000001e', name: 'Léa Lead', locale: 'fr-FR' };

/** the user's own 1:1 with the bot, where these activities come from */
export const personalChat = (user: TestUser) => `a:personal-${user.aadObjectId}`;

function base(user: TestUser) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date().toISOString(),
    localTimezone: 'Europe/Paris',
    locale: user.locale ?? 'fr-FR',
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: `28:${TEST_APP_ID}`, name: 'Guichet' },
    conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID } },
  };
}

export const messageActivity = (user: TestUser, text: string) => ({ ...base(user), type: 'message', text });

export const cardActionActivity = (user: TestUser, verb: string, data: Record<string, unknown>) => ({
  ...base(user),
  type: 'invoke',
  name: 'adaptiveCard/action',
  value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
});
