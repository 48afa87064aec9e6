import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Directory, DirectoryPerson } from '../../src/domain/ports/directory.js';
import { createDirectory } from '../../src/infra/directory/create-directory.js';
import { FileDirectory, loadFileDirectory } from '../../src/infra/directory/file-directory.js';
import { GraphAppTokenProvider } from '../../src/infra/directory/graph-app-token.provider.js';
import { GraphDirectory } from '../../src/infra/directory/graph-directory.js';

/**
 * One contract, two adapters: whatever the directory is (a file in local mode, Microsoft Graph
 * in a tenant), the people picker, the requester's profile and the escalation contact read the
 * same answers.
 */
const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_TENANT = 'bbbbbbbb-0000-4000-8000-000000000001';

const person = (id: string, name: string, extra: Partial<DirectoryPerson> = {}): DirectoryPerson => ({
  id,
  name,
  department: null,
  officeLocation: null,
  jobTitle: null,
  mail: null,
  preferredLanguage: null,
  ...extra,
});

const julie = person('d1ec7000-0000-4000-8000-000000000101', 'Julie Tremblay', {
  department: 'Administration',
  officeLocation: 'Bureau administratif',
  jobTitle: 'Agente administrative',
  mail: 'julie.tremblay@org.example',
  preferredLanguage: 'fr-CA',
});
const sophie = person('d1ec7000-0000-4000-8000-000000000102', 'Sophie Gagnon', { department: 'Administration', mail: 'sophie.gagnon@org.example' });
const julien = person('d1ec7000-0000-4000-8000-000000000107', 'Julien Martin', { department: 'Informatique', mail: 'julien.martin@org.example' });
const marcAndre = person('d1ec7000-0000-4000-8000-000000000103', 'Marc-André Le Goff', { officeLocation: 'Bureau 214', mail: 'marc-andre.legoff@org.example' });
const theo = person('d1ec7000-0000-4000-8000-0000000000a1', 'Théo Technicien', { jobTitle: 'Technicien support N1', preferredLanguage: 'fr-FR' });
const PEOPLE = [julie, sophie, julien, marcAndre, theo];
const MANAGERS: Record<string, string> = { [julie.id]: sophie.id, [marcAndre.id]: sophie.id };
const UNKNOWN = 'd1ec7000-0000-4000-8000-000000000999';

function fileAdapter(): Directory {
  return new FileDirectory({
    tenants: [{ tenantId: TENANT, people: PEOPLE.map((p) => ({ ...p, managerId: MANAGERS[p.id] ?? null })) }],
  });
}

const GRAPH = 'https://graph.microsoft.com';
const LOGIN = 'https://login.microsoftonline.com';

