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
    if (slot <= now) {
      pace.sent.push(now);
      pace.waiting.delete(request.id);
      const queue = pace.queues.get(me.share)!;
      queue.splice(queue.indexOf(me), 1);
      if (queue.length === 0) pace.queues.delete(me.share);
      pace.served.set(me.share, now);
      return 0;
    }
    const hold = Math.max(MIN_HOLD_MS, slot - now);
    me.back = now + hold;
    return hold;
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
    const steadyMs = Math.max(...this.limits.map(([count, windowMs]) => windowMs / count));
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
  }
}
