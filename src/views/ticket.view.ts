import ticketTemplate from '../../cards/ticket.card.json' with { type: 'json' };
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import { categoryPath, type Category } from '../domain/category.js';
import { isSurveyOpen } from '../domain/closure.js';
import type { Group } from '../domain/group.js';
import { canStartFrom } from '../domain/lifecycle.js';
import { DEFAULT_SERVICE_LEVELS, SLA_CLOCKS, standingOf, type ServiceLevelRules } from '../domain/sla.js';
import type { CommandType } from '../domain/ticket-command.js';
import { currentSolution, RATINGS, TICKET_LIMITS, type Followup, type Solution, type Ticket } from '../domain/ticket.js';
import { PRIORITY_COLOUR, STANDING_COLOUR } from './colours.js';
import { formatDateTime } from './format.js';
import { levelLabel, statusLabel, t, typeLabel, type Language, type MessageKey } from './i18n.js';
import { cardLines, plainText } from './plain-text.js';
import { renderCard } from './render-card.js';
import { saysStillBroken } from './still-broken.js';

/**
 * Teams refuses messages over ~28 KB, and texts run to 20,000 characters: long texts are
 * shortened on the card with « Voir plus », which answers with that one text in pages.
 */
export const SHOWN = { description: 1_000, followup: 600, solution: 600, task: 300 } as const;
export const READ_PAGE = 8_000;


export type CardAudience = 'requester' | 'technician';

/** The list a ticket was opened from, so the card can lead back to it (the `tickets.list` data). */
export interface ListRef {
  readonly queue: string;
  readonly sort?: string;
  readonly page: number;
}

/** Which long text to show in full, from which character: the description, the solution, or a followup by id. */
export interface Reading {
  readonly text: string;
  readonly from: number;
}

/** What the user had typed on the card this one answers; each value goes back into its field. */
export interface TypedInput {
  readonly followupText?: string;
  readonly private?: boolean;
  readonly taskDescription?: string;
  readonly taskStatus?: string;
  readonly durationMinutes?: number;
  readonly plannedDate?: string;
  readonly plannedTime?: string;
  readonly reason?: string;
  /** « jusqu'au » of a hold, as the date and time inputs hold them */
  readonly untilDate?: string;
  readonly untilTime?: string;
  readonly resumeReason?: string;
  readonly solution?: string;
  readonly comment?: string;
  readonly refuseReason?: string;
  readonly reopenReason?: string;
  readonly surveyComment?: string;
  /** the survey's chosen rating, '1'..'5' */
  readonly rating?: string;
}

export interface TicketViewContext {
  readonly language: Language;
  readonly timeZone: string | undefined;
  readonly categories: readonly Category[];
  /** requesters never see private followups, tasks or staff buttons */
  readonly audience?: CardAudience;
  /** who looks at the card, when it is theirs alone: buttons follow what they may do */
  readonly viewer?: Actor;
  /**
   * the card of a shared conversation (a channel, a group chat): everyone there sees the
   * same card, so no private followups, no tasks, and buttons that do not depend on who reads
   */
  readonly shared?: boolean;
  /** the channel's queue card (shared): take, assign, open, nothing more */
  readonly compact?: boolean;
  /** a one-line banner above the ticket, e.g. "Ticket saved" */
  readonly notice?: string;
  readonly noticeStyle?: 'good' | 'warning' | 'attention';
  /** for the assign form */
  readonly groups?: readonly Group[];
  /** users whose Teams client refreshes this card on open (per-user views) */
  readonly refreshUserIds?: readonly string[];
  /** « Retour à la liste » */
  readonly back?: ListRef;
  /** one long text shown in full (a page of it) */
  readonly reading?: Reading;
  /** a refused action's typed text, kept */
  readonly typed?: TypedInput;
  /** « Utiliser comme solution »: the article the solve form's text was copied from, sent with it */
  readonly solveArticleId?: string;
  /** whether the survey is still open, and how each SLA clock stands, is asked of this time (default: now) */
  readonly now?: Date;
  /** the helpdesk's service levels (when a clock turns « À risque »); the defaults when not given */
  readonly serviceLevels?: Pick<ServiceLevelRules, 'atRiskPercent' | 'calendar'>;
}

