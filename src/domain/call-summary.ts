import type { Level } from './priority.js';
import type { TicketType } from './ticket.js';

/**
 * What a technician's call summary says (seed 000, steps 1–4), read by `readCallSummary`:
 * each field filled from the text when found, null otherwise (the draft card shows it empty).
 */
export interface CallChecklist {
  readonly problem: string | null;
  readonly context: string | null;
  readonly since: string | null;
  readonly workstation: string | null;
  readonly othersAffected: string | null;
  readonly tried: string | null;
}

/** Why a level was suggested, for the one-line reason the technician reads (rendered by the views). */
export type SuggestionReason =
  | { readonly kind: 'deadline'; readonly quote: string }
  | { readonly kind: 'manyAffected'; readonly quote: string }
  | { readonly kind: 'aloneAffected'; readonly quote: string }
  | { readonly kind: 'blocked'; readonly quote: string }
  | { readonly kind: 'default' };

export interface LevelSuggestion {
  readonly level: Level;
  readonly reason: SuggestionReason;
}

export interface CallSummaryReading {
  /** the caller as named in the text (« Julie Tremblay », « Mme Le Goff »), for the directory search */
  readonly callerName: string | null;
  readonly service: string | null;
  readonly location: string | null;
  readonly title: string;
  readonly checklist: CallChecklist;
  readonly type: TicketType;
  readonly categoryId: string | null;
  readonly urgency: LevelSuggestion;
  readonly impact: LevelSuggestion;
}
