import formTemplate from '../../cards/ticket-form.card.json' with { type: 'json' };
import { flattenCategories, type Category } from '../domain/category.js';
import { LEVELS } from '../domain/priority.js';
import { TICKET_LIMITS } from '../domain/ticket.js';
import { t, type Language } from './i18n.js';
import { renderCard } from './render-card.js';

/** What the form shows in its inputs: always strings, as Adaptive Card inputs hold them. */
export interface TicketFormValues {
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly urgency: string;
  readonly impact: string;
  readonly location: string;
}

export const EMPTY_FORM: TicketFormValues = {
  type: 'incident',
  title: '',
  description: '',
  category: '',
  urgency: '3',
  impact: '3',
  location: '',
};

/** The choices every ticket form offers (type, category, urgency, impact), in the reader's language. */
export function classificationChoices(language: Language, categories: readonly Category[]) {
  return {
    types: [
      { title: t(language, 'form.type.incident'), value: 'incident' },
      { title: t(language, 'form.type.request'), value: 'request' },
    ],
    categories: flattenCategories(categories, language),
    urgencies: LEVELS.map((level) => ({ title: `${level} · ${t(language, `urgency.${level}`)}`, value: String(level) })),
    impacts: LEVELS.map((level) => ({ title: `${level} · ${t(language, `impact.${level}`)}`, value: String(level) })),
  };
}

export function ticketFormCard(
  language: Language,
  categories: readonly Category[],
  values: TicketFormValues,
  draftId: string,
  errors: readonly string[] = [],
) {
  return renderCard(formTemplate, {
    draftId,
    values,
    errors,
    // the domain's limits, so the form stops the user where the ticket would refuse them
    limits: { title: TICKET_LIMITS.titleMax, description: TICKET_LIMITS.descriptionMax, location: TICKET_LIMITS.locationMax },
    labels: {
      title: t(language, 'form.title'),
      intro: t(language, 'form.intro'),
      invalid: t(language, 'form.invalid'),
      type: t(language, 'form.type'),
      typeError: t(language, 'form.type.error'),
      ticketTitle: t(language, 'form.ticketTitle'),
      ticketTitleError: t(language, 'form.ticketTitle.error', { max: TICKET_LIMITS.titleMax }),
      description: t(language, 'form.description'),
      descriptionPlaceholder: t(language, 'form.description.placeholder'),
      descriptionError: t(language, 'form.description.error'),
      category: t(language, 'form.category'),
      categoryPlaceholder: t(language, 'form.category.placeholder'),
      urgency: t(language, 'form.urgency'),
      urgencyError: t(language, 'form.urgency.error'),
      impact: t(language, 'form.impact'),
      impactError: t(language, 'form.impact.error'),
      location: t(language, 'form.location'),
      locationPlaceholder: t(language, 'form.location.placeholder'),
      submit: t(language, 'form.submit'),
      cancel: t(language, 'form.cancel'),
    },
    ...classificationChoices(language, categories),
  });
}

/** The form prefilled from a described problem (what the PrepareTicketForm use case drew from it). */
export function preparedFormCard(
  language: Language,
  categories: readonly Category[],
  prepared: { readonly draftId: string; readonly title: string; readonly description: string; readonly categoryId: string | null },
) {
  const values = { ...EMPTY_FORM, title: prepared.title, description: prepared.description, category: prepared.categoryId ?? '' };
  return ticketFormCard(language, categories, values, prepared.draftId);
}
