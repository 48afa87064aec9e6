import callTemplate from '../../cards/call-draft.card.json' with { type: 'json' };
import type { CallChecklist, CallSummaryReading, LevelSuggestion } from '../domain/call-summary.js';
import type { Category } from '../domain/category.js';
import type { DirectoryPerson } from '../domain/ports/directory.js';
import { TICKET_LIMITS } from '../domain/ticket.js';
import { cutAt } from '../domain/text.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { classificationChoices } from './ticket-form.view.js';
import { renderCard } from './render-card.js';

/** What the draft's inputs hold: strings, as Adaptive Card inputs send them back. */
export interface CallDraftValues {
  readonly requesterId: string;
  readonly service: string;
  readonly location: string;
  readonly title: string;
  readonly description: string;
  readonly type: string;
  readonly category: string;
  readonly urgency: string;
  readonly impact: string;
  /** Input.Toggle values: 'true' / 'false' */
  readonly assignToMe: string;
  readonly solvedDuringCall: string;
  readonly solution: string;
}

export const EMPTY_CALL_DRAFT: CallDraftValues = {
  requesterId: '',
  service: '',
  location: '',
  title: '',
  description: '',
  type: 'incident',
  category: '',
  urgency: '3',
  impact: '3',
  // seed 000 3.4: whoever takes the call usually works it
  assignToMe: 'true',
  solvedDuringCall: 'false',
  solution: '',
};

/** The draft card as drawn: its inputs, the picker's first choices, and the lines that explain the suggestions. */
export interface CallDraftCard {
  readonly draftId: string;
  readonly values: CallDraftValues;
  /** the people the picker offers before anything is typed (the match first) */
  readonly requesters: readonly DirectoryPerson[];
  /** the line under the picker: the match and how sure it is, or why there is none ('' for none) */
  readonly match: string;
  readonly urgencyReason: string;
  readonly impactReason: string;
  /** nothing was read (« appel » alone): the intro says to note the call */
  readonly empty: boolean;
  readonly errors?: readonly string[];
  /**
   * Teams' typeahead over the whole directory (the default). Off where the client has none (the
   * Agents Playground, local mode): it would show the chosen person's id and offer nobody, so
   * the picker lists the people found instead.
   */
  readonly typeahead?: boolean;
}

/** The picker's only choice before a caller is found: nobody's id, refused as « not in the directory » if sent. */
export const NO_CALLER = 'nobody';

/** How much of the department a ticket keeps: a line, not a paragraph. */
export const SERVICE_MAX = 200;
/** The reasons travel in the card's data to be drawn again with a refusal; longer ones were not drawn by us. */
export const REASON_MAX = 500;

/** « Julie Tremblay — Administration, Bureau administratif »: the person, and where they work when known. */
export function personLine(person: DirectoryPerson): string {
  const where = [person.department, person.officeLocation].filter((part): part is string => part !== null && part !== '');
  return where.length > 0 ? `${person.name} — ${where.join(', ')}` : person.name;
}

/** One line saying which level was suggested and why, in the technician's words. */
export function suggestionLine(language: Language, kind: 'urgency' | 'impact', suggestion: LevelSuggestion): string {
  const level = `${suggestion.level} · ${t(language, `${kind}.${suggestion.level}`)}`;
  const { reason } = suggestion;
  const why = reason.kind === 'default' ? t(language, 'call.reason.default') : t(language, `call.reason.${reason.kind}`, { quote: reason.quote });
  return t(language, 'call.suggestion', { level, reason: why });
}

const CHECKLIST: readonly (keyof CallChecklist)[] = ['problem', 'context', 'since', 'workstation', 'othersAffected', 'tried'];

/**
 * The description as seed 000 asks for it: one line per point of the checklist, each with
 * what the summary said or visibly « (non renseigné) », then the summary itself as typed.
 */
export function callDescription(language: Language, checklist: CallChecklist, notes: string): string {
  const missing = t(language, 'call.checklist.missing');
  const structured = CHECKLIST.map((field) =>
    t(language, 'call.checklist.line', { label: t(language, `call.checklist.${field}`), value: checklist[field] ?? missing }),
  ).join('\n');
  const summary = notes.trim();
  const full = summary === '' ? structured : `${structured}\n\n${t(language, 'call.checklist.notes')}\n${summary}`;
  return cutAt(full, TICKET_LIMITS.descriptionMax);
}

/**
 * The head of a call ticket's description: who took the call (the ticket says who recorded it,
 * whoever works it later) and the caller's department (the ticket has no field of its own for it).
 */
export function withCallHeader(language: Language, recorder: string, service: string, description: string): string {
  const trimmed = service.trim();
  const head = [t(language, 'call.recordedBy', { name: recorder }), ...(trimmed === '' ? [] : [t(language, 'call.serviceLine', { service: trimmed })])];
  return cutAt(`${head.join('\n')}\n\n${description}`, TICKET_LIMITS.descriptionMax);
}

