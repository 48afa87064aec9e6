import type { FailedNotification, FailedNotificationQuery } from '../../domain/ports/failed-notification.query.js';
import type { OutboxStore } from '../../domain/ports/outbox-store.js';

/** « échecs » reads both outbox homes: newest failures first, whichever home they wait in. */
export class OutboxFailuresQuery implements FailedNotificationQuery {
  constructor(private readonly stores: readonly OutboxStore[]) {}

  async listFailed(tenantId: string, limit: number): Promise<FailedNotification[]> {
    const lists = await Promise.all(this.stores.map((store) => store.listFailed(tenantId, limit)));
    return lists
      .flat()
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, Math.max(1, limit));
  }
}