const STAFF_BUTTONS: Readonly<Record<string, CommandType>> = {
  take: 'take',
  assign: 'assign',
  followup: 'addFollowup',
  task: 'addTask',
  wait: 'wait',
  resume: 'resume',
  solve: 'proposeSolution',
  close: 'close',
  edit: 'edit',
  escalate: 'escalate',
  alertLead: 'alertLead',
};

type TextField =
  | 'followupText'
  | 'taskDescription'
  | 'reason'
  | 'resumeReason'
  | 'solution'
  | 'comment'
  | 'refuseReason'
  | 'reopenReason'
  | 'surveyComment';

/** Which button's form each typed text belongs to. */
const FIELD_BUTTON: Readonly<Record<TextField, string>> = {
  followupText: 'followup',
  taskDescription: 'task',
  reason: 'wait',
  resumeReason: 'resume',
  solution: 'solve',
  comment: 'comment',
  refuseReason: 'refuse',
  reopenReason: 'reopen',
  surveyComment: 'rate',
};
const TEXT_FIELDS = Object.keys(FIELD_BUTTON) as TextField[];

/**
 * The requester answers the solution and the survey on a card that is theirs alone: their
 * chat's copies, or their own view of it. Never on a shared card, which anyone may click.
 */
const answersAsRequester = (ticket: Ticket, ctx: TicketViewContext, audience: CardAudience, shared: boolean): boolean =>
  !shared && (ctx.viewer ? ctx.viewer.id === ticket.requester.id : audience === 'requester');

function buttons(ticket: Ticket, ctx: TicketViewContext, audience: CardAudience, shared: boolean, now: Date): Record<string, boolean> {
  const viewer = shared ? undefined : ctx.viewer;
  const allowed = (command: CommandType) =>
    canStartFrom(command, ticket.status) &&
    (viewer ? may(viewer, `ticket.${command}`, { ticket }) : audience === 'technician' ? command !== 'comment' : command === 'comment');
  const can: Record<string, boolean> = {};
  for (const [button, command] of Object.entries(STAFF_BUTTONS)) {
    can[button] = audience === 'technician' && allowed(command);
  }
  can.take = can.take && ticket.assignee === null;
  // Teams shows five actions at most: an unassigned ticket is taken before tasks are added
  if (can.take) can.task = false;
  const answering = answersAsRequester(ticket, ctx, audience, shared);
  const requesterMay = (command: CommandType) =>
    answering && canStartFrom(command, ticket.status) && (!viewer || may(viewer, `ticket.${command}`, { ticket }));
  can.approve = requesterMay('approve');
  can.refuse = requesterMay('refuse');
  // a solved ticket is answered (accept, refuse with a reason), not commented beside the question
  can.comment = audience === 'requester' && allowed('comment') && !can.approve && !can.refuse;
  // leads and admins reopen with a reason at any time; the requester only from the survey
  can.reopen =
    audience === 'technician' && viewer !== undefined && canStartFrom('reopen', ticket.status) && may(viewer, 'ticket.reopenAnyTime', { ticket });
  const answer = ticket.survey?.answer ?? null;
  const surveyOpen = isSurveyOpen(ticket, now);
  can.rate = surveyOpen && answer === null && requesterMay('rate');
  // an approval whose comment says the problem is still there is asked back (glpi#24519)
  can.reopenFromSurvey =
    surveyOpen &&
    answer?.comment != null &&
    ticket.solutions.at(-1)?.outcome.kind === 'approved' &&
    saysStillBroken(answer.comment) &&
    requesterMay('reopen');
  // following depends on who reads: only on a card that is the reader's own
  const following = viewer !== undefined && ticket.observers.some((o) => o.id === viewer.id);
  can.follow = viewer !== undefined && !following && canStartFrom('follow', ticket.status) && may(viewer, 'ticket.follow', { ticket });
  can.unfollow = viewer !== undefined && following && canStartFrom('unfollow', ticket.status) && may(viewer, 'ticket.unfollow', { ticket });
  // tasks are not shown on a shared card, nor their buttons
  can.editTask = audience === 'technician' && !shared && allowed('editTask');
  can.open = false;
  if (ctx.compact) {
    for (const button of ['followup', 'task', 'wait', 'resume', 'solve', 'close', 'edit', 'escalate', 'alertLead']) can[button] = false;
    can.open = true;
  }
  // nothing to pick from (no groups known yet): no assign form rather than an empty one
  if ((ctx.groups ?? []).length === 0) can.assign = false;
  return can;
}

