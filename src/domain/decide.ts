import type { Actor } from './actor.js';
import { may, type Capability } from './capabilities.js';
import { canStartFrom, targetStatus } from './lifecycle.js';
import { computePriority, isLevel } from './priority.js';
import { fail, ok, type Result } from './result.js';
import { dueDatesFor } from './sla.js';
import type { TicketCommand } from './ticket-command.js';
import type { TicketEvent } from './ticket-event.js';
import { TICKET_LIMITS, type Followup, type HistoryEntry, type Person, type Task, type Ticket } from './ticket.js';

export interface Decision {
  readonly ticket: Ticket;
  readonly events: readonly TicketEvent[];
}

const EVENT_OF: Readonly<Record<TicketCommand['type'], TicketEvent['type']>> = {
  create: 'TicketCreated',
  take: 'TicketTaken',
  assign: 'TicketAssigned',
  addFollowup: 'FollowupAdded',
  comment: 'RequesterCommented',
  addTask: 'TaskAdded',
  plan: 'TicketPlanned',
  wait: 'TicketPutOnHold',
  resume: 'TicketResumed',
  proposeSolution: 'SolutionProposed',
  approve: 'SolutionApproved',
  refuse: 'SolutionRefused',
  close: 'TicketClosed',
  reopen: 'TicketReopened',
};

/**
 * The only place a ticket changes. Pure: same inputs, same answer; it never saves,
 * renders or notifies. Checks, in order: the transition is allowed from the current
 * status, the actor may do it, the command's own data is valid.
 */
export function decide(ticket: Ticket | null, command: TicketCommand, actor: Actor, now: Date): Result<Decision> {
  const from = ticket?.status ?? null;
  if (!canStartFrom(command.type, from)) {
    return fail('TICKET.INVALID_TRANSITION', `cannot ${command.type} a ticket that is ${from ?? 'not created'}`, {
      command: command.type,
      status: from,
    });
  }
  if (!may(actor, `ticket.${command.type}`, { ticket })) return forbidden(actor, `ticket.${command.type}`);
  const next = command.type === 'create' ? create(command, actor, now) : apply(ticket as Ticket, command, actor, now);
  if (!next.ok) return next;
  const changed = next.value;
  const person: Person = { id: actor.id, name: actor.name };
  const history = ticket ? diff(ticket, changed, person, now) : [{ at: now, actor: person, field: 'status', from: null, to: 'new' }];
  const saved: Ticket = {
    ...changed,
    updatedAt: now,
    history: [...(ticket?.history ?? []), ...history],
  };
  const event: TicketEvent = {
    type: EVENT_OF[command.type],
    ticketId: saved.id,
    tenantId: saved.tenantId,
    number: saved.number,
    actor: person,
    at: now,
    from,
    to: saved.status,
    note: noteOf(command),
    visibility: command.type === 'addFollowup' ? command.visibility : command.type === 'comment' ? 'public' : null,
    assignee: command.type === 'take' || command.type === 'assign' ? saved.assignee : null,
    groupId: command.type === 'take' || command.type === 'assign' ? saved.groupId : null,
  };
  return ok({ ticket: saved, events: [event] });
}

/**
 * What `decide` would refuse in a new ticket, none of which depends on its number: asked
 * before a number is taken, so that a refused form never burns one.
 */
export function checkNewTicket(draft: Extract<TicketCommand, { type: 'create' }>['draft'], actor: Actor): Result<void> {
  if (!may(actor, 'ticket.create')) return forbidden(actor, 'ticket.create');
  const built = create({ type: 'create', id: '', tenantId: '', number: 0, draft }, actor, new Date(0));
  return built.ok ? ok(undefined) : built;
}

/** `capability` in the details lets the message name what was refused. */
function forbidden(actor: Actor, capability: Capability): Result<never> {
  return fail('TICKET.FORBIDDEN', `${actor.id} may not ${capability}`, { capability });
}

function noteOf(command: TicketCommand): string | null {
  switch (command.type) {
    case 'wait':
    case 'refuse':
    case 'reopen':
      return command.reason.trim();
    case 'proposeSolution':
    case 'addFollowup':
    case 'comment':
      return command.text.trim();
    case 'addTask':
    case 'plan':
      return command.description.trim();
    default:
      return null;
  }
}

