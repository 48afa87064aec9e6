/** A notification Teams never accepted, kept for the admins to see and act on. */
export interface FailedNotification {
  readonly number: number;
  readonly recipient: string;
  readonly message: string;
  readonly error: string;
  readonly at: Date;
}

export interface FailedNotificationQuery {
  listFailed(tenantId: string, limit: number): Promise<FailedNotification[]>;
}
