/**
 * Teams' documented limits per bot per conversation (7 messages / 1 s, 8 / 2 s,
 * 60 / 30 s); pacing ourselves below them means the connector never has to throttle us.
 */
export const TEAMS_CONVERSATION_LIMITS: readonly (readonly [count: number, windowMs: number])[] = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
];

/**
 * Teams' app-wide limit per tenant, across all its conversations: the rate-limit page
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit, "global
 * limit per app per tenant") states it in requests per second; we stay at 30 unless configured
 * (GUICHET_TENANT_REQUESTS_PER_SECOND), shared out between instances (GUICHET_INSTANCES).
 */
export const TEAMS_TENANT_REQUESTS_PER_SECOND = 30;

/** One message asking for a slot in a conversation. */
export interface PaceRequest {
  /** the same message asks again under the same id when it comes back */
  readonly id: string;
  /** whose turn it is: the person who caused the message (one person's burst takes turns with the others) */
  readonly share: string;
  /** the tenant it goes to: its slot counts against the tenant's app-wide limit too (none: not paced per tenant) */
  readonly tenant?: string;
}

interface Waiter {
  readonly id: string;
  readonly share: string;
  readonly seq: number;
  /** when it first asked */
  readonly since: number;
  /** when it was told to come back */
  back: number;
}

interface Pace {
  sent: number[];
  readonly waiting: Map<string, Waiter>;
  /** each share's waiters in arrival order: a waiter's round is its index there */
  readonly queues: Map<string, Waiter[]>;
  /** when each share last got a slot here */
  readonly served: Map<string, number>;
}

/** A tenant's booked slots (oldest first, from `head` on) and the requests each is booked for. */
interface TenantPace {
  booked: number[];
  head: number;
  readonly reserved: Map<string, number>;
}

/** shortest hold handed out: a message never spins on a slot that someone ahead of it will take */
const MIN_HOLD_MS = 20;
/** a waiter this late at the head of its share's queue is not waited for: dropped, it asks again as a newcomer */
const GONE_MS = 200;
/** slots are simulated this far ahead; beyond, the tightest limit's steady rate is extrapolated */
const SIMULATED_SLOTS = 120;

/**
 * Per-conversation pacing that never puts anyone to sleep: `take` grants a slot now or says
 * how long to wait, and the caller releases its work for that long (a dispatcher worker is never
 * held by a busy conversation). While a conversation is saturated, its waiting messages are
 * served in turns between shares (round robin, the share served longest ago first), so one
 * person's burst to a channel interleaves with everyone else's posts instead of going first.
 * Per instance: several instances each keep below the limits with their own share of the traffic.
 * On top of them, the tenant's app-wide limit (all its conversations): a message whose
 * conversation's turn came still waits for a slot of its tenant, booked in order.
 */
export class ConversationRateLimiter {
  private readonly limits: readonly (readonly [number, number])[];
  private readonly longestMs: number;
  private readonly paces = new Map<string, Pace>();
  private readonly tenants = new Map<string, TenantPace>();
  /** the tenant limit as `count` requests per `windowMs`; null: none */
  private readonly tenantLimit: { readonly count: number; readonly windowMs: number } | null;
  private seq = 0;
  private calls = 0;

  constructor(
    limits: readonly (readonly [number, number])[] = TEAMS_CONVERSATION_LIMITS,
    private readonly clock: () => number = Date.now,
    /** requests reach Teams a little after we send them: windows are widened by this much */
    safetyMs = 250,
    /** this instance's share of the tenant-wide limit (requests per second); Infinity: none */
    tenantRequestsPerSecond = Infinity,
  ) {
    this.limits = limits.map(([count, windowMs]) => [count, windowMs + safetyMs] as const);
    this.longestMs = Math.max(0, ...this.limits.map(([, windowMs]) => windowMs));
    const perSecond = Number.isFinite(tenantRequestsPerSecond) && tenantRequestsPerSecond > 0 ? tenantRequestsPerSecond : null;
    // a share below one per second (30 / 40 instances) is one request per a longer window
    const count = Math.max(1, Math.floor(perSecond ?? 1));
    this.tenantLimit = perSecond === null ? null : { count, windowMs: (1_000 * count) / perSecond + safetyMs };
  }

  /** 0: send now (the slot is taken); otherwise the milliseconds to wait before asking again. */
  take(conversation: string, request: PaceRequest): number {
    const now = this.clock();
    this.forgetIdle(now);
    const pace = this.paceOf(conversation, now);
    let me = pace.waiting.get(request.id);
    if (!me) {
      me = { id: request.id, share: request.share, seq: (this.seq += 1), since: now, back: now };
      pace.waiting.set(request.id, me);
      const queue = pace.queues.get(me.share);
      if (queue) queue.push(me);
      else pace.queues.set(me.share, [me]);
    }
    this.dropGone(pace, me, now);
    const position = this.positionOf(pace, me);
    const slot = this.slotAt(pace.sent, now, position);
    // the conversation's turn came: the tenant's limit is asked only then, so a message waiting
    // for its conversation never holds a tenant slot it cannot use
    const tenantHold = slot <= now && request.tenant !== undefined ? this.tenantHold(request.tenant, request.id, now) : 0;
    if (slot <= now && tenantHold === 0) {
      pace.sent.push(now);
      pace.waiting.delete(request.id);
      const queue = pace.queues.get(me.share)!;
      queue.splice(queue.indexOf(me), 1);
      if (queue.length === 0) pace.queues.delete(me.share);
      pace.served.set(me.share, now);
      return 0;
    }
    const hold = Math.max(MIN_HOLD_MS, slot > now ? slot - now : tenantHold);
    me.back = now + hold;
    return hold;
  }

