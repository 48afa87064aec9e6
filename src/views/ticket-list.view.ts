import listTemplate from '../../cards/ticket-list.card.json' with { type: 'json' };
import type { TicketPage } from '../domain/ports/ticket.repository.js';
import { formatDateTime } from './format.js';
import { levelLabel, statusLabel, t, type Language, type MessageKey } from './i18n.js';
import { renderCard } from './render-card.js';

export const TICKETS_PER_PAGE = 5;

const SORT_LABEL: Record<'newest' | 'priority' | 'age', MessageKey> = {
  newest: 'list.sortByNewest',
  priority: 'list.sortByPriority',
  age: 'list.sortByAge',
};

export type ListQueueName = 'mine' | 'requested' | 'toProcess' | 'group';

const TITLE: Record<ListQueueName, MessageKey> = {
  mine: 'list.title.mine',
  requested: 'list.title',
  toProcess: 'list.title.toProcess',
  group: 'list.title.group',
};

export interface ListView {
  readonly queue: ListQueueName;
  readonly sort: 'newest' | 'priority' | 'age';
  readonly page: number;
}

export function ticketListCard(
  page: TicketPage,
  view: ListView | number,
  language: Language,
  timeZone: string | undefined,
) {
  const { queue, sort, page: pageIndex } =
    typeof view === 'number' ? ({ queue: 'requested', sort: 'newest', page: view } as const) : view;
  // the one other order worth offering: by priority, or back to this queue's usual order
  const otherSort = sort !== 'priority' ? 'priority' : queue === 'requested' ? 'newest' : 'age';
  const pages = Math.max(1, Math.ceil(page.total / TICKETS_PER_PAGE));
  return renderCard(listTemplate, {
    title: t(language, TITLE[queue]),
    empty: t(language, queue === 'requested' ? 'list.empty' : 'list.empty.queue'),
    queue,
    sort,
    otherSort,
    sortLabel: t(language, SORT_LABEL[otherSort]),
    rows: page.tickets.map((ticket) => ({
      number: ticket.number,
      label: `#${ticket.number}`,
      title: ticket.title,
      meta: [
        statusLabel(language, ticket.status),
        `${t(language, 'ticket.priority')} ${levelLabel(language, ticket.priority)}`,
        ...(queue !== 'requested' ? [ticket.assignee?.name ?? t(language, 'ticket.unassigned')] : []),
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