/** A long text as the card shows it: shortened with « Voir plus », or the page being read. */
function longText(key: string, text: string, shown: number, ctx: TicketViewContext, number: number) {
  const reading = ctx.reading?.text === key ? ctx.reading : null;
  const more = (from: number) => ({ more: true, moreData: { number, read: key, from, ...ctx.back } });
  if (reading) {
    const from = Math.min(Math.max(0, reading.from), text.length);
    // text kept in a field takes room on the card too
    const typed = TEXT_FIELDS.reduce((sum, field) => sum + (ctx.typed?.[field]?.length ?? 0), 0);
    const end = from + Math.max(1_000, READ_PAGE - typed);
    const page = `${from > 0 ? '…' : ''}${cardLines(plainText(text.slice(from, end)))}${end < text.length ? '…' : ''}`;
    return { text: page, ...(end < text.length ? more(end) : { more: false, moreData: {} }) };
  }
  if (text.length <= shown) return { text: cardLines(plainText(text)), more: false, moreData: {} };
  // the first « Voir plus » shows the text from its start, as far as a page goes
  return { text: `${cardLines(plainText(text.slice(0, shown).trimEnd()))}…`, ...more(0) };
}

export function ticketCard(ticket: Ticket, ctx: TicketViewContext) {
  return renderCard(ticketTemplate, ticketCardData(ticket, ctx));
}

