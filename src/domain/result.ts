/**
 * Expected failures are values, not exceptions: callers must handle them, and the
 * stable `code` lets the bot pick a localized message without parsing text.
 */
export type ErrorCode =
  | 'TICKET.INVALID_TRANSITION'
  | 'TICKET.FORBIDDEN'
  | 'TICKET.VALIDATION'
  | 'TICKET.NOT_FOUND'
  | 'TICKET.CONFLICT'
  | 'TICKET.ALREADY_TAKEN'
  /** the clock tried to close a ticket whose due time has not come (or that has none) */
  | 'TICKET.NOT_DUE'
  /** the survey of a closed ticket is over (or was never opened): no rating, no reopening by the requester */
  | 'TICKET.SURVEY_CLOSED'
  /** the survey takes one answer */
  | 'TICKET.ALREADY_RATED'
  /** a helpdesk-wide action (link a channel, list failures) the actor may not do */
  | 'HELPDESK.FORBIDDEN'
  | 'HELPDESK.UNKNOWN_GROUP'
  | 'HELPDESK.UNKNOWN_TECHNICIAN'
  /** « stats » over a number of days it does not offer (7, 30, 90) */
  | 'HELPDESK.UNKNOWN_PERIOD'
  /** an article's field is missing or too long (`details.field`, `details.max`) */
  | 'KB.VALIDATION'
  /** no such article, or a draft someone who may not read drafts asked for */
  | 'KB.NOT_FOUND'
  /** the article changed since the editor opened it */
  | 'KB.CONFLICT'
  | 'STORAGE.MALFORMED';

export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  /**
   * what the message needs to say what was refused: `capability` (a FORBIDDEN), `field`
   * and `max` (a VALIDATION), `status`, `number`, `assignee`, `group`, `until` (a SURVEY_CLOSED),
   * `autoCloseAt` (a NOT_DUE), `rating` (an ALREADY_RATED) (src/views/error.view.ts)
   */
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const fail = (
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Result<never> => ({ ok: false, error: { code, message, details } });
