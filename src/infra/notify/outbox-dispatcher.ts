import type { Notification } from '../../domain/notification.js';
import type { PostedCard } from '../../domain/ports/card-copy.repository.js';
import type { ConversationRepository } from '../../domain/ports/conversation.repository.js';
import { isClaimedDigest, type AlertDigest, type ClaimedDigest, type DigestBoard } from '../../domain/ports/digest-board.js';
import type { GroupRepository } from '../../domain/ports/group.repository.js';
import type { ClaimedBatch, EntryOutcome, OutboxEntry, OutboxStore } from '../../domain/ports/outbox-store.js';
import type { Ticket } from '../../domain/ticket.js';
import { DeliveryError, isRetryable, type ConversationReference, type Messenger, type OutgoingMessage } from './messenger.js';
import { ConversationRateLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_REQUESTS_PER_SECOND, type PaceRequest } from './rate-limiter.js';

/** Who reads a message: their language and time zone, and where. */
export interface Reader {
  readonly locale: string;
  readonly timeZone?: string | null;
  /** Teams' id of the one reader of a personal chat, for the card's per-user refresh */
  readonly userMri?: string | null;
  /** channel cards are the compact queue card: take, assign, open */
  readonly inChannel: boolean;
}

/** What a notification looks like to one reader; a ticket card posted with it becomes a kept-up-to-date copy. */
export interface RenderedMessage extends OutgoingMessage {
  /** set when the message carries the ticket card drawn for this audience */
  readonly ticketCard?: 'requester' | 'technician';
}

/** Draws queued messages for their readers (the views' table of renderers, behind one function). */
export interface MessageRenderer {
  notification(notification: Notification, about: { tenantId: string; ticket: Ticket | null }, reader: Reader): RenderedMessage | Promise<RenderedMessage>;
  /** a posted copy of the ticket card, redrawn for the conversation it sits in */
  copy(ticket: Ticket, audience: 'requester' | 'technician', reader: Reader): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** an SLA alert digest as it now is, for its recipient; `now` tells its times left */
  digest?(digest: AlertDigest, reader: Reader, now: Date): RenderedMessage | Promise<RenderedMessage>;
}
export interface DispatcherOptions {
  /** how long a claimed notification is ours before another instance may take it */
  readonly leaseMs: number;
  /** give up (state "failed", visible to admins) once a notification is this old */
  readonly maxAgeMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly pollMs: number;
  /** tickets processed at once; a paced conversation never holds a worker (its message waits in the store) */
  readonly concurrency: number;
  /** card copies updated per turn of a ticket; the rest of a big refresh waits behind the other tickets' work */
  readonly copiesPerTurn: number;
  /** how long delivered notifications stay in their ticket's document */
  readonly keepDeliveredMs: number;
  readonly defaultLocale: string;
  /** where to open a 1:1 chat with someone the bot never talked to */
  readonly defaultServiceUrl: string;
  /** this instance's share of Teams' app-wide limit per tenant (requests per second), for the default limiter */
  readonly tenantRequestsPerSecond: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  leaseMs: 60_000,
  maxAgeMs: 30 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  pollMs: 2_000,
  concurrency: 4,
  copiesPerTurn: 8,
  keepDeliveredMs: 24 * 3600_000,
  defaultLocale: 'fr-FR',
  defaultServiceUrl: 'https://smba.trafficmanager.net/teams/',
  tenantRequestsPerSecond: TEAMS_TENANT_REQUESTS_PER_SECOND,
};

interface Deps {
  /** where queued messages wait: ticket documents, the outbox collection */
  readonly stores: readonly OutboxStore[];
  readonly messenger: Messenger;
  readonly conversations: ConversationRepository;
  readonly groups: Pick<GroupRepository, 'channelOf'>;
  readonly render: MessageRenderer;
  /** where SLA alerts are gathered into digests (kept up to date as their tickets change); without it, posted alone */
  readonly board?: DigestBoard;
  readonly limiter?: ConversationRateLimiter;
  readonly clock?: () => Date;
  readonly log?: (line: string) => void;
  /** each attempt's outcome, for the metrics (a 429 from Teams has statusCode 429) */
  readonly observe?: (outcome: 'sent' | 'skipped' | 'retry' | 'failed', statusCode: number | null) => void;
}

