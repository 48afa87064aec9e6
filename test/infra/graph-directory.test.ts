import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphAppTokenProvider } from '../../src/infra/directory/graph-app-token.provider.js';
import { GraphDirectory, type GraphDirectoryOptions } from '../../src/infra/directory/graph-directory.js';

const GRAPH = 'https://graph.microsoft.com';
const LOGIN = 'https://login.microsoftonline.com';
const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const APP_ID = 'bbbbbbbb-0000-4000-8000-000000000002';
const SECRET = 'app-secret-value';
const TOKEN = 'eyJ0eXAiOi.graph-token';
const SELECT = 'id,displayName,department,officeLocation,jobTitle,mail,preferredLanguage';
const JULIE_ID = 'd1ec7000-0000-4000-8000-000000000101';
const SOPHIE_ID = 'd1ec7000-0000-4000-8000-000000000102';

const julieUser = {
  id: JULIE_ID,
  displayName: 'Julie Tremblay',
  department: 'Administration',
  officeLocation: 'Bureau administratif',
  jobTitle: 'Agente administrative',
  mail: 'julie.tremblay@org.example',
  preferredLanguage: 'fr-CA',
};
const julie = {
  id: JULIE_ID,
  name: 'Julie Tremblay',
  department: 'Administration',
  officeLocation: 'Bureau administratif',
  jobTitle: 'Agente administrative',
  mail: 'julie.tremblay@org.example',
  preferredLanguage: 'fr-CA',
};
const sophie = { id: SOPHIE_ID, name: 'Sophie Gagnon', department: 'Administration', officeLocation: null, jobTitle: null, mail: null, preferredLanguage: null };

const FORBIDDEN_LINE =
  "[guichet] directory: Microsoft Graph refused to read the directory (403): grant the bot's app registration the application permission User.Read.All and give admin consent (README « Annuaire ») [HTTP 403]";

function setUp(options: Partial<GraphDirectoryOptions> = {}) {
  const clock = { now: 1_750_000_000_000 };
  const logs: string[] = [];
  const waits: number[] = [];
  const tokens = new GraphAppTokenProvider(APP_ID, SECRET, () => clock.now);
  const directory = new GraphDirectory({
    tokens,
    log: (line) => logs.push(line),
    now: () => clock.now,
    wait: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { directory, clock, logs, waits };
}

/** the client-credentials request of the bot's app registration, answered once */
function tokenEndpoint(token = TOKEN) {
  return nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: APP_ID,
      client_secret: SECRET,
      scope: 'https://graph.microsoft.com/.default',
    })
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
}

