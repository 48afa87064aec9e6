import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { ConversationRepository } from '../../domain/ports/conversation.repository.js';
import type { Ticket } from '../../domain/ticket.js';
import type { MongoGroupRepository } from '../mongo/mongo-group.repository.js';
import { EPOCH, type CardCopy, type OutboxItem } from '../mongo/outbox-item.js';
import { fromDocument, ticketDocumentSchema, type TicketDocument } from '../mongo/ticket-document.schema.js';
import { DeliveryError, isRetryable, type ConversationReference, type Messenger, type OutgoingMessage } from './messenger.js';
import { ConversationRateLimiter } from './rate-limiter.js';

/** Who reads a message: their language and time zone, and where. */
export interface Reader {
  readonly locale: string;
  readonly timeZone?: string | null;
  /** Teams' id of the one reader of a personal chat, for the card's per-user refresh */
  readonly userMri?: string | null;
  /** channel cards are the compact queue card: take, assign, open */
  readonly inChannel: boolean;
}

/** Turns a queued notification into what a given reader sees, in their language. */
export type NotificationRenderer = (
  ticket: Ticket,
  item: Pick<OutboxItem, 'message' | 'audience' | 'withCard' | 'note' | 'actor'>,
  reader: Reader,
) => OutgoingMessage | Promise<OutgoingMessage>;

export interface DispatcherOptions {
  /** how long a claimed notification is ours before another instance may take it */
  readonly leaseMs: number;
  /** give up (state "failed", visible to admins) once a notification is this old */
  readonly maxAgeMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly pollMs: number;
  /** tickets processed at once; one slow conversation must not block the others */
  readonly concurrency: number;
  /** how long delivered notifications stay in their ticket's document */
  readonly keepDeliveredMs: number;
  readonly defaultLocale: string;
  /** where to open a 1:1 chat with someone the bot never talked to */
  readonly defaultServiceUrl: string;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  leaseMs: 60_000,
  maxAgeMs: 30 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  pollMs: 2_000,
  concurrency: 4,
  keepDeliveredMs: 24 * 3600_000,
  defaultLocale: 'fr-FR',
  defaultServiceUrl: 'https://smba.trafficmanager.net/teams/',
};

interface Deps {
  readonly db: Db;
  readonly messenger: Messenger;
  readonly conversations: ConversationRepository;
  readonly groups: MongoGroupRepository;
  readonly render: NotificationRenderer;
  readonly limiter?: ConversationRateLimiter;
  readonly clock?: () => Date;
  readonly log?: (line: string) => void;
}

type Outcome =
  | { state: 'sent' | 'skipped'; copy?: CardCopy }
  | { state: 'retry' | 'failed'; error: DeliveryError };

/** the most recent posted copies kept up to date per ticket; older ones stay as they were */
const MAX_COPIES = 20;

/**
 * Delivers the outbox. Notifications are claimed with a lease (several instances never
 * send the same one twice), sent in order per ticket, paced per conversation, retried
 * with exponential backoff + jitter (honouring Retry-After) and, past a bound, recorded
 * as failed, never dropped. A crash after the ticket write resends on restart.
 */
export class OutboxDispatcher {
  private readonly tickets: Collection<TicketDocument>;
  private readonly options: DispatcherOptions;
  private readonly limiter: ConversationRateLimiter;
  private readonly clock: () => Date;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private halted = false;

  constructor(
    private readonly deps: Deps,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.tickets = deps.db.collection<TicketDocument>('tickets');
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    this.limiter = deps.limiter ?? new ConversationRateLimiter();
    this.clock = deps.clock ?? (() => new Date());
    this.log = deps.log ?? ((line) => console.log(line));
  }

  start(): void {
    this.stopped = false;
    this.halted = false;
    this.kick();
  }

  /** Something was queued: deliver now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.drain()
      .then(() => undefined)
      .catch((error) => this.log(`[guichet] outbox: ${(error as Error).message}`))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), this.options.pollMs);
          this.timer.unref();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Delivers everything that is due; resolves when nothing due is left. Returns how many were handled. */
  async drain(): Promise<number> {
    // independent workers: a ticket waiting on a slow conversation holds only its own worker
    const worker = async (): Promise<number> => {
      let handled = 0;
      // a stopping instance finishes the ticket in hand and leaves the rest to the next one
      while (!this.halted || handled === 0) {
        const count = await this.processOneTicket();
        if (count === 0) return handled;
        handled += count;
        if (this.halted) return handled;
      }
      return handled;
    };
    const counts = await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private due(now: Date) {
    return { state: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } };
  }

