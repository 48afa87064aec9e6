import type { Actor } from '../domain/actor.js';
import { categoryExists, type Category } from '../domain/category.js';
import { checkNewTicket, decide } from '../domain/decide.js';
import { notificationsFor } from '../domain/notification.js';
import type { PostedCard } from '../domain/ports/card-copy.repository.js';
import type { EventPublisher } from '../domain/ports/event-publisher.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import type { HelpdeskSettings } from '../domain/ports/helpdesk-settings.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { TicketRepository } from '../domain/ports/ticket.repository.js';
import type { PriorityMatrix } from '../domain/priority.js';
import { fail, type Result } from '../domain/result.js';
import type { SlaPolicy } from '../domain/sla.js';
import type { TicketDraft } from '../domain/ticket-command.js';
import type { Ticket } from '../domain/ticket.js';

export interface OpenTicketDeps {
  readonly tickets: TicketRepository;
  readonly groups: GroupRepository;
  readonly events: EventPublisher;
  readonly newId: IdGenerator;
  readonly categories: readonly Category[];
  readonly priorityMatrix?: PriorityMatrix;
  readonly slaPolicy?: SlaPolicy;
  /** the helpdesk's calendar and targets: the SLA clocks start by them */
  readonly settings?: Pick<HelpdeskSettings, 'serviceLevels'>;
  readonly now?: () => Date;
}

/**
 * Opens a ticket: check the draft, take a number, decide, insert, publish. The draft is
 * checked before a number is taken, so a refused form never burns one. A form submitted
 * twice (double click) opens one ticket: the unique intake key turns the second insert
 * into "here is the first one" (at the cost of one skipped number, rather than one more
 * query on every creation).
 */
export class OpenTicket {
  constructor(private readonly deps: OpenTicketDeps) {}

  /** `copies`: the cards that will show the new ticket (the form it replaces), kept up to date from then on */
  async execute(
    tenantId: string,
    actor: Actor,
    draft: TicketDraft,
    intakeKey?: string,
    copies: readonly PostedCard[] = [],
  ): Promise<Result<Ticket>> {
    const { tickets, events, categories, groups } = this.deps;
    if (draft.categoryId !== null && !categoryExists(categories, draft.categoryId)) {
      return fail('TICKET.VALIDATION', 'unknown category', { field: 'category' });
    }
    const checked = checkNewTicket(draft, actor);
    if (!checked.ok) return checked;
    const now = (this.deps.now ?? (() => new Date()))();
    // a ticket nobody routed goes to the helpdesk's default queue
    const groupId = draft.groupId ?? (await groups.defaultGroupId(tenantId));
    const group = groupId ? await groups.find(tenantId, groupId) : null;
    const number = await tickets.nextNumber(tenantId);
    const decision = decide(
      null,
      {
        type: 'create',
        id: this.deps.newId(),
        tenantId,
        number,
        draft: { ...draft, groupId },
        priorityMatrix: this.deps.priorityMatrix,
        slaPolicy: this.deps.slaPolicy,
        serviceLevels: this.deps.settings ? await this.deps.settings.serviceLevels(tenantId) : undefined,
      },
      actor,
      now,
    );
    if (!decision.ok) return decision;
    const { ticket, events: happened } = decision.value;
    const notifications = happened.flatMap((event) => notificationsFor(event, ticket, { group, previousGroupId: null }));
    const saved = await tickets.insert(ticket, { intakeKey, notifications, copies });
    // a repeated form returns the first ticket: its events were published then
    if (saved.ok && saved.value.id === ticket.id) await events.publish(happened);
    return saved;
  }
}
