import {
  AuthenticationError,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import { describe, expect, it } from 'vitest';
import { CachingBotFrameworkAuthentication } from '../../src/infra/auth/caching-bot-framework-authentication.js';
import { ServiceHostAllowList } from '../../src/infra/auth/service-host.allow-list.js';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const HOSTS = new ServiceHostAllowList(['smba.trafficmanager.net', 'smba.example']);
const token = (exp: number) =>
  `Bearer h.${Buffer.from(JSON.stringify({ exp: Math.floor(exp / 1000) })).toString('base64url')}.s`;
const activity = (serviceUrl: string) => ({ serviceUrl, channelId: 'msteams' }) as Activity;

/** Counts what the real (expensive) authentication is asked to build. */
class CountingAuthentication extends BotFrameworkAuthentication {
  authentications = 0;
  clientsCreated: string[] = [];
  factoriesCreated = 0;
  tokenClientsCreated = 0;
  failNextCreate = false;

  private factory(): ConnectorFactory {
    return {
      create: async (serviceUrl: string, audience?: string) => {
        if (this.failNextCreate) {
          this.failNextCreate = false;
          throw new Error('credentials unavailable');
        }
        this.clientsCreated.push(`${serviceUrl}|${audience}`);
        return { serviceUrl, n: this.clientsCreated.length } as unknown as ConnectorClient;
      },
    } as ConnectorFactory;
  }

  refuseNext = false;

  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    this.authentications += 1;
    if (this.refuseNext) {
      this.refuseNext = false;
      throw new AuthenticationError('Unauthorized. Invalid AppId passed on token.', 401);
    }
    return {
      audience: 'https://api.botframework.com',
      callerId: 'urn:botframework:azure',
      claimsIdentity: new ClaimsIdentity([{ type: 'aud', value: 'app-id' }], true),
      connectorFactory: this.factory(),
    };
  }
  createConnectorFactory(): ConnectorFactory {
    this.factoriesCreated += 1;
    return this.factory();
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.tokenClientsCreated += 1;
    return {} as UserTokenClient;
  }
  authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  createBotFrameworkClient(): BotFrameworkClient {
    throw new Error('not used');
  }
  getOriginatingAudience(): string {
    return 'https://api.botframework.com';
  }
  authenticateChannelRequest(): Promise<ClaimsIdentity> {
    throw new Error('not used');
  }
}

describe('CachingBotFrameworkAuthentication', () => {
  it('reuses one connector client per service URL and audience across turns with the same token', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => NOW });
    const header = token(NOW + 3_600_000);
    const turn = async (serviceUrl: string) => {
      const result = await auth.authenticateRequest(activity(serviceUrl), header);
      return result.connectorFactory!.create(serviceUrl, result.audience);
    };
    const [a, b] = [await turn('https://smba.trafficmanager.net/emea/'), await turn('https://smba.trafficmanager.net/emea/')];
    expect(a).toBe(b);
    expect(inner.authentications).toBe(1);
    expect(inner.clientsCreated).toEqual(['https://smba.trafficmanager.net/emea/|https://api.botframework.com']);

    // another service URL is checked afresh and gets its own client
    const other = await turn('https://smba.trafficmanager.net/amer/');
    expect(other).not.toBe(a);
    expect(inner.authentications).toBe(2);
    expect(inner.clientsCreated).toHaveLength(2);
  });

  it('does not remember a client that failed to build', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => NOW });
    const result = await auth.authenticateRequest(activity('https://smba.example/'), token(NOW + 3_600_000));
    inner.failNextCreate = true;
    await expect(result.connectorFactory!.create('https://smba.example/', result.audience)).rejects.toThrow('credentials unavailable');
    await expect(result.connectorFactory!.create('https://smba.example/', result.audience)).resolves.toMatchObject({ n: 1 });
  });

  it('gives proactive sends with the same claims one factory (and one client per service URL)', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => NOW });
    const claims = () => new ClaimsIdentity([{ type: 'aud', value: 'app-id' }, { type: 'appid', value: 'app-id' }], true);
    const first = auth.createConnectorFactory(claims());
    const second = auth.createConnectorFactory(claims());
    expect(second).toBe(first);
    expect(inner.factoriesCreated).toBe(1);
    expect(await first.create('https://smba.example/', 'aud')).toBe(await second.create('https://smba.example/', 'aud'));
    expect(inner.clientsCreated).toHaveLength(1);

    auth.createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: 'another-app' }], true));
    expect(inner.factoriesCreated).toBe(2);
  });

  it('builds one user-token client per remembered identity', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => NOW });
    const header = token(NOW + 3_600_000);
    for (let i = 0; i < 3; i++) {
      const { claimsIdentity } = await auth.authenticateRequest(activity('https://smba.example/'), header);
      await auth.createUserTokenClient(claimsIdentity);
    }
    expect(inner.tokenClientsCreated).toBe(1);
  });

  it('refuses a token with no exp, even one the inner check would accept, and never remembers it', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => NOW });
    const noExp = `Bearer h.${Buffer.from(JSON.stringify({ aud: 'app-id' })).toString('base64url')}.s`;
    for (let i = 0; i < 2; i++) {
      await expect(auth.authenticateRequest(activity('https://smba.example/'), noExp)).rejects.toBeInstanceOf(AuthenticationError);
    }
    expect(inner.authentications).toBe(0);
  });

  it('never remembers a refusal: the same token is checked again, and passes only when the inner check passes', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => NOW });
    const header = token(NOW + 3_600_000);
    inner.refuseNext = true;
    await expect(auth.authenticateRequest(activity('https://smba.example/'), header)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(auth.authenticateRequest(activity('https://smba.example/'), header)).resolves.toMatchObject({ callerId: 'urn:botframework:azure' });
    expect(inner.authentications).toBe(2);
  });

  it('forgets a token at its exp, even within the ten minutes', async () => {
    let now = NOW;
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => now });
    const header = token(NOW + 60_000);
    await auth.authenticateRequest(activity('https://smba.example/'), header);
    now = NOW + 60_000;
    inner.refuseNext = true;
    await expect(auth.authenticateRequest(activity('https://smba.example/'), header)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('makes no connector client for a host off the allow-list (no token is asked for it)', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner, { serviceHosts: HOSTS, clock: () => NOW });
    const result = await auth.authenticateRequest(activity('https://smba.example/'), token(NOW + 3_600_000));
    await expect(result.connectorFactory!.create('https://evil.example/', result.audience)).rejects.toThrow('service host not allowed');
    const proactive = auth.createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: 'app-id' }], true));
    await expect(proactive.create('http://smba.example/', 'aud')).rejects.toThrow('service host not allowed');
    expect(inner.clientsCreated).toEqual([]);
  });
});
