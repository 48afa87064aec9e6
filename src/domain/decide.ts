import type { Actor } from './actor.js';
import { may, type Capability } from './capabilities.js';
import { autoCloseDueAt, DEFAULT_CLOSURE_POLICY, isAutoCloseDue, isRating, isSurveyOpen, type ClosurePolicy } from './closure.js';
import { canStartFrom, targetStatus } from './lifecycle.js';
import { computePriority, isLevel } from './priority.js';
import { fail, ok, type Result } from './result.js';
import {
  breachAtOf,
  DEFAULT_SERVICE_LEVELS,
  dueLevels,
  moveClock,
  newSla,
  nextLevelOf,
  riskAtOf,
  targetMsOf,
  type ClockMode,
  type EscalationLevel,
  type ServiceLevelRules,
} from './sla.js';
import type { CommandType, TicketCommand } from './ticket-command.js';
import type { TicketEvent } from './ticket-event.js';
import {
  TASK_STATUSES,
  TICKET_LIMITS,
  TICKET_TYPES,
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
  edit: 'TicketEdited',
  editTask: 'TaskEdited',
  escalate: 'TicketEscalated',
  alertLead: 'LeadAlerted',
  follow: 'TicketFollowed',
  unfollow: 'TicketUnfollowed',
  alertLevel: 'SlaLevelReached',
};

/**
 * The only place a ticket changes. Pure: same inputs, same answer; it never saves,
 * renders or notifies. Checks, in order: the transition is allowed from the current
 * status, the actor may do it, the command's own data is valid.
 */
export function decide(ticket: Ticket | null, command: TicketCommand, actor: Actor, now: Date): Result<Decision> {
  const from = ticket?.status ?? null;
  const startable = checkStart(ticket, command.type, actor);
  if (!startable.ok) return startable;
  const rules = serviceLevelsOf(command);
  const next = command.type === 'create' ? create(command, actor, now, rules) : apply(ticket as Ticket, command, actor, now, rules);
  if (!next.ok) return next;
  // the clock resuming a hold after downtime: the clocks run again from the « jusqu'au » date, not from the catch-up
  const resumedAt = command.type === 'resume' && actor.system && ticket?.pendingUntil ? ticket.pendingUntil : now;
  const changed = ticket ? trackServiceLevels(next.value, resumedAt, rules) : next.value;
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
    level: command.type === 'alertLevel' && ticket ? reachedLevel(ticket, now, rules) : null,
    escalation: command.type === 'escalate' ? { fromGroupId: ticket?.groupId ?? null, supportLevel: saved.escalation.supportLevel } : null,
    byClock: command.type === 'resume' && actor.system === true,
  };
  return ok({ ticket: saved, events: [event] });
}

/**
 * `decide`'s first two checks, asked alone: the command may start from the ticket's status, and
 * the actor may give it. A form (« Modifier… », « Escalader… ») is only opened when they hold.
 */
export function checkStart(ticket: Ticket | null, command: CommandType, actor: Actor): Result<void> {
  const from = ticket?.status ?? null;
  if (!canStartFrom(command, from)) {
    return fail('TICKET.INVALID_TRANSITION', `cannot ${command} a ticket that is ${from ?? 'not created'}`, { command, status: from });
  }
  if (!may(actor, `ticket.${command}`, { ticket })) return forbidden(actor, `ticket.${command}`);
  return ok(undefined);
}

/**
 * What `decide` would refuse in a new ticket, none of which depends on its number: asked
 * before a number is taken, so that a refused form never burns one.
 */
export function checkNewTicket(draft: Extract<TicketCommand, { type: 'create' }>['draft'], actor: Actor): Result<void> {
  if (!may(actor, 'ticket.create')) return forbidden(actor, 'ticket.create');
  const built = create({ type: 'create', id: '', tenantId: '', number: 0, draft }, actor, new Date(0), DEFAULT_SERVICE_LEVELS);
  return built.ok ? ok(undefined) : built;
}

