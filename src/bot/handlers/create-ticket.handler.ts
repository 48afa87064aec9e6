import type { ZodError } from 'zod';
import type { DomainError } from '../../domain/result.js';
import type { TicketDraft } from '../../domain/ticket-command.js';
import { TICKET_LIMITS } from '../../domain/ticket.js';
import { t, type Language, type MessageKey } from '../../views/i18n.js';
import { EMPTY_FORM, ticketFormCard, type TicketFormValues } from '../../views/ticket-form.view.js';
import { cardCopyOf, ticketCardFor } from '../ticket-response.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { createTicketData } from '../card-data.schemas.js';
import { errorCard } from '../../views/error.view.js';
import { VERBS } from '../verbs.js';

const FIELD_KEYS: Record<string, MessageKey> = {
  title: 'error.field.title',
  description: 'error.field.description',
  location: 'error.field.location',
  type: 'error.field.type',
  urgency: 'error.field.urgency',
  impact: 'error.field.impact',
  category: 'error.field.category',
};

const LIMITS: Record<string, number> = {
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
    if (!parsed.success) return this.form(language, data, zodMessages(language, parsed.error));
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
        return this.form(language, data, [domainMessage(language, result.error)]);
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
function formValuesFrom(data: Record<string, unknown>): TicketFormValues {
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

function fieldMessage(language: Language, field: string): string {
  const key = FIELD_KEYS[field];
  return key ? t(language, key, { max: LIMITS[field] ?? '' }) : t(language, 'error.badData');
}

function zodMessages(language: Language, error: ZodError): string[] {
  const fields = [...new Set(error.issues.map((issue) => String(issue.path[0] ?? '')))];
  return [...new Set(fields.map((field) => fieldMessage(language, field)))];
}

function domainMessage(language: Language, error: DomainError): string {
  const field = typeof error.details?.field === 'string' ? error.details.field : '';
  return field ? fieldMessage(language, field) : t(language, 'error.badData');
}


