import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import nock from 'nock';

export const TEST_APP_ID = '11111111-2222-3333-4444-555555555555';
export const TEST_TENANT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

/**
 * A stand-in for login.botframework.com: the OpenID metadata and signing keys the Bot
 * Connector publishes, served through nock at the real URLs, and tokens signed the way
 * the connector signs them. The bot's own, unmodified validation code runs against it.
 */
export interface TestIssuer {
  /** (re)installs the nock interceptors for login.botframework.com */
  intercept(): void;
  sign(claims?: Partial<TokenClaims>, options?: { expired?: boolean }): string;
}

export interface TokenClaims {
  iss: string;
  aud: string;
  serviceurl: string;
}

export function createTestIssuer(): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = (publicKey as KeyObject).export({ format: 'jwk' });
  return {
    intercept() {
      nock('https://login.botframework.com')
        .persist()
        .get('/v1/.well-known/openidconfiguration')
        .reply(200, {
          issuer: 'https://api.botframework.com',
          jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
        })
        .get('/v1/.well-known/keys')
        .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    },
    sign(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const times = options.expired ? { nbf: now - 7200, exp: now - 3600 } : { nbf: now - 60, exp: now + 3600 };
      return jwt.sign(
        { iss: 'https://api.botframework.com', aud: TEST_APP_ID, serviceurl: SERVICE_URL, ...times, ...claims },
        privateKey,
        { algorithm: 'RS256', keyid: kid },
      );
    },
  };
}
