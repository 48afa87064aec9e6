import type { Db } from 'mongodb';
import type { FailedNotification, FailedNotificationQuery } from '../../domain/ports/failed-notification.query.js';

/** Reads the outbox entries the dispatcher gave up on, newest first. */
export class MongoFailedNotificationQuery implements FailedNotificationQuery {
  constructor(private readonly db: Db) {}

  async listFailed(tenantId: string, limit: number): Promise<FailedNotification[]> {
    const rows = await this.db
      .collection('tickets')
      .aggregate<{ number: number; outbox: Record<string, unknown> }>([
        { $match: { tenantId: String(tenantId), 'outbox.state': 'failed' } },
        { $project: { number: 1, outbox: 1 } },
        { $unwind: '$outbox' },
        { $match: { 'outbox.state': 'failed' } },
        { $sort: { 'outbox.doneAt': -1 } },
        { $limit: Math.max(1, Math.min(50, limit)) },
      ])
      .toArray();
    return rows.map(({ number, outbox }) => {
      const recipient = outbox.recipient as { kind: string; user?: { name: string }; groupId?: string };
      return {
        number,
        recipient:
          recipient.kind === 'user'
            ? { kind: 'user' as const, name: recipient.user?.name ?? '?' }
            : recipient.kind === 'channel'
              ? { kind: 'channel' as const, groupId: recipient.groupId ?? '?' }
              : { kind: 'copies' as const },
        message: String(outbox.message),
        error: String(outbox.lastError ?? ''),
        at: outbox.doneAt instanceof Date ? outbox.doneAt : new Date(0),
      };
    });
  }
}
