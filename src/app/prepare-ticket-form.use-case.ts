import { suggestCategory, type Category } from '../domain/category.js';
import { descriptionFromMessage, titleFromMessage } from '../domain/intake.js';

/** What the new-ticket form starts with; the requester checks it before anything is stored. */
export interface PreparedTicket {
  /** the form's idempotency key: one ticket however often « Create » is clicked */
  readonly draftId: string;
  readonly title: string;
  readonly description: string;
  readonly categoryId: string | null;
}

/**
 * A described problem becomes a prefilled form (title from its first sentence, the whole
 * message as description, a suggested category); « nouveau ticket » a blank one. Nothing
 * is stored until the form is sent.
 */
export class PrepareTicketForm {
  constructor(
    private readonly categories: readonly Category[],
    private readonly newDraftId: () => string,
  ) {}

  execute(message?: string): PreparedTicket {
    const draftId = this.newDraftId();
    if (!message) return { draftId, title: '', description: '', categoryId: null };
    return {
      draftId,
      title: titleFromMessage(message),
      description: descriptionFromMessage(message),
      categoryId: suggestCategory(this.categories, message),
    };
  }
}
