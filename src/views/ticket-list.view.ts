import listTemplate from '../../cards/ticket-list.card.json' with { type: 'json' };
import type { Group } from '../domain/group.js';
import type { TicketPage } from '../domain/ports/ticket.repository.js';
import { DEFAULT_SORT, queueStandingOf, sortFor, spansGroups, type QueueName, type QueueSort, type QueueStanding } from '../domain/queue.js';
import type { Ticket } from '../domain/ticket.js';
import { STANDING_COLOUR } from './colours.js';
import { formatDateTime } from './format.js';
import { levelLabel, statusLabel, t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';

export const TICKETS_PER_PAGE = 5;

/** Which list is shown: its queue, order and page travel in every button's data (`queue`, `sort`, `page`). */
export interface ListView {
  readonly queue: QueueName;
  readonly sort: QueueSort;
  readonly page: number;
}

/** A page as ListQueue gives it: the lead queues read their lines against its time and name its groups. */
export type ListedPage = TicketPage & { readonly asOf?: Date; readonly groups?: readonly Group[] };

/**
 * One page of a queue. Each line opens its ticket with the list's `queue`, `sort` and
 * `page` in the data, so the ticket card can lead back to this very page. The queues that
 * span groups (« alertes », « global ») name each ticket's group and say how late it is,
 * or how long it has left once at risk, as of the time the page was read.
 */
export function ticketListCard(page: ListedPage, view: ListView, language: Language, timeZone: string | undefined) {
  const { queue, page: pageIndex } = view;
  // an order this queue does not offer was never listed: the card says the one ListQueue used
  const sort = sortFor(queue, view.sort);
  // the one other order worth offering: by priority, or back to this queue's usual order
  const usual = DEFAULT_SORT[queue];
  const otherSort: QueueSort = sort !== 'priority' ? 'priority' : usual !== 'priority' ? usual : 'age';
  const pages = Math.max(1, Math.ceil(page.total / TICKETS_PER_PAGE));
  const wide = spansGroups(queue);
  const now = page.asOf ?? new Date();
  const groupName = (ticket: Ticket) =>
    plainText(page.groups?.find((group) => group.id === ticket.groupId)?.name[language] ?? ticket.groupId ?? t(language, 'list.noGroup'));
  return renderCard(listTemplate, {
    title: t(language, `list.title.${queue}`),
    empty: t(language, queue === 'requested' ? 'list.empty' : queue === 'atRisk' ? 'list.empty.atRisk' : 'list.empty.queue'),
    queue,
    sort,
    page: String(pageIndex),
    otherSort,
    sortLabel: t(language, `list.sort.${otherSort}`),
    rows: page.tickets.map((ticket) => {
      const standing = wide ? queueStandingOf(ticket, now) : null;
      return {
        number: ticket.number,
        label: `#${ticket.number}`,
        title: plainText(ticket.title),
        meta: [
          statusLabel(language, ticket.status),
          `${t(language, 'ticket.priority')} ${levelLabel(language, ticket.priority)}`,
          ...(wide ? [groupName(ticket)] : []),
          ...(queue !== 'requested' ? [ticket.assignee ? plainText(ticket.assignee.name) : t(language, 'ticket.unassigned')] : []),
          formatDateTime(ticket.createdAt, language, timeZone),
        ].join(' · '),
        hasStanding: standing !== null,
        standing: standing ? standingText(language, standing) : '',
        standingColor: STANDING_COLOUR[standing?.kind === 'late' ? 'late' : 'atRisk'],
      };
    }),
    // past the counted cap the page count is unknown: « Suivants » while pages come full
    pageText: page.totalCapped
      ? t(language, 'list.pageCapped', { page: pageIndex + 1, count: new Intl.NumberFormat(language).format(page.total) })
      : t(language, 'list.page', { page: pageIndex + 1, pages, count: page.total }),
    hasPrevious: pageIndex > 0,
    hasNext: page.totalCapped ? page.tickets.length === TICKETS_PER_PAGE : pageIndex + 1 < pages,
    previousPage: pageIndex - 1,
    nextPage: pageIndex + 1,
    previousLabel: t(language, 'list.previous'),
    nextLabel: t(language, 'list.next'),
  });
}

const MINUTE = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

/** « En retard de 2 h » / « À risque : 45 min restantes », in wall-clock time as the reader lives it. */
function standingText(language: Language, standing: QueueStanding): string {
  if (standing.kind === 'late') {
    // late by whole minutes gone by, at least one once the due time has passed
    return t(language, 'list.late', { late: durationOf(language, Math.max(1, Math.floor(standing.byMs / MINUTE))).text });
  }
  // time left rounded up: « 0 min » would read as late
  const left = durationOf(language, Math.max(1, Math.ceil(standing.leftMs / MINUTE)));
  return t(language, left.unit === 'days' ? 'list.atRisk.days' : 'list.atRisk', { left: left.text, count: left.count });
}

/**
 * « 45 min », « 2 h », « 2 h 15 », « 3 j 4 h »: minutes are dropped past a day. `count`
 * chooses the plural: « 1 h restante », but « 1 h 30 restantes ».
 */
function durationOf(language: Language, minutes: number): { text: string; count: number; unit: 'minutes' | 'hours' | 'days' } {
  if (minutes < HOUR_MINUTES) return { text: t(language, 'list.duration.minutes', { minutes }), count: minutes, unit: 'minutes' };
  if (minutes < DAY_MINUTES) {
    const hours = Math.floor(minutes / HOUR_MINUTES);
    const rest = minutes % HOUR_MINUTES;
    const text = rest === 0 ? t(language, 'list.duration.hours', { hours }) : t(language, 'list.duration.hoursMinutes', { hours, minutes: rest });
    return { text, count: rest === 0 ? hours : hours + 1, unit: 'hours' };
  }
  const days = Math.floor(minutes / DAY_MINUTES);
  const hours = Math.floor((minutes % DAY_MINUTES) / HOUR_MINUTES);
  const text = hours === 0 ? t(language, 'list.duration.days', { days }) : t(language, 'list.duration.daysHours', { days, hours });
  return { text, count: hours === 0 ? days : days + 1, unit: 'days' };
}