/** What the directory match says under the picker. */
export function matchLine(
  language: Language,
  callerName: string | null,
  requester: DirectoryPerson | null,
  confidence: 'sure' | 'likely' | 'unsure' | null,
  candidates: number,
): string {
  if (requester && confidence) {
    const person = personLine(requester);
    return confidence === 'unsure' ? t(language, 'call.match.unsure', { person, count: candidates }) : t(language, `call.match.${confidence}`, { person });
  }
  return callerName ? t(language, 'call.match.none', { name: callerName }) : t(language, 'call.match.noName');
}

/** The draft prefilled from a call summary's reading and the caller found in the directory. */
export function callDraftFromReading(
  language: Language,
  draft: {
    readonly draftId: string;
    readonly reading: CallSummaryReading;
    readonly requester: DirectoryPerson | null;
    readonly confidence: 'sure' | 'likely' | 'unsure' | null;
    readonly candidates: readonly DirectoryPerson[];
    readonly service: string;
    readonly location: string;
  },
  notes: string,
): CallDraftCard {
  const { reading } = draft;
  const empty = notes.trim() === '';
  return {
    draftId: draft.draftId,
    values: {
      ...EMPTY_CALL_DRAFT,
      requesterId: draft.requester?.id ?? '',
      service: cutAt(draft.service, SERVICE_MAX),
      location: cutAt(draft.location, TICKET_LIMITS.locationMax),
      title: cutAt(reading.title, TICKET_LIMITS.titleMax),
      description: callDescription(language, reading.checklist, notes),
      type: reading.type,
      category: reading.categoryId ?? '',
      urgency: String(reading.urgency.level),
      impact: String(reading.impact.level),
    },
    requesters: draft.candidates,
    match: empty ? '' : matchLine(language, reading.callerName, draft.requester, draft.confidence, draft.candidates.length),
    urgencyReason: empty ? '' : suggestionLine(language, 'urgency', reading.urgency),
    impactReason: empty ? '' : suggestionLine(language, 'impact', reading.impact),
    empty,
  };
}

/** The call-ticket draft card (Adaptive Card 1.5): checked by the technician, submitted with « Créer le ticket ». */
export function callDraftCard(language: Language, categories: readonly Category[], draft: CallDraftCard) {
  return renderCard(callTemplate, {
    draftId: draft.draftId,
    values: draft.values,
    errors: draft.errors ?? [],
    typeahead: draft.typeahead !== false,
    // a choice set needs a choice with a value: before anything is found, the one choice says to type a name
    requesters:
      draft.requesters.length > 0
        ? draft.requesters.map((person) => ({ title: personLine(person), value: person.id }))
        : [{ title: t(language, 'call.requesterPlaceholder'), value: NO_CALLER }],
    // names and reasons quote what was typed: shown as text, never as markdown
    match: plainText(draft.match),
    urgencyReason: plainText(draft.urgencyReason),
    impactReason: plainText(draft.impactReason),
    // drawn again as they are with a refusal, so they travel unescaped
    submitData: { draftId: draft.draftId, urgencyReason: draft.urgencyReason, impactReason: draft.impactReason },
    limits: {
      service: SERVICE_MAX,
      title: TICKET_LIMITS.titleMax,
      description: TICKET_LIMITS.descriptionMax,
      location: TICKET_LIMITS.locationMax,
      solution: TICKET_LIMITS.followupMax,
    },
    labels: {
      title: t(language, 'call.title'),
      intro: t(language, draft.empty ? 'call.introEmpty' : 'call.intro'),
      invalid: t(language, 'form.invalid'),
      requester: t(language, 'call.requester'),
      requesterPlaceholder: t(language, 'call.requesterPlaceholder'),
      requesterError: t(language, 'call.requesterError'),
      service: t(language, 'call.service'),
      location: t(language, 'form.location'),
      locationPlaceholder: t(language, 'form.location.placeholder'),
      ticketTitle: t(language, 'form.ticketTitle'),
      ticketTitleError: t(language, 'form.ticketTitle.error', { max: TICKET_LIMITS.titleMax }),
      description: t(language, 'form.description'),
      descriptionError: t(language, 'form.description.error'),
      type: t(language, 'form.type'),
      typeError: t(language, 'form.type.error'),
      category: t(language, 'form.category'),
      categoryPlaceholder: t(language, 'form.category.placeholder'),
      urgency: t(language, 'form.urgency'),
      urgencyError: t(language, 'form.urgency.error'),
      impact: t(language, 'form.impact'),
      impactError: t(language, 'form.impact.error'),
      assignToMe: t(language, 'call.assignToMe'),
      solvedDuringCall: t(language, 'call.solvedDuringCall'),
      solution: t(language, 'call.solution'),
      solutionPlaceholder: t(language, 'call.solutionPlaceholder'),
      submit: t(language, 'call.submit'),
      cancel: t(language, 'form.cancel'),
    },
    ...classificationChoices(language, categories),
  });
}
