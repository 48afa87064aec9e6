import messageTemplate from '../../cards/message.card.json' with { type: 'json' };
import { CAPABILITIES, type Capability } from '../domain/capabilities.js';
import type { DomainError } from '../domain/result.js';
import { TICKET_STATUSES, type TicketStatus } from '../domain/ticket.js';
import { statusLabel, t, type Language, type MessageKey } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';

/**
 * The one sentence a user reads for a domain error, in their language. Every screen that
 * shows a refusal (a card's notice, a chat answer, the form) asks this function, so the
 * same error always reads the same. It says what was refused when the details allow:
 * the action (`details.capability`), the field and its limit (`details.field`, `details.max`).
 */
export function errorText(language: Language, error: DomainError): string {
  const details = error.details ?? {};
  switch (error.code) {
    case 'TICKET.FORBIDDEN':
    case 'HELPDESK.FORBIDDEN': {
      const capability = capabilityOf(details.capability);
      if (capability) return t(language, `forbidden.${capability}`);
      return t(language, error.code === 'TICKET.FORBIDDEN' ? 'error.forbidden' : 'error.forbiddenHere');
    }
    case 'TICKET.VALIDATION':
    case 'KB.VALIDATION':
      return validationText(language, details);
    case 'KB.NOT_FOUND':
      return t(language, 'error.articleNotFound');
    case 'KB.CONFLICT':
      return t(language, 'error.articleConflict');
    case 'TICKET.INVALID_TRANSITION': {
      const status = statusOf(details.status);
      return status ? t(language, 'error.invalidTransitionFrom', { status: statusLabel(language, status) }) : t(language, 'error.invalidTransition');
    }
    case 'TICKET.NOT_FOUND':
      return typeof details.number === 'number' ? t(language, 'error.notFoundNumber', { number: details.number }) : t(language, 'error.notFound');
    case 'TICKET.CONFLICT':
      return t(language, 'error.conflict');
    case 'TICKET.ALREADY_TAKEN':
      return typeof details.assignee === 'string' ? t(language, 'error.alreadyTakenBy', { name: details.assignee }) : t(language, 'error.alreadyTaken');
    case 'TICKET.SURVEY_CLOSED':
      return t(language, 'error.surveyClosed');
    case 'TICKET.ALREADY_RATED':
      return t(language, 'error.alreadyRated');
    case 'TICKET.NOT_DUE':
      // the clock's three due times: a resumption, an escalation level, the automatic closing
      if (Object.hasOwn(details, 'pendingUntil')) return t(language, 'error.notDueResume');
      if (Object.hasOwn(details, 'next')) return t(language, 'error.notDueLevel');
      return t(language, 'error.notDue');
    case 'HELPDESK.UNKNOWN_GROUP':
      return typeof details.group === 'string' ? t(language, 'error.unknownGroupNamed', { group: details.group }) : t(language, 'error.unknownGroup');
    case 'HELPDESK.UNKNOWN_TECHNICIAN':
      return t(language, 'error.unknownTechnician');
    case 'HELPDESK.UNKNOWN_PERIOD':
      return t(language, 'statistics.periods');
    case 'STORAGE.MALFORMED':
      return t(language, 'error.internal');
  }
}

/** A domain error as a short card, for answers that are not a ticket card with a notice. */
export const errorCard = (language: Language, error: DomainError) =>
  // the sentence may quote names and ids people typed: shown as text, never as markdown
  renderCard(messageTemplate, { title: t(language, 'error.title'), text: plainText(errorText(language, error)), color: 'Attention' });

/** The label of each field a command can refuse; the sentence around it says what is wrong. */
const FIELD_LABEL: Readonly<Record<string, MessageKey>> = {
  title: 'field.title',
  description: 'field.description',
  location: 'field.location',
  urgency: 'field.urgency',
  impact: 'field.impact',
  followup: 'field.followup',
  comment: 'field.comment',
  reason: 'field.reason',
  solution: 'field.solution',
  taskDescription: 'field.taskDescription',
  duration: 'field.duration',
  summary: 'field.summary',
  symptoms: 'field.symptoms',
};

/** Fields whose refusal is a sentence of its own rather than "<label> is required / too long". */
const FIELD_SENTENCE: Readonly<Record<string, MessageKey>> = {
  assignee: 'error.assignNeedsTarget',
  type: 'error.type',
  category: 'error.category',
  rating: 'error.rating',
  until: 'error.until',
  task: 'error.noSuchTask',
  taskStatus: 'error.taskStatus',
  group: 'error.sameGroup',
  targetGroup: 'error.targetGroup',
  language: 'error.articleLanguage',
};

function validationText(language: Language, details: Readonly<Record<string, unknown>>): string {
  const field = typeof details.field === 'string' ? details.field : '';
  if (Object.hasOwn(FIELD_SENTENCE, field)) return t(language, FIELD_SENTENCE[field]);
  const label = t(language, FIELD_LABEL[field] ?? 'field.text');
  if (field === 'urgency' || field === 'impact') return t(language, 'error.levelRange', { field: label });
  if (field === 'duration') return t(language, 'error.wholeMinutes', { field: label });
  if (typeof details.max === 'number') return t(language, 'error.tooLong', { field: label, max: details.max });
  return t(language, 'error.required', { field: label });
}

const capabilityOf = (value: unknown): Capability | null =>
  typeof value === 'string' && Object.hasOwn(CAPABILITIES, value) ? (value as Capability) : null;

const statusOf = (value: unknown): TicketStatus | null =>
  typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value) ? (value as TicketStatus) : null;
