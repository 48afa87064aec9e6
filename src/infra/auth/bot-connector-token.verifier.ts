import { verify as verifySignature } from 'node:crypto';
import { SigningKeysUnavailable, type SigningKey } from './openid-signing-keys.js';

/** Why a bearer token was refused: a log word, never the token or the key. */
export type TokenRefusal =
  | 'no-token'
  | 'token-malformed'
  | 'token-algorithm'
  | 'token-key-unknown'
  | 'token-signature'
  | 'token-issuer'
  | 'token-audience'
  | 'token-no-expiry'
  | 'token-expired'
  | 'token-not-yet-valid';

export interface VerifiedToken {
  readonly claims: Readonly<Record<string, unknown>>;
  /** the channels the signing key speaks for (the activity's channel must be one of them) */
  readonly endorsements: readonly string[];
}

export type TokenVerdict =
  | { readonly ok: true; readonly token: VerifiedToken }
  | { readonly ok: false; readonly status: 401; readonly reason: TokenRefusal }
  | { readonly ok: false; readonly status: 503; readonly reason: 'signing-keys-unavailable' };

export interface SigningKeySource {
  get(kid: string): Promise<SigningKey | null>;
}

/** The Bot Connector signs with RSA; `none`, HS256 (the public key used as a secret) and the rest are refused. */
const HASH_OF: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
/** the clock skew botbuilder tolerates; being no looser, a token passed here passes botbuilder too */
const CLOCK_TOLERANCE_MS = 5 * 60_000;
/** a Bot Connector token is about 1 KB; Node already caps headers at 16 KB */
const MAX_TOKEN_LENGTH = 8 * 1024;
const JWT = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/**
 * Checks the Authorization header of a request from the Bot Connector, from the header
 * alone (so an unauthenticated upload is refused before its body is read): an RS256/384/512
 * signature by a published key, then issuer, audience (our app id), and an `exp` that is
 * present and not past (`nbf` not ahead). Every failure is a verdict with a one-word
 * reason, never an exception with the key in it.
 */
export class BotConnectorTokenVerifier {
  constructor(
    private readonly options: {
      readonly appId: string;
      /** `https://api.botframework.com` (public cloud) or the configured cloud's issuer */
      readonly issuer: string;
      readonly keys: SigningKeySource;
      readonly clock?: () => number;
    },
  ) {}

  async verify(authorization: string | undefined): Promise<TokenVerdict> {
    if (!authorization) return refuse('no-token');
    const parts = authorization.length <= MAX_TOKEN_LENGTH ? JWT.exec(authorization) : null;
    if (!parts) return refuse('token-malformed');
    const [, encodedHeader, encodedPayload, encodedSignature] = parts;
    const header = decodeObject(encodedHeader);
    const payload = decodeObject(encodedPayload);
    if (!header || !payload) return refuse('token-malformed');
    const hash = typeof header.alg === 'string' && Object.hasOwn(HASH_OF, header.alg) ? HASH_OF[header.alg] : undefined;
    if (!hash) return refuse('token-algorithm');
    if (typeof header.kid !== 'string' || header.kid === '') return refuse('token-key-unknown');

    let signingKey: SigningKey | null;
    try {
      signingKey = await this.options.keys.get(header.kid);
    } catch (error) {
      if (error instanceof SigningKeysUnavailable) return { ok: false, status: 503, reason: 'signing-keys-unavailable' };
      throw error;
    }
    if (!signingKey) return refuse('token-key-unknown');
    const signature = Buffer.from(encodedSignature, 'base64url');
    const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
    if (signature.length === 0 || !signatureMatches(hash, signed, signingKey, signature)) return refuse('token-signature');

    // from here on the claims are the connector's own
    if (payload.iss !== this.options.issuer) return refuse('token-issuer');
    if (payload.aud !== this.options.appId) return refuse('token-audience');
    if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return refuse('token-no-expiry');
    const now = (this.options.clock ?? Date.now)();
    if (payload.exp * 1000 + CLOCK_TOLERANCE_MS <= now) return refuse('token-expired');
    if (payload.nbf !== undefined) {
      if (typeof payload.nbf !== 'number' || !Number.isFinite(payload.nbf)) return refuse('token-malformed');
      if (payload.nbf * 1000 - CLOCK_TOLERANCE_MS > now) return refuse('token-not-yet-valid');
    }
    return { ok: true, token: { claims: payload, endorsements: signingKey.endorsements } };
  }
}

function signatureMatches(hash: string, signed: Buffer, signingKey: SigningKey, signature: Buffer): boolean {
  try {
    return verifySignature(hash, signed, signingKey.key, signature);
  } catch {
    return false;
  }
}

const refuse = (reason: TokenRefusal): TokenVerdict => ({ ok: false, status: 401, reason });

function decodeObject(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
