import {
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botframework-schema';

const MAX_ENTRIES = 1_000;
const MAX_AGE_MS = 10 * 60_000;

/**
 * The Bot Connector sends the same bearer token with every request for up to an hour;
 * checking its signature (and building a connector factory) on each one is most of a
 * turn's authentication cost. A token that passed is remembered for the service URL and
 * channel it was checked against, until it expires (10 min at most). Failures are never
 * cached, and anything that differs in token, service URL or channel is checked afresh.
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly passed = new Map<string, { result: AuthenticateRequestResult; until: number }>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly clock: () => number = Date.now,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    if (!authHeader) return this.inner.authenticateRequest(activity, authHeader);
    const key = `${authHeader}|${activity.serviceUrl ?? ''}|${activity.channelId ?? ''}`;
    const now = this.clock();
    const hit = this.passed.get(key);
    if (hit && hit.until > now) return hit.result;
    const result = await this.inner.authenticateRequest(activity, authHeader);
    if (this.passed.size >= MAX_ENTRIES) this.passed.clear();
    this.passed.set(key, { result, until: Math.min(expiryOf(authHeader) ?? now, now + MAX_AGE_MS) });
    return result;
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

/** The token's own `exp` (already verified by then); null if it has none. */
function expiryOf(authHeader: string): number | null {
  const payload = authHeader.split(' ')[1]?.split('.')[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
