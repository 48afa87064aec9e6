import formTemplate from '../../cards/ticket-form.card.json' with { type: 'json' };
import type { LevelSuggestion } from '../domain/call-summary.js';
import { flattenCategories, type Category } from '../domain/category.js';
import { LEVELS } from '../domain/priority.js';
import { TICKET_LIMITS } from '../domain/ticket.js';
import { offeredArticlesData, type OfferedArticle } from './deflection.view.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
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

/** The line under each field the form prefilled from the message, saying why ('' : nothing suggested, nothing shown). */
export interface FormSuggestionReasons {
  readonly category: string;
  readonly urgency: string;
  readonly impact: string;
  readonly location: string;
}

export const NO_REASONS: FormSuggestionReasons = { category: '', urgency: '', impact: '', location: '' };

export function ticketFormCard(
  language: Language,
  categories: readonly Category[],
  values: TicketFormValues,
  draftId: string,
  errors: readonly string[] = [],
  reasons: FormSuggestionReasons = NO_REASONS,
  /** published articles matching the problem, shown above the form (« Ceci peut vous aider ») */
  offered: readonly OfferedArticle[] = [],
) {
  return renderCard(formTemplate, {
    draftId,
    values,
    errors,
    deflection: offeredArticlesData(language, offered),
    // they quote what was typed: shown as text, never as markdown
    reasons: {
      category: plainText(reasons.category),
      urgency: plainText(reasons.urgency),
      impact: plainText(reasons.impact),
      location: plainText(reasons.location),
    },
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
      // with articles offered, creating the ticket is the way round them
      submit: t(language, offered.length > 0 ? 'deflection.createAnyway' : 'form.submit'),
      cancel: t(language, 'form.cancel'),
    },
    ...classificationChoices(language, categories),
  });
}

/** What PrepareTicketForm drew from a described problem, as the form draws it. */
export interface PreparedForm {
  readonly draftId: string;
  readonly title: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly categoryKeyword: string | null;
  readonly urgency: LevelSuggestion;
  readonly impact: LevelSuggestion;
  readonly location: string;
}

/** The values a form prefilled from a described problem starts with. */
export function preparedFormValues(prepared: PreparedForm): TicketFormValues {
  return {
    ...EMPTY_FORM,
    title: prepared.title,
    description: prepared.description,
    category: prepared.categoryId ?? '',
    urgency: String(prepared.urgency.level),
    impact: String(prepared.impact.level),
    location: prepared.location,
  };
}

/** Why a level was suggested, in the requester's words; '' when the message said nothing about it. */
function levelReason(language: Language, suggestion: LevelSuggestion): string {
  const { reason } = suggestion;
  return reason.kind === 'default' ? '' : t(language, `form.suggested.${reason.kind}`, { quote: reason.quote });
}

/** The line under each prefilled field: the words of the message that made the suggestion. */
export function preparedFormReasons(language: Language, prepared: PreparedForm): FormSuggestionReasons {
  return {
    category: prepared.categoryId !== null && prepared.categoryKeyword !== null ? t(language, 'form.suggested.category', { keyword: prepared.categoryKeyword }) : '',
    urgency: levelReason(language, prepared.urgency),
    impact: levelReason(language, prepared.impact),
    location: prepared.location === '' ? '' : t(language, 'form.suggested.location', { quote: prepared.location }),
  };
}

/** The form prefilled from a described problem, each suggestion with its reason under the field, and the articles that may solve it. */
export function preparedFormCard(language: Language, categories: readonly Category[], prepared: PreparedForm, offered: readonly OfferedArticle[] = []) {
  return ticketFormCard(language, categories, preparedFormValues(prepared), prepared.draftId, [], preparedFormReasons(language, prepared), offered);
}
