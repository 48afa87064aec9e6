import listTemplate from '../../cards/ticket-list.card.json' with { type: 'json' };
import type { TicketPage } from '../domain/ports/ticket.repository.js';
import { formatDateTime } from './format.js';
import { levelLabel, statusLabel, t, type Language } from './i18n.js';
import { renderCard } from './render-card.js';

export const TICKETS_PER_PAGE = 5;

export function ticketListCard(page: TicketPage, pageIndex: number, language: Language, timeZone: string | undefined) {
  const pages = Math.max(1, Math.ceil(page.total / TICKETS_PER_PAGE));
  return renderCard(listTemplate, {
    title: t(language, 'list.title'),
    empty: t(language, 'list.empty'),
    rows: page.tickets.map((ticket) => ({
      number: ticket.number,
      label: `#${ticket.number}`,
      title: ticket.title,
      meta: [
        statusLabel(language, ticket.status),
        `${t(language, 'ticket.priority')} ${levelLabel(language, ticket.priority)}`,
        formatDateTime(ticket.createdAt, language, timeZone),
      ].join(' · '),
    })),
    pageText: t(language, 'list.page', { page: pageIndex + 1, pages, total: page.total }),
    hasPrevious: pageIndex > 0,
    hasNext: pageIndex + 1 < pages,
    previousPage: pageIndex - 1,
    nextPage: pageIndex + 1,
    previousLabel: t(language, 'list.previous'),
    nextLabel: t(language, 'list.next'),
  });
}