/** What `cards/ticket.card.json` is bound to: exported so tests can check every `$when` both ways. */
export function ticketCardData(ticket: Ticket, ctx: TicketViewContext) {
  const { language } = ctx;
  const shared = ctx.shared === true || ctx.compact === true;
  const audience = ctx.audience ?? 'requester';
  const now = ctx.now ?? new Date();
  const answering = answersAsRequester(ticket, ctx, audience, shared);
  const none = t(language, 'ticket.none');
  const staffGroups = ctx.groups ?? [];
  const groupName = (id: string | null) => {
    const group = staffGroups.find((g) => g.id === id);
    return group ? group.name[language] : (id ?? none);
  };
  const groupOfTicket = staffGroups.find((g) => g.id === ticket.groupId);
  const can = buttons(ticket, ctx, audience, shared, now);
  const notice = ctx.notice ?? '';
  // « votre ticket » only on the requester's own card; everyone else reads about "the" ticket
  const requesterOwnCard = !shared && audience === 'requester' && (!ctx.viewer || ctx.viewer.id === ticket.requester.id);
  const staffView = audience === 'technician' && !shared;
  const followupText = (f: Followup) =>
    f.kind === 'takenInCharge'
      ? { text: plainText(t(language, requesterOwnCard ? 'followup.takenInCharge' : 'followup.tookTicket', { name: f.author.name })), more: false, moreData: {} }
      : timelineText(f, longText(f.id, f.text, SHOWN.followup, ctx, ticket.number), ticket, ctx, groupName);
  // the latest escalation's summary heads the staff card: the group it went to reads it first
  const escalated = staffView ? [...ticket.followups].reverse().find((f) => f.kind === 'escalation') : undefined;
  const followups = ticket.followups
    // private notes are for technicians, and a shared conversation is not only technicians
    .filter((f) => staffView || (f.visibility === 'public' && !STAFF_ONLY.has(f.kind)))
    .filter((f) => f !== escalated)
    // the pinned escalation counts among the five followups a card has room for
    .slice(escalated ? -4 : -5)
    .map((f) => ({
      heading: [
        plainText(f.author.name),
        formatDateTime(f.at, language, ctx.timeZone),
        ...(f.visibility === 'private' ? [t(language, 'followup.privateTag')] : []),
        ...(FOLLOWUP_TAG[f.kind] ? [t(language, FOLLOWUP_TAG[f.kind]!)] : []),
      ].join(' · '),
      ...followupText(f),
      style: f.visibility === 'private' ? 'warning' : FOLLOWUP_STYLE[f.kind],
    }));
  const ref = { number: ticket.number, version: ticket.version, ...ctx.back };
  const solveRef = ctx.solveArticleId ? { ...ref, articleId: ctx.solveArticleId } : ref;
  const tasks =
    audience === 'technician' && !shared
      ? ticket.tasks.slice(-5).map((task) => {
          const description = longText(task.id, task.description, SHOWN.task, ctx, ticket.number);
          return {
            ...description,
            // « Modifier… » opens the task's form, which shows the whole text: no « Voir plus » beside it
            more: description.more && !can.editTask,
            // « Marquer comme fait » keeps the duration; the form adjusts it
            editable: can.editTask,
            markable: can.editTask && task.status !== 'done',
            taskData: { ...ref, taskId: task.id },
            doneData: { ...ref, taskId: task.id, markDone: true },
            text: [
              `${task.status === 'done' ? '☑' : task.status === 'todo' ? '☐' : 'ℹ'} ${description.text}`,
              `${task.durationMinutes} min`,
              ...(task.plannedStart
                ? [t(language, 'task.plannedAt', { at: formatDateTime(task.plannedStart, language, ctx.timeZone) })]
                : []),
            ].join(' · '),
          };
        })
      : [];
  const description = longText('description', ticket.description, SHOWN.description, ctx, ticket.number);
  const proposed = currentSolution(ticket);
  const solution = proposed ? solutionBlock(ticket, proposed, ctx, answering) : null;
  const closure = closureLines(ticket, ctx, audience, answering, now);
  const typed = typedFields(ctx.typed);
  // typed text whose form is not on this card (the action is no longer possible) is shown, not lost
  const typedElsewhere = TEXT_FIELDS.flatMap((field) => {
    const text = ctx.typed?.[field];
    return text && !can[FIELD_BUTTON[field]] ? [{ text: plainText(text) }] : [];
  });
  const escalation = escalated ? escalationBlock(escalated, ticket, ctx, groupName) : null;
  return {
    // plain flags for the template's $when: cheaper to bind than comparisons
    show: {
      notice: notice !== '',
      typed: typedElsewhere.length > 0,
      followups: followups.length > 0,
      tasks: tasks.length > 0,
      back: ctx.back !== undefined,
      solution: solution !== null,
      solutionQuestion: can.approve,
      solutionOutcome: (solution?.outcome ?? '') !== '',
      autoClose: (solution?.autoClose ?? '') !== '',
      closure: closure.length > 0 || can.rate || can.reopenFromSurvey,
      survey: can.rate,
      persists: can.reopenFromSurvey,
      escalation: escalation !== null,
      moreActions: can.edit || can.escalate || can.alertLead || can.follow || can.unfollow,
    },
    notice: plainText(notice),
    noticeStyle: ctx.noticeStyle ?? 'good',
    typedElsewhere,
    number: ticket.number,
    ref,
    taskRef: { ...ref, timeZone: ctx.timeZone ?? 'UTC' },
    back: ctx.back ?? {},
    label: `#${ticket.number}`,
    title: plainText(ticket.title),
    // staff and shared cards say who the solved ticket waits for; the requester's card asks them
    statusLabel: ticket.status === 'solved' && !answering ? t(language, 'status.solvedAwaiting') : statusLabel(language, ticket.status),
    priorityText: t(language, 'ticket.priorityValue', { level: levelLabel(language, ticket.priority) }),
    priorityColor: PRIORITY_COLOUR[ticket.priority],
    sla: slaLines(ticket, ctx, now),
    escalation: escalation ?? { heading: '', text: '', more: false, moreData: {} },
    description,
    solution: solution ?? { heading: '', text: '', more: false, moreData: {}, outcome: '', autoClose: '' },
    closure,
    surveyUntil: ticket.survey ? t(language, 'survey.until', { at: formatDateTime(ticket.survey.until, language, ctx.timeZone) }) : '',
    groupId: ticket.groupId ?? '',
    facts: [
      { title: t(language, 'ticket.type'), value: typeLabel(language, ticket.type) },
      { title: t(language, 'ticket.category'), value: plainText(categoryPath(ctx.categories, ticket.categoryId, language) ?? none) },
      { title: t(language, 'ticket.requester'), value: plainText(ticket.requester.name) },
      { title: t(language, 'ticket.assignee'), value: ticket.assignee ? plainText(ticket.assignee.name) : t(language, 'ticket.unassigned') },
      ...(audience === 'technician'
        ? [
            { title: t(language, 'ticket.group'), value: plainText(groupName(ticket.groupId)) },
            { title: t(language, 'ticket.supportLevel'), value: t(language, 'ticket.supportLevelValue', { level: ticket.escalation.supportLevel }) },
          ]
        : []),
      ...(ticket.status === 'pending' && ticket.pendingReason
        ? [{ title: t(language, 'ticket.pendingReason'), value: plainText(ticket.pendingReason) }]
        : []),
      { title: t(language, 'ticket.location'), value: ticket.location ? plainText(ticket.location) : none },
      { title: t(language, 'ticket.created'), value: formatDateTime(ticket.createdAt, language, ctx.timeZone) },
    ],
    followups,
    tasks,
    can,
    typed,
    solveRef,
    kbQuery: plainText(ticket.title),
    limits: { followup: TICKET_LIMITS.followupMax, reason: TICKET_LIMITS.reasonMax, surveyComment: TICKET_LIMITS.surveyCommentMax },
    ratings: ratingChoices(language),
    technicians: (groupOfTicket?.technicians ?? []).map((tech) => ({ title: tech.name, value: tech.id })),
    groups: staffGroups.map((g) => ({ title: g.name[language], value: g.id })),
    taskStatuses: taskStatuses(language),
    // Teams user ids (`29:…`) of the readers who get the per-user refresh
    refreshUserIds: [...(ctx.refreshUserIds ?? [])],
    labels: ticketLabels(language),
  };
}

