import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
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
  /** `without` drops claims (e.g. `exp`); `notYetValid` puts `nbf` an hour ahead */
  sign(claims?: Partial<TokenClaims> & Record<string, unknown>, options?: SignOptions): string;
  /** the published key's id, and the key itself as PEM: what anyone can download */
  readonly kid: string;
  readonly publicKeyPem: string;
}

export interface SignOptions {
  readonly expired?: boolean;
  readonly notYetValid?: boolean;
  readonly without?: readonly string[];
}

/**
 * The channels the connector's real keys are endorsed for include more than Teams
 * (a key signs Web Chat and Direct Line activities too): the channel check cannot rely on them.
 */
export const TEST_KEY_ENDORSEMENTS = ['msteams', 'webchat', 'directline', 'emulator'];

/** header.payload.signature, each part as given: for tokens no library would sign. */
export function rawJwt(header: object, payload: object, sign: (signed: string) => Buffer | string = () => ''): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part(header)}.${part(payload)}`;
  const signature = sign(signed);
  return `${signed}.${typeof signature === 'string' ? signature : signature.toString('base64url')}`;
}

/** An RS256 signature by any private key (another one than the issuer's, for forgeries). */
export const rs256 = (privateKey: KeyObject) => (signed: string) => createSign('sha256').update(signed).sign(privateKey);

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
        .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: TEST_KEY_ENDORSEMENTS }] });
    },
    sign(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const times = options.expired
        ? { nbf: now - 7200, exp: now - 3600 }
        : options.notYetValid
          ? { nbf: now + 3600, exp: now + 7200 }
          : { nbf: now - 60, exp: now + 3600 };
      const payload: Record<string, unknown> = { iss: 'https://api.botframework.com', aud: TEST_APP_ID, serviceurl: SERVICE_URL, ...times, ...claims };
      for (const name of options.without ?? []) delete payload[name];
      return jwt.sign(payload, privateKey, { algorithm: 'RS256', keyid: kid });
    },
    kid,
    publicKeyPem: (publicKey as KeyObject).export({ format: 'pem', type: 'spki' }).toString(),
  };
}
