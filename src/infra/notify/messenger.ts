/** A conversation the bot can post into: botbuilder's ConversationReference, kept opaque. */
export type ConversationReference = Record<string, unknown>;

export interface OutgoingMessage {
  readonly text?: string;
  readonly card?: Record<string, unknown>;
}

/**
 * What the dispatcher needs from Teams. The Bot Connector adapter implements it;
 * errors carry the HTTP status (`statusCode`) and, for throttling, `retryAfterMs`.
 */
export interface Messenger {
  /** posts a new message; returns its activity id (needed to update the card later) */
  send(reference: ConversationReference, message: OutgoingMessage): Promise<string | null>;
  update(reference: ConversationReference, activityId: string, message: OutgoingMessage): Promise<void>;
  /** opens a 1:1 chat with someone the bot never talked to (Teams knows them by AAD id) */
  createPersonalConversation(tenantId: string, userId: string, serviceUrl: string): Promise<ConversationReference>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/** Teams asks bots to retry throttling and transient gateway errors, and nothing else. */
export const isRetryable = (error: DeliveryError): boolean =>
  error.statusCode === null || [408, 412, 429, 500, 502, 503, 504].includes(error.statusCode);
