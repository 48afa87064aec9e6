/**
 * Teams' documented limits per bot per conversation (7 messages / 1 s, 8 / 2 s,
 * 60 / 30 s); pacing ourselves below them means the connector never has to throttle us.
 */
export const TEAMS_CONVERSATION_LIMITS: readonly (readonly [count: number, windowMs: number])[] = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
];

/** One message asking for a slot in a conversation. */
export interface PaceRequest {
  /** the same message asks again under the same id when it comes back */
  readonly id: string;
  /** whose turn it is: the person who caused the message (one person's burst takes turns with the others) */
  readonly share: string;
}

interface Waiter {
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
  /** when each share last got a slot here */
  readonly served: Map<string, number>;
}

/** shortest hold handed out: a message never spins on a slot that someone ahead of it will take */
const MIN_HOLD_MS = 20;
/** a waiter this late is not waited for (its slot goes to whoever is here); it keeps its place */
const LATE_MS = 200;
/** a waiter this late is gone (another instance sent it, or it failed) */
const GONE_MS = 60_000;

/**
 * Per-conversation pacing that never puts anyone to sleep: `take` grants a slot now or says
 * how long to wait, and the caller releases its work for that long (a dispatcher worker is never
 * held by a busy conversation). While a conversation is saturated, its waiting messages are
 * served in turns between shares (round robin, the share served longest ago first), so one
 * person's burst to a channel interleaves with everyone else's posts instead of going first.
 * Per instance: several instances each keep below the limits with their own share of the traffic.
 */
export class ConversationRateLimiter {
  private readonly limits: readonly (readonly [number, number])[];
  private readonly longestMs: number;
  private readonly paces = new Map<string, Pace>();
  private seq = 0;
  private calls = 0;

  constructor(
    limits: readonly (readonly [number, number])[] = TEAMS_CONVERSATION_LIMITS,
    private readonly clock: () => number = Date.now,
    /** requests reach Teams a little after we send them: windows are widened by this much */
    safetyMs = 250,
  ) {
    this.limits = limits.map(([count, windowMs]) => [count, windowMs + safetyMs] as const);
    this.longestMs = Math.max(0, ...this.limits.map(([, windowMs]) => windowMs));
  }

  /** 0: send now (the slot is taken); otherwise the milliseconds to wait before asking again. */
  take(conversation: string, request: PaceRequest): number {
    const now = this.clock();
    this.forgetIdle(now);
    const pace = this.paceOf(conversation, now);
    for (const [id, waiter] of pace.waiting) if (now - waiter.back > GONE_MS) pace.waiting.delete(id);
    let me = pace.waiting.get(request.id);
    if (!me) {
      me = { share: request.share, seq: (this.seq += 1), since: now, back: now };
      pace.waiting.set(request.id, me);
    }
    const queue = this.turns(pace, me, now);
    const position = queue.indexOf(me);
    const slot = this.slotTimes(pace.sent, now, position + 1)[position];
    if (slot <= now) {
      pace.sent.push(now);
      pace.waiting.delete(request.id);
      pace.served.set(me.share, now);
      return 0;
    }
    const hold = Math.max(MIN_HOLD_MS, slot - now);
    me.back = now + hold;
    return hold;
  }

  /**
   * The waiters present (or not yet due back), in the order they get slots: each share's first
   * message, then each share's second… and within a round, the share whose turn is oldest
   * (its last slot here, or when it started waiting if later) goes first. A newcomer thus
   * waits at most one turn of each share already waiting, and nobody waits for ever.
   */
  private turns(pace: Pace, me: Waiter, now: number): Waiter[] {
    const present = [...pace.waiting.values()].filter((w) => w === me || now - w.back <= LATE_MS).sort((a, b) => a.seq - b.seq);
    const rank = new Map<Waiter, number>();
    const perShare = new Map<string, number>();
    const turnOf = new Map<string, number>();
    for (const waiter of present) {
      const n = perShare.get(waiter.share) ?? 0;
      rank.set(waiter, n);
      perShare.set(waiter.share, n + 1);
      turnOf.set(waiter.share, Math.min(turnOf.get(waiter.share) ?? Infinity, waiter.since));
    }
    for (const [share, since] of turnOf) turnOf.set(share, Math.max(since, pace.served.get(share) ?? -Infinity));
    const turn = (w: Waiter) => turnOf.get(w.share)!;
    return present.sort((a, b) => rank.get(a)! - rank.get(b)! || turn(a) - turn(b) || a.seq - b.seq);
  }

  /** When each of the next `n` messages may go, given what was sent. */
  private slotTimes(sent: readonly number[], now: number, n: number): number[] {
    const times = [...sent];
    const slots: number[] = [];
    for (let i = 0; i < n; i += 1) {
      let at = now;
      for (const [count, windowMs] of this.limits) {
        if (times.length >= count) at = Math.max(at, times[times.length - count] + windowMs);
      }
      slots.push(at);
      times.push(at);
    }
    return slots;
  }

  private paceOf(conversation: string, now: number): Pace {
    let pace = this.paces.get(conversation);
    if (!pace) {
      pace = { sent: [], waiting: new Map(), served: new Map() };
      this.paces.set(conversation, pace);
    }
    pace.sent = pace.sent.filter((t) => now - t < this.longestMs);
    if (pace.served.size > 0) {
      const waitingShares = new Set([...pace.waiting.values()].map((w) => w.share));
      for (const [share, at] of pace.served) if (now - at >= this.longestMs && !waitingShares.has(share)) pace.served.delete(share);
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
  }
}
