import type { Actor } from '../domain/actor.js';
import { decide } from '../domain/decide.js';
import { queuedFor } from '../domain/notification.js';
import type { EventPublisher } from '../domain/ports/event-publisher.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import type { TicketRepository } from '../domain/ports/ticket.repository.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { TicketCommand } from '../domain/ticket-command.js';
import type { Ticket } from '../domain/ticket.js';

export interface ChangeTicketDeps {
  readonly tickets: TicketRepository;
  readonly groups: GroupRepository;
  readonly events: EventPublisher;
  readonly now?: () => Date;
}

/**
 * Every change to an existing ticket: load → decide → save with its notifications in
 * one atomic write → publish. `seenVersion` is the version the user's card showed: a
 * click on a stale card is refused instead of overwriting what happened since.
 */
export class ChangeTicket {
  constructor(private readonly deps: ChangeTicketDeps) {}

  async execute(
    tenantId: string,
    actor: Actor,
    number: number,
    seenVersion: number | null,
    command: Exclude<TicketCommand, { type: 'create' }>,
  ): Promise<Result<Ticket>> {
    const { tickets, groups, events } = this.deps;
    const loaded = await tickets.findByNumber(tenantId, number);
    if (!loaded.ok) return loaded;
    const before = loaded.value;
    if (seenVersion !== null && seenVersion !== before.version) {
      return fail('TICKET.CONFLICT', `ticket #${number} changed since version ${seenVersion}`, { number });
    }
    const decision = decide(before, command, actor, (this.deps.now ?? (() => new Date()))());
    if (!decision.ok) return decision;
    const { ticket, events: happened } = decision.value;
    const group = ticket.groupId ? await groups.find(tenantId, ticket.groupId) : null;
    if (command.type === 'assign' && command.groupId !== null && !group) {
      return fail('HELPDESK.UNKNOWN_GROUP', `no group ${command.groupId}`, { group: command.groupId });
    }
    const queued = queuedFor(happened, ticket, { group, previousGroupId: before.groupId });
    const saved = await tickets.update(ticket, queued);
    if (!saved.ok) return saved;
    await events.publish(happened);
    return ok(saved.value);
  }
}