/** `capability` in the details lets the message name what was refused. */
function forbidden(actor: Actor, capability: Capability): Result<never> {
  return fail('TICKET.FORBIDDEN', `${actor.id} may not ${capability}`, { capability });
}

/** The helpdesk's rules when the use case put them in; the create command's own policy still wins for its targets. */
function serviceLevelsOf(command: TicketCommand): ServiceLevelRules {
  const rules = command.serviceLevels ?? DEFAULT_SERVICE_LEVELS;
  return command.type === 'create' && command.slaPolicy ? { ...rules, policy: command.slaPolicy } : rules;
}

/**
 * What each clock does once a change has landed. Time to own stops for good at the first
 * technician (or a solution); time to resolve stops at the solution and runs again when it is
 * refused or the ticket reopened. Both pause while the ticket waits (GLPI excludes waiting time).
 */
function modesOf(ticket: Ticket): { own: ClockMode; resolve: ClockMode } {
  const done = ticket.status === 'solved' || ticket.status === 'closed';
  const pending = ticket.status === 'pending';
  const owned = ticket.sla.own.stoppedAt !== null || ticket.assignee !== null || done;
  return {
    own: owned ? 'stopped' : pending ? 'paused' : 'running',
    resolve: done ? 'stopped' : pending ? 'paused' : 'running',
  };
}

/** Moves both clocks to where the changed ticket puts them (targets from its priority), and the next escalation level with them. */
function trackServiceLevels(ticket: Ticket, now: Date, rules: ServiceLevelRules): Ticket {
  const modes = modesOf(ticket);
  const sla = {
    own: moveClock(ticket.sla.own, modes.own, targetMsOf(rules.policy, ticket.priority, 'own'), now, rules.calendar),
    resolve: moveClock(ticket.sla.resolve, modes.resolve, targetMsOf(rules.policy, ticket.priority, 'resolve'), now, rules.calendar),
  };
  const escalation = {
    ...ticket.escalation,
    next: nextLevelOf(sla, ticket.escalation.fired, rules),
    riskAt: riskAtOf(sla, rules),
    breachAt: breachAtOf(sla),
  };
  return { ...ticket, sla, escalation };
}

/**
 * The most serious level a due `alertLevel` reaches (a catch-up passes several at once and tells
 * one): the highest share of its target, and at equal shares time to resolve before time to own.
 */
function reachedLevel(ticket: Ticket, now: Date, rules: ServiceLevelRules): NonNullable<TicketEvent['level']> | null {
  const severity = (level: EscalationLevel) => level.percent * 2 + (level.clock === 'resolve' ? 1 : 0);
  let worst: EscalationLevel | null = null;
  for (const level of dueLevels(ticket.sla, ticket.escalation.fired, now, rules)) {
    if (!worst || severity(level) > severity(worst)) worst = level;
  }
  if (!worst) return null;
  const hierarchical = worst.clock === 'resolve' && worst.percent >= 100 && ticket.priority >= rules.hierarchicalMinPriority;
  return { id: worst.id, clock: worst.clock, percent: worst.percent, hierarchical };
}