/** Graph as seen through nock: users of TENANT for TENANT's token, case-insensitive word-prefix search on displayName, prefix on mail. */
function fakeGraph(): void {
  nock(LOGIN)
    .persist()
    .post(/\/oauth2\/v2\.0\/token$/)
    .reply(function (uri) {
      return [200, { token_type: 'Bearer', expires_in: 3599, access_token: `token-for-${uri.split('/')[1]}` }];
    });
  const asUser = (p: DirectoryPerson) => ({
    id: p.id,
    displayName: p.name,
    department: p.department,
    officeLocation: p.officeLocation,
    jobTitle: p.jobTitle,
    mail: p.mail,
    preferredLanguage: p.preferredLanguage,
  });
  const notFound = [404, { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' } }] as const;
  nock(GRAPH)
    .persist()
    .get(/^\/v1\.0\/users/)
    .reply(function (uri) {
      const people = this.req.headers.authorization === `Bearer token-for-${TENANT}` ? PEOPLE : [];
      const url = new URL(uri, GRAPH);
      const [, id, manager] = /^\/v1\.0\/users(?:\/([^/]+))?(\/manager)?$/.exec(url.pathname) ?? [];
      if (id === undefined) {
        const clause = /^"displayName:(.*)" OR "mail:(.*)"$/.exec(url.searchParams.get('$search') ?? '');
        if (!clause || this.req.headers.consistencylevel !== 'eventual') return [400, { error: { code: 'Request_UnsupportedQuery' } }];
        const term = clause[1]!.toLowerCase();
        const tokens = term.split(/[\s-]+/).filter(Boolean);
        const found = people.filter(
          (p) =>
            tokens.every((t) => p.name.toLowerCase().split(/[\s-]+/).some((w) => w.startsWith(t))) ||
            (p.mail ?? '').toLowerCase().startsWith(term),
        );
        return [200, { value: found.slice(0, Number(url.searchParams.get('$top'))).map(asUser) }];
      }
      const found = people.find((p) => p.id === id);
      if (!found) return notFound;
      if (!manager) return [200, asUser(found)];
      const boss = people.find((p) => p.id === MANAGERS[found.id]);
      return boss ? [200, asUser(boss)] : notFound;
    });
}

function graphAdapter(): Directory {
  return new GraphDirectory({ tokens: new GraphAppTokenProvider('app-id', 'app-secret'), log: () => {} });
}

describe.each([
  { adapter: 'file', make: fileAdapter, setUp: () => {} },
  { adapter: 'Microsoft Graph', make: graphAdapter, setUp: fakeGraph },
])('the directory contract: $adapter', ({ make, setUp }) => {
  let directory: Directory;
  beforeAll(() => {
    nock.disableNetConnect();
    setUp();
    directory = make();
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('finds a person by their full name, with the profile the draft card shows', async () => {
    expect(await directory.search(TENANT, 'Julie Tremblay', 5)).toEqual([julie]);
  });

  it('finds by the start of a last name, and by a name with a particle and a hyphen', async () => {
    expect(await directory.search(TENANT, 'tremb', 5)).toEqual([julie]);
    expect(await directory.search(TENANT, 'le goff', 5)).toEqual([marcAndre]);
    expect(await directory.search(TENANT, 'Marc-André', 5)).toEqual([marcAndre]);
  });

  it('is case-insensitive', async () => {
    expect(await directory.search(TENANT, 'THÉO', 5)).toEqual([theo]);
  });

  it('answers the best match first, and no more than asked', async () => {
    expect(await directory.search(TENANT, 'julie', 5)).toEqual([julie, julien]);
    expect(await directory.search(TENANT, 'julie', 1)).toEqual([julie]);
  });

  it('answers nobody for a name it does not know', async () => {
    expect(await directory.search(TENANT, 'Zoé Zylberstein', 5)).toEqual([]);
  });

  it('treats typed quotes and colons as text, never as search syntax', async () => {
    expect(await directory.search(TENANT, 'x" OR "displayName:j', 5)).toEqual([]);
    expect(await directory.search(TENANT, '"', 5)).toEqual([]);
  });

  it('reads a profile by id, and null for an id it does not know', async () => {
    expect(await directory.profile(TENANT, julie.id)).toEqual(julie);
    expect(await directory.profile(TENANT, UNKNOWN)).toBeNull();
  });

  it("reads a person's manager, and null for someone without one", async () => {
    expect(await directory.manager(TENANT, julie.id)).toEqual(sophie);
    expect(await directory.manager(TENANT, sophie.id)).toBeNull();
    expect(await directory.manager(TENANT, UNKNOWN)).toBeNull();
  });

  it("never shows one tenant's people to another", async () => {
    expect(await directory.search(OTHER_TENANT, 'julie', 5)).toEqual([]);
    expect(await directory.profile(OTHER_TENANT, julie.id)).toBeNull();
  });
});

describe('the directory file shipped in config/ (local mode)', () => {
  const playground = (file: string) => readFileSync(`config/playground/${file}`, 'utf8');
  const TEAM_TENANT = /tenantId: (\S+)/.exec(playground('technician.yml'))![1]!;

  it("holds the team Playground's technician and requester, with a service, an office and a manager", async () => {
    const directory = await loadFileDirectory('config/directory.json');
    expect(playground('technician.yml')).toContain('aadObjectId: 7e57e57e-0000-4000-8000-0000000000a1');
    expect(playground('requester.yml')).toContain('aadObjectId: 7e57e57e-0000-4000-8000-0000000000b1');
    const theo = await directory.profile(TEAM_TENANT, '7e57e57e-0000-4000-8000-0000000000a1');
    const rose = await directory.profile(TEAM_TENANT, '7e57e57e-0000-4000-8000-0000000000b1');
    expect(theo?.name).toBe('Théo Technicien');
    expect(rose).toMatchObject({ name: 'Rose Requérante', department: 'Comptabilité', officeLocation: 'Bureau 214' });
    expect((await directory.manager(TEAM_TENANT, rose!.id))?.name).toBe('Nadia Benali');
    expect(await directory.search(TEAM_TENANT, 'rose', 5)).toEqual([rose]);
  });

  it('holds the caller of the worked call, Julie Tremblay, for every tenant', async () => {
    const directory = await loadFileDirectory('config/directory.json');
    const [found] = await directory.search(TEAM_TENANT, 'Julie Tremblay', 5);
    expect(found).toMatchObject({ name: 'Julie Tremblay', department: 'Administration', officeLocation: 'Bureau administratif' });
    expect(await directory.search('00000000-0000-0000-0000-0000000000001', 'Julie Tremblay', 5)).toEqual([found]);
    expect((await directory.manager(TEAM_TENANT, found!.id))?.name).toBe('Sophie Gagnon');
  });

  it("holds the default Playground's user, Alex Wilber, whose manager is the admin file's escalation contact", async () => {
    const directory = await loadFileDirectory('config/directory.json');
    const helpdesk = readFileSync('config/helpdesk.json', 'utf8');
    const alexId = '00000000-0000-0000-0000-0000000000020';
    expect(helpdesk).toContain(`"id": "${alexId}", "name": "Alex Wilber"`);
    expect(helpdesk).toContain('"escalationContact": { "id": "00000000-0000-0000-0000-0000000000021", "name": "Megan Bowen" }');
    const tenant = '00000000-0000-0000-0000-0000000000001';
    expect((await directory.profile(tenant, alexId))?.name).toBe('Alex Wilber');
    expect(await directory.manager(tenant, alexId)).toMatchObject({ id: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' });
  });

  it('refuses to start on a file whose manager is not listed, naming the person', () => {
    expect(
      () => new FileDirectory({ tenants: [{ tenantId: '*', people: [{ id: 'p1', name: 'Paul', managerId: 'nobody' }] }] }),
    ).toThrow('directory file: p1 (Paul) has managerId nobody, who is not listed for tenant * or "*"');
  });

  it('is the directory of local mode (no app id), at GUICHET_DIRECTORY_FILE; with an app id the directory is Microsoft Graph', async () => {
    const local = loadConfig({});
    if (!local.ok) throw new Error(local.errors.join('; '));
    expect(local.config.directoryFile).toBe('config/directory.json');
    const directory = await createDirectory(local.config);
    expect((await directory.profile(TEAM_TENANT, '7e57e57e-0000-4000-8000-0000000000a1'))?.name).toBe('Théo Technicien');

    const elsewhere = loadConfig({ GUICHET_DIRECTORY_FILE: 'config/nowhere.json' });
    if (!elsewhere.ok) throw new Error(elsewhere.errors.join('; '));
    await expect(createDirectory(elsewhere.config)).rejects.toThrow(/^GUICHET_DIRECTORY_FILE: cannot read config\/nowhere\.json: ENOENT/);

    const tenant = loadConfig({ MicrosoftAppId: 'bbbbbbbb-0000-4000-8000-000000000002', MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT });
    if (!tenant.ok) throw new Error(tenant.errors.join('; '));
    expect(await createDirectory(tenant.config)).toBeInstanceOf(GraphDirectory);
  });
});
