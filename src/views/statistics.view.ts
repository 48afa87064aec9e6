import statisticsTemplate from '../../cards/statistics.card.json' with { type: 'json' };
import { categoryPath, type Category } from '../domain/category.js';
import type { Group } from '../domain/group.js';
import { STATS_PERIODS, type StatsPeriod } from '../domain/ports/ticket-export.js';
import { LEVELS } from '../domain/priority.js';
import { TICKET_STATUSES } from '../domain/ticket.js';
import { BACKLOG_BUCKETS, type DayFigures, type Spread, type Statistics } from '../domain/ticket-statistics.js';
import { levelLabel, statusLabel, t, type Language, type MessageKey } from './i18n.js';
import { renderCard } from './render-card.js';

/** What « stats » shows: the figures, whose they are, and the export link (empty: none). */
export interface ShownStatistics {
  readonly days: StatsPeriod;
  /** the groups covered; null: the whole helpdesk */
  readonly groupIds: readonly string[] | null;
  readonly timeZone: string;
  readonly statistics: Statistics;
  readonly exportUrl: string;
}

const KNOWN_LEVELS = new Set(['own-75', 'own-100', 'resolve-75', 'resolve-100']);
const CATEGORIES_SHOWN = 8;

/** Business minutes as a person reads them: 42 min, 3 h 10, 2 j 4 h / 2 d 4 h. */
export function minutesText(language: Language, minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${String(m % 60).padStart(2, '0')}` : ''}`;
  const hours = Math.floor((m % (24 * 60)) / 60);
  return `${Math.floor(m / (24 * 60))} ${language === 'fr' ? 'j' : 'd'}${hours ? ` ${hours} h` : ''}`;
}

const percentText = (language: Language, part: number, whole: number) =>
  new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(whole === 0 ? 0 : part / whole);

/** a chart's axis: « 28/11 », short enough for 90 days side by side */
const axisLabel = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

const dayLabel = (language: Language, day: string) =>
  new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

/** Per day over a week; per week beyond, so a 90-day card stays readable where charts are not drawn. */
function dayLines(language: Language, byDay: readonly DayFigures[]): string[] {
  if (byDay.length <= 8) return byDay.map((d) => t(language, 'statistics.line.day', { day: dayLabel(language, d.day), opened: d.opened, closed: d.closed }));
  const lines: string[] = [];
  for (let i = 0; i < byDay.length; i += 7) {
    const week = byDay.slice(i, i + 7);
    const sum = (key: 'opened' | 'closed') => week.reduce((total, d) => total + d[key], 0);
    lines.push(t(language, 'statistics.line.week', { day: dayLabel(language, week[0]!.day), opened: sum('opened'), closed: sum('closed') }));
  }
  return lines;
}

const fact = (name: string, value: string | number) => ({ name, value: String(value) });