function noteOf(command: TicketCommand): string | null {
  switch (command.type) {
    case 'wait':
    case 'refuse':
    case 'reopen':
    case 'alertLead':
      return command.reason.trim();
    case 'escalate':
      return command.summary.trim();
    case 'resume':
      return command.reason?.trim() || null;
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

function create(command: Extract<TicketCommand, { type: 'create' }>, actor: Actor, now: Date, rules: ServiceLevelRules): Result<Ticket> {
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
  const sla = newSla(priority, now, rules);
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
    sla,
    escalation: { fired: [], next: nextLevelOf(sla, [], rules), supportLevel: 1, riskAt: riskAtOf(sla, rules), breachAt: breachAtOf(sla) },
    attachments: [],
    linkedTickets: [],
    followups: [],
    tasks: [],
    solutions: [],
    autoCloseAt: null,
    survey: null,
    pendingReason: null,
    pendingUntil: null,
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

function apply(
  ticket: Ticket,
  command: Exclude<TicketCommand, { type: 'create' }>,
  actor: Actor,
  now: Date,
  rules: ServiceLevelRules,
): Result<Ticket> {
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
      pendingUntil: status === 'pending' ? merged.pendingUntil : null,
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
      const until = command.until ?? null;
      if (until && until.getTime() <= now.getTime()) {
        return fail('TICKET.VALIDATION', 'the hold must end in the future', { field: 'until' });
      }
      // the reason stays in the timeline after the ticket resumes (a followup the requester reads too)
      const why = command.followupId ? [followup(command.followupId, 'hold', reason.value, 'public')] : [];
      return ok(land({ pendingReason: reason.value, pendingUntil: until, followups: [...ticket.followups, ...why] }));
    }
    case 'resume': {
      // the clock resumes a ticket only at its « jusqu'au » date; a person whenever they choose
      if (actor.system && (ticket.pendingUntil === null || ticket.pendingUntil.getTime() > now.getTime())) {
        return fail('TICKET.NOT_DUE', `ticket #${ticket.number} is not due to resume`, {
          pendingUntil: ticket.pendingUntil?.toISOString() ?? null,
        });
      }
      const reason = (command.reason ?? '').trim();
      if (reason.length > TICKET_LIMITS.reasonMax) {
        return fail('TICKET.VALIDATION', 'reason is too long', { field: 'reason', max: TICKET_LIMITS.reasonMax });
      }
      const back = command.followupId ? [followup(command.followupId, 'resume', reason, 'public')] : [];
      return ok(land({ followups: [...ticket.followups, ...back] }));
    }
    case 'edit':
      return edit(ticket, command, land);
    case 'editTask':
      return editTask(ticket, command, land);
    case 'escalate': {
      const summary = requireText(command.summary, 'summary', TICKET_LIMITS.followupMax);
      if (!summary.ok) return summary;
      if (command.groupId === ticket.groupId) {
        return fail('TICKET.VALIDATION', 'the ticket is already in that group', { field: 'group' });
      }
      // seed 000 5.4: whoever escalates keeps following the ticket
      const follows = actor.system || ticket.observers.some((o) => o.id === person.id) || command.assignee?.id === person.id;
      return ok(
        land({
          groupId: command.groupId,
          assignee: command.assignee,
          observers: follows ? ticket.observers : [...ticket.observers, person],
          escalation: { ...ticket.escalation, supportLevel: ticket.escalation.supportLevel + 1 },
          followups: [...ticket.followups, followup(command.followupId, 'escalation', summary.value, 'private')],
        }),
      );
    }
    case 'alertLead': {
      const reason = requireText(command.reason, 'reason', TICKET_LIMITS.reasonMax);
      if (!reason.ok) return reason;
      return ok(land({ followups: [...ticket.followups, followup(command.followupId, 'leadAlert', reason.value, 'private')] }));
    }
    case 'follow':
      return ok(land({ observers: ticket.observers.some((o) => o.id === person.id) ? ticket.observers : [...ticket.observers, person] }));
    case 'unfollow':
      return ok(land({ observers: ticket.observers.filter((o) => o.id !== person.id) }));
    case 'alertLevel': {
      const due = dueLevels(ticket.sla, ticket.escalation.fired, now, rules);
      if (due.length === 0) {
        const scheduled = ticket.escalation.next;
        if (!scheduled || scheduled.at.getTime() > now.getTime()) {
          return fail('TICKET.NOT_DUE', `ticket #${ticket.number} reached no new level`, { next: scheduled?.at.toISOString() ?? null });
        }
        // its time came by rules since changed (a level moved, another calendar): scheduled again, nothing told
        return ok(land({}));
      }
      // each level fires once, ever: a refused solution or a reopening never repeats an alert (glpi#1996)
      return ok(land({ escalation: { ...ticket.escalation, fired: [...ticket.escalation.fired, ...due.map((l) => l.id)] } }));
    }
    case 'proposeSolution': {
      const text = requireText(command.text, 'solution', TICKET_LIMITS.followupMax);
      if (!text.ok) return text;
      // at most one solution awaits an answer: an unanswered older one is replaced
      const earlier = answerLast(ticket.solutions, { kind: 'superseded', by: person, at: now });
      const proposed: Solution = {
        text: text.value,
        author: person,
        at: now,
        outcome: { kind: 'proposed' },
        ...(command.articleId ? { articleId: command.articleId } : {}),
        ...(command.duringCall ? { duringCall: true } : {}),
      };
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

type Land = (changes: Partial<Ticket>) => Ticket;

/** « Modifier… »: the classification corrected; the priority follows (an override stays), the clocks follow the priority. */
function edit(ticket: Ticket, command: Extract<TicketCommand, { type: 'edit' }>, land: Land): Result<Ticket> {
  const changes: { -readonly [K in keyof Ticket]?: Ticket[K] } = {};
  if (command.title !== undefined) {
    const title = requireText(command.title, 'title', TICKET_LIMITS.titleMax);
    if (!title.ok) return title;
    changes.title = title.value;
  }
  if (command.ticketType !== undefined) {
    if (!TICKET_TYPES.includes(command.ticketType)) return fail('TICKET.VALIDATION', 'unknown ticket type', { field: 'type' });
    changes.type = command.ticketType;
  }
  if (command.categoryId !== undefined) changes.categoryId = command.categoryId;
  const urgency = command.urgency ?? ticket.urgency;
  const impact = command.impact ?? ticket.impact;
  if (!isLevel(urgency)) return fail('TICKET.VALIDATION', 'urgency goes from 1 to 5', { field: 'urgency' });
  if (!isLevel(impact)) return fail('TICKET.VALIDATION', 'impact goes from 1 to 5', { field: 'impact' });
  changes.urgency = urgency;
  changes.impact = impact;
  changes.priority = ticket.priorityOverride?.priority ?? computePriority(urgency, impact, command.priorityMatrix);
  return ok(land(changes));
}

/** A task's text, status or duration, adjusted (seed 003: the duration at the end). */
function editTask(ticket: Ticket, command: Extract<TicketCommand, { type: 'editTask' }>, land: Land): Result<Ticket> {
  const task = ticket.tasks.find((t) => t.id === command.taskId);
  if (!task) return fail('TICKET.VALIDATION', 'no such task on this ticket', { field: 'task' });
  let description = task.description;
  if (command.description !== undefined) {
    const text = requireText(command.description, 'taskDescription', TICKET_LIMITS.followupMax);
    if (!text.ok) return text;
    description = text.value;
  }
  const status = command.status ?? task.status;
  if (!TASK_STATUSES.includes(status)) return fail('TICKET.VALIDATION', 'unknown task status', { field: 'taskStatus' });
  const durationMinutes = command.durationMinutes ?? task.durationMinutes;
  if (!Number.isInteger(durationMinutes) || durationMinutes < 0) {
    return fail('TICKET.VALIDATION', 'duration must be a whole number of minutes', { field: 'duration' });
  }
  const edited: Task = { ...task, description, status, durationMinutes };
  return ok(land({ tasks: ticket.tasks.map((t) => (t.id === task.id ? edited : t)) }));
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
  (t) => ['title', t.title],
  (t) => ['type', t.type],
  (t) => ['category', t.categoryId],
  (t) => ['urgency', String(t.urgency)],
  (t) => ['impact', String(t.impact)],
  (t) => ['supportLevel', `N${t.escalation.supportLevel}`],
  (t) => ['observers', t.observers.map((o) => o.name).join(', ') || null],
  (t) => ['pendingUntil', t.pendingUntil?.toISOString() ?? null],
  (t) => ['escalationLevels', t.escalation.fired.join(', ') || null],
  (t) => ['tasksDone', String(t.tasks.filter((task) => task.status === 'done').length)],
  (t) => ['taskMinutes', String(t.tasks.reduce((sum, task) => sum + task.durationMinutes, 0))],
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
