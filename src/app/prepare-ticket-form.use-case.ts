import { suggestLevels, suggestLocation, type LevelSuggestion } from '../domain/call-summary.js';
import { categorySuggestion, type Category } from '../domain/category.js';
import { descriptionFromMessage, titleFromMessage } from '../domain/intake.js';
import { TICKET_LIMITS } from '../domain/ticket.js';
import { cutAt } from '../domain/text.js';

/** What the new-ticket form starts with; the requester checks it before anything is stored. */
export interface PreparedTicket {
  /** the form's idempotency key: one ticket however often « Create » is clicked */
  readonly draftId: string;
  readonly title: string;
  readonly description: string;
  readonly categoryId: string | null;
  /** the category's keyword found first in the message: why that category (null with no category) */
  readonly categoryKeyword: string | null;
  /** a deadline or blocked work raises it; level 3 with reason 'default' when the message says nothing */
  readonly urgency: LevelSuggestion;
  /** who is affected (« toute l'équipe », « seule concernée »); level 3 with reason 'default' otherwise */
  readonly impact: LevelSuggestion;
  /** « 2e étage », « bureau 214 » as written ('' when the message names no place) */
  readonly location: string;
}

const NO_LEVEL: LevelSuggestion = { level: 3, reason: { kind: 'default' } };

/**
 * A described problem becomes a prefilled form, read as a technician's call summary is
 * (issue 11, point 5): title from its first sentence, the whole message as description, a
 * category that weighs the device named before the channel it uses, urgency and impact with
 * the words that raised them, and the place it names. « nouveau ticket » gets a blank one.
 * Nothing is stored until the form is sent.
 */
export class PrepareTicketForm {
  constructor(
    private readonly categories: readonly Category[],
    private readonly newDraftId: () => string,
  ) {}

  execute(message?: string): PreparedTicket {
    const draftId = this.newDraftId();
    if (!message) {
      return { draftId, title: '', description: '', categoryId: null, categoryKeyword: null, urgency: NO_LEVEL, impact: NO_LEVEL, location: '' };
    }
    const category = categorySuggestion(this.categories, message);
    const { urgency, impact } = suggestLevels(message);
    return {
      draftId,
      title: titleFromMessage(message),
      description: descriptionFromMessage(message),
      categoryId: category?.id ?? null,
      categoryKeyword: category?.keyword ?? null,
      urgency,
      impact,
      location: cutAt(suggestLocation(message) ?? '', TICKET_LIMITS.locationMax),
    };
  }
}
