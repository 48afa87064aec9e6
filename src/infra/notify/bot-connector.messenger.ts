import { TurnContext, type CloudAdapter, type ConversationReference as BotReference } from 'botbuilder';
import type { ConversationReference, Messenger, OutgoingMessage } from './messenger.js';
import { DeliveryError } from './messenger.js';
import { DEFAULT_SERVICE_HOSTS, ServiceHostAllowList } from '../auth/service-host.allow-list.js';

/**
 * A card message carries its sentence in the card itself and as `summary` (what Teams
 * shows in the activity feed), not as `text`: text + card is two bubbles in Teams, and
 * some connectors then return no activity id, so the copy could not be updated later.
 */
const asActivity = (message: OutgoingMessage) =>
  message.card
    ? {
        type: 'message' as const,
        ...(message.text ? { summary: message.text } : {}),
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.card }],
      }
    : { type: 'message' as const, text: message.text ?? '' };

/** Reads the status and Retry-After from whatever botframework-connector threw. */
export function toDeliveryError(error: unknown): DeliveryError {
  const e = error as {
    statusCode?: number;
    message?: string;
    response?: { status?: number; headers?: { get?: (name: string) => string | undefined } & Record<string, unknown> };
    errors?: unknown[];
  };
  // its own 429 retry wraps the last error in { errors: [...] }
  if (Array.isArray(e?.errors) && e.errors.length > 0) return toDeliveryError(e.errors[e.errors.length - 1]);
  const status = e?.statusCode ?? e?.response?.status ?? null;
  const header = e?.response?.headers?.get?.('retry-after') ?? (e?.response?.headers?.['retry-after'] as string | undefined);
  const seconds = header !== undefined ? Number(header) : NaN;
  return new DeliveryError(e?.message ?? String(error), status, Number.isFinite(seconds) ? seconds * 1000 : null);
}

/** Refused here, never sent: not worth a retry (403 is not retryable), and shown in « échecs ». */
const HOST_REFUSED = 403;

/**
 * The Bot Connector, through botbuilder's CloudAdapter (it fetches and caches the outbound
 * token). A conversation reference or service URL off the allowed hosts is refused before
 * any token is asked for: a stored reference is data, and data can be wrong.
 */
export class BotConnectorMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    /** default: the Teams hosts, plus loopback when there is no app id (no token to leak) */
    private readonly serviceHosts: ServiceHostAllowList = new ServiceHostAllowList(DEFAULT_SERVICE_HOSTS, appId === ''),
  ) {}

  async send(reference: ConversationReference, message: OutgoingMessage): Promise<string | null> {
    let id: string | null = null;
    await this.run(reference, async (context) => {
      const response = await context.sendActivity(asActivity(message));
      id = response?.id ?? null;
    });
    return id;
  }

  async update(reference: ConversationReference, activityId: string, message: OutgoingMessage): Promise<void> {
    await this.run(reference, async (context) => {
      await context.updateActivity({ ...asActivity(message), id: activityId });
    });
  }

  async createPersonalConversation(tenantId: string, userId: string, serviceUrl: string): Promise<ConversationReference> {
    this.checkHost(serviceUrl);
    let created: ConversationReference | null = null;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        serviceUrl,
        '',
        {
          isGroup: false,
          bot: { id: this.appId, name: 'Guichet' },
          members: [{ id: userId, name: '' }],
          tenantId,
          channelData: { tenant: { id: tenantId } },
          activity: undefined as never,
          topicName: undefined as never,
        },
        async (context) => {
          const reference = TurnContext.getConversationReference(context.activity);
          delete reference.activityId;
          created = JSON.parse(JSON.stringify(reference)) as ConversationReference;
        },
      );
    } catch (error) {
      throw toDeliveryError(error);
    }
    if (!created) throw new DeliveryError('conversation not created', null, null);
    return created;
  }

  private async run(reference: ConversationReference, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const botReference = { ...(reference as Partial<BotReference>) };
    delete botReference.activityId;
    this.checkHost(botReference.serviceUrl);
    try {
      await this.adapter.continueConversationAsync(this.appId, botReference, logic);
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  private checkHost(serviceUrl: unknown): void {
    if (!this.serviceHosts.allows(serviceUrl)) throw new DeliveryError('service host not allowed (GUICHET_SERVICE_HOSTS)', HOST_REFUSED, null);
  }
}
