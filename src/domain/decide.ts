import type { Actor } from './actor.js';
import { may, type Capability } from './capabilities.js';
import { autoCloseDueAt, DEFAULT_CLOSURE_POLICY, isAutoCloseDue, isRating, isSurveyOpen, type ClosurePolicy } from './closure.js';
import { canStartFrom, targetStatus } from './lifecycle.js';
import { computePriority, isLevel } from './priority.js';
import { fail, ok, type Result } from './result.js';
import { dueDatesFor } from './sla.js';
import type { TicketCommand } from './ticket-command.js';
import type { TicketEvent } from './ticket-event.js';
import {
  TICKET_LIMITS,
  type Followup,
  type HistoryEntry,
  type Person,
  type Solution,
  type SolutionOutcome,
  type Survey,
  type Task,
  type Ticket,
} from './ticket.js';

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
  autoClose: 'TicketAutoClosed',
  reopen: 'TicketReopened',
  rate: 'TicketRated',
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
    rating: command.type === 'rate' ? (saved.survey?.answer?.rating ?? null) : null,
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
    case 'rate':
      return command.comment?.trim() || null;
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
    solutions: [],
    autoCloseAt: null,
    survey: null,
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
      // the clock's due time lives while the ticket awaits its requester, and only then
      autoCloseAt: status === 'solved' ? merged.autoCloseAt : null,
      // a rating keeps the closing time: the survey window runs from it
      closedAt: status === 'closed' ? (ticket.status === 'closed' ? ticket.closedAt : now) : null,
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
      // at most one solution awaits an answer: an unanswered older one is replaced
      const earlier = answerLast(ticket.solutions, { kind: 'superseded', by: person, at: now });
      const proposed: Solution = { text: text.value, author: person, at: now, outcome: { kind: 'proposed' } };
      const autoCloseAt = autoCloseDueAt(now, command.closurePolicy);
      return ok(land({ solutions: [...earlier, proposed], autoCloseAt }));
    }
    case 'approve':
      return ok(closing(ticket, land, { kind: 'approved', by: person, at: now }, now, command.closurePolicy));
    case 'refuse': {
      const reason = requireText(command.reason, 'reason', TICKET_LIMITS.reasonMax);
      if (!reason.ok) return reason;
      const solutions = answerLast(ticket.solutions, { kind: 'refused', by: person, at: now, reason: reason.value });
      const why = followup(command.followupId, 'refusal', reason.value, 'public');
      return ok(land({ solutions, followups: [...ticket.followups, why] }));
    }
    case 'close':
      return ok(closing(ticket, land, { kind: 'closed', by: person, at: now }, now, command.closurePolicy));
    case 'autoClose': {
      if (!isAutoCloseDue(ticket, now)) {
        return fail('TICKET.NOT_DUE', `ticket #${ticket.number} is not due to close`, {
          autoCloseAt: ticket.autoCloseAt?.toISOString() ?? null,
        });
      }
      return ok(closing(ticket, land, { kind: 'autoClosed', by: person, at: now }, now, command.closurePolicy));
    }
    case 'reopen': {
      // the requester reopens from the survey, while it is open; a lead or an admin at any time
      if (!may(actor, 'ticket.reopenAnyTime', { ticket }) && !isSurveyOpen(ticket, now)) return surveyClosed(ticket);
      const reason = requireText(command.reason, 'reason', TICKET_LIMITS.reasonMax);
      if (!reason.ok) return reason;
      const why = followup(command.followupId, 'reopening', reason.value, 'public');
      return ok(land({ followups: [...ticket.followups, why] }));
    }
    case 'rate': {
      if (ticket.survey?.answer) {
        return fail('TICKET.ALREADY_RATED', `ticket #${ticket.number} was already rated`, { rating: ticket.survey.answer.rating });
      }
      if (!ticket.survey || !isSurveyOpen(ticket, now)) return surveyClosed(ticket);
      const rating = command.rating;
      if (!isRating(rating)) return fail('TICKET.VALIDATION', 'a rating goes from 1 to 5', { field: 'rating' });
      const comment = (command.comment ?? '').trim();
      if (comment.length > TICKET_LIMITS.surveyCommentMax) {
        return fail('TICKET.VALIDATION', 'comment too long', { field: 'comment', max: TICKET_LIMITS.surveyCommentMax });
      }
      const survey: Survey = { ...ticket.survey, answer: { rating, comment: comment || null, at: now } };
      return ok(land({ survey }));
    }
  }
}

/** The last solution, answered with `outcome` if it still awaited an answer. */
function answerLast(solutions: readonly Solution[], outcome: SolutionOutcome): readonly Solution[] {
  const last = solutions.at(-1);
  if (!last || last.outcome.kind !== 'proposed') return solutions;
  return [...solutions.slice(0, -1), { ...last, outcome }];
}

/**
 * Every way a solved ticket closes: its solution gets its outcome, and the survey opens
 * for the policy's delay (an answer already given is kept: the survey takes one).
 */
function closing(
  ticket: Ticket,
  land: (changes: Partial<Ticket>) => Ticket,
  outcome: SolutionOutcome,
  now: Date,
  policy: ClosurePolicy = DEFAULT_CLOSURE_POLICY,
): Ticket {
  const survey: Survey = {
    until: new Date(now.getTime() + Math.max(0, policy.surveyMinutes) * 60_000),
    answer: ticket.survey?.answer ?? null,
  };
  return land({ solutions: answerLast(ticket.solutions, outcome), survey });
}

function surveyClosed(ticket: Ticket): Result<never> {
  return fail('TICKET.SURVEY_CLOSED', `the survey of ticket #${ticket.number} is over`, {
    until: ticket.survey?.until.toISOString() ?? null,
  });
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

/** Fields worth a history line, rendered as text so the history reads the same forever. */
const TRACKED: readonly ((t: Ticket) => [string, string | null])[] = [
  (t) => ['status', t.status],
  (t) => ['assignee', t.assignee ? `${t.assignee.name} (${t.assignee.id})` : null],
  (t) => ['group', t.groupId],
  (t) => ['priority', String(t.priority)],
  (t) => ['pendingReason', t.pendingReason],
  (t) => ['solution', t.solutions.at(-1)?.text ?? null],
  (t) => ['solutionDecision', decisionOf(t.solutions.at(-1)?.outcome)],
  (t) => ['satisfaction', t.survey?.answer ? String(t.survey.answer.rating) : null],
  (t) => ['tasks', String(t.tasks.length)],
  (t) => ['followups', String(t.followups.length)],
];

/** What became of the last solution, as the history has always written it ('approved', 'refused: why'). */
function decisionOf(outcome: SolutionOutcome | undefined): string | null {
  if (!outcome || outcome.kind === 'proposed') return null;
  return outcome.kind === 'refused' ? `refused: ${outcome.reason}` : outcome.kind;
}

function diff(before: Ticket, after: Ticket, actor: Person, at: Date): HistoryEntry[] {
  return TRACKED.flatMap((read) => {
    const [field, from] = read(before);
    const [, to] = read(after);
    return from === to ? [] : [{ at, actor, field, from, to }];
  });
}