/** Every form field's value: what was typed, or the form's default. */
function typedFields(typed: TypedInput | undefined) {
  return {
    followupText: typed?.followupText ?? '',
    private: typed?.private ? 'true' : 'false',
    taskDescription: typed?.taskDescription ?? '',
    taskStatus: typed?.taskStatus ?? 'todo',
    durationMinutes: typed?.durationMinutes ?? 15,
    plannedDate: typed?.plannedDate ?? '',
    plannedTime: typed?.plannedTime ?? '',
    reason: typed?.reason ?? '',
    untilDate: typed?.untilDate ?? '',
    untilTime: typed?.untilTime ?? '',
    resumeReason: typed?.resumeReason ?? '',
    solution: typed?.solution ?? '',
    comment: typed?.comment ?? '',
    refuseReason: typed?.refuseReason ?? '',
    reopenReason: typed?.reopenReason ?? '',
    surveyComment: typed?.surveyComment ?? '',
    rating: typed?.rating ?? '',
  };
}

const FOLLOWUP_TAG: Partial<Record<Followup['kind'], MessageKey>> = {
  refusal: 'followup.refusalTag',
  reopening: 'followup.reopeningTag',
};
const FOLLOWUP_STYLE: Readonly<Record<Followup['kind'], string>> = {
  note: 'emphasis',
  comment: 'emphasis',
  takenInCharge: 'good',
  refusal: 'attention',
  reopening: 'accent',
  hold: 'emphasis',
  resume: 'good',
  escalation: 'warning',
  leadAlert: 'warning',
};