const graph = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
const searchQuery = (term: string, top = 5) => ({ $search: `"displayName:${term}" OR "mail:${term}"`, $select: SELECT, $top: String(top) });

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('GraphDirectory (Microsoft Graph, app-only)', () => {
  it('searches users by name with an advanced query (ConsistencyLevel: eventual), best match first', async () => {
    const { directory, logs } = setUp();
    const token = tokenEndpoint();
    const search = graph()
      .matchHeader('consistencylevel', 'eventual')
      .get('/v1.0/users')
      .query(searchQuery('julie tremblay'))
      .reply(200, { value: [{ id: 'd1ec7000-0000-4000-8000-000000000107', displayName: 'Julien Martin' }, julieUser] });

    const found = await directory.search(TENANT, 'julie tremblay', 5);

    expect(found.map((p) => p.name)).toEqual(['Julie Tremblay', 'Julien Martin']);
    expect(found[0]).toEqual(julie);
    expect(token.isDone() && search.isDone()).toBe(true);
    expect(logs).toEqual([]);
  });

  it('sends what was typed as text inside the quoted term, URL-encoded: no quote, colon or backslash reaches the query', async () => {
    const { directory } = setUp();
    tokenEndpoint();
    let path = '';
    graph()
      .get('/v1.0/users')
      .query(searchQuery('Julie OR displayName a b'))
      .reply(function (uri) {
        path = uri;
        return [200, { value: [] }];
      });

    expect(await directory.search(TENANT, 'Julie" OR "displayName:a\\b', 5)).toEqual([]);
    expect(path).toContain('$search=%22displayName%3AJulie%20OR%20displayName%20a%20b%22%20OR%20%22mail%3AJulie%20OR%20displayName%20a%20b%22');
  });

  it('reads a profile, and a person unknown to Graph (404) is null', async () => {
    const { directory } = setUp();
    tokenEndpoint();
    graph().get(`/v1.0/users/${JULIE_ID}`).query({ $select: SELECT }).reply(200, julieUser);
    graph()
      .get(`/v1.0/users/${SOPHIE_ID}`)
      .query({ $select: SELECT })
      .reply(404, { error: { code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist" } });

    expect(await directory.profile(TENANT, JULIE_ID)).toEqual(julie);
    expect(await directory.profile(TENANT, SOPHIE_ID)).toBeNull();
  });

  it("reads a person's manager, and null when they have none", async () => {
    const { directory, logs } = setUp();
    tokenEndpoint();
    graph().get(`/v1.0/users/${JULIE_ID}/manager`).query({ $select: SELECT }).reply(200, { '@odata.type': '#microsoft.graph.user', id: SOPHIE_ID, displayName: 'Sophie Gagnon', department: 'Administration' });
    graph().get(`/v1.0/users/${SOPHIE_ID}/manager`).query({ $select: SELECT }).reply(404, { error: { code: 'Request_ResourceNotFound' } });

    expect(await directory.manager(TENANT, JULIE_ID)).toEqual(sophie);
    expect(await directory.manager(TENANT, SOPHIE_ID)).toBeNull();
    expect(logs).toEqual([]);
  });

  it('asks no one for an id that is not a directory object id (nothing stored or typed becomes a Graph path)', async () => {
    const { directory } = setUp();
    let requests = 0;
    nock(GRAPH).persist().get(/.*/).reply(() => {
      requests += 1;
      return [200, julieUser];
    });

    expect(await directory.profile(TENANT, '../me')).toBeNull();
    expect(await directory.manager(TENANT, `${JULIE_ID}/../../me`)).toBeNull();
    expect(requests).toBe(0);
  });

  it('keeps answers for the TTL: the same search again asks Graph nothing, after the TTL it asks again', async () => {
    const { directory, clock } = setUp({ ttlMs: 60_000 });
    tokenEndpoint();
    const first = graph().get('/v1.0/users').query(searchQuery('julie')).reply(200, { value: [julieUser] });

    expect(await directory.search(TENANT, 'julie', 5)).toEqual([julie]);
    expect(first.isDone()).toBe(true);
    expect(await directory.search(TENANT, 'julie', 5)).toEqual([julie]);
    // a profile found by a search is not asked for again either
    expect(await directory.profile(TENANT, JULIE_ID)).toEqual(julie);

    clock.now += 60_001;
    const again = graph().get('/v1.0/users').query(searchQuery('julie')).reply(200, { value: [] });
    expect(await directory.search(TENANT, 'julie', 5)).toEqual([]);
    expect(again.isDone()).toBe(true);
  });

  it('keeps the token until shortly before it expires, then asks for a new one', async () => {
    const { directory, clock } = setUp({ ttlMs: 1 });
    const firstToken = tokenEndpoint();
    graph().get(`/v1.0/users/${JULIE_ID}`).query(true).times(2).reply(200, julieUser);

    await directory.profile(TENANT, JULIE_ID);
    clock.now += 60_000;
    expect(await directory.profile(TENANT, JULIE_ID)).toEqual(julie);
    expect(firstToken.isDone()).toBe(true);

    clock.now += 3599 * 1000;
    const secondToken = tokenEndpoint('second-token');
    nock(GRAPH, { reqheaders: { authorization: 'Bearer second-token' } }).get(`/v1.0/users/${JULIE_ID}`).query(true).reply(200, julieUser);
    expect(await directory.profile(TENANT, JULIE_ID)).toEqual(julie);
    expect(secondToken.isDone()).toBe(true);
  });

  it('403 (permission not granted): answers empty and logs once which permission to grant', async () => {
    const { directory, logs } = setUp();
    tokenEndpoint();
    graph()
      .get('/v1.0/users')
      .query(true)
      .times(2)
      .reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });

    expect(await directory.search(TENANT, 'julie', 5)).toEqual([]);
    expect(await directory.search(TENANT, 'rose', 5)).toEqual([]);

    expect(logs).toEqual([FORBIDDEN_LINE]);
  });

  it('429 with a Retry-After that fits in the deadline: waits that long and retries once', async () => {
    const { directory, waits, logs } = setUp({ deadlineMs: 2_000 });
    tokenEndpoint();
    graph().get('/v1.0/users').query(searchQuery('julie')).reply(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '1' });
    graph().get('/v1.0/users').query(searchQuery('julie')).reply(200, { value: [julieUser] });

    expect(await directory.search(TENANT, 'julie', 5)).toEqual([julie]);
    expect(waits).toEqual([1_000]);
    expect(logs).toEqual([]);
  });

  it('429 with a longer Retry-After: answers empty at once, asks Graph nothing until it has passed', async () => {
    const { directory, waits, logs, clock } = setUp({ deadlineMs: 2_000 });
    tokenEndpoint();
    let requests = 0;
    graph()
      .get('/v1.0/users')
      .query(true)
      .reply(() => {
        requests += 1;
        return [429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '120' }];
      });

    expect(await directory.search(TENANT, 'julie', 5)).toEqual([]);
    clock.now += 60_000;
    expect(await directory.search(TENANT, 'julie', 5)).toEqual([]);
    expect(await directory.profile(TENANT, JULIE_ID)).toBeNull();
    expect(requests).toBe(1);
    expect(waits).toEqual([]);
    expect(logs).toEqual([
      '[guichet] directory: Microsoft Graph is throttling the directory (429): searches answer empty until its Retry-After has passed [HTTP 429]',
    ]);

    clock.now += 60_001;
    graph().get('/v1.0/users').query(true).reply(200, { value: [julieUser] });
    expect(await directory.search(TENANT, 'julie', 5)).toEqual([julie]);
  });

  it('a Graph that does not answer within the deadline: answers empty within it, logged once', async () => {
    const { directory, logs } = setUp({ deadlineMs: 150 });
    tokenEndpoint();
    graph().get(`/v1.0/users/${JULIE_ID}/manager`).query(true).times(2).delay(5_000).reply(200, julieUser);

    const started = performance.now();
    expect(await directory.manager(TENANT, JULIE_ID)).toBeNull();
    expect(await directory.manager(TENANT, JULIE_ID)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(logs).toEqual(['[guichet] directory: Microsoft Graph did not answer in time: directory calls answer empty meanwhile [150 ms]']);
  });

  it('5xx: answers null, logged once; the failure is not kept, the next call asks again', async () => {
    const { directory, logs } = setUp();
    tokenEndpoint();
    graph().get(`/v1.0/users/${JULIE_ID}`).query(true).reply(503, { error: { code: 'serviceNotAvailable' } });
    graph().get(`/v1.0/users/${JULIE_ID}`).query(true).reply(200, julieUser);

    expect(await directory.profile(TENANT, JULIE_ID)).toBeNull();
    expect(await directory.profile(TENANT, JULIE_ID)).toEqual(julie);
    expect(logs).toEqual(['[guichet] directory: Microsoft Graph is unavailable (5xx or network): directory calls answer empty meanwhile [HTTP 503]']);
  });

  it('wrong client credentials: answers empty, logs what to check, never the secret, a token or what was typed', async () => {
    const { directory, logs } = setUp();
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .times(2)
      .reply(401, { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided. ${SECRET}` });

    expect(await directory.search(TENANT, 'Julie Tremblay', 5)).toEqual([]);
    expect(await directory.manager(TENANT, JULIE_ID)).toBeNull();

    expect(logs).toEqual([
      '[guichet] directory: no Microsoft Graph token for the bot (login.microsoftonline.com refused the client credentials): check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId [HTTP 401]',
    ]);
    expect(logs.join('\n')).not.toMatch(/secret-value|Tremblay|eyJ/);
  });
});
