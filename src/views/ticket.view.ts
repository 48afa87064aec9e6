import ticketTemplate from '../../cards/ticket.card.json' with { type: 'json' };
import { categoryPath, type Category } from '../domain/category.js';
import type { Level } from '../domain/priority.js';
import type { Ticket } from '../domain/ticket.js';
import { formatDateTime } from './format.js';
import { levelLabel, statusLabel, t, typeLabel, type Language } from './i18n.js';
import { renderCard } from './render-card.js';

const PRIORITY_COLOR: Record<Level, string> = { 1: 'Default', 2: 'Default', 3: 'Accent', 4: 'Warning', 5: 'Attention' };

export interface TicketViewContext {
  readonly language: Language;
  readonly timeZone: string | undefined;
  readonly categories: readonly Category[];
  /** a one-line banner above the ticket, e.g. "Ticket saved" */
  readonly notice?: string;
}

export function ticketCard(ticket: Ticket, ctx: TicketViewContext) {
  const { language } = ctx;
  const none = t(language, 'ticket.none');
  return renderCard(ticketTemplate, {
    notice: ctx.notice ?? '',
    number: `#${ticket.number}`,
    title: ticket.title,
    statusLabel: statusLabel(language, ticket.status),
    priorityText: t(language, 'ticket.priorityValue', { level: levelLabel(language, ticket.priority) }),
    priorityColor: PRIORITY_COLOR[ticket.priority],
    description: ticket.description,
    facts: [
      { title: t(language, 'ticket.type'), value: typeLabel(language, ticket.type) },
      { title: t(language, 'ticket.category'), value: categoryPath(ctx.categories, ticket.categoryId, language) ?? none },
      { title: t(language, 'ticket.requester'), value: ticket.requester.name },
      { title: t(language, 'ticket.assignee'), value: ticket.assignee?.name ?? t(language, 'ticket.unassigned') },
      { title: t(language, 'ticket.location'), value: ticket.location || none },
      { title: t(language, 'ticket.created'), value: formatDateTime(ticket.createdAt, language, ctx.timeZone) },
    ],
  });
}
