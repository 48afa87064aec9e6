/**
 * Where a ticket card was posted (conversation reference + activity id), so every copy
 * can be updated when the ticket changes. The reference stays opaque to the domain.
 */
export interface PostedCard {
  readonly activityId: string;
  readonly audience: 'requester' | 'technician';
  readonly locale: string;
  readonly timeZone?: string | null;
  readonly reference: Readonly<Record<string, unknown>>;
}

export interface CardCopyRepository {
  /**
   * records a copy: one per conversation (it replaces the card shown there before, which then
   * stays as it was), a bounded number per ticket; recording the same activity again changes nothing
   */
  record(tenantId: string, number: number, copy: PostedCard): Promise<void>;
}
