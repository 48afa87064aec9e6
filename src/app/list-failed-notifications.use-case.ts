import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { FailedNotification, FailedNotificationQuery } from '../domain/ports/failed-notification.query.js';
import { fail, ok, type Result } from '../domain/result.js';

/** « échecs »: what Teams refused to deliver, so an admin or lead can follow up by hand. */
export class ListFailedNotifications {
  constructor(private readonly failures: FailedNotificationQuery) {}

  async execute(tenantId: string, actor: Actor): Promise<Result<FailedNotification[]>> {
    if (!may(actor, 'helpdesk.listFailures')) {
      return fail('HELPDESK.FORBIDDEN', `${actor.id} may not list delivery failures`, { capability: 'helpdesk.listFailures' });
    }
    return ok(await this.failures.listFailed(tenantId, 20));
  }
}
