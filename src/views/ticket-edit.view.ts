import formTemplate from '../../cards/ticket-edit.card.json' with { type: 'json' };
import type { Category } from '../domain/category.js';
import { TICKET_LIMITS, type Ticket } from '../domain/ticket.js';
import { levelLabel, t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { classificationChoices } from './ticket-form.view.js';
import { renderCard } from './render-card.js';
import type { ListRef } from './ticket.view.js';

/** What was typed on a refused edit form, as the inputs hold it: it goes back into them. */
export interface TicketEditTyped {
  readonly title?: string;
  readonly type?: string;
  readonly category?: string;
  readonly urgency?: string;
  readonly impact?: string;
}

export interface TicketEditContext {
  readonly language: Language;
  readonly categories: readonly Category[];
  readonly back?: ListRef;
  readonly typed?: TicketEditTyped;
  /** the refusal, already in words */
  readonly error?: string;
}

/**
 * « Modifier… » (seed 002 step 6: the classification is checked again at resolution): title,
 * type, category, urgency and impact, prefilled with the ticket's, or with what was typed when
 * the form comes back refused. The priority it shows is the one the change will move.
 */
export function ticketEditCard(ticket: Ticket, ctx: TicketEditContext): Record<string, unknown> {
  const { language } = ctx;
  const error = ctx.error ?? '';
  const priority = levelLabel(language, ticket.priority);
  return renderCard(formTemplate, {
    show: { error: error !== '' },
    error: plainText(error),
    heading: t(language, 'edit.heading', { number: ticket.number }),
    priority: ticket.priorityOverride ? t(language, 'edit.priorityKept', { priority }) : t(language, 'edit.current', { priority }),
    values: {
      title: ctx.typed?.title ?? ticket.title,
      type: ctx.typed?.type ?? ticket.type,
      category: ctx.typed?.category ?? ticket.categoryId ?? '',
      urgency: ctx.typed?.urgency ?? String(ticket.urgency),
      impact: ctx.typed?.impact ?? String(ticket.impact),
    },
    limits: { title: TICKET_LIMITS.titleMax },
    ...classificationChoices(language, ctx.categories),
    ref: { number: ticket.number, version: ticket.version, ...ctx.back },
    viewRef: { number: ticket.number, ...ctx.back },
    labels: {
      title: t(language, 'form.ticketTitle'),
      titleError: t(language, 'form.ticketTitle.error', { max: TICKET_LIMITS.titleMax }),
      type: t(language, 'form.type'),
      typeError: t(language, 'form.type.error'),
      category: t(language, 'form.category'),
      categoryPlaceholder: t(language, 'edit.categoryNone'),
      urgency: t(language, 'form.urgency'),
      urgencyError: t(language, 'form.urgency.error'),
      impact: t(language, 'form.impact'),
      impactError: t(language, 'form.impact.error'),
      submit: t(language, 'edit.submit'),
      cancel: t(language, 'edit.cancel'),
    },
  });
}
