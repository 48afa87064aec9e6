import listTemplate from '../../cards/ticket-list.card.json' with { type: 'json' };
import type { TicketPage } from '../domain/ports/ticket.repository.js';
import { DEFAULT_SORT, type QueueName, type QueueSort } from '../domain/queue.js';
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

/**
 * One page of a queue. Each line opens its ticket with the list's `queue`, `sort` and
 * `page` in the data, so the ticket card can lead back to this very page.
 */
export function ticketListCard(page: TicketPage, view: ListView, language: Language, timeZone: string | undefined) {
  const { queue, sort, page: pageIndex } = view;
  // the one other order worth offering: by priority, or back to this queue's usual order
  const usual = DEFAULT_SORT[queue];
  const otherSort: QueueSort = sort !== 'priority' ? 'priority' : usual !== 'priority' ? usual : 'age';
  const pages = Math.max(1, Math.ceil(page.total / TICKETS_PER_PAGE));
  return renderCard(listTemplate, {
    title: t(language, `list.title.${queue}`),
    empty: t(language, queue === 'requested' ? 'list.empty' : 'list.empty.queue'),
    queue,
    sort,
    page: String(pageIndex),
    otherSort,
    sortLabel: t(language, `list.sort.${otherSort}`),
    rows: page.tickets.map((ticket) => ({
      number: ticket.number,
      label: `#${ticket.number}`,
      title: plainText(ticket.title),
      meta: [
        statusLabel(language, ticket.status),
        `${t(language, 'ticket.priority')} ${levelLabel(language, ticket.priority)}`,
        ...(queue !== 'requested' ? [ticket.assignee ? plainText(ticket.assignee.name) : t(language, 'ticket.unassigned')] : []),
        formatDateTime(ticket.createdAt, language, timeZone),
      ].join(' · '),
    })),
    pageText: t(language, 'list.page', { page: pageIndex + 1, pages, count: page.total }),
    hasPrevious: pageIndex > 0,
    hasNext: pageIndex + 1 < pages,
    previousPage: pageIndex - 1,
    nextPage: pageIndex + 1,
    previousLabel: t(language, 'list.previous'),
    nextLabel: t(language, 'list.next'),
  });
}