/** Staff business whatever its visibility: never on the requester's card nor a shared one. */
const STAFF_ONLY: ReadonlySet<Followup['kind']> = new Set(['escalation', 'leadAlert']);

type Shown = { readonly text: string; readonly more: boolean; readonly moreData: object };

/**
 * The entry's own sentence in the timeline: what kind of step it was around the text typed
 * (already shortened and made plain). The hold's date and the escalation's group are read in
 * the history line written with the same change.
 */
function timelineText(f: Followup, shown: Shown, ticket: Ticket, ctx: TicketViewContext, groupName: (id: string | null) => string): Shown {
  const { language } = ctx;
  const changed = (field: string) => changedWith(ticket, f, field);
  const sentence = (text: string) => ({ ...shown, text });
  switch (f.kind) {
    case 'hold': {
      const until = changed('pendingUntil');
      return sentence(
        until
          ? t(language, 'followup.holdUntil', { reason: shown.text, at: formatDateTime(new Date(until), language, ctx.timeZone) })
          : t(language, 'followup.hold', { reason: shown.text }),
      );
    }
    case 'resume':
      if (f.author.id === SYSTEM_ACTOR.id) return sentence(t(language, 'followup.resumedByClock'));
      return sentence(f.text.trim() ? t(language, 'followup.resumedWhy', { reason: shown.text }) : t(language, 'followup.resumed'));
    case 'escalation':
      return sentence(t(language, 'followup.escalation', { group: plainText(groupName(changed('group'))), summary: shown.text }));
    case 'leadAlert':
      return sentence(t(language, 'followup.leadAlert', { reason: shown.text }));
    default:
      return shown;
  }
}

/** What `field` became in the change that wrote followup `f` (the same `decide`, the same instant). */
const changedWith = (ticket: Ticket, f: Followup, field: string): string | null =>
  ticket.history.find((h) => h.field === field && h.at.getTime() === f.at.getTime())?.to ?? null;

/** The latest escalation at the head of the staff card: where it went, who sent it, when, and what was tried. */
function escalationBlock(f: Followup, ticket: Ticket, ctx: TicketViewContext, groupName: (id: string | null) => string) {
  const { language } = ctx;
  const group = changedWith(ticket, f, 'group') ?? ticket.groupId;
  return {
    heading: plainText(t(language, 'ticket.escalatedTo', { group: groupName(group), name: f.author.name, at: formatDateTime(f.at, language, ctx.timeZone) })),
    ...longText(f.id, f.text, SHOWN.followup, ctx, ticket.number),
  };
}

/**
 * Both SLA clocks as the reader reads them: the due time in their time zone and how the clock
 * stands now (« Dans les temps », « À risque », « En retard », « En pause », « Respecté », « Dépassé »).
 */
function slaLines(ticket: Ticket, ctx: TicketViewContext, now: Date): { text: string; standing: string; color: string }[] {
  const { language } = ctx;
  const rules = ctx.serviceLevels ?? DEFAULT_SERVICE_LEVELS;
  return SLA_CLOCKS.map((name) => {
    const clock = ticket.sla[name];
    const standing = standingOf(clock, now, rules);
    return {
      text: clock.dueAt ? t(language, `sla.${name}.due`, { at: formatDateTime(clock.dueAt, language, ctx.timeZone) }) : t(language, `sla.${name}`),
      standing: t(language, `sla.standing.${standing}`),
      color: STANDING_COLOUR[standing],
    };
  });
}

/**
 * The solution the ticket stands on: who proposed it and when, its text, what became of
 * it, and while it awaits the requester when the clock will close the ticket.
 */
