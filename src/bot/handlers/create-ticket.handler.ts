import type { ZodError } from 'zod';
import type { DomainError } from '../../domain/result.js';
import type { TicketDraft } from '../../domain/ticket-command.js';
import { TICKET_LIMITS } from '../../domain/ticket.js';
import { t, type Language } from '../../views/i18n.js';
import { EMPTY_FORM, ticketFormCard, type TicketFormValues } from '../../views/ticket-form.view.js';
import { cardCopyOf, ticketCardFor } from '../ticket-response.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { createTicketData } from '../card-data.schemas.js';
import { errorCard, errorText } from '../../views/error.view.js';
import { VERBS } from '../verbs.js';

/** The domain's limit on each text of the form: what it says when that text is refused. */
const TEXT_LIMITS: Readonly<Partial<Record<keyof TicketFormValues, number>>> = {
  title: TICKET_LIMITS.titleMax,
  description: TICKET_LIMITS.descriptionMax,
  location: TICKET_LIMITS.locationMax,
};

/**
 * "Create ticket" on the new-ticket form. Bad input never loses what was typed:
 * the form comes back with the user's values and a localized list of what to fix.
 */
export class CreateTicketHandler implements CardActionHandler {
  readonly verb = VERBS.createTicket;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor, data } = context;
    const { language } = identity;
    const parsed = createTicketData.safeParse(data);
    if (!parsed.success) return this.form(language, data, cardDataMessages(language, parsed.error));
    const input = parsed.data;
    const draft: TicketDraft = {
      type: input.type,
      title: input.title,
      description: input.description,
      requester: { id: actor.id, name: actor.name },
      source: 'chat',
      categoryId: input.category === '' ? null : input.category,
      location: input.location,
      urgency: input.urgency as TicketDraft['urgency'],
      impact: input.impact as TicketDraft['impact'],
      groupId: null,
    };
    // per requester: a form seen by several people must never answer one with another's ticket
    const intakeKey = `${actor.id}:${input.draftId}`;
    // the form this click came from becomes the ticket card: recorded with the ticket, in one write
    const copy = cardCopyOf(this.services, context);
    const result = await this.services.openTicket.execute(identity.tenantId, actor, draft, intakeKey, copy ? [copy] : []);
    if (!result.ok) {
      if (result.error.code === 'TICKET.VALIDATION') {
        return this.form(language, data, [errorText(language, result.error)]);
      }
      return errorCard(language, result.error);
    }
    return ticketCardFor(this.services, context, result.value, { notice: t(language, 'ticket.createdNotice') });
  }

  /** The form again, with what the user typed (read back from the raw card data). */
  private form(language: Language, data: Record<string, unknown>, errors: string[]) {
    const values = formValuesFrom(data);
    const draftId = typeof data.draftId === 'string' && /^[0-9a-f-]{36}$/i.test(data.draftId)
      ? data.draftId
      : this.services.newDraftId();
    return ticketFormCard(language, this.services.categories, values, draftId, errors);
  }
}

/** Whatever the user typed, as strings; anything that is not text (an object, an array) is dropped. */
export function formValuesFrom(data: Record<string, unknown>): TicketFormValues {
  const read = (key: keyof TicketFormValues): string => {
    const value = data[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return key === 'title' || key === 'description' || key === 'location' ? '' : EMPTY_FORM[key];
  };
  return {
    type: read('type'),
    title: read('title'),
    description: read('description'),
    category: read('category'),
    urgency: read('urgency'),
    impact: read('impact'),
    location: read('location'),
  };
}

/**
 * One line per refused field, each read from the refusal the domain gives for that field,
 * so a problem reads the same whether the card data or the domain caught it. Data that is
 * not one of the form's inputs (a draft id) was not typed by the user: one "invalid card" line.
 */
function cardDataMessages(language: Language, error: ZodError): string[] {
  const fields = [...new Set(error.issues.map((issue) => String(issue.path[0] ?? '')))];
  const lines = fields.map((field) => {
    const refusal = isFormField(field) ? fieldRefusal(field, error) : null;
    return refusal ? errorText(language, refusal) : t(language, 'error.badData');
  });
  return [...new Set(lines)];
}

/**
 * The domain's refusal for a form field the card data got wrong (`create` in src/domain/decide.ts,
 * an unknown category in src/app/open-ticket.use-case.ts): a title that is not text is a missing
 * title, as the form shows it empty; the other texts can only be refused for their length.
 */
function fieldRefusal(field: keyof TicketFormValues, error: ZodError): DomainError {
  const max = TEXT_LIMITS[field];
  const tooLong = error.issues.some((issue) => issue.path[0] === field && issue.code === 'too_big');
  const details = max !== undefined && (tooLong || field !== 'title') ? { field, max } : { field };
  return { code: 'TICKET.VALIDATION', message: `${field} refused in the card data`, details };
}

const isFormField = (field: string): field is keyof TicketFormValues => Object.hasOwn(EMPTY_FORM, field);
