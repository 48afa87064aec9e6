import { z } from 'zod';

/** The only host a client secret is sent to. */
const LOGIN_ORIGIN = 'https://login.microsoftonline.com';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** a token is renewed this long before it expires, so a call never starts with one about to lapse */
const RENEW_BEFORE_MS = 5 * 60_000;
/** tenant ids go into the token URL's path: a GUID or a verified domain name, nothing else */
const TENANT = /^[0-9A-Za-z][0-9A-Za-z.-]{0,252}$/;

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });

/** Why no token: the HTTP status of the login service (0: network or deadline), for the directory's one log line. */
export class TokenError extends Error {
  constructor(readonly status: number) {
    super(`token request failed (${status === 0 ? 'no answer' : `HTTP ${status}`})`);
  }
}

export interface AppTokenSource {
  /** an app-only Microsoft Graph token for `tenantId`; throws TokenError */
  token(tenantId: string, signal: AbortSignal): Promise<string>;
  /** Graph said 401: the cached token is no good, the next call asks for a new one */
  forget(tenantId: string): void;
}

/**
 * App-only tokens for Microsoft Graph by the client-credentials grant of the bot's own app
 * registration (MicrosoftAppId / MicrosoftAppPassword), one per tenant, kept until shortly
 * before they expire. One request at a time per tenant: a burst of typeahead searches after a
 * restart asks once.
 */
export class GraphAppTokenProvider implements AppTokenSource {
  private readonly cached = new Map<string, { token: string; renewAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly appId: string,
    private readonly appPassword: string,
    private readonly now: () => number = Date.now,
  ) {}

  async token(tenantId: string, signal: AbortSignal): Promise<string> {
    if (!TENANT.test(tenantId)) throw new TokenError(400);
    const cached = this.cached.get(tenantId);
    if (cached && this.now() < cached.renewAt) return cached.token;
    const pending = this.pending.get(tenantId) ?? this.request(tenantId, signal);
    this.pending.set(tenantId, pending);
    try {
      return await pending;
    } finally {
      this.pending.delete(tenantId);
    }
  }

  forget(tenantId: string): void {
    this.cached.delete(tenantId);
  }

  private async request(tenantId: string, signal: AbortSignal): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${LOGIN_ORIGIN}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.appId,
          client_secret: this.appPassword,
          scope: GRAPH_SCOPE,
        }),
        signal,
        redirect: 'error',
      });
    } catch {
      throw new TokenError(0);
    }
    if (!response.ok) throw new TokenError(response.status);
    const parsed = tokenResponse.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new TokenError(502);
    const expiresMs = parsed.data.expires_in * 1000;
    this.cached.set(tenantId, {
      token: parsed.data.access_token,
      renewAt: this.now() + Math.max(expiresMs - RENEW_BEFORE_MS, expiresMs / 2),
    });
    return parsed.data.access_token;
  }
}