function solutionBlock(ticket: Ticket, solution: Solution, ctx: TicketViewContext, answering: boolean) {
  const { language, timeZone } = ctx;
  const at = (date: Date) => formatDateTime(date, language, timeZone);
  const { outcome } = solution;
  const decided =
    outcome.kind === 'approved'
      ? t(language, 'solution.approvedBy', { name: outcome.by.name, at: at(outcome.at) })
      : outcome.kind === 'closed'
        ? t(language, 'solution.closedBy', { name: outcome.by.name, at: at(outcome.at) })
        : outcome.kind === 'autoClosed'
          ? t(language, 'solution.autoClosed', { at: at(outcome.at) })
          : '';
  const autoClose =
    ticket.status === 'solved' && ticket.autoCloseAt
      ? t(language, answering ? 'solution.autoCloseYours' : 'solution.autoCloseStaff', { at: at(ticket.autoCloseAt) })
      : '';
  return {
    heading: plainText(t(language, 'solution.heading', { name: solution.author.name, at: at(solution.at) })),
    ...longText('solution', solution.text, SHOWN.solution, ctx, ticket.number),
    outcome: plainText(decided),
    autoClose,
  };
}

/**
 * What a closed ticket's card says about the survey: to the requester, their answer or
 * that the time is over (the form itself is the `survey` part); to staff, the rating and
 * comment or that none came. A helpdesk without a survey (delay 0) says nothing of it.
 */
function closureLines(ticket: Ticket, ctx: TicketViewContext, audience: CardAudience, answering: boolean, now: Date): { text: string }[] {
  const { survey } = ticket;
  if (ticket.status !== 'closed' || !survey) return [];
  const { language } = ctx;
  const offered = ticket.closedAt === null || survey.until.getTime() > ticket.closedAt.getTime();
  const open = isSurveyOpen(ticket, now);
  const line = (key: MessageKey, vars: Record<string, string | number> = {}) => [{ text: plainText(t(language, key, vars)) }];
  const { answer } = survey;
  if (answering) {
    if (answer) return answer.comment ? line('survey.thanksComment', { rating: answer.rating, comment: answer.comment }) : line('survey.thanks', { rating: answer.rating });
    return !open && offered ? line('survey.over') : [];
  }
  if (audience !== 'technician') return [];
  if (answer) {
    return answer.comment ? line('survey.staffRatingComment', { rating: answer.rating, comment: answer.comment }) : line('survey.staffRating', { rating: answer.rating });
  }
  if (open) return line('survey.staffPending', { at: formatDateTime(survey.until, language, ctx.timeZone) });
  return offered ? line('survey.staffNone') : [];
}

const ratingsByLanguage = new Map<Language, readonly { title: string; value: string }[]>();

function ratingChoices(language: Language): readonly { title: string; value: string }[] {
  let ratings = ratingsByLanguage.get(language);
  if (!ratings) {
    ratings = Object.freeze(RATINGS.map((rating) => Object.freeze({ title: t(language, `survey.rating.${rating}`), value: String(rating) })));
    ratingsByLanguage.set(language, ratings);
  }
  return ratings;
}

/** The card's labels depend on the language only: built once per language, shared by every card. */
const labelsByLanguage = new Map<Language, Readonly<Record<string, string>>>();

