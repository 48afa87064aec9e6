import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { NotificationPayloads, Recipient } from '../../domain/notification.js';
import type { AlertDigest, ClaimedDigest, DigestBoard, DigestLine } from '../../domain/ports/digest-board.js';
import type { FailedNotification } from '../../domain/ports/failed-notification.query.js';
import type { ClaimedBatch, EntryOutcome, OutboxStore } from '../../domain/ports/outbox-store.js';
import { TICKET_STATUSES, type Ticket } from '../../domain/ticket.js';
import { EPOCH, recipientSchema } from './outbox-item.js';
import { failedOf } from './outbox-rows.js';
import { isDuplicateKey } from './write-coalescer.js';

/** ticket changes reach the lines of digests opened this recently; older cards are left as they were */
export const RECENT_DIGEST_MS = 7 * 24 * 3600_000;
/** a digest nothing changed for this long past `keepDeliveredMs` is dropped (its card stays in Teams) */
const KEEP_IDLE_MS = RECENT_DIGEST_MS;

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const person = z.object({ id: z.string(), name: z.string() });

const lineSchema = z.object({
  ticketId: z.string(),
  levelId: z.string(),
  groupId: z.string().nullable(),
  number: z.number().int(),
  title: z.string(),
  priority: level,
  status: z.enum(TICKET_STATUSES),
  clock: z.enum(['own', 'resolve']),
  percent: z.number(),
  dueAt: z.date().nullable(),
  clockState: z.enum(['running', 'paused', 'stopped']),
  assigneeName: z.string().nullable(),
  ticketVersion: z.number().int().nonnegative(),
  handled: z.boolean(),
});

/** Documents are checked on the way out: a hand-edited digest fails alone, visibly, never the dispatcher. */
const digestSchema = z.object({
  _id: z.string(),
  tenantId: z.string(),
  recipient: recipientSchema,
  groupId: z.string().nullable(),
  lead: person.nullable(),
  openedAt: z.date(),
  openUntil: z.date(),
  lines: z.array(lineSchema),
  version: z.number().int(),
  posted: z
    .object({ activityId: z.string(), reference: z.record(z.string(), z.unknown()), locale: z.string(), timeZone: z.string().nullable() })
    .nullable(),
  attempts: z.number().int(),
  pendingSince: z.date(),
});

type StoredLine = z.infer<typeof lineSchema>;

/** A digest as stored: the card's content, where it was posted, and its delivery bookkeeping. */
interface DigestDocument {
  _id: string;
  tenantId: string;
  recipient: Recipient;
  /** `c:<group>` or `u:<user>`: at most one open digest per tenant and recipient key */
  recipientKey: string;
  groupId: string | null;
  lead: { id: string; name: string } | null;
  /** cleared by the first alert that finds the window over (the unique index holds only open ones) */
  open: boolean;
  openedAt: Date;
  openUntil: Date;
  lines: StoredLine[];
  version: number;
  postedVersion: number;
  posted: AlertDigest['posted'];
  state: 'pending' | 'sent' | 'skipped' | 'failed';
  attempts: number;
  /** since when the card is behind its lines: the give-up bound counts from there */
  pendingSince: Date;
  nextAttemptAt: Date;
  leaseUntil: Date;
  leaseToken: string | null;
  lastError: string | null;
  doneAt: Date | null;
}

const recipientKeyOf = (recipient: Recipient) => (recipient.kind === 'user' ? `u:${recipient.user.id}` : `c:${recipient.groupId}`);

/** solved or closed: nothing left to do; moved to another group: no longer this group's to act on */
const isHandled = (ticket: Ticket, groupId: string | null) =>
  ticket.status === 'solved' || ticket.status === 'closed' || (groupId !== null && ticket.groupId !== groupId);

function clockStateOf(ticket: Ticket, clock: 'own' | 'resolve'): DigestLine['clockState'] {
  const state = ticket.sla?.[clock];
  if (!state || state.stoppedAt) return 'stopped';
  return state.runningSince ? 'running' : 'paused';
}