/** « stats »: a lead's or an admin's figures, charts where Teams draws them and the same figures in text elsewhere. */
export function statisticsCard(language: Language, categories: readonly Category[], groups: readonly Group[], shown: ShownStatistics) {
  const s = shown.statistics;
  const label = (key: MessageKey) => t(language, key);
  const spread = (value: Spread | null) =>
    value === null ? label('statistics.none') : t(language, 'statistics.spread', { median: minutesText(language, value.median), p90: minutesText(language, value.p90) });
  const compliance = (c: { met: number; total: number }) =>
    c.total === 0 ? label('statistics.none') : t(language, 'statistics.compliance', { percent: percentText(language, c.met, c.total), met: c.met, total: c.total });
  const groupNames = (shown.groupIds ?? []).map((id) => groups.find((group) => group.id === id)?.name[language] ?? id);
  const shownCategories = s.byCategory.slice(0, CATEGORIES_SHOWN);
  const average = s.satisfaction.average === null ? null : new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(s.satisfaction.average);
  return renderCard(statisticsTemplate, {
    title: t(language, 'statistics.title', { days: shown.days }),
    scope: shown.groupIds === null ? label('statistics.scope.all') : t(language, 'statistics.scope.groups', { groups: groupNames.join(', ') }),
    empty: s.opened === 0,
    labels: {
      noTicket: label('statistics.noTicket'),
      volume: label('statistics.volume'),
      byDay: label('statistics.chart.byDay'),
      axisDay: label('statistics.chart.axisDay'),
      axisTickets: label('statistics.chart.axisTickets'),
      byStatus: label('statistics.byStatus'),
      byPriority: label('statistics.byPriority'),
      byCategory: label('statistics.byCategory'),
      sla: label('statistics.sla'),
      backlog: label('statistics.backlog'),
      quality: label('statistics.quality'),
      escalations: label('statistics.escalations'),
      export: label('export.button'),
    },
    volume: [fact(label('statistics.opened'), s.opened), fact(label('statistics.closed'), s.closed)],
    series: [
      { legend: label('statistics.opened'), values: s.byDay.map((d) => ({ x: axisLabel(d.day), y: d.opened })) },
      { legend: label('statistics.closed'), values: s.byDay.map((d) => ({ x: axisLabel(d.day), y: d.closed })) },
    ],
    dayLines: dayLines(language, s.byDay),
    statusSlices: TICKET_STATUSES.filter((status) => s.byStatus[status] > 0).map((status) => ({ legend: statusLabel(language, status), value: s.byStatus[status] })),
    byStatus: TICKET_STATUSES.map((status) => fact(statusLabel(language, status), s.byStatus[status])),
    byPriority: [...LEVELS].reverse().map((level) => fact(levelLabel(language, level), s.byPriority[level])),
    byCategory:
      shownCategories.length === 0
        ? [fact(label('statistics.byCategory'), label('statistics.none'))]
        : shownCategories.map(({ categoryId, count }) => fact(categoryPath(categories, categoryId, language) ?? label('statistics.noCategory'), count)),
    sla: [
      fact(label('statistics.timeToOwn'), s.timeToOwn === null ? label('statistics.none') : `${spread(s.timeToOwn)} — ${compliance(s.ownCompliance)}`),
      fact(label('statistics.timeToResolve'), s.timeToResolve === null ? label('statistics.none') : `${spread(s.timeToResolve)} — ${compliance(s.resolveCompliance)}`),
    ],
    backlog: BACKLOG_BUCKETS.map((bucket) => fact(label(`statistics.backlog.${bucket}`), s.backlog[bucket])),
    quality: [
      fact(
        label('statistics.firstContact'),
        s.firstContact.calls === 0
          ? label('statistics.none')
          : t(language, 'statistics.firstContactValue', { percent: percentText(language, s.firstContact.solvedDuringCall, s.firstContact.calls), solved: s.firstContact.solvedDuringCall, calls: s.firstContact.calls }),
      ),
      fact(
        label('statistics.satisfaction'),
        average === null
          ? label('statistics.none')
          : t(language, 'statistics.satisfactionValue', {
              average,
              count: s.satisfaction.count,
              distribution: s.satisfaction.distribution.map((n, i) => `${i + 1}★ ${n}`).join(' · '),
            }),
      ),
      fact(label('statistics.deflections'), t(language, 'statistics.deflectionsValue', { count: s.deflections })),
    ],
    escalations: [
      ...s.escalationLevels.map(({ levelId, count }) =>
        fact(KNOWN_LEVELS.has(levelId) ? label(`statistics.level.${levelId}` as MessageKey) : t(language, 'statistics.level.other', { level: levelId }), count),
      ),
      fact(label('statistics.escalations.functional'), s.functionalEscalations),
    ],
    periods: STATS_PERIODS.map((days) => ({ days: String(days), title: t(language, 'statistics.period', { days }) })),
    exportUrl: shown.exportUrl,
  });
}
