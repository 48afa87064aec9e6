import digestTemplate from '../../../cards/alert-digest.card.json' with { type: 'json' };
import type { Group } from '../../domain/group.js';
import type { AlertDigest, DigestLine } from '../../domain/ports/digest-board.js';
import { cutAt } from '../../domain/text.js';
import { languageOf, levelLabel, t, type Language } from '../i18n.js';
import { plainText } from '../plain-text.js';
import { mentionOf } from '../mention.js';
import { renderCard } from '../render-card.js';
import type { NotificationReader, RenderedNotification, Renderer } from './renderer.js';

/** Lines shown at most: the most urgent first, the rest counted (Teams refuses a message over ~28 KB). */
export const DIGEST_ROWS_MAX = 20;
/** a title is cut there on the card (two lines at most); « Ouvrir » shows it whole */
const TITLE_MAX = 120;

const MINUTE = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

/** What the card needs to know besides the digest: who reads it, which groups exist, and when it is drawn. */
export interface DigestReading {
  readonly reader: NotificationReader;
  readonly groups: readonly Group[];
  /** time left / late by are told relative to this; null tells none (a card drawn outside the dispatcher) */
  readonly now: Date | null;
}

/**
 * One digest card: the alerts of one window for one recipient, one line per ticket (its most
 * severe level), each with « Ouvrir » and, while nobody holds it, « Prendre ». In a channel the
 * group's lead is mentioned (`<at>` in the text and its entity: Teams notifies them). Lines of
 * tickets solved or moved away since are no longer listed, only counted.
 */
export function renderAlertDigest(digest: AlertDigest, { reader, groups, now }: DigestReading): RenderedNotification {
  const language = languageOf(reader.locale);
  // titled by its group, unless it gathers several groups' alerts (a lead of two groups, an escalation contact)
  const [groupId, ...others] = new Set(digest.lines.map((line) => line.groupId));
  const group = groups.find((g) => g.id === groupId);
  const title = groupId && others.length === 0 ? t(language, 'alerts.title', { group: group?.name[language] ?? groupId }) : t(language, 'alerts.titleNoGroup');
  const tickets = perTicket(digest.lines);
  const open = tickets.filter((line) => !line.handled).sort(byUrgency);
  const shown = open.slice(0, DIGEST_ROWS_MAX);
  const lead = reader.inChannel && digest.recipient.kind === 'channel' ? digest.lead : null;
  const mention = lead ? mentionOf(lead) : null;
  const at = mention?.text ?? '';
  const count = open.length;
  const sentence = (who: string) =>
    count === 0 ? t(language, 'alerts.allHandled') : who ? t(language, 'alerts.mention', { lead: who, count }) : t(language, 'alerts.summary', { count });
  const mentioned = lead !== null && count > 0;
  const handled = tickets.length - count;
  return {
    // the feed's line is plain text: the lead's name, no tag
    text: t(language, 'alerts.feed', { title, sentence: sentence(lead?.name ?? '') }),
    card: renderCard(digestTemplate, {
      title: plainText(title),
      sentence: sentence(at),
      rows: shown.map((line) => rowOf(line, digest.id, language, now)),
      more: count > shown.length ? t(language, 'alerts.more', { count: count - shown.length }) : '',
      handled: handled > 0 && count > 0 ? t(language, 'alerts.handled', { count: handled }) : '',
      labels: { open: t(language, 'action.open'), take: t(language, 'action.take'), escalate: t(language, 'action.escalate') },
      entities: mentioned && mention ? [mention.entity] : [],
    }),
  };
}

/** 'sla.alert' is never posted alone (the dispatcher gathers it into a digest); should it be, it reads as a digest of one line. */
export const slaAlert: Renderer<'sla.alert'> = ({ recipient, payload }, { reader, groups, ticket }) =>
  renderAlertDigest(
    {
      id: '',
      tenantId: ticket?.tenantId ?? '',
      recipient,
      groupId: payload.groupId,
      lead: payload.lead,
      openedAt: new Date(0),
      openUntil: new Date(0),
      version: 1,
      posted: null,
      lines: [
        {
          ...payload.line,
          groupId: payload.groupId,
          dueAt: payload.line.dueAt ? new Date(payload.line.dueAt) : null,
          clockState: 'running',
          ticketVersion: ticket?.id === payload.line.ticketId ? ticket.version : 0,
          handled: false,
        },
      ],
    },
    { reader, groups, now: null },
  );