/** What a line of this clock shows of the ticket as it now is. */
const shownOf = (ticket: Ticket, clock: 'own' | 'resolve', groupId: string | null) => ({
  title: ticket.title,
  priority: ticket.priority,
  status: ticket.status,
  assigneeName: ticket.assignee?.name ?? null,
  dueAt: ticket.sla?.[clock]?.dueAt ?? null,
  clockState: clockStateOf(ticket, clock),
  handled: isHandled(ticket, groupId),
  ticketVersion: ticket.version,
});

/** what a line shows of the ticket, compared to decide whether the card must be redrawn */
const VISIBLE: readonly (keyof StoredLine)[] = ['title', 'priority', 'assigneeName', 'dueAt', 'clockState', 'handled'];
const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * The `alertDigests` collection: SLA alerts gathered per recipient and window, each digest one
 * document, so every change (a line added, a ticket taken or solved) is one atomic write and
 * no transaction is needed. Also the outbox of these cards: a digest whose `version` is ahead
 * of `postedVersion` is due (`state: pending`), and the dispatcher drains it like any message.
 */
export class MongoAlertDigests implements DigestBoard, OutboxStore {
  private readonly digests: Collection<DigestDocument>;

  constructor(
    db: Db,
    private readonly options: {
      /** how long a digest gathers alerts, per tenant (the admin file's `digestWindowMinutes`) */
      readonly windowMs: (tenantId: string) => Promise<number>;
      /** wakes the dispatcher after a digest changed */
      readonly onChanged?: () => void;
      readonly log?: (line: string) => void;
    },
  ) {
    this.digests = db.collection<DigestDocument>('alertDigests');
  }

  async ensureIndexes(): Promise<void> {
    await this.digests.createIndexes([
      // the dispatcher's claim, and the pruning of idle digests
      { key: { state: 1, nextAttemptAt: 1 }, name: 'due' },
      // one open digest per recipient: two instances opening one at once, one insert wins
      { key: { tenantId: 1, recipientKey: 1 }, name: 'open_per_recipient', unique: true, partialFilterExpression: { open: true } },
      // a ticket's lines: a retried alert, a ticket's change
      { key: { tenantId: 1, 'lines.ticketId': 1, openedAt: -1 }, name: 'tenant_line_ticket' },
      { key: { tenantId: 1, state: 1, doneAt: -1 }, name: 'tenant_state_done' },
    ]);
  }

