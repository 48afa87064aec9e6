import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { Directory } from '../domain/ports/directory.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { TicketRepository } from '../domain/ports/ticket.repository.js';
import type { Level } from '../domain/priority.js';
import { fail, ok, type DomainError, type Result } from '../domain/result.js';
import type { Ticket, TicketType } from '../domain/ticket.js';
import type { ChangeTicket } from './change-ticket.use-case.js';
import type { OpenTicket } from './open-ticket.use-case.js';

/** What the call-ticket draft sends, checked by the card schema; the requester is only an id. */
export interface CallTicketRequest {
  /** a directory person's id: looked up here, never trusted with a name from the card */
  readonly requesterId: string;
  readonly type: TicketType;
  readonly title: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly location: string;
  readonly urgency: Level;
  readonly impact: Level;
  /** « M'assigner » (seed 000 3.4) */
  readonly assignToMe: boolean;
  /** « Résolu pendant l'appel » (seed 000 step 4): the solution the caller then accepts or refuses */
  readonly solution: string | null;
  /** the draft's id per technician: the same card submitted twice opens one ticket */
  readonly intakeKey: string;
}

export interface CallTicketOutcome {
  readonly ticket: Ticket;
  /** the take or the solution refused after the ticket was opened (it stays open, unassigned or unsolved) */
  readonly refused: DomainError | null;
}

/**
 * A ticket opened by a technician for the person who called: source 'call', recorded by the
 * technician (the actor), requested by the caller, who is told in their own chat and answers
 * the solution and the survey (never the recorder). Then, as the technician chose, taken by
 * them and solved, through ChangeTicket like any click, so the usual notices follow.
 */
export class OpenCallTicket {
  constructor(
    private readonly deps: {
      readonly directory: Directory;
      readonly openTicket: OpenTicket;
      readonly changeTicket: ChangeTicket;
      /** to see, after a refused step, whether a double click already did it */
      readonly tickets: Pick<TicketRepository, 'findByNumber'>;
      readonly newId: IdGenerator;
    },
  ) {}

  async execute(tenantId: string, actor: Actor, request: CallTicketRequest): Promise<Result<CallTicketOutcome>> {
    // a call is recorded by the helpdesk: even « for myself » this path is staff only
    if (!may(actor, 'ticket.createOnBehalf')) {
      return fail('TICKET.FORBIDDEN', `${actor.id} may not record calls`, { capability: 'ticket.createOnBehalf' });
    }
    if (request.solution !== null && request.solution.trim() === '') return fail('TICKET.VALIDATION', 'solution required', { field: 'solution' });
    const caller = await this.deps.directory.profile(tenantId, request.requesterId);
    if (!caller) return fail('TICKET.VALIDATION', 'requester not in the directory', { field: 'requester' });
    const opened = await this.deps.openTicket.execute(
      tenantId,
      actor,
      {
        type: request.type,
        title: request.title,
        description: request.description,
        requester: { id: caller.id, name: caller.name },
        source: 'call',
        categoryId: request.categoryId,
        location: request.location,
        urgency: request.urgency,
        impact: request.impact,
        groupId: null,
      },
      request.intakeKey,
    );
    if (!opened.ok) return opened;
    let ticket = opened.value;
    // a card submitted again answers with the first ticket: what was done to it then is not redone
    const steps: { wanted: boolean; done: (t: Ticket) => boolean; command: () => Parameters<ChangeTicket['execute']>[4] }[] = [
      { wanted: request.assignToMe, done: (t) => t.assignee?.id === actor.id, command: () => ({ type: 'take', followupId: this.deps.newId() }) },
      { wanted: request.solution !== null, done: (t) => t.solutions.length > 0, command: () => ({ type: 'proposeSolution', text: request.solution ?? '', duringCall: true }) },
    ];
    for (const step of steps) {
      if (!step.wanted || step.done(ticket)) continue;
      const changed = await this.deps.changeTicket.execute(tenantId, actor, ticket.number, null, step.command());
      if (changed.ok) {
        ticket = changed.value;
        continue;
      }
      // the same card clicked twice at once: the other click may have done this step meanwhile
      const now = await this.deps.tickets.findByNumber(tenantId, ticket.number);
      if (!now.ok || !step.done(now.value)) return ok({ ticket: now.ok ? now.value : ticket, refused: changed.error });
      ticket = now.value;
    }
    return ok({ ticket, refused: null });
  }
}