/** What goes between `<at>` and `</at>`: the name as Teams knows it, unable to close the tag. */

/** One line per ticket: its most severe level (the later clock, the higher share). */
function perTicket(lines: readonly DigestLine[]): DigestLine[] {
  const worst = new Map<string, DigestLine>();
  for (const line of lines) {
    const kept = worst.get(line.ticketId);
    if (!kept || severity(line) > severity(kept)) worst.set(line.ticketId, line);
  }
  return [...worst.values()];
}

const severity = (line: DigestLine) => (line.clock === 'resolve' ? 1_000 : 0) + line.percent;

/** The earliest breach first (the latest already late), then the higher priority. */
function byUrgency(a: DigestLine, b: DigestLine): number {
  const due = (line: DigestLine) => (line.dueAt && line.clockState === 'running' ? line.dueAt.getTime() : Infinity);
  return due(a) - due(b) || b.priority - a.priority || a.number - b.number;
}

function rowOf(line: DigestLine, digestId: string, language: Language, now: Date | null) {
  const title = line.title.length > TITLE_MAX ? `${cutAt(line.title, TITLE_MAX).trimEnd()}…` : line.title;
  const time = timeOf(line, language, now);
  const who = line.assigneeName ? t(language, 'alerts.takenBy', { name: plainText(line.assigneeName) }) : t(language, 'alerts.unassigned');
  const ref = { number: line.number, ...(digestId ? { digest: digestId } : {}) };
  return {
    heading: `#${line.number} — ${plainText(title)}`,
    meta: [levelLabel(language, line.priority), levelOf(line, language), ...(time ? [time] : []), who].join(' · '),
    open: ref,
    canTake: line.assigneeName === null && line.ticketVersion > 0,
    take: { ...ref, version: line.ticketVersion },
  };
}

function levelOf(line: DigestLine, language: Language): string {
  if (line.percent >= 100) return t(language, line.clock === 'own' ? 'alerts.level.ownBreached' : 'alerts.level.resolveBreached');
  return t(language, line.clock === 'own' ? 'alerts.level.own' : 'alerts.level.resolve', { percent: line.percent });
}

/** « encore 25 min », « en retard de 1 h 10 », « délai suspendu »; nothing once the clock stopped (met) */
function timeOf(line: DigestLine, language: Language, now: Date | null): string | null {
  if (line.clockState === 'paused') return t(language, 'alerts.paused');
  if (line.clockState === 'stopped' || !line.dueAt || !now) return null;
  const ms = line.dueAt.getTime() - now.getTime();
  // late by whole minutes gone by, at least one; time left rounded up (« 0 min » would read as late)
  if (ms < 0) return t(language, 'alerts.late', { late: durationText(language, Math.max(1, Math.floor(-ms / MINUTE))) });
  return t(language, 'alerts.left', { left: durationText(language, Math.max(1, Math.ceil(ms / MINUTE))) });
}

/** « 45 min », « 2 h », « 2 h 15 », « 3 j 4 h »: the lists' wording (ticket-list strings) */
function durationText(language: Language, minutes: number): string {
  if (minutes < HOUR_MINUTES) return t(language, 'list.duration.minutes', { minutes });
  if (minutes < DAY_MINUTES) {
    const hours = Math.floor(minutes / HOUR_MINUTES);
    const rest = minutes % HOUR_MINUTES;
    return rest === 0 ? t(language, 'list.duration.hours', { hours }) : t(language, 'list.duration.hoursMinutes', { hours, minutes: rest });
  }
  const days = Math.floor(minutes / DAY_MINUTES);
  const hours = Math.floor((minutes % DAY_MINUTES) / HOUR_MINUTES);
  return hours === 0 ? t(language, 'list.duration.days', { days }) : t(language, 'list.duration.daysHours', { days, hours });
}