function create(command: Extract<TicketCommand, { type: 'create' }>, actor: Actor, now: Date): Result<Ticket> {
  const { draft } = command;
  const title = draft.title.trim();
  if (title.length === 0) return fail('TICKET.VALIDATION', 'title is mandatory', { field: 'title' });
  if (title.length > TICKET_LIMITS.titleMax) {
    return fail('TICKET.VALIDATION', 'title too long', { field: 'title', max: TICKET_LIMITS.titleMax });
  }
  if (draft.description.length > TICKET_LIMITS.descriptionMax) {
    return fail('TICKET.VALIDATION', 'description too long', { field: 'description', max: TICKET_LIMITS.descriptionMax });
  }
  if (draft.location.length > TICKET_LIMITS.locationMax) {
    return fail('TICKET.VALIDATION', 'location too long', { field: 'location', max: TICKET_LIMITS.locationMax });
  }
  if (!isLevel(draft.urgency)) return fail('TICKET.VALIDATION', 'urgency goes from 1 to 5', { field: 'urgency' });
  if (!isLevel(draft.impact)) return fail('TICKET.VALIDATION', 'impact goes from 1 to 5', { field: 'impact' });
  if (draft.requester.id !== actor.id && !may(actor, 'ticket.createOnBehalf')) return forbidden(actor, 'ticket.createOnBehalf');
  const priority = computePriority(draft.urgency, draft.impact, command.priorityMatrix);
  return ok({
    id: command.id,
    tenantId: command.tenantId,
    number: command.number,
    version: 0,
    type: draft.type,
    status: 'new',
    statusBeforePending: null,
    title,
    description: draft.description.trim(),
    requester: draft.requester,
    source: draft.source,
    categoryId: draft.categoryId,
    location: draft.location.trim(),
    urgency: draft.urgency,
    impact: draft.impact,
    priority,
    priorityOverride: null,
    assignee: null,
    groupId: draft.groupId,
    observers: [],
    dueDates: dueDatesFor(priority, now, command.slaPolicy),
    attachments: [],
    linkedTickets: [],
    followups: [],
    tasks: [],
    solution: null,
    pendingReason: null,
    history: [],
    createdAt: now,
    updatedAt: now,
    solvedAt: null,
    closedAt: null,
  });
}

function requireText(value: string, field: string, max: number): Result<string> {
  const text = value.trim();
  if (text.length === 0) return fail('TICKET.VALIDATION', `${field} is mandatory`, { field });
  if (text.length > max) return fail('TICKET.VALIDATION', `${field} is too long`, { field, max });
  return ok(text);
}

