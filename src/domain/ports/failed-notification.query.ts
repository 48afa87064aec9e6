/** A notification Teams never accepted, kept for the admins to see and act on. */
export interface FailedNotification {
  readonly number: number;
  readonly recipient: { readonly kind: 'user'; readonly name: string } | { readonly kind: 'channel'; readonly groupId: string } | { readonly kind: 'copies' };
  readonly message: string;
  readonly error: string;
  readonly at: Date;
}

export interface FailedNotificationQuery {
  listFailed(tenantId: string, limit: number): Promise<FailedNotification[]>;
}