/** parked work is resumed at least this long before its lease ends */
const PARK_MARGIN_MS = 10_000;

type Outcome =
  | { state: 'sent' | 'skipped'; copy?: PostedCard }
  /** its conversation is at Teams' pace: tried again at `until`, no attempt counted */
  | { state: 'deferred'; until: Date }
  /** `reason`: what the admins read when it is not Teams' or the network's answer */
  | { state: 'retry' | 'failed'; error: DeliveryError; reason?: string };

/**
 * Delivers the outbox, wherever messages wait. Work is claimed with a lease (several
 * instances never send the same message twice), sent in order per ticket, paced per
 * conversation, retried with exponential backoff + jitter (honouring Retry-After) and,
 * past a bound, recorded as failed, never dropped. A crash after the write resends on restart.
 * No head-of-line blocking: a message whose conversation is at Teams' pace is handed back to
 * its store until its turn (its ticket's later messages behind it), never slept on in a worker;
 * a big card refresh is done a few copies per turn.
 */
export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private readonly limiter: ConversationRateLimiter;
  private readonly clock: () => Date;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private halted = false;
  /** when deferred work is due again (the poll is not waited for) */
  private wakes: number[] = [];
  /**
   * Work waiting, still leased, for its conversation's turn: kept here rather than handed back
   * to its store, so a burst to one busy conversation costs no write per message (a claim only).
   */
  private parked: { store: OutboxStore; batch: ClaimedBatch; from: number; until: number }[] = [];
  /** each person's 1:1 conversation key, as last read (tenant:user → conversation id) */
  private readonly personalChats = new Map<string, string>();
  /**
   * 1:1 chats being looked up or opened (tenant:user): the workers sending two messages at once
   * to someone the bot never talked to wait for one opening instead of each creating the chat.
   */
  private readonly opening = new Map<string, Promise<{ reference: ConversationReference; reader: Reader }>>();
  /** copies already updated by a refresh done over several turns, per entry */
  private readonly refreshed = new Map<string, Set<string>>();

  constructor(
    private readonly deps: Deps,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    this.clock = deps.clock ?? (() => new Date());
    this.limiter =
      deps.limiter ?? new ConversationRateLimiter(TEAMS_CONVERSATION_LIMITS, () => this.clock().getTime(), undefined, this.options.tenantRequestsPerSecond);
    this.log = deps.log ?? (() => undefined);
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
          const wake = this.nextWake();
          const delay = wake ? Math.max(10, Math.min(this.options.pollMs, wake.getTime() - this.clock().getTime())) : this.options.pollMs;
          this.timer = setTimeout(() => this.kick(), delay);
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
    // what waited here for its turn goes back to the store for the next instance
    const parked = this.parked;
    this.parked = [];
    for (const { store, batch } of parked) await store.release(batch, this.clock()).catch(() => undefined);
  }

  /** The earliest time deferred work is due again, or null. */
  nextWake(): Date | null {
    const now = this.clock().getTime();
    this.wakes = this.wakes.filter((at) => at > now);
    return this.wakes.length > 0 ? new Date(Math.min(...this.wakes)) : null;
  }

  private wakeAt(at: Date): void {
    this.wakes.push(at.getTime());
    if (this.wakes.length > 1_000) this.nextWake();
    if (this.wakes.length > 1_000) this.wakes = [Math.min(...this.wakes)];
  }

  /**
   * Delivers everything that is due, in every store; resolves when nothing due is left (work
   * deferred to its conversation's pace is due later: see nextWake). Returns how many were handled.
   */
  async drain(): Promise<number> {
    // independent workers: a ticket waiting on a slow conversation holds only its own worker
    const worker = async (): Promise<number> => {
      let handled = 0;
      // a stopping instance finishes the work in hand and leaves the rest to the next one
      while (!this.halted || handled === 0) {
        const count = await this.processOne();
        if (count === null) return handled;
        handled += count;
        if (this.halted) return handled;
      }
      return handled;
    };
    const counts = await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  /** Claims from the first store with due work (ticket changes first: they are what people wait for). */
  /** How many entries were handled, or null when no store had due work. */
  private async processOne(): Promise<number | null> {
    const now = this.clock().getTime();
    const due = this.parked.findIndex((p) => p.until <= now);
    if (due >= 0) {
      const [{ store, batch, from }] = this.parked.splice(due, 1);
      return this.process(store, batch, from);
    }
    for (const store of this.deps.stores) {
      const batch = await store.claim(this.clock(), this.options.leaseMs);
      if (batch) return this.process(store, batch);
    }
    return null;
  }

  private async process(store: OutboxStore, batch: ClaimedBatch, from = 0): Promise<number> {
    if (isClaimedDigest(batch)) return this.processDigest(store, batch);
    // a ticket's later messages never overtake its earlier one waiting here for its turn
    const waiting = this.parked.find((p) => p.batch.key === batch.key && p.store === store);
    if (from === 0 && waiting) {
      await store.release(batch, new Date(waiting.until));
      return 0;
    }
    let copies = batch.copies;
    // cards posted by this batch already show the ticket as it is: a refresh leaves them (and their banner) alone
    const postedNow = new Set<string>();
    let handled = 0;
    for (const [index, entry] of batch.entries.entries()) {
      if (index < from) continue;
      const outcome = await this.deliver(store, batch, entry, postedNow.size > 0 ? copies.filter((c) => !postedNow.has(c.activityId)) : copies);
      if (outcome.state === 'deferred') {
        // this one and the ticket's later ones wait for the conversation's turn; the worker moves on.
        // Within the lease the wait is kept here (no write); a longer one hands the work back
        this.wakeAt(outcome.until);
        if (outcome.until.getTime() < batch.leasedUntil.getTime() - PARK_MARGIN_MS) {
          this.parked.push({ store, batch: { ...batch, copies }, from: index, until: outcome.until.getTime() });
        } else {
          await store.release(batch, outcome.until);
        }
        break;
      }
      if (outcome.state !== 'retry') this.refreshed.delete(entry.id);
      const retryAt = await this.record(store, batch, entry, outcome);
      if (outcome.state === 'sent' && outcome.copy) {
        // one copy per conversation, as the store keeps them: the new card replaces the older one there
        const here = conversationKey(outcome.copy.reference);
        copies = [...copies.filter((c) => conversationKey(c.reference) !== here), outcome.copy];
        postedNow.add(outcome.copy.activityId);
      }
      handled += 1;
      // keep a ticket's messages in order: the later ones wait until the earlier one is retried
      if (retryAt) {
        await store.release(batch, retryAt);
        break;
      }
    }
    // a batch that only waited for its conversation's turn changed nothing worth pruning
    if (handled > 0) await store.prune(batch, new Date(this.clock().getTime() - this.options.keepDeliveredMs));
    return handled;
  }

  private async deliver(store: OutboxStore, batch: ClaimedBatch, entry: OutboxEntry, copies: readonly PostedCard[]): Promise<Outcome> {
    const { message } = entry;
    if (!message) {
      const reason = 'unreadable outbox entry (unknown kind or malformed payload)';
      return { state: 'failed', error: new DeliveryError(reason, null, null), reason };
    }
    try {
      const { board } = this.deps;
      if (message.kind === 'card.refresh') {
        // the ticket's lines in alert digests follow it too (once per change, not per turn of a long refresh)
        if (board && batch.ticket && !this.refreshed.has(entry.id)) await board.ticketChanged(batch.ticket, this.clock());
        return await this.refreshCopies(store, batch, entry, copies);
      }
      if (message.kind === 'sla.alert' && board) {
        // gathered into the recipient's digest, which is delivered as a message of its own
        await board.add(batch.tenantId, message.recipient, message.payload, entry.id, this.clock(), batch.ticket);
        return { state: 'sent' };
      }
      const ticket = batch.ticket;
      const turn = { id: entry.id, share: message.actor.id, tenant: batch.tenantId };
      switch (message.recipient.kind) {
        case 'user':
          return await this.deliverToUser(batch.tenantId, ticket, message, message.recipient.user, turn);
        case 'channel':
          return await this.deliverToChannel(batch.tenantId, ticket, message, message.recipient.groupId, turn);
      }
    } catch (error) {
      return failureOf(error);
    }
  }

  private async deliverToUser(
    tenantId: string,
    ticket: Ticket | null,
    message: Notification,
    user: { id: string; name: string },
    turn: PaceRequest,
  ): Promise<Outcome> {
    // a person's conversation is known from an earlier send: its pace is asked before any
    // database read, so a message that must wait for its turn costs no lookup
    const remembered = this.personalChats.get(`${tenantId}:${user.id}`);
    if (remembered) {
      const hold = this.limiter.take(remembered, turn);
      if (hold > 0) return this.deferred(hold);
    }
    const { reference, reader } = await this.personalChat(tenantId, user);
    return this.post(reference, { tenantId, ticket }, message, reader, turn, remembered === conversationKey(reference));
  }

  /**
   * Someone's 1:1 chat with the bot (opened if they never talked to it) and how they read it.
   * Single-flight per person within this instance; see openPersonalChat for other instances.
   */
  private personalChat(tenantId: string, user: { id: string; name: string }): Promise<{ reference: ConversationReference; reader: Reader }> {
    const key = `${tenantId}:${user.id}`;
    const inFlight = this.opening.get(key);
    if (inFlight) return inFlight;
    const lookup = this.openPersonalChat(tenantId, user).finally(() => this.opening.delete(key));
    this.opening.set(key, lookup);
    return lookup;
  }

  private async openPersonalChat(tenantId: string, user: { id: string; name: string }): Promise<{ reference: ConversationReference; reader: Reader }> {
    const { conversations } = this.deps;
    let known = await conversations.find(tenantId, user.id);
    let reference = known?.reference as ConversationReference | undefined;
    const locale = known?.language ?? known?.detectedLanguage ?? known?.locale ?? this.options.defaultLocale;
    if (!reference) {
      const created = await this.deps.messenger.createPersonalConversation(
        tenantId,
        user.id,
        (await conversations.anyServiceUrl(tenantId)) ?? this.options.defaultServiceUrl,
      );
      // another instance (or the person's first message) may have stored their chat meanwhile:
      // that one is kept and used, so every instance posts to one conversation
      known = await conversations.find(tenantId, user.id);
      reference = known?.reference as ConversationReference | undefined;
      if (!reference) {
        reference = created;
        await conversations.save({ tenantId, userId: user.id, userName: user.name, locale, reference, updatedAt: this.clock() });
      }
    }
    if (this.personalChats.size >= 10_000) this.personalChats.clear();
    this.personalChats.set(`${tenantId}:${user.id}`, conversationKey(reference));
    return {
      reference,
      reader: { locale: known?.language ?? known?.detectedLanguage ?? known?.locale ?? locale, timeZone: known?.timeZone ?? null, userMri: userMriOf(reference), inChannel: false },
    };
  }

  private async deliverToChannel(tenantId: string, ticket: Ticket | null, message: Notification, groupId: string, turn: PaceRequest): Promise<Outcome> {
    const reference = await this.deps.groups.channelOf(tenantId, groupId);
    if (!reference) return { state: 'skipped' };
    return this.post({ ...reference }, { tenantId, ticket }, message, { locale: this.options.defaultLocale, inChannel: true }, turn);
  }

  private async post(
    reference: ConversationReference,
    { tenantId, ticket }: { tenantId: string; ticket: Ticket | null },
    message: Notification,
    reader: Reader,
    turn: PaceRequest,
    /** its slot in the conversation was already taken */
    paced = false,
  ): Promise<Outcome> {
    const hold = paced ? 0 : this.limiter.take(conversationKey(reference), turn);
    if (hold > 0) return this.deferred(hold);
    const rendered = await this.deps.render.notification(message, { tenantId, ticket }, reader);
    const activityId = await this.deps.messenger.send(reference, { text: rendered.text, card: rendered.card });
    if (!rendered.ticketCard || !activityId) return { state: 'sent' };
    return {
      state: 'sent',
      copy: { activityId, audience: rendered.ticketCard, locale: reader.locale, timeZone: reader.timeZone ?? null, reference },
    };
  }

  private deferred(holdMs: number): Outcome {
    return { state: 'deferred', until: new Date(this.clock().getTime() + holdMs) };
  }

  /**
   * An SLA alert digest: posted the first time, updated in place afterwards, paced like any
   * message. One waiting for its conversation's turn goes back to its store and is read again
   * then, so it is drawn with whatever was added meanwhile, never from a stale copy.
   */
  private async processDigest(store: OutboxStore, batch: ClaimedDigest): Promise<number> {
    const [entry] = batch.entries;
    const outcome = await this.deliverDigest(batch).catch(failureOf);
    if (outcome.state === 'deferred') {
      this.wakeAt(outcome.until);
      await store.release(batch, outcome.until);
      return 0;
    }
    await this.record(store, batch, entry, outcome);
    await store.prune(batch, new Date(this.clock().getTime() - this.options.keepDeliveredMs));
    return 1;
  }

  private async deliverDigest({ tenantId, digest }: ClaimedDigest): Promise<Outcome> {
    const draw = this.deps.render.digest;
    if (!draw) {
      const reason = 'no view for alert digests';
      return { state: 'failed', error: new DeliveryError(reason, null, null), reason };
    }
    // every ticket was handled before the card went out: nothing to tell
    if (!digest.posted && digest.lines.every((line) => line.handled)) return { state: 'skipped' };
    const where = digest.posted
      ? {
          reference: { ...digest.posted.reference } as ConversationReference,
          reader: { locale: digest.posted.locale, timeZone: digest.posted.timeZone, inChannel: digest.recipient.kind === 'channel' },
        }
      : await this.digestConversation(tenantId, digest);
    if (!where) return { state: 'skipped' };
    const hold = this.limiter.take(conversationKey(where.reference), { id: `digest ${digest.id}`, share: `digest ${digest.id}`, tenant: tenantId });
    if (hold > 0) return this.deferred(hold);
    const rendered = await draw(digest, where.reader, this.clock());
    if (digest.posted) {
      try {
        await this.deps.messenger.update(where.reference, digest.posted.activityId, { card: rendered.card });
        return { state: 'sent' };
      } catch (error) {
        // someone deleted the card: the digest is posted again rather than lost
        if (!(error instanceof DeliveryError && error.statusCode === 404)) throw error;
      }
    }
    const activityId = await this.deps.messenger.send(where.reference, { text: rendered.text, card: rendered.card });
    if (!activityId) return { state: 'sent' };
    const { locale, timeZone } = where.reader;
    return { state: 'sent', copy: { activityId, audience: 'technician', locale, timeZone: timeZone ?? null, reference: where.reference } };
  }

  /** Where a digest is first posted: its group's channel (the helpdesk's language), or someone's 1:1 chat (theirs). */
  private async digestConversation(tenantId: string, digest: AlertDigest): Promise<{ reference: ConversationReference; reader: Reader } | null> {
    const { recipient } = digest;
    if (recipient.kind === 'user') return this.personalChat(tenantId, recipient.user);
    const reference = await this.deps.groups.channelOf(tenantId, recipient.groupId);
    return reference ? { reference: { ...reference }, reader: { locale: this.options.defaultLocale, inChannel: true } } : null;
  }

  /**
   * Updates every posted copy. Copies whose conversation is at Teams' pace wait for their turn
   * while the others are updated; past `copiesPerTurn` the refresh yields to other tickets' work.
   * What was done is remembered, so the next turn goes on from there.
   */
  private async refreshCopies(store: OutboxStore, batch: ClaimedBatch, entry: OutboxEntry, copies: readonly PostedCard[]): Promise<Outcome> {
    const { ticket } = batch;
    if (!ticket) return { state: 'skipped' };
    const done = this.refreshed.get(entry.id) ?? new Set<string>();
    const share = entry.message?.actor.id ?? '';
    const dead: string[] = [];
    let hold: number | null = null;
    let updated = 0;
    for (const copy of copies) {
      if (done.has(copy.activityId)) continue;
      if (updated >= this.options.copiesPerTurn) {
        // back after whatever is due now (a hold of 0 could come first again)
        hold = 1;
        break;
      }
      const conversation = conversationKey(copy.reference);
      const wait = this.limiter.take(conversation, { id: `${entry.id} ${conversation}`, share, tenant: batch.tenantId });
      if (wait > 0) {
        hold = Math.min(hold ?? wait, wait);
        continue;
      }
      const inChannel = isChannel(copy.reference);
      const card = await this.deps.render.copy(ticket, copy.audience, {
        locale: copy.locale,
        timeZone: copy.timeZone,
        userMri: inChannel ? null : userMriOf(copy.reference),
        inChannel,
      });
      updated += 1;
      try {
        await this.deps.messenger.update(copy.reference, copy.activityId, { card });
      } catch (error) {
        // a copy someone deleted cannot be updated; the others still must be
        if (!(error instanceof DeliveryError && (error.statusCode === 404 || error.statusCode === 403))) {
          this.remember(entry.id, done);
          throw error;
        }
        dead.push(copy.activityId);
      }
      done.add(copy.activityId);
    }
    if (dead.length > 0) await store.forgetCopies(batch, dead);
    if (hold === null) return { state: copies.length > 0 ? 'sent' : 'skipped' };
    this.remember(entry.id, done);
    return this.deferred(hold);
  }

  private remember(entryId: string, done: Set<string>): void {
    this.refreshed.delete(entryId);
    this.refreshed.set(entryId, done);
    // entries another instance finished never come back here: the oldest are let go
    if (this.refreshed.size > 10_000) this.refreshed.delete(this.refreshed.keys().next().value as string);
  }

  /** Stores the outcome; returns when the entry will be tried again, if it will. */
  private async record(
    store: OutboxStore,
    batch: ClaimedBatch,
    entry: OutboxEntry,
    outcome: Exclude<Outcome, { state: 'deferred' }>,
  ): Promise<Date | null> {
    const now = this.clock();
    if (!('error' in outcome)) {
      await store.record(batch, entry.id, outcome, now);
      this.deps.observe?.(outcome.state, null);
      return null;
    }
    const failure = outcome.error;
    const attempts = entry.attempts + 1;
    const backoff = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempts - 1));
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    const delay = Math.max(jittered, failure.retryAfterMs ?? 0);
    const next = new Date(now.getTime() + delay);
    const giveUp = outcome.state === 'failed' || next.getTime() > entry.createdAt.getTime() + this.options.maxAgeMs;
    const error = (outcome.reason ?? `${failure.statusCode ?? 'network'}: ${failure.message}`).slice(0, 500);
    if (giveUp) this.log(`[guichet] outbox: notification ${entry.id} of ${batch.ticket ? `ticket ${batch.key}` : 'the outbox'} failed for good (${error})`);
    this.deps.observe?.(giveUp ? 'failed' : 'retry', failure.statusCode);
    const recorded: EntryOutcome = { state: giveUp ? 'failed' : 'pending', attempts, nextAttemptAt: next, error };
    await store.record(batch, entry.id, recorded, now);
    return giveUp ? null : next;
  }

  /** Counts for /healthz and the admins: what waits, what failed for good, in every store. */
  async stats(): Promise<{ pending: number; failed: number }> {
    const all = await Promise.all(this.deps.stores.map((store) => store.stats()));
    return all.reduce((sum, s) => ({ pending: sum.pending + s.pending, failed: sum.failed + s.failed }), { pending: 0, failed: 0 });
  }
}

/** A failed delivery as an outcome: retried unless Teams answered with a status it says not to retry. */
function failureOf(error: unknown): Outcome {
  const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message ?? String(error), null, null);
  return { state: isRetryable(failure) ? 'retry' : 'failed', error: failure };
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
