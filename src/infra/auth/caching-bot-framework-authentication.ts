import {
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import type { ConnectorClient } from 'botframework-connector';

const MAX_ENTRIES = 1_000;
const MAX_AGE_MS = 10 * 60_000;

/**
 * Building a connector client means a new HTTP pipeline and a new credentials object:
 * a tenth of a turn's CPU, for an object that holds no per-turn state (the token cache
 * lives in the credentials). One client per service URL and audience, as the old
 * BotFrameworkAdapter kept them; a failed creation is not remembered.
 */
class MemoConnectorFactory implements ConnectorFactory {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(private readonly inner: ConnectorFactory) {}

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = `${serviceUrl}|${audience ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_ENTRIES) this.clients.clear();
      client = this.inner.create(serviceUrl, audience);
      this.clients.set(key, client);
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }
}

/**
 * The Bot Connector sends the same bearer token with every request for up to an hour;
 * checking its signature (and building a connector factory) on each one is most of a
 * turn's authentication cost. A token that passed is remembered for the service URL and
 * channel it was checked against, until it expires (10 min at most). Failures are never
 * cached, and anything that differs in token, service URL or channel is checked afresh.
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly passed = new Map<string, { result: AuthenticateRequestResult; until: number }>();
  private readonly factories = new Map<string, ConnectorFactory>();
  private readonly tokenClients = new WeakMap<ClaimsIdentity, Promise<UserTokenClient>>();

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
    const checked = await this.inner.authenticateRequest(activity, authHeader);
    const result = checked.connectorFactory
      ? { ...checked, connectorFactory: new MemoConnectorFactory(checked.connectorFactory) }
      : checked;
    if (this.passed.size >= MAX_ENTRIES) this.passed.clear();
    this.passed.set(key, { result, until: Math.min(expiryOf(authHeader) ?? now, now + MAX_AGE_MS) });
    return result;
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  /** Proactive sends (the outbox) ask for a factory per message, always with the same claims. */
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const key = claimsKey(claimsIdentity);
    let factory = this.factories.get(key);
    if (!factory) {
      if (this.factories.size >= MAX_ENTRIES) this.factories.clear();
      factory = new MemoConnectorFactory(this.inner.createConnectorFactory(claimsIdentity));
      this.factories.set(key, factory);
    }
    return factory;
  }

  /** A remembered token hands back the same claims object: its token client is reused with it. */
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    let client = this.tokenClients.get(claimsIdentity);
    if (!client) {
      client = this.inner.createUserTokenClient(claimsIdentity);
      this.tokenClients.set(claimsIdentity, client);
      client.catch(() => this.tokenClients.delete(claimsIdentity));
    }
    return client;
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

function claimsKey(identity: ClaimsIdentity): string {
  return JSON.stringify([identity.isAuthenticated, identity.claims.map((c) => [c.type, c.value])]);
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