function apply(ticket: Ticket, command: Exclude<TicketCommand, { type: 'create' }>, actor: Actor, now: Date): Result<Ticket> {
  const person: Person = { id: actor.id, name: actor.name };
  const land = (changes: Partial<Ticket>): Ticket => {
    const merged = { ...ticket, ...changes };
    const status = targetStatus(command.type, {
      status: ticket.status,
      statusBeforePending: ticket.statusBeforePending,
      hasTechnician: merged.assignee !== null,
    });
    return {
      ...merged,
      status,
      // a pending ticket reassigned stays pending and must still resume where it was
      statusBeforePending:
        status === 'pending' ? (ticket.status === 'pending' ? ticket.statusBeforePending : ticket.status) : null,
      pendingReason: status === 'pending' ? merged.pendingReason : null,
      // a followup on a solved ticket must not restart the approval delay
      solvedAt:
        status === 'solved' ? (ticket.status === 'solved' ? ticket.solvedAt : now) : status === 'closed' ? ticket.solvedAt : null,
      closedAt: status === 'closed' ? now : null,
    };
  };
  const followup = (id: string, kind: Followup['kind'], text: string, visibility: Followup['visibility']): Followup => ({
    id,
    author: person,
    kind,
    text,
    visibility,
    at: now,
  });
  switch (command.type) {
    case 'take': {
      if (ticket.assignee !== null) {
        return fail('TICKET.ALREADY_TAKEN', `ticket #${ticket.number} is already taken by ${ticket.assignee.name}`, {
          assignee: ticket.assignee.name,
        });
      }
      // the requester is told who took the ticket: GLPI's first public followup
      const taken = followup(command.followupId, 'takenInCharge', '', 'public');
      return ok(land({ assignee: person, followups: [...ticket.followups, taken] }));
    }
    case 'addFollowup': {
      const text = requireText(command.text, 'followup', TICKET_LIMITS.followupMax);
      if (!text.ok) return text;
      return ok(land({ followups: [...ticket.followups, followup(command.followupId, 'note', text.value, command.visibility)] }));
    }
    case 'comment': {
      const text = requireText(command.text, 'comment', TICKET_LIMITS.followupMax);
      if (!text.ok) return text;
      return ok(land({ followups: [...ticket.followups, followup(command.followupId, 'comment', text.value, 'public')] }));
    }
    case 'addTask': {
      const task = newTask(command, null, person, now);
      if (!task.ok) return task;
      return ok(land({ tasks: [...ticket.tasks, task.value] }));
    }
    case 'assign': {
      if (command.assignee === null && command.groupId === null) {
        return fail('TICKET.VALIDATION', 'assign needs a technician or a group', { field: 'assignee' });
      }
      return ok(land({ assignee: command.assignee, groupId: command.groupId ?? ticket.groupId }));
    }
    case 'plan': {
      const task = newTask(command, command.plannedStart, person, now);
      if (!task.ok) return task;
      return ok(land({ tasks: [...ticket.tasks, task.value], assignee: ticket.assignee ?? person }));
    }
    case 'wait': {
      const reason = requireText(command.reason, 'reason', TICKET_LIMITS.reasonMax);
      if (!reason.ok) return reason;
      return ok(land({ pendingReason: reason.value }));
    }
    case 'resume':
      return ok(land({}));
    case 'proposeSolution': {
      const text = requireText(command.text, 'solution', TICKET_LIMITS.followupMax);
      if (!text.ok) return text;
      return ok(land({ solution: { text: text.value, author: person, at: now, decision: null } }));
    }
    case 'approve':
      return ok(land({ solution: decided(ticket, true, null, now) }));
    case 'refuse': {
      const reason = requireText(command.reason, 'reason', TICKET_LIMITS.reasonMax);
      if (!reason.ok) return reason;
      return ok(land({ solution: decided(ticket, false, reason.value, now) }));
    }
    case 'close':
      return ok(land({}));
    case 'reopen': {
      const reason = requireText(command.reason, 'reason', TICKET_LIMITS.reasonMax);
      if (!reason.ok) return reason;
      return ok(land({ solution: null }));
    }
  }
}

type TaskCommand = Extract<TicketCommand, { type: 'addTask' | 'plan' }>;

function newTask(command: TaskCommand, plannedStart: Date | null, author: Person, now: Date): Result<Task> {
  const description = requireText(command.description, 'taskDescription', TICKET_LIMITS.followupMax);
  if (!description.ok) return description;
  if (!Number.isInteger(command.durationMinutes) || command.durationMinutes < 0) {
    return fail('TICKET.VALIDATION', 'duration must be a whole number of minutes', { field: 'duration' });
  }
  return ok({
    id: command.taskId,
    author,
    description: description.value,
    status: command.status,
    durationMinutes: command.durationMinutes,
    plannedStart,
    at: now,
  });
}

function decided(ticket: Ticket, approved: boolean, reason: string | null, now: Date) {
  return ticket.solution ? { ...ticket.solution, decision: { approved, reason, at: now } } : null;
}

/** Fields worth a history line, rendered as text so the history reads the same forever. */
const TRACKED: readonly ((t: Ticket) => [string, string | null])[] = [
  (t) => ['status', t.status],
  (t) => ['assignee', t.assignee ? `${t.assignee.name} (${t.assignee.id})` : null],
  (t) => ['group', t.groupId],
  (t) => ['priority', String(t.priority)],
  (t) => ['pendingReason', t.pendingReason],
  (t) => ['solution', t.solution?.text ?? null],
  (t) => ['solutionDecision', t.solution?.decision ? (t.solution.decision.approved ? 'approved' : `refused: ${t.solution.decision.reason}`) : null],
  (t) => ['tasks', String(t.tasks.length)],
  (t) => ['followups', String(t.followups.length)],
];

function diff(before: Ticket, after: Ticket, actor: Person, at: Date): HistoryEntry[] {
  return TRACKED.flatMap((read) => {
    const [field, from] = read(before);
    const [, to] = read(after);
    return from === to ? [] : [{ at, actor, field, from, to }];
  });
}
