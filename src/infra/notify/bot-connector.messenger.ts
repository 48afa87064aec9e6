import { TurnContext, type CloudAdapter, type ConversationReference as BotReference } from 'botbuilder';
import type { ConversationReference, Messenger, OutgoingMessage } from './messenger.js';
import { DeliveryError } from './messenger.js';

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

/** The Bot Connector, through botbuilder's CloudAdapter (it fetches and caches the outbound token). */
export class BotConnectorMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
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
    try {
      await this.adapter.continueConversationAsync(this.appId, botReference, logic);
    } catch (error) {
      throw toDeliveryError(error);
    }
  }
}
