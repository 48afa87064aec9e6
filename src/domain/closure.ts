import { RATINGS, type Rating, type Ticket } from './ticket.js';

/**
 * How a helpdesk ends its tickets (seed 003, admin file): how long a solved ticket waits
 * for its requester before the clock closes it, and how long a closed one may be rated
 * (and reopened by its requester from the survey).
 */
export interface ClosurePolicy {
  /** minutes from the solution to the automatic closing; 0 = never closed automatically */
  readonly autoCloseAfterMinutes: number;
  /** minutes from the closing during which the requester may answer the survey; 0 = no survey */
  readonly surveyMinutes: number;
}

export const DEFAULT_CLOSURE_POLICY: ClosurePolicy = {
  autoCloseAfterMinutes: 24 * 60,
  surveyMinutes: 30 * 24 * 60,
};

/** A rating this low is told to the group's lead: a lead must hear about unhappy users. */
export const LOW_RATING_MAX = 2;

export const isRating = (value: unknown): value is Rating => (RATINGS as readonly unknown[]).includes(value);

export const isLowRating = (rating: Rating): boolean => rating <= LOW_RATING_MAX;

/** When the clock closes a ticket solved at `solvedAt`, or null when the policy never does. */
export function autoCloseDueAt(solvedAt: Date, policy: ClosurePolicy = DEFAULT_CLOSURE_POLICY): Date | null {
  return policy.autoCloseAfterMinutes > 0 ? new Date(solvedAt.getTime() + policy.autoCloseAfterMinutes * 60_000) : null;
}

/** The clock may close it: solved, with a due time that has come. */
export const isAutoCloseDue = (ticket: Pick<Ticket, 'status' | 'autoCloseAt'>, now: Date): boolean =>
  ticket.status === 'solved' && ticket.autoCloseAt !== null && now.getTime() >= ticket.autoCloseAt.getTime();

/** The survey of a closed ticket still takes answers (a rating, the requester's reopening). */
export const isSurveyOpen = (ticket: Pick<Ticket, 'status' | 'survey'>, now: Date): boolean =>
  ticket.status === 'closed' && ticket.survey !== null && now.getTime() < ticket.survey.until.getTime();

/** A closed ticket the requester may still rate: none when the helpdesk has no survey (delay 0), so no notice promises one. */
export const offersSurvey = (ticket: Ticket): boolean =>
  ticket.survey !== null && ticket.closedAt !== null && ticket.survey.until.getTime() > ticket.closedAt.getTime();

/** « Oui, rouvrir » from the survey: the reason is what the requester wrote there, read from the ticket, never from the card. */
export const surveyReopenReason = (ticket: Ticket): string => ticket.survey?.answer?.comment ?? '';
