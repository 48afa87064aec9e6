import formTemplate from '../../cards/escalate-form.card.json' with { type: 'json' };
import { membersToPing, type Group } from '../domain/group.js';
import type { DomainError } from '../domain/result.js';
import { cutAt } from '../domain/text.js';
import { currentSolution, TICKET_LIMITS, type Ticket } from '../domain/ticket.js';
import { errorText } from './error.view.js';
import { formatDateTime } from './format.js';
import { t, type Language, type MessageKey } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';
import type { ListRef } from './ticket.view.js';

/**
 * The prefilled summary stays well inside Teams' ~28 KB per card whatever its characters:
 * the technician edits a summary of the latest work, not the whole history.
 */
export const PREFILL_MAX = 4_000;
/** choices beyond this are left out (the card has a size limit); a name is found by typing in the filtered list */
const TECHNICIANS_MAX = 100;

/** What was typed on the form, put back when it is refused. */
export interface EscalationTyped {
  readonly groupId?: string;
  readonly assigneeId?: string;
  readonly summary?: string;
}

export interface EscalateFormContext {
  readonly language: Language;
  readonly timeZone: string | undefined;
  /**
   * a channel or a group chat: its card is everyone's, so the summary is prefilled from what
   * that card may show (public followups), never from private notes or tasks
   */
  readonly shared: boolean;
  readonly back?: ListRef;
  readonly typed?: EscalationTyped;
  /** the refusal, already in words */
  readonly error?: string;
}

/**
 * « Escalader… »: the target group (every group but the ticket's, those with nobody on duty
 * named as such), optionally one of its technicians, and what was tried, prefilled.
 */
export function escalateFormCard(ticket: Ticket, groups: readonly Group[], ctx: EscalateFormContext): Record<string, unknown> {
  const { language } = ctx;
  const targets = groups.filter((group) => group.id !== ticket.groupId);
  const current = groups.find((group) => group.id === ticket.groupId);
  const technicians = techniciansOf(targets, language);
  const error = ctx.error ?? '';
  return renderCard(formTemplate, {
    show: { error: error !== '', form: targets.length > 0, noGroup: targets.length === 0, technicians: technicians.length > 0 },
    error: plainText(error),
    heading: t(language, 'escalation.form.title', { number: ticket.number }),
    title: plainText(ticket.title),
    current: plainText(t(language, 'escalation.form.current', { group: current?.name[language] ?? t(language, 'ticket.none'), level: ticket.escalation.supportLevel })),
    groups: targets.map((group) => ({
      title: membersToPing(group).length === 0 ? t(language, 'escalation.form.unstaffed', { group: group.name[language] }) : group.name[language],
      value: group.id,
    })),
    technicians,
    values: {
      groupId: ctx.typed?.groupId ?? '',
      assigneeId: ctx.typed?.assigneeId ?? '',
      summary: ctx.typed?.summary ?? whatWasTried(ticket, ctx),
    },
    limits: { summary: TICKET_LIMITS.followupMax },
    ref: { number: ticket.number, version: ticket.version, ...ctx.back },
    viewRef: { number: ticket.number, ...ctx.back },
    labels: {
      noGroup: t(language, 'escalation.form.noGroup'),
      group: t(language, 'escalation.form.group'),
      groupRequired: t(language, 'escalation.form.groupRequired'),
      technician: t(language, 'escalation.form.technician'),
      technicianPlaceholder: t(language, 'escalation.form.technicianPlaceholder'),
      summary: t(language, 'escalation.form.summary'),
      summaryRequired: t(language, 'escalation.form.summaryRequired'),
      hint: t(language, 'escalation.form.hint'),
      submit: t(language, 'escalation.form.submit'),
      cancel: t(language, 'escalation.form.cancel'),
    },
  });
}

/** Each technician of the target groups once, with the groups they work in (a choice's title is plain text). */
function techniciansOf(targets: readonly Group[], language: Language): { title: string; value: string }[] {
  const byId = new Map<string, { name: string; groups: string[] }>();
  for (const group of targets) {
    for (const tech of group.technicians) {
      const known = byId.get(tech.id) ?? { name: tech.name, groups: [] };
      known.groups.push(group.name[language]);
      byId.set(tech.id, known);
    }
  }
  return [...byId.entries()]
    .sort(([, a], [, b]) => a.name.localeCompare(b.name))
    .slice(0, TECHNICIANS_MAX)
    .map(([id, tech]) => ({ title: t(language, 'escalation.form.technicianIn', { name: tech.name, groups: tech.groups.join(', ') }), value: id }));
}

/** Followups that say what was tried: staff notes, earlier escalation summaries, the requester's refusals. */
const TRIED_KINDS: ReadonlySet<string> = new Set(['note', 'escalation', 'refusal']);

/**
 * The tasks, followups and refused solutions of the ticket, one line each, oldest first and
 * most recent last, so the technician edits a summary rather than retyping it. Past
 * PREFILL_MAX the oldest lines go first.
 */
export function whatWasTried(ticket: Ticket, ctx: Pick<EscalateFormContext, 'language' | 'timeZone' | 'shared'>): string {
  const { language, timeZone } = ctx;
  const at = (date: Date) => formatDateTime(date, language, timeZone);
  const line = (text: string) => text.replace(/\s+/g, ' ').trim();
  const entries: { at: Date; text: string }[] = [];
  if (!ctx.shared) {
    for (const task of ticket.tasks) {
      entries.push({
        at: task.at,
        text: t(language, 'escalation.prefill.task', {
          at: at(task.at),
          status: t(language, `task.${task.status}` as MessageKey),
          minutes: task.durationMinutes,
          text: line(task.description),
        }),
      });
    }
  }
  for (const followup of ticket.followups) {
    if (!TRIED_KINDS.has(followup.kind) || (ctx.shared && followup.visibility !== 'public') || line(followup.text) === '') continue;
    entries.push({
      at: followup.at,
      text: t(language, 'escalation.prefill.followup', { at: at(followup.at), author: followup.author.name, text: line(followup.text) }),
    });
  }
  const standing = currentSolution(ticket);
  for (const solution of ticket.solutions) {
    if (solution === standing || solution.outcome.kind !== 'refused') continue;
    entries.push({ at: solution.at, text: t(language, 'escalation.prefill.refusedSolution', { at: at(solution.at), text: line(solution.text) }) });
  }
  entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  const kept: string[] = [];
  let length = 0;
  for (const entry of entries.reverse()) {
    const room = PREFILL_MAX - length - (kept.length > 0 ? 1 : 0);
    if (room <= 0) break;
    if (entry.text.length > room) {
      // the most recent line alone may be too long: cut, never dropped
      if (kept.length === 0) kept.push(`${cutAt(entry.text, room - 1)}…`);
      break;
    }
    kept.push(entry.text);
    length += entry.text.length + (kept.length > 1 ? 1 : 0);
  }
  return kept.reverse().join('\n');
}

/**
 * The form's refusal in one sentence, as every screen says it (errorText), except a technician
 * who is not in the chosen group: named, with the group, since the form offered both.
 */
export function escalationErrorText(language: Language, error: DomainError, groups: readonly Group[]): string {
  const details = error.details ?? {};
  if (error.code !== 'HELPDESK.UNKNOWN_TECHNICIAN' || typeof details.group !== 'string') return errorText(language, error);
  const group = groups.find((g) => g.id === details.group)?.name[language] ?? details.group;
  return typeof details.name === 'string'
    ? t(language, 'escalation.error.notInGroup', { name: details.name, group })
    : t(language, 'escalation.error.notATechnician', { group });
}
