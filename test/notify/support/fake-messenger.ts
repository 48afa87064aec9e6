import {
  DeliveryError,
  type ConversationReference,
  type Messenger,
  type OutgoingMessage,
} from '../../../src/infra/notify/messenger.js';

export interface SentMessage {
  readonly conversationId: string;
  readonly message: OutgoingMessage;
  readonly activityId: string;
  readonly at: number;
}

export interface Attempt {
  readonly conversationId: string;
  readonly message: OutgoingMessage;
  readonly at: number;
  readonly outcome: 'sent' | 'failed' | 'hung';
}

export interface UpdatedCard {
  readonly conversationId: string;
  readonly activityId: string;
  readonly message: OutgoingMessage;
  readonly at: number;
}

/** What a programmed conversation does on its next send. */
export type Behaviour = DeliveryError | 'hang';

export const conversationIdOf = (reference: ConversationReference): string => {
  const conversation = reference.conversation as { id?: unknown } | undefined;
  return typeof conversation?.id === 'string' ? conversation.id : JSON.stringify(reference);
};

/**
 * A fake Teams (not a mock): remembers every send, update and conversation creation, and
 * fails or hangs on demand, per conversation or per posted card.
 */
export class FakeMessenger implements Messenger {
  readonly sent: SentMessage[] = [];
  readonly attempts: Attempt[] = [];
  readonly updates: UpdatedCard[] = [];
  readonly updateAttempts: { conversationId: string; activityId: string; status: number | null }[] = [];
  readonly created: { tenantId: string; userId: string; serviceUrl: string }[] = [];

  private readonly nextSends = new Map<string, Behaviour[]>();
  private readonly everySend = new Map<string, DeliveryError>();
  private readonly updateFailures = new Map<string, DeliveryError>();
  private readonly hung: { reject: (error: Error) => void }[] = [];
  private readonly hangListeners: (() => void)[] = [];
  private counter = 0;

  /** 0..maxDelayMs of simulated network latency per call, so concurrent callers interleave */
  constructor(
    private readonly maxDelayMs = 0,
    private readonly idPrefix = 'act',
    /** what `at` says (a virtual clock in tests of pacing) */
    private readonly clock: () => number = Date.now,
  ) {}

  /** the next sends to this conversation behave as listed, in order; later ones succeed */
  failNext(conversationId: string, ...behaviours: Behaviour[]): this {
    this.nextSends.set(conversationId, [...(this.nextSends.get(conversationId) ?? []), ...behaviours]);
    return this;
  }

  /** every send to this conversation fails with `error` */
  failAlways(conversationId: string, error: DeliveryError): this {
    this.everySend.set(conversationId, error);
    return this;
  }

  /** updating this posted card fails with `error` */
  failUpdate(activityId: string, error: DeliveryError): this {
    this.updateFailures.set(activityId, error);
    return this;
  }

  /** resolves once a send hangs (the "process" froze mid-delivery) */
  whenHung(): Promise<void> {
    if (this.hung.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.hangListeners.push(resolve));
  }

  /** wakes every hung send with a network error */
  wakeHung(): void {
    for (const { reject } of this.hung.splice(0)) reject(new DeliveryError('connection reset', null, null));
  }

  sentTo(conversationId: string): SentMessage[] {
    return this.sent.filter((s) => s.conversationId === conversationId);
  }

  async send(reference: ConversationReference, message: OutgoingMessage): Promise<string | null> {
    const conversationId = conversationIdOf(reference);
    await this.latency();
    const at = this.clock();
    const always = this.everySend.get(conversationId);
    const next = always ?? this.nextSends.get(conversationId)?.shift();
    if (next === 'hang') {
      this.attempts.push({ conversationId, message, at, outcome: 'hung' });
      return new Promise<string | null>((_resolve, reject) => {
        this.hung.push({ reject });
        for (const listener of this.hangListeners.splice(0)) listener();
      });
    }
    if (next) {
      this.attempts.push({ conversationId, message, at, outcome: 'failed' });
      throw next;
    }
    this.counter += 1;
    const activityId = `${this.idPrefix}-${this.counter}`;
    this.attempts.push({ conversationId, message, at, outcome: 'sent' });
    this.sent.push({ conversationId, message, activityId, at });
    return activityId;
  }

  async update(reference: ConversationReference, activityId: string, message: OutgoingMessage): Promise<void> {
    const conversationId = conversationIdOf(reference);
    await this.latency();
    const failure = this.updateFailures.get(activityId);
    this.updateAttempts.push({ conversationId, activityId, status: failure?.statusCode ?? null });
    if (failure) throw failure;
    this.updates.push({ conversationId, activityId, message, at: this.clock() });
  }

  async createPersonalConversation(tenantId: string, userId: string, serviceUrl: string): Promise<ConversationReference> {
    await this.latency();
    this.created.push({ tenantId, userId, serviceUrl });
    return {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: `a:created-${userId}`, conversationType: 'personal', tenantId },
      user: { id: userId },
    };
  }

  private async latency(): Promise<void> {
    if (this.maxDelayMs <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * this.maxDelayMs));
  }
}
