import type { Level } from '../priority.js';
import type { NotificationPayloads, Recipient } from '../notification.js';
import type { Person, Ticket, TicketStatus } from '../ticket.js';
import type { ClaimedBatch } from './outbox-store.js';

/**
 * One ticket's alert in a digest, as the card shows it now: the level it reached, and the
 * ticket as it last was (kept up to date while the digest is recent). Keyed by ticketId + levelId.
 */
export interface DigestLine {
  readonly ticketId: string;
  readonly levelId: string;
  /** the group the alert was about (a lead or a contact may hear of several groups' tickets in one digest) */
  readonly groupId: string | null;
  readonly number: number;
  readonly title: string;
  readonly priority: Level;
  readonly status: TicketStatus;
  readonly clock: 'own' | 'resolve';
  readonly percent: number;
  /** the clock's breach time; null when it has none */
  readonly dueAt: Date | null;
  /** a clock stopped (met) or paused (pending) tells no time left */
  readonly clockState: 'running' | 'paused' | 'stopped';
  readonly assigneeName: string | null;
  /** the ticket's version last seen (for « Prendre », and so an older snapshot never overwrites a newer one); 0 until seen */
  readonly ticketVersion: number;
  /** solved, closed or moved to another group: nothing left for this recipient to do */
  readonly handled: boolean;
}

/** The alerts one recipient got within one window: one card, posted once and then updated in place. */
export interface AlertDigest {
  readonly id: string;
  readonly tenantId: string;
  readonly recipient: Recipient;
  /** the group of the first alert (a channel's digest only ever has its group's) */
  readonly groupId: string | null;
  /** mentioned when the card is posted in a channel */
  readonly lead: Person | null;
  readonly openedAt: Date;
  /** alerts up to then join this digest; later ones open another */
  readonly openUntil: Date;
  readonly lines: readonly DigestLine[];
  /** bumped by every visible change; the card shows `version`, Teams has `postedVersion` */
  readonly version: number;
  /** where the card was posted, once it was */
  readonly posted: {
    readonly activityId: string;
    readonly reference: Readonly<Record<string, unknown>>;
    readonly locale: string;
    readonly timeZone: string | null;
  } | null;
}

/**
 * Where SLA alerts are gathered: one digest per recipient and window (no storm of cards),
 * kept up to date as its tickets change. The digests are an outbox of their own: a digest
 * whose card is behind its lines is claimed by the dispatcher, which posts or updates it.
 */
export interface DigestBoard {
  /**
   * Adds the alert's line to the recipient's open digest (opening one if none is). Idempotent:
   * a retried delivery of the same alert adds nothing, even once another digest is open.
   * With the ticket as it now is, the line shows it so (taken since, its version for « Prendre »).
   */
  add(
    tenantId: string,
    recipient: Recipient,
    alert: NotificationPayloads['sla.alert'],
    entryId: string,
    now: Date,
    ticket?: Ticket | null,
  ): Promise<void>;
  /** The ticket changed: its lines in recent digests show it as it now is. */
  ticketChanged(ticket: Ticket, now: Date): Promise<void>;
}

/** A claimed digest: the batch's one entry stands for the digest's card at `digest.version`. */
export interface ClaimedDigest extends ClaimedBatch {
  readonly digest: AlertDigest;
}

export const isClaimedDigest = (batch: ClaimedBatch): batch is ClaimedDigest => 'digest' in batch;
