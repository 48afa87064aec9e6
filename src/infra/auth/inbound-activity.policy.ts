import type { VerifiedToken } from './bot-connector-token.verifier.js';
import type { ServiceHostAllowList } from './service-host.allow-list.js';

/** The only channel served: identities, cards and tenants are Teams'. */
export const SERVED_CHANNEL = 'msteams';

export type ActivityRefusal =
  | { readonly status: 401; readonly reason: 'activity-no-service-url' | 'activity-service-url-mismatch' | 'activity-channel-not-endorsed' }
  | { readonly status: 403; readonly reason: 'channel-not-served' | 'service-host-not-allowed' }
  | { readonly status: 403; readonly reason: 'tenant-missing' | 'tenant-malformed' | 'tenant-mismatch' | 'tenant-not-allowed' };

export interface InboundPolicyOptions {
  /** lowercased tenant ids, or `any` (local mode without a list: the Playground's own tenant) */
  readonly allowedTenants: readonly string[] | 'any';
  readonly serviceHosts: ServiceHostAllowList;
}

/**
 * What an activity must satisfy before any use case sees it, in this order:
 * - bound to its token (when there is one): a `serviceUrl`, equal to the token's `serviceurl`
 *   claim, and a channel the signing key is endorsed for (401: not what the connector signed);
 * - the `msteams` channel, a service URL on the allowed hosts, one allowed tenant (403).
 * Local mode (no token) skips only the first group; the service URL is still required.
 */
export class InboundActivityPolicy {
  private readonly tenants: ReadonlySet<string> | 'any';

  constructor(private readonly options: InboundPolicyOptions) {
    this.tenants = options.allowedTenants === 'any' ? 'any' : new Set(options.allowedTenants.map((id) => id.toLowerCase()));
  }

  check(activity: Readonly<Record<string, unknown>>, token: VerifiedToken | null): ActivityRefusal | null {
    const { serviceUrl, channelId } = activity;
    if (typeof serviceUrl !== 'string' || serviceUrl === '') return { status: 401, reason: 'activity-no-service-url' };
    if (token) {
      if (token.claims.serviceurl !== serviceUrl) return { status: 401, reason: 'activity-service-url-mismatch' };
      const endorsed = typeof channelId === 'string' && (token.endorsements.length === 0 || token.endorsements.includes(channelId));
      if (!endorsed) return { status: 401, reason: 'activity-channel-not-endorsed' };
    }
    if (channelId !== SERVED_CHANNEL) return { status: 403, reason: 'channel-not-served' };
    if (!this.options.serviceHosts.allows(serviceUrl)) return { status: 403, reason: 'service-host-not-allowed' };
    return this.checkTenant(activity);
  }

  /**
   * The bot reads the tenant from `channelData.tenant.id`, else `conversation.tenantId`:
   * both, when present, must be the same string, and that tenant must be served.
   */
  private checkTenant(activity: Readonly<Record<string, unknown>>): ActivityRefusal | null {
    const conversation = field(activity, 'conversation');
    const channelData = field(activity, 'channelData', { nullable: true });
    if (conversation === null || channelData === null) return { status: 403, reason: 'tenant-malformed' };
    const tenant = channelData === undefined ? undefined : field(channelData, 'tenant');
    if (tenant === null) return { status: 403, reason: 'tenant-malformed' };
    const fromConversation = conversation === undefined ? undefined : conversation.tenantId;
    const fromChannelData = tenant === undefined ? undefined : tenant.id;
    const present = [fromConversation, fromChannelData].filter((id) => id !== undefined);
    if (present.length === 0) return { status: 403, reason: 'tenant-missing' };
    if (present.some((id) => typeof id !== 'string' || id.trim() === '' || id.length > 100)) return { status: 403, reason: 'tenant-malformed' };
    if (present.length === 2 && fromConversation !== fromChannelData) return { status: 403, reason: 'tenant-mismatch' };
    const tenantId = (present[0] as string).toLowerCase();
    if (this.tenants !== 'any' && !this.tenants.has(tenantId)) return { status: 403, reason: 'tenant-not-allowed' };
    return null;
  }
}

/** undefined when absent, null when present but not an object (a shape the bot would misread). */
function field(parent: Readonly<Record<string, unknown>>, name: string, { nullable = false } = {}): Record<string, unknown> | undefined | null {
  const value = parent[name];
  if (value === undefined || (nullable && value === null)) return undefined;
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
