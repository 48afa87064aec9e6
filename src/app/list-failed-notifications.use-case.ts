import { hasRole, type Actor } from '../domain/actor.js';
import type { FailedNotification, FailedNotificationQuery } from '../domain/ports/failed-notification.query.js';
import { fail, ok, type Result } from '../domain/result.js';

/** « échecs »: what Teams refused to deliver, so an admin or lead can follow up by hand. */
export class ListFailedNotifications {
  constructor(private readonly failures: FailedNotificationQuery) {}

  async execute(tenantId: string, actor: Actor): Promise<Result<FailedNotification[]>> {
    if (!hasRole(actor, 'admin') && !hasRole(actor, 'lead')) {
      return fail('TICKET.FORBIDDEN', 'only admins and leads see delivery failures');
    }
    return ok(await this.failures.listFailed(tenantId, 20));
  }
}
