import type { Actor } from '../domain/actor.js';
import { decide } from '../domain/decide.js';
import { queuedFor } from '../domain/notification.js';
import type { EventPublisher } from '../domain/ports/event-publisher.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import type { HelpdeskSettings } from '../domain/ports/helpdesk-settings.js';
import type { TicketRepository } from '../domain/ports/ticket.repository.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { TicketCommand } from '../domain/ticket-command.js';
import type { Ticket } from '../domain/ticket.js';

export interface ChangeTicketDeps {
  readonly tickets: TicketRepository;
  readonly groups: GroupRepository;
  readonly events: EventPublisher;
  /** the helpdesk's closing delays, put into the commands that need them (default: the seed's) */
  readonly settings?: HelpdeskSettings;
  readonly now?: () => Date;
}

type ExistingTicketCommand = Exclude<TicketCommand, { type: 'create' }>;

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
    /** or made from the ticket as loaded, when the command quotes it (a reopening from the survey) */
    command: ExistingTicketCommand | ((before: Ticket) => ExistingTicketCommand),
  ): Promise<Result<Ticket>> {
    const loaded = await this.deps.tickets.findByNumber(tenantId, number);
    if (!loaded.ok) return loaded;
    const before = loaded.value;
    if (seenVersion !== null && seenVersion !== before.version) {
      return fail('TICKET.CONFLICT', `ticket #${number} changed since version ${seenVersion}`, { number });
    }
    const asked = typeof command === 'function' ? command(before) : command;
    return this.apply(before, actor, asked, (this.deps.now ?? (() => new Date()))());
  }

  /**
   * decide → save → publish on a ticket already loaded at its stored version (the clock reads
   * due tickets in batches); a write that lost to another one is TICKET.CONFLICT and changes nothing.
   */
  async apply(before: Ticket, actor: Actor, asked: ExistingTicketCommand, now: Date): Promise<Result<Ticket>> {
    const { tickets, groups, events } = this.deps;
    const tenantId = before.tenantId;
    const command = await this.withClosurePolicy(tenantId, asked);
    const decision = decide(before, command, actor, now);
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

  /** The helpdesk's delays and service levels, whatever the caller passed: a handler or the clock never chooses them. */
  private async withClosurePolicy(tenantId: string, asked: ExistingTicketCommand): Promise<ExistingTicketCommand> {
    const { settings } = this.deps;
    // every change moves the SLA clocks, by the helpdesk's calendar and targets
    const command: ExistingTicketCommand = settings ? { ...asked, serviceLevels: await settings.serviceLevels(tenantId) } : asked;
    switch (command.type) {
      case 'proposeSolution':
      case 'approve':
      case 'close':
      case 'autoClose':
        return settings ? { ...command, closurePolicy: await settings.closurePolicy(tenantId) } : command;
      default:
        return command;
    }
  }
}
