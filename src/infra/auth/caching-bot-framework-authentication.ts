import {
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import type { ConnectorClient } from 'botframework-connector';
import type { ServiceHostAllowList } from './service-host.allow-list.js';

const MAX_ENTRIES = 1_000;
const MAX_AGE_MS = 10 * 60_000;

/** A connector client was asked for a host the bot's token must not go to. */
export class ServiceHostRefused extends Error {}

/**
 * Building a connector client means a new HTTP pipeline and a new credentials object:
 * a tenth of a turn's CPU, for an object that holds no per-turn state (the token cache
 * lives in the credentials). One client per service URL and audience, as the old
 * BotFrameworkAdapter kept them; a failed creation is not remembered. Every client the
 * bot posts through is made here, so this is where a service URL off the allowed hosts
 * is refused, before any token is requested for it.
 */
class MemoConnectorFactory implements ConnectorFactory {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(
    private readonly inner: ConnectorFactory,
    private readonly serviceHosts: ServiceHostAllowList,
  ) {}

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (!this.serviceHosts.allows(serviceUrl)) return Promise.reject(new ServiceHostRefused('service host not allowed'));
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
 * channel it was checked against, until its `exp` (10 min at most). Failures are never
 * cached, a token without `exp` is refused before anything (botbuilder would accept it,
 * for ever), and anything that differs in token, service URL or channel is checked afresh.
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly passed = new Map<string, { result: AuthenticateRequestResult; until: number }>();
  private readonly factories = new Map<string, ConnectorFactory>();
  private readonly tokenClients = new WeakMap<ClaimsIdentity, Promise<UserTokenClient>>();
  private readonly serviceHosts: ServiceHostAllowList;
  private readonly clock: () => number;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    options: {
      /** the hosts a connector client may be made for (the bot's token goes there) */
      readonly serviceHosts: ServiceHostAllowList;
      readonly clock?: () => number;
    },
  ) {
    super();
    this.serviceHosts = options.serviceHosts;
    this.clock = options.clock ?? Date.now;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    if (!authHeader) return this.withHostCheck(await this.inner.authenticateRequest(activity, authHeader));
    const expiry = expiryOf(authHeader);
    if (expiry === null) throw new AuthenticationError('Unauthorized. The token has no expiry.', 401);
    const key = `${authHeader}|${activity.serviceUrl ?? ''}|${activity.channelId ?? ''}`;
    const now = this.clock();
    const hit = this.passed.get(key);
    if (hit && hit.until > now) return hit.result;
    const result = this.withHostCheck(await this.inner.authenticateRequest(activity, authHeader));
    if (this.passed.size >= MAX_ENTRIES) this.passed.clear();
    this.passed.set(key, { result, until: Math.min(expiry, now + MAX_AGE_MS) });
    return result;
  }

  private withHostCheck(checked: AuthenticateRequestResult): AuthenticateRequestResult {
    return checked.connectorFactory
      ? { ...checked, connectorFactory: new MemoConnectorFactory(checked.connectorFactory, this.serviceHosts) }
      : checked;
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
      factory = new MemoConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.serviceHosts);
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

/** The token's `exp` in ms (trusted once the inner check has passed on this very header); null if it has none. */
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
