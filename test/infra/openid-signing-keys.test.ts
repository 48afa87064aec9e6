import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenIdSigningKeys, SigningKeysUnavailable } from '../../src/infra/auth/openid-signing-keys.js';

const METADATA = 'https://login.example/v1/.well-known/openidconfiguration';
const jwkOf = (kid: string) => {
  const { n, e } = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid, n, e, endorsements: ['msteams'] };
};

/** The published key set (changed by the test) and how many times it was fetched. */
let published: { keys: object[] } | null;
let fetches: number;

beforeEach(() => {
  published = { keys: [jwkOf('k1')] };
  fetches = 0;
  nock.disableNetConnect();
  nock('https://login.example')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, { jwks_uri: 'https://login.example/v1/.well-known/keys' })
    .get('/v1/.well-known/keys')
    .reply(() => {
      fetches += 1;
      return published ? [200, published] : [502, 'down'];
    });
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('OpenIdSigningKeys', () => {
  it('fetches once, then answers from memory; a key id nobody publishes is null', async () => {
    let now = 0;
    const keys = new OpenIdSigningKeys(METADATA, () => now);
    expect(await keys.get('k1')).toMatchObject({ endorsements: ['msteams'] });
    now += 60_000;
    expect(await keys.get('k1')).not.toBeNull();
    expect(fetches).toBe(1);
    expect(await keys.get('forged')).toBeNull();
  });

  it('a rotated key is found by refreshing early, but forged key ids refresh at most once per five minutes', async () => {
    let now = 0;
    const keys = new OpenIdSigningKeys(METADATA, () => now);
    await keys.get('k1');
    now += 5 * 60_000;
    published = { keys: [jwkOf('k1'), jwkOf('k2')] };
    expect(await keys.get('k2')).not.toBeNull();
    expect(fetches).toBe(2);
    for (let i = 0; i < 50; i++) expect(await keys.get(`forged-${i}`)).toBeNull();
    expect(fetches).toBe(2);
  });

  it('a failed refresh keeps the known keys; with none known it is SigningKeysUnavailable, retried after a few seconds', async () => {
    let now = 0;
    published = null;
    const keys = new OpenIdSigningKeys(METADATA, () => now);
    await expect(keys.get('k1')).rejects.toBeInstanceOf(SigningKeysUnavailable);
    await expect(keys.get('k1')).rejects.toBeInstanceOf(SigningKeysUnavailable);
    expect(fetches).toBe(1);
    now += 5_000;
    published = { keys: [jwkOf('k1')] };
    expect(await keys.get('k1')).not.toBeNull();

    now += 24 * 60 * 60_000;
    published = null;
    expect(await keys.get('k1')).not.toBeNull();
    expect(fetches).toBe(3);
  });
});