  private async processOneTicket(): Promise<number> {
    const now = this.clock();
    const token = randomUUID();
    const claimed = await this.tickets.findOneAndUpdate(
      {
        outbox: { $elemMatch: this.due(now) },
        // a ticket whose earlier notification waits for a retry keeps its later ones behind it
        $or: [{ outboxHeldUntil: null }, { outboxHeldUntil: { $lte: now } }],
      },
      {
        $set: {
          'outbox.$[item].leaseUntil': new Date(now.getTime() + this.options.leaseMs),
          'outbox.$[item].leaseToken': token,
        },
      },
      {
        arrayFilters: [{ 'item.state': 'pending', 'item.nextAttemptAt': { $lte: now }, 'item.leaseUntil': { $lte: now } }],
        returnDocument: 'after',
        // No sort: the only usable index, outbox_due, is walked in (state, nextAttemptAt) order,
        // so the first match is already the longest-waiting one. A sort on that multikey field
        // was a blocking sort of the whole backlog on every claim (5,000 waiting: 15 ms of mongod each).
      },
    );
    if (!claimed) return 0;
    const parsed = ticketDocumentSchema.safeParse(claimed);
    if (!parsed.success) {
      this.log(`[guichet] outbox: ticket ${String(claimed._id)} is malformed; its notifications wait`);
      return 0;
    }
    const ticket = fromDocument(parsed.data);
    const mine = (parsed.data.outbox ?? []).filter((item) => item.leaseToken === token && item.state === 'pending');
    let copies = parsed.data.cardCopies ?? [];
    let handled = 0;
    for (const item of mine) {
      const outcome = await this.deliver(ticket, item, copies);
      const retryAt = await this.record(parsed.data._id, item, token, outcome);
      if (outcome.state === 'sent' && outcome.copy) copies = [...copies, outcome.copy];
      handled += 1;
      // keep a ticket's messages in order: the later ones wait until the earlier one is retried
      if (retryAt) {
        await this.release(parsed.data._id, token, retryAt);
        break;
      }
    }
    await this.prune(parsed.data._id);
    return handled;
  }

  private async deliver(ticket: Ticket, item: OutboxItem, copies: readonly CardCopy[]): Promise<Outcome> {
    try {
      switch (item.recipient.kind) {
        case 'user':
          return await this.deliverToUser(ticket, item, item.recipient.user.id);
        case 'channel':
          return await this.deliverToChannel(ticket, item, item.recipient.groupId);
        case 'copies':
          return await this.refreshCopies(ticket, item, copies);
      }
    } catch (error) {
      const failure =
        error instanceof DeliveryError ? error : new DeliveryError((error as Error).message ?? String(error), null, null);
      return { state: isRetryable(failure) ? 'retry' : 'failed', error: failure };
    }
  }

  private async deliverToUser(ticket: Ticket, item: OutboxItem, userId: string): Promise<Outcome> {
    const known = await this.deps.conversations.find(ticket.tenantId, userId);
    let reference = known?.reference as ConversationReference | undefined;
    const locale = known?.language ?? known?.locale ?? this.options.defaultLocale;
    if (!reference) {
      reference = await this.deps.messenger.createPersonalConversation(
        ticket.tenantId,
        userId,
        (await this.anyServiceUrl(ticket.tenantId)) ?? this.options.defaultServiceUrl,
      );
      await this.deps.conversations.save({
        tenantId: ticket.tenantId,
        userId,
        userName: item.recipient.kind === 'user' ? item.recipient.user.name : '',
        locale,
        reference,
        updatedAt: this.clock(),
      });
    }
    return this.post(reference, ticket, item, { locale, timeZone: known?.timeZone ?? null, userMri: userMriOf(reference), inChannel: false });
  }

  private async deliverToChannel(ticket: Ticket, item: OutboxItem, groupId: string): Promise<Outcome> {
    const reference = await this.deps.groups.channelOf(ticket.tenantId, groupId);
    if (!reference) return { state: 'skipped' };
    return this.post(reference, ticket, item, { locale: this.options.defaultLocale, inChannel: true });
  }

  private async post(reference: ConversationReference, ticket: Ticket, item: OutboxItem, reader: Reader): Promise<Outcome> {
    await this.limiter.acquire(conversationKey(reference));
    const message = await this.deps.render(ticket, item, reader);
    const activityId = await this.deps.messenger.send(reference, message);
    if (!item.withCard || !activityId) return { state: 'sent' };
    return {
      state: 'sent',
      copy: {
        activityId,
        audience: item.audience,
        locale: reader.locale,
        timeZone: reader.timeZone ?? null,
        reference,
        postedAt: this.clock(),
      },
    };
  }

  private async refreshCopies(ticket: Ticket, item: OutboxItem, copies: readonly CardCopy[]): Promise<Outcome> {
    const dead: string[] = [];
    for (const copy of copies) {
      const inChannel = isChannel(copy.reference);
      const message = await this.deps.render(
        ticket,
        { ...item, audience: copy.audience, withCard: true },
        { locale: copy.locale, timeZone: copy.timeZone, userMri: inChannel ? null : userMriOf(copy.reference), inChannel },
      );
      await this.limiter.acquire(conversationKey(copy.reference));
      try {
        await this.deps.messenger.update(copy.reference, copy.activityId, { card: message.card });
      } catch (error) {
        // a copy someone deleted cannot be updated; the others still must be
        if (error instanceof DeliveryError && (error.statusCode === 404 || error.statusCode === 403)) {
          dead.push(copy.activityId);
          continue;
        }
        throw error;
      }
    }
    if (dead.length > 0) {
      await this.tickets.updateOne({ _id: ticket.id }, { $pull: { cardCopies: { activityId: { $in: dead } } } });
    }
    return { state: copies.length > 0 ? 'sent' : 'skipped' };
  }

