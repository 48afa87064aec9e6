import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestIssuer } from '../support/bot-auth.js';
import { THEO, messageActivity, personalChat, type TestUser } from '../support/activities.js';
import { actionData, inputsOf, type Card } from '../support/card-reading.js';
import { clickIn, invokeCard, postedSince, settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useFreshAppPerTest } from '../support/test-app.js';
import type { Logger } from '../../src/domain/ports/logger.js';

/**
 * Ticket creation is never blocked by Microsoft Graph (issue 11, point 4): Graph answers 503
 * (or 403) to everything; the technician still finds Julie by typing — the bot knows her from
 * an earlier conversation — and opens her call ticket. The failure is logged once, with its cause.
 */

const warnings: string[] = [];
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (_f, m) => void warnings.push(m), error: () => undefined };

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { logger });

const JULIE: TestUser = { aadObjectId: 'd1ec7000-0000-4000-8000-000000000101', name: 'Julie Tremblay', locale: 'fr-FR' };

const CAUSES: Record<number, string> = {
  503: 'directory: Microsoft Graph is unavailable (5xx or network): directory calls answer empty meanwhile [HTTP 503]',
  403: "directory: Microsoft Graph refused to read the directory (403): grant the bot's app registration the application permission User.Read.All and give admin consent (README « Annuaire ») [HTTP 403]",
};

let graphStatus = 503;
beforeEach(() => {
  warnings.length = 0;
  nock('https://graph.microsoft.com')
    .persist()
    .get(/^\/v1\.0\/users/)
    .reply(() => [graphStatus, { error: { code: graphStatus === 403 ? 'Authorization_RequestDenied' : 'serviceNotAvailable' } }]);
});

async function post(user: TestUser, text: string): Promise<Card[]> {
  const before = env.connector.sent.length;
  expect((await env.server.post(messageActivity(user, text), issuer.sign())).status).toBe(200);
  return postedSince(env.connector, before).map((p) => p.card!);
}

const searchPeople = (queryText: string) =>
  env.server.post(
    { ...messageActivity(THEO, ''), type: 'invoke', name: 'application/search', value: { queryText, dataset: 'guichet.people', queryOptions: { top: 10 } } },
    issuer.sign(),
  );

describe.each([503, 403])('Graph answers %i', (status) => {
  it('the technician finds « Julie » among the people the bot knows and opens her call ticket; the failure is logged once', async () => {
    graphStatus = status;
    await post(JULIE, 'Bonjour'); // Julie wrote to the bot once: her conversation is remembered
    const [draft] = await post(THEO, 'appel');

    for (const typed of ['jul', 'Julie', 'trem']) {
      const search = await searchPeople(typed);
      expect(search.body).toEqual({ type: 'application/vnd.microsoft.search.searchResponse', value: { results: [{ title: 'Julie Tremblay', value: JULIE.aadObjectId }] } });
    }
    // typed text is never a pattern: « .* » finds nobody
    expect((await searchPeople('.*')).body).toEqual({ type: 'application/vnd.microsoft.search.searchResponse', value: { results: [] } });

    const fields = { requesterId: JULIE.aadObjectId, title: 'Accès refusé à HorairePro', description: 'Problème : accès refusé' };
    const created = await invokeCard(
      env.server,
      issuer.sign(),
      clickIn(THEO, 'ticket.createFromCall', { ...actionData(draft!, 'ticket.createFromCall'), ...inputsOf(draft!), ...fields }, { chat: personalChat(THEO), cardId: 'draft-1' }),
    );
    await settle(env.server.app);
    const ticket = (await db().collection('tickets').findOne({})) as Record<string, any>;
    expect(ticket).toMatchObject({ title: 'Accès refusé à HorairePro', requester: { id: JULIE.aadObjectId, name: 'Julie Tremblay' } });
    expect(actionData(created, 'ticket.refresh').number).toBe(ticket.number);
    // the Graph failure, once, with its cause (searches, profile and create each met it)
    expect(warnings.filter((w) => w.startsWith('directory: Microsoft Graph'))).toEqual([CAUSES[status]]);
  });
});
