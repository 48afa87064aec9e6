import ticketTemplate from '../../cards/ticket.card.json' with { type: 'json' };
import type { Actor } from '../domain/actor.js';
import { categoryPath, type Category } from '../domain/category.js';
import type { Group } from '../domain/group.js';
import { canStartFrom } from '../domain/lifecycle.js';
import { isAllowed } from '../domain/permissions.js';
import type { Level } from '../domain/priority.js';
import type { CommandType } from '../domain/ticket-command.js';
import type { Ticket } from '../domain/ticket.js';
import { formatDateTime } from './format.js';
import { levelLabel, statusLabel, t, typeLabel, type Language } from './i18n.js';
import { renderCard } from './render-card.js';

/** Teams refuses messages over ~28 KB: long texts are cut on the card (kept whole in the ticket). */
const DESCRIPTION_SHOWN = 1_500;
const FOLLOWUP_SHOWN = 800;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max).trimEnd()}…` : text);

const PRIORITY_COLOR: Record<Level, string> = { 1: 'Default', 2: 'Default', 3: 'Accent', 4: 'Warning', 5: 'Attention' };

export type CardAudience = 'requester' | 'technician';

export interface TicketViewContext {
  readonly language: Language;
  readonly timeZone: string | undefined;
  readonly categories: readonly Category[];
  /** requesters never see private followups, tasks or staff buttons */
  readonly audience?: CardAudience;
  /** who looks at the card, when known: buttons follow what they may do */
  readonly viewer?: Actor;
  /** the channel card: take, assign, open, nothing more */
  readonly compact?: boolean;
  /** a one-line banner above the ticket, e.g. "Ticket saved" */
  readonly notice?: string;
  readonly noticeStyle?: 'good' | 'warning' | 'attention';
  /** for the assign form */
  readonly groups?: readonly Group[];
  /** users whose Teams client refreshes this card on open (per-user views) */
  readonly refreshUserIds?: readonly string[];
}

const STAFF_BUTTONS: Readonly<Record<string, CommandType>> = {
  take: 'take',
  assign: 'assign',
  followup: 'addFollowup',
  task: 'addTask',
  wait: 'wait',
  resume: 'resume',
  solve: 'proposeSolution',
};

function buttons(ticket: Ticket, ctx: TicketViewContext): Record<string, boolean> {
  const audience = ctx.audience ?? 'requester';
  const may = (command: CommandType) =>
    canStartFrom(command, ticket.status) &&
    (ctx.viewer ? isAllowed(ctx.viewer, command, ticket) : audience === 'technician' ? command !== 'comment' : command === 'comment');
  const can: Record<string, boolean> = {};
  for (const [button, command] of Object.entries(STAFF_BUTTONS)) {
    can[button] = audience === 'technician' && may(command);
  }
  can.take = can.take && ticket.assignee === null;
  // Teams shows five actions at most: an unassigned ticket is taken before tasks are added
  if (can.take) can.task = false;
  can.comment = audience === 'requester' && may('comment');
  can.open = false;
  if (ctx.compact) {
    for (const button of ['followup', 'task', 'wait', 'resume', 'solve']) can[button] = false;
    can.open = true;
  }
  return can;
}

export function ticketCard(ticket: Ticket, ctx: TicketViewContext) {
  const { language } = ctx;
  const audience = ctx.audience ?? 'requester';
  const none = t(language, 'ticket.none');
  const groupName = (id: string | null) => {
    const group = ctx.groups?.find((g) => g.id === id);
    return group ? group.name[language] : (id ?? none);
  };
  const staffGroups = ctx.groups ?? [];
  const groupOfTicket = staffGroups.find((g) => g.id === ticket.groupId);
  const can = buttons(ticket, ctx);
  // nothing to pick from (no groups known yet): no assign form rather than an empty one
  if (staffGroups.length === 0) can.assign = false;
  const notice = ctx.notice ?? '';
  const followups = ticket.followups
    // a channel card is seen by the whole team, not only by technicians
    .filter((f) => (audience === 'technician' && !ctx.compact) || f.visibility === 'public')
    .slice(-5)
    .map((f) => ({
      heading: [
        f.author.name,
        formatDateTime(f.at, language, ctx.timeZone),
        ...(f.visibility === 'private' ? [t(language, 'followup.privateTag')] : []),
      ].join(' · '),
      text: f.kind === 'takenInCharge' ? t(language, 'followup.takenInCharge', { name: f.author.name }) : clip(f.text, FOLLOWUP_SHOWN),
      style: f.visibility === 'private' ? 'warning' : f.kind === 'takenInCharge' ? 'good' : 'emphasis',
    }));
  const tasks =
    audience === 'technician' && !ctx.compact
      ? ticket.tasks.slice(-5).map((task) => ({
          line: [
            `${task.status === 'done' ? '☑' : task.status === 'todo' ? '☐' : 'ℹ'} ${task.description}`,
            `${task.durationMinutes} min`,
            ...(task.plannedStart
              ? [t(language, 'task.plannedAt', { at: formatDateTime(task.plannedStart, language, ctx.timeZone) })]
              : []),
          ].join(' · '),
        }))
      : [];
  return renderCard(ticketTemplate, {
    // plain flags for the template's $when: cheaper to bind than comparisons
    show: { notice: notice !== '', followups: followups.length > 0, tasks: tasks.length > 0 },
    notice,
    noticeStyle: ctx.noticeStyle ?? 'good',
    number: ticket.number,
    version: ticket.version,
    label: `#${ticket.number}`,
    title: ticket.title,
    statusLabel: statusLabel(language, ticket.status),
    priorityText: t(language, 'ticket.priorityValue', { level: levelLabel(language, ticket.priority) }),
    priorityColor: PRIORITY_COLOR[ticket.priority],
    description: clip(ticket.description, DESCRIPTION_SHOWN),
    timeZone: ctx.timeZone ?? 'UTC',
    groupId: ticket.groupId ?? '',
    facts: [
      { title: t(language, 'ticket.type'), value: typeLabel(language, ticket.type) },
      { title: t(language, 'ticket.category'), value: categoryPath(ctx.categories, ticket.categoryId, language) ?? none },
      { title: t(language, 'ticket.requester'), value: ticket.requester.name },
      { title: t(language, 'ticket.assignee'), value: ticket.assignee?.name ?? t(language, 'ticket.unassigned') },
      ...(audience === 'technician' ? [{ title: t(language, 'ticket.group'), value: groupName(ticket.groupId) }] : []),
      ...(ticket.status === 'pending' && ticket.pendingReason
        ? [{ title: t(language, 'ticket.pendingReason'), value: ticket.pendingReason }]
        : []),
      ...(ticket.solution ? [{ title: t(language, 'ticket.solution'), value: ticket.solution.text }] : []),
      { title: t(language, 'ticket.location'), value: ticket.location || none },
      { title: t(language, 'ticket.created'), value: formatDateTime(ticket.createdAt, language, ctx.timeZone) },
    ],
    followups,
    tasks,
    can,
    technicians: (groupOfTicket?.technicians ?? []).map((tech) => ({ title: tech.name, value: tech.id })),
    groups: staffGroups.map((g) => ({ title: g.name[language], value: g.id })),
    taskStatuses: taskStatuses(language),
    // Teams user ids (`29:…`) of the readers who get the per-user refresh; none in shared conversations
    refreshUserIds: [...(ctx.refreshUserIds ?? [])],
    labels: ticketLabels(language),
  });
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
      waitSubmit: t(language, 'action.waitSubmit'),
      resume: t(language, 'action.resume'),
      solve: t(language, 'action.solve'),
      solution: t(language, 'action.solution'),
      solutionRequired: t(language, 'action.textRequired'),
      solveSubmit: t(language, 'action.solveSubmit'),
      comment: t(language, 'action.comment'),
      commentText: t(language, 'action.commentText'),
      commentRequired: t(language, 'action.textRequired'),
      commentSubmit: t(language, 'action.commentSubmit'),
      open: t(language, 'action.open'),
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