function ticketLabels(language: Language): Readonly<Record<string, string>> {
  let labels = labelsByLanguage.get(language);
  if (!labels) {
    labels = Object.freeze({
      refresh: t(language, 'action.refresh'),
      followups: t(language, 'ticket.followups'),
      tasks: t(language, 'ticket.tasks'),
      typed: t(language, 'ticket.typed'),
      seeMore: t(language, 'action.seeMore'),
      backToList: t(language, 'action.backToList'),
      take: t(language, 'action.take'),
      assign: t(language, 'action.assign'),
      assignee: t(language, 'action.assignee'),
      assigneePlaceholder: t(language, 'action.assigneePlaceholder'),
      group: t(language, 'ticket.group'),
      assignSubmit: t(language, 'action.assignSubmit'),
      followup: t(language, 'action.followup'),
      followupText: t(language, 'action.followupText'),
      followupRequired: t(language, 'action.textRequired'),
      private: t(language, 'action.private'),
      followupSubmit: t(language, 'action.followupSubmit'),
      task: t(language, 'action.task'),
      taskDescription: t(language, 'action.taskDescription'),
      taskRequired: t(language, 'action.textRequired'),
      taskStatus: t(language, 'action.taskStatus'),
      duration: t(language, 'action.duration'),
      plannedDate: t(language, 'action.plannedDate'),
      plannedTime: t(language, 'action.plannedTime'),
      taskSubmit: t(language, 'action.taskSubmit'),
      wait: t(language, 'action.wait'),
      waitReason: t(language, 'action.waitReason'),
      reasonRequired: t(language, 'action.textRequired'),
      waitUntil: t(language, 'action.waitUntil'),
      waitUntilTime: t(language, 'action.waitUntilTime'),
      waitSubmit: t(language, 'action.waitSubmit'),
      resume: t(language, 'action.resume'),
      resumeReason: t(language, 'action.resumeReason'),
      resumeSubmit: t(language, 'action.resumeSubmit'),
      edit: t(language, 'action.edit'),
      escalate: t(language, 'action.escalate'),
      alertLead: t(language, 'action.alertLead'),
      follow: t(language, 'action.follow'),
      unfollow: t(language, 'action.unfollow'),
      taskEdit: t(language, 'action.edit'),
      taskDone: t(language, 'action.taskDone'),
      solve: t(language, 'action.solve'),
      solution: t(language, 'action.solution'),
      solutionRequired: t(language, 'action.textRequired'),
      solveSubmit: t(language, 'action.solveSubmit'),
      addToKb: t(language, 'kb.addToKb'),
      searchKb: t(language, 'kb.searchForTicket'),
      searchKbQuery: t(language, 'kb.searchQuery'),
      searchKbSubmit: t(language, 'kb.searchSubmit'),
      comment: t(language, 'action.comment'),
      commentText: t(language, 'action.commentText'),
      commentRequired: t(language, 'action.textRequired'),
      commentSubmit: t(language, 'action.commentSubmit'),
      open: t(language, 'action.open'),
      solutionQuestion: t(language, 'solution.question'),
      approve: t(language, 'action.approve'),
      refuse: t(language, 'action.refuse'),
      refuseReason: t(language, 'action.refuseReason'),
      refuseRequired: t(language, 'action.refuseRequired'),
      refuseSubmit: t(language, 'action.refuseSubmit'),
      close: t(language, 'action.close'),
      reopen: t(language, 'action.reopen'),
      reopenReason: t(language, 'action.reopenReason'),
      reopenRequired: t(language, 'action.reopenRequired'),
      reopenSubmit: t(language, 'action.reopenSubmit'),
      surveyQuestion: t(language, 'survey.question'),
      surveyRating: t(language, 'survey.rating'),
      surveyRatingRequired: t(language, 'survey.ratingRequired'),
      surveyComment: t(language, 'survey.comment'),
      surveySend: t(language, 'survey.send'),
      persists: t(language, 'survey.persists'),
      reopenFromSurvey: t(language, 'survey.reopen'),
    });
    labelsByLanguage.set(language, labels);
  }
  return labels;
}

const statusesByLanguage = new Map<Language, readonly { title: string; value: string }[]>();

function taskStatuses(language: Language): readonly { title: string; value: string }[] {
  let statuses = statusesByLanguage.get(language);
  if (!statuses) {
    statuses = Object.freeze(
      (['todo', 'done', 'information'] as const).map((status) => Object.freeze({ title: t(language, `task.${status}`), value: status })),
    );
    statusesByLanguage.set(language, statuses);
  }
  return statuses;
}