  async add(
    tenantId: string,
    recipient: Recipient,
    alert: NotificationPayloads['sla.alert'],
    _entryId: string,
    now: Date,
    ticket: Ticket | null = null,
  ): Promise<void> {
    const tenant = String(tenantId);
    const recipientKey = recipientKeyOf(recipient);
    const { ticketId, levelId } = alert.line;
    const line: StoredLine = {
      ticketId: alert.line.ticketId,
      levelId: alert.line.levelId,
      groupId: alert.groupId,
      number: alert.line.number,
      title: alert.line.title,
      priority: alert.line.priority,
      status: alert.line.status,
      clock: alert.line.clock,
      percent: alert.line.percent,
      dueAt: alert.line.dueAt ? new Date(alert.line.dueAt) : null,
      clockState: 'running',
      assigneeName: alert.line.assigneeName,
      ticketVersion: 0,
      handled: alert.line.status === 'solved' || alert.line.status === 'closed',
      // the ticket may have changed since the alert was queued: the line shows it as it is
      ...(ticket?.id === alert.line.ticketId ? shownOf(ticket, alert.line.clock, alert.groupId) : {}),
    };
    const thisLine = { $elemMatch: { ticketId: String(ticketId), levelId: String(levelId) } };
    const windowMs = Math.max(0, await this.options.windowMs(tenant));
    // a few rounds at most: each lost race means someone else opened the digest or added the line
    for (let round = 0; round < 5; round += 1) {
      // a retried delivery: the line is in one of this recipient's digests already, whichever window
      const seen = await this.digests.findOne(
        { tenantId: tenant, 'lines.ticketId': String(ticketId), recipientKey, lines: thisLine },
        { projection: { _id: 1 } },
      );
      if (seen) return;
      const joined = await this.digests.updateOne(
        { tenantId: tenant, recipientKey, open: true, openUntil: { $gt: now }, lines: { $not: thisLine } },
        // a card in retry keeps its backoff (nextAttemptAt); a posted one is due again at once
        { $push: { lines: line }, $inc: { version: 1 }, $set: { state: 'pending', pendingSince: now, lead: alert.lead } },
      );
      if (joined.modifiedCount > 0) {
        this.options.onChanged?.();
        return;
      }
      // no open digest takes it: the one whose window is over (if any) closes, a new one opens
      await this.digests.updateMany({ tenantId: tenant, recipientKey, open: true, openUntil: { $lte: now } }, { $set: { open: false } });
      try {
        await this.digests.insertOne({
          _id: randomUUID(),
          tenantId: tenant,
          recipient,
          recipientKey,
          groupId: alert.groupId,
          lead: alert.lead,
          open: true,
          openedAt: now,
          openUntil: new Date(now.getTime() + windowMs),
          lines: [line],
          version: 1,
          postedVersion: 0,
          posted: null,
          state: 'pending',
          attempts: 0,
          pendingSince: now,
          nextAttemptAt: now,
          leaseUntil: EPOCH,
          leaseToken: null,
          lastError: null,
          doneAt: null,
        });
        this.options.onChanged?.();
        return;
      } catch (error) {
        // another instance opened this recipient's digest meanwhile: join it (or find the line there)
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new Error(`alert ${levelId} of ticket ${ticketId}: no digest could be opened for ${recipientKey}`);
  }

  async ticketChanged(ticket: Ticket, now: Date): Promise<void> {
    // a ticket that never reached a level is in no digest: most changes cost no query at all
    if (!ticket.escalation?.fired?.length) return;
    const tenant = String(ticket.tenantId);
    const docs = await this.digests
      .find(
        { tenantId: tenant, 'lines.ticketId': String(ticket.id), openedAt: { $gte: new Date(now.getTime() - RECENT_DIGEST_MS) } },
        { projection: { _id: 1, lines: 1 } },
      )
      .toArray();
    for (const doc of docs) {
      const mine = doc.lines.filter((l) => l.ticketId === ticket.id && l.ticketVersion <= ticket.version);
      if (mine.length === 0) continue;
      const set: Record<string, unknown> = {};
      let visible = false;
      for (const clock of new Set(mine.map((l) => l.clock))) {
        const lines = mine.filter((l) => l.clock === clock);
        const shown: Partial<StoredLine> = shownOf(ticket, clock, lines[0].groupId);
        visible ||= lines.some((l) => VISIBLE.some((field) => !same(l[field], shown[field])));
        for (const [field, value] of Object.entries(shown)) set[`lines.$[${clock}].${field}`] = value;
      }
      // seen already and nothing to show: no write
      if (!visible && mine.every((l) => l.ticketVersion === ticket.version && l.status === ticket.status)) continue;
      const newer = { $lte: ticket.version };
      await this.digests.updateOne(
        // an older snapshot of the ticket (another dispatcher's) never overwrites a newer one
        { _id: doc._id, lines: { $elemMatch: { ticketId: ticket.id, ticketVersion: newer } } },
        visible ? { $set: { ...set, state: 'pending', pendingSince: now }, $inc: { version: 1 } } : { $set: set },
        {
          arrayFilters: [...new Set(mine.map((l) => l.clock))].map((clock) => ({
            [`${clock}.ticketId`]: ticket.id,
            [`${clock}.clock`]: clock,
            [`${clock}.ticketVersion`]: newer,
          })),
        },
      );
      if (visible) this.options.onChanged?.();
    }
  }

  async claim(now: Date, leaseMs: number): Promise<ClaimedBatch | null> {
    const token = randomUUID();
    const leasedUntil = new Date(now.getTime() + leaseMs);
    const claimed = await this.digests.findOneAndUpdate(
      { state: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } },
      { $set: { leaseUntil: leasedUntil, leaseToken: token } },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    );
    if (!claimed) return null;
    const parsed = digestSchema.safeParse(claimed);
    if (!parsed.success) {
      this.options.log?.(`[guichet] outbox: alert digest ${String(claimed._id)} is malformed; given up`);
      await this.digests.updateOne(
        { _id: claimed._id, leaseToken: token },
        { $set: { state: 'failed', lastError: 'unreadable alert digest', doneAt: now, nextAttemptAt: now, leaseUntil: EPOCH, leaseToken: null } },
      );
      return null;
    }
    const doc = parsed.data;
    const digest: AlertDigest = {
      id: doc._id,
      tenantId: doc.tenantId,
      recipient: doc.recipient,
      groupId: doc.groupId,
      lead: doc.lead,
      openedAt: doc.openedAt,
      openUntil: doc.openUntil,
      lines: doc.lines,
      version: doc.version,
      posted: doc.posted,
    };
    const batch: ClaimedDigest = {
      key: doc._id,
      tenantId: doc.tenantId,
      token,
      leasedUntil,
      ticket: null,
      copies: [],
      entries: [{ id: doc._id, message: null, attempts: doc.attempts, createdAt: doc.pendingSince }],
      digest,
    };
    return batch;
  }

  /**
   * Sent: Teams shows the version that was drawn (`postedVersion`); a line added meanwhile left
   * the digest ahead of it, so it stays due. Only while the lease is ours.
   */
  async record(batch: ClaimedBatch, _entryId: string, outcome: EntryOutcome, now: Date): Promise<void> {
    const drawn = (batch as ClaimedDigest).digest.version;
    const ours = { _id: String(batch.key), leaseToken: batch.token };
    const unleased = { leaseUntil: EPOCH, leaseToken: null };
    if (!('error' in outcome)) {
      const copy = outcome.state === 'sent' ? outcome.copy : undefined;
      const done = {
        postedVersion: drawn,
        attempts: 0,
        lastError: null,
        nextAttemptAt: now,
        ...unleased,
        ...(copy
          ? { posted: { activityId: copy.activityId, reference: { ...copy.reference }, locale: copy.locale, timeZone: copy.timeZone ?? null } }
          : {}),
      };
      const upToDate = await this.digests.updateOne({ ...ours, version: drawn }, { $set: { ...done, state: outcome.state, doneAt: now } });
      if (upToDate.matchedCount === 0) await this.digests.updateOne(ours, { $set: { ...done, state: 'pending', pendingSince: now } });
      return;
    }
    await this.digests.updateOne(ours, {
      $set: {
        state: outcome.state,
        attempts: outcome.attempts,
        // given up: the next change of the digest makes it due at once
        nextAttemptAt: outcome.state === 'failed' ? now : outcome.nextAttemptAt,
        lastError: outcome.error,
        doneAt: outcome.state === 'failed' ? now : null,
        ...unleased,
      },
    });
  }

  /** A digest waiting for its conversation's turn is read again then: it is drawn as it will be, not as it was. */
  async release(batch: ClaimedBatch, heldUntil: Date): Promise<void> {
    await this.digests.updateOne(
      { _id: String(batch.key), leaseToken: batch.token, state: 'pending' },
      { $set: { leaseUntil: EPOCH, leaseToken: null }, $max: { nextAttemptAt: heldUntil } },
    );
  }

  async forgetCopies(): Promise<void> {}

  /** Digests nothing changed for a week past `before` are dropped; failed ones stay for the admins. */
  async prune(_batch: ClaimedBatch, before: Date): Promise<void> {
    await this.digests.deleteMany({
      state: { $in: ['sent', 'skipped'] },
      nextAttemptAt: { $lt: new Date(before.getTime() - KEEP_IDLE_MS) },
    });
  }

  async stats(): Promise<{ pending: number; failed: number }> {
    const [pending, failed] = await Promise.all([
      this.digests.countDocuments({ state: 'pending' }),
      this.digests.countDocuments({ state: 'failed' }),
    ]);
    return { pending, failed };
  }

  async listFailed(tenantId: string, limit: number): Promise<FailedNotification[]> {
    const docs = await this.digests
      .find({ tenantId: String(tenantId), state: 'failed' })
      .sort({ doneAt: -1 })
      .limit(Math.max(1, Math.min(50, limit)))
      .toArray();
    return docs.map((doc) => failedOf(null, { ...doc, kind: 'sla.alert' } as unknown as Record<string, unknown>));
  }
}