  /**
   * 0 when the tenant has room now (the slot is booked), else how long until the slot booked
   * for this request. Slots are booked in order, each at the first time the tenant's window
   * has room (one comparison: bookings only grow), so a burst across many conversations is
   * spread out without anyone asking twice in vain; a slot left unused is given up after GONE_MS.
   */
  private tenantHold(tenantId: string, id: string, now: number): number {
    const limit = this.tenantLimit;
    if (!limit) return 0;
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = { booked: [], head: 0, reserved: new Map() };
      this.tenants.set(tenantId, tenant);
    }
    let at = tenant.reserved.get(id);
    if (at !== undefined && now - at > GONE_MS) at = undefined;
    if (at === undefined) {
      const { booked } = tenant;
      while (tenant.head < booked.length && booked[tenant.head] <= now - limit.windowMs) tenant.head += 1;
      if (tenant.head > 1_024) {
        tenant.booked = booked.slice(tenant.head);
        tenant.head = 0;
      }
      const live = tenant.booked.length - tenant.head;
      const last = tenant.booked[tenant.booked.length - 1] ?? now;
      at = live < limit.count ? Math.max(now, last) : Math.max(now, tenant.booked[tenant.booked.length - limit.count] + limit.windowMs);
      tenant.booked.push(at);
    }
    if (at <= now) {
      tenant.reserved.delete(id);
      return 0;
    }
    tenant.reserved.set(id, at);
    return Math.max(MIN_HOLD_MS, at - now);
  }

  /** Waiters long overdue at the head of their share's queue went elsewhere (another instance, a failure). */
  private dropGone(pace: Pace, me: Waiter, now: number): void {
    for (const [share, queue] of pace.queues) {
      while (queue.length > 0 && queue[0] !== me && now - queue[0].back > GONE_MS) pace.waiting.delete(queue.shift()!.id);
      if (queue.length === 0) pace.queues.delete(share);
    }
  }

  /**
   * How many waiters get a slot before `me`: each share's first message, then each share's
   * second… and within a round, the share whose turn is oldest (its last slot here, or when
   * its first waiter started waiting if later) goes first. A newcomer thus waits at most one
   * turn of each share already waiting, and nobody waits for ever. One pass over the shares
   * (not the waiters): a burst of thousands in one conversation costs each call little.
   */
  private positionOf(pace: Pace, me: Waiter): number {
    const turnOf = (share: string, queue: readonly Waiter[]) => Math.max(queue[0].since, pace.served.get(share) ?? -Infinity);
    const mine = pace.queues.get(me.share)!;
    const round = mine.indexOf(me);
    const myTurn = turnOf(me.share, mine);
    let ahead = round;
    for (const [share, queue] of pace.queues) {
      if (share === me.share) continue;
      ahead += Math.min(queue.length, round);
      if (queue.length > round) {
        const turn = turnOf(share, queue);
        if (turn < myTurn || (turn === myTurn && queue[round].seq < me.seq)) ahead += 1;
      }
    }
    return ahead;
  }

  /** When the message at `position` in line may go, given what was sent. */
  private slotAt(sent: readonly number[], now: number, position: number): number {
    const simulated = Math.min(position, SIMULATED_SLOTS);
    const times = [...sent];
    let at = now;
    for (let i = 0; i <= simulated; i += 1) {
      at = now;
      for (const [count, windowMs] of this.limits) {
        if (times.length >= count) at = Math.max(at, times[times.length - count] + windowMs);
      }
      times.push(at);
    }
    // past the simulated slots the conversation runs at its tightest steady rate
    // no limits (an unpaced limiter): no wait (a bare Math.max() of nothing would be -Infinity)
    const steadyMs = Math.max(0, ...this.limits.map(([count, windowMs]) => windowMs / count));
    return at + (position - simulated) * steadyMs;
  }

  private paceOf(conversation: string, now: number): Pace {
    let pace = this.paces.get(conversation);
    if (!pace) {
      pace = { sent: [], waiting: new Map(), queues: new Map(), served: new Map() };
      this.paces.set(conversation, pace);
    }
    pace.sent = pace.sent.filter((t) => now - t < this.longestMs);
    if (pace.served.size > 0) {
      for (const [share, at] of pace.served) if (now - at >= this.longestMs && !pace.queues.has(share)) pace.served.delete(share);
    }
    return pace;
  }

  /** Conversations with nothing sent lately and nobody waiting are dropped now and then. */
  private forgetIdle(now: number): void {
    this.calls += 1;
    if (this.calls % 1_000 !== 0) return;
    for (const [conversation, pace] of this.paces) {
      if (pace.waiting.size === 0 && pace.sent.every((t) => now - t >= this.longestMs)) this.paces.delete(conversation);
    }
    for (const [tenantId, tenant] of this.tenants) {
      for (const [id, at] of tenant.reserved) if (now - at > GONE_MS) tenant.reserved.delete(id);
      const last = tenant.booked[tenant.booked.length - 1];
      if (tenant.reserved.size === 0 && (last === undefined || now - last >= (this.tenantLimit?.windowMs ?? 0))) this.tenants.delete(tenantId);
    }
  }
}