  private async anyServiceUrl(tenantId: string): Promise<string | null> {
    const doc = await this.deps.db
      .collection('conversations')
      .findOne({ tenantId: String(tenantId) }, { projection: { 'reference.serviceUrl': 1 } });
    const url = (doc?.reference as { serviceUrl?: unknown } | undefined)?.serviceUrl;
    return typeof url === 'string' ? url : null;
  }

  /** Stores the outcome; returns when the item will be tried again, if it will. */
  private async record(ticketId: string, item: OutboxItem, token: string, outcome: Outcome): Promise<Date | null> {
    const now = this.clock();
    const mine = { 'item.id': item.id, 'item.leaseToken': token };
    if (outcome.state === 'sent' || outcome.state === 'skipped') {
      await this.tickets.updateOne(
        // only while the item is still ours: a copy is recorded once, by whoever sent it
        { _id: ticketId, outbox: { $elemMatch: { id: item.id, leaseToken: token } } },
        {
          $set: { 'outbox.$[item].state': outcome.state, 'outbox.$[item].doneAt': now, 'outbox.$[item].lastError': null },
          ...(outcome.state === 'sent' && outcome.copy
            ? { $push: { cardCopies: { $each: [outcome.copy], $slice: -MAX_COPIES } } }
            : {}),
        },
        { arrayFilters: [mine] },
      );
      return null;
    }
    const failure = (outcome as Extract<Outcome, { error: DeliveryError }>).error;
    const attempts = item.attempts + 1;
    const backoff = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempts - 1));
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    const delay = Math.max(jittered, failure.retryAfterMs ?? 0);
    const next = new Date(now.getTime() + delay);
    const giveUp = outcome.state === 'failed' || next.getTime() > item.createdAt.getTime() + this.options.maxAgeMs;
    const error = `${failure.statusCode ?? 'network'}: ${failure.message}`.slice(0, 500);
    if (giveUp) this.log(`[guichet] outbox: notification ${item.id} of ticket ${ticketId} failed for good (${error})`);
    await this.tickets.updateOne(
      { _id: ticketId },
      {
        $set: {
          'outbox.$[item].state': giveUp ? 'failed' : 'pending',
          'outbox.$[item].attempts': attempts,
          'outbox.$[item].nextAttemptAt': next,
          'outbox.$[item].leaseUntil': EPOCH,
          'outbox.$[item].leaseToken': null,
          'outbox.$[item].lastError': error,
          'outbox.$[item].doneAt': giveUp ? now : null,
        },
      },
      { arrayFilters: [mine] },
    );
    return giveUp ? null : next;
  }

  /**
   * Delivered notifications are kept a day (for support questions), then dropped, so a
   * long-lived ticket's document does not grow without bound. Failed ones stay for the admins.
   */
  private async prune(ticketId: string): Promise<void> {
    const cutoff = new Date(this.clock().getTime() - this.options.keepDeliveredMs);
    await this.tickets.updateOne(
      { _id: ticketId },
      { $pull: { outbox: { state: { $in: ['sent', 'skipped'] }, doneAt: { $lt: cutoff } } } },
    );
  }

  /** Hands back the rest of a ticket's claimed notifications (they wait behind a retry). */
  private async release(ticketId: string, token: string, heldUntil: Date): Promise<void> {
    await this.tickets.updateOne(
      { _id: ticketId },
      { $set: { 'outbox.$[item].leaseUntil': EPOCH, 'outbox.$[item].leaseToken': null, outboxHeldUntil: heldUntil } },
      { arrayFilters: [{ 'item.leaseToken': token, 'item.state': 'pending' }] },
    );
  }

  /** Counts for /healthz and the admins: what waits, what failed for good. */
  async stats(): Promise<{ pending: number; failed: number }> {
    const [result] = await this.tickets
      .aggregate<{ pending: number; failed: number }>([
        { $match: { 'outbox.state': { $in: ['pending', 'failed'] } } },
        { $unwind: '$outbox' },
        {
          $group: {
            _id: null,
            pending: { $sum: { $cond: [{ $eq: ['$outbox.state', 'pending'] }, 1, 0] } },
            failed: { $sum: { $cond: [{ $eq: ['$outbox.state', 'failed'] }, 1, 0] } },
          },
        },
      ])
      .toArray();
    return { pending: result?.pending ?? 0, failed: result?.failed ?? 0 };
  }
}

function userMriOf(reference: ConversationReference): string | null {
  const user = reference.user as { id?: unknown } | undefined;
  return typeof user?.id === 'string' ? user.id : null;
}

function isChannel(reference: ConversationReference): boolean {
  return (reference.conversation as { conversationType?: unknown } | undefined)?.conversationType === 'channel';
}

function conversationKey(reference: ConversationReference): string {
  const conversation = reference.conversation as { id?: unknown } | undefined;
  return typeof conversation?.id === 'string' ? conversation.id : JSON.stringify(reference);
}
