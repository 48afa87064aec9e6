import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** A public key the Bot Connector signs with, and the channels it vouches for. */
export interface SigningKey {
  readonly key: KeyObject;
  /** channel ids this key may speak for (`msteams`, `webchat`…); empty = not restricted */
  readonly endorsements: readonly string[];
}

/** The keys could not be fetched: the bot cannot tell a good token from a bad one (503, not 401). */
export class SigningKeysUnavailable extends Error {}

const openIdConfiguration = z.object({ jwks_uri: z.string().url() });
const keySet = z.object({
  keys: z.array(
    z.object({
      kid: z.string().min(1),
      kty: z.string(),
      n: z.string().optional(),
      e: z.string().optional(),
      endorsements: z.array(z.string()).optional(),
    }),
  ),
});

const REFRESH_MS = 24 * 60 * 60_000;
/** an unknown key id refreshes the set at most this often: a stream of forged ids costs nothing */
const UNKNOWN_KEY_REFRESH_MS = 5 * 60_000;
/** with no key at all, a failed fetch is retried this often (every request meanwhile gets 503) */
const EMPTY_RETRY_MS = 5_000;
const FETCH_TIMEOUT_MS = 10_000;

/**
 * The Bot Connector's published signing keys (OpenID metadata → JWKS), fetched on first
 * use, kept a day, and refreshed early when a token names a key we do not know (the
 * connector rotates keys), but never more than once per five minutes. A failed refresh
 * keeps the keys already known.
 */
export class OpenIdSigningKeys {
  private keys = new Map<string, SigningKey>();
  private loadedAt = -Infinity;
  private attemptedAt = -Infinity;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly metadataUrl: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The key with this id, or null if the connector does not publish it. */
  async get(kid: string): Promise<SigningKey | null> {
    const now = this.clock();
    const sinceAttempt = now - this.attemptedAt;
    if (this.keys.size === 0) {
      if (sinceAttempt < EMPTY_RETRY_MS && !this.refreshing) throw new SigningKeysUnavailable('signing keys not loaded yet');
      await this.refresh();
    } else if (sinceAttempt >= UNKNOWN_KEY_REFRESH_MS && (now - this.loadedAt >= REFRESH_MS || !this.keys.has(kid))) {
      await this.refresh();
    }
    return this.keys.get(kid) ?? null;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    this.attemptedAt = this.clock();
    try {
      const metadata = openIdConfiguration.parse(await fetchJson(this.metadataUrl));
      const { keys } = keySet.parse(await fetchJson(metadata.jwks_uri));
      const loaded = new Map<string, SigningKey>();
      for (const jwk of keys) {
        if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) continue;
        loaded.set(jwk.kid, {
          key: createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }),
          endorsements: jwk.endorsements ?? [],
        });
      }
      this.keys = loaded;
      this.loadedAt = this.clock();
    } catch (error) {
      if (this.keys.size > 0) return;
      throw new SigningKeysUnavailable(`signing keys not loaded from ${this.metadataUrl}: ${(error as Error).message}`);
    }
  }
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}
