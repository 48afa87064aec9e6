/** A notification Teams never accepted, kept for the admins to see and act on. */
export interface FailedNotification {
  /** the ticket it was about; null for a message born outside a ticket (a group digest) */
  readonly number: number | null;
  readonly recipient: { readonly kind: 'user'; readonly name: string } | { readonly kind: 'channel'; readonly groupId: string } | { readonly kind: 'copies' };
  /** the notification kind (`ticket.new`, `card.refresh`…) */
  readonly kind: string;
  readonly error: string;
  readonly at: Date;
}

export interface FailedNotificationQuery {
  listFailed(tenantId: string, limit: number): Promise<FailedNotification[]>;
}
