import type { z } from 'zod';
import { categoryExists } from '../../domain/category.js';
import { fail, type ErrorCode, type Result } from '../../domain/result.js';
import { TICKET_TYPES, type Ticket, type TicketType } from '../../domain/ticket.js';
import { errorCard, errorText } from '../../views/error.view.js';
import { messageCard } from '../../views/message.view.js';
import { ticketEditCard, type TicketEditTyped } from '../../views/ticket-edit.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { editTicketData, listRef } from '../card-data.schemas.js';
import { cardLanguage, ticketResponse } from '../ticket-response.js';
import { ticketForForm } from '../ticket-form.js';
import { VERBS } from '../verbs.js';

/**
 * Refusals a form cannot fix (the clicker may not, or no longer can, do it): answered with the
 * ticket as it is and the reason, as any other button would be. Every other refusal brings the
 * form back with what was typed and the sentence saying what to correct.
 */
export const NOT_FIXED_ON_FORM: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['TICKET.FORBIDDEN', 'TICKET.INVALID_TRANSITION', 'TICKET.NOT_FOUND']);

/** « Modifier… » on the technician's card: the classification form takes the card's place. */
export class EditTicketFormHandler implements CardActionHandler {
  readonly verb = VERBS.editForm;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const opened = await ticketForForm(this.services, context, 'edit');
    if ('card' in opened) return opened.card;
    return ticketEditCard(opened.ticket, {
      language: cardLanguage(this.services, context),
      categories: this.services.categories,
      ...(opened.back ? { back: opened.back } : {}),
    });
  }
}

type EditInput = z.infer<typeof editTicketData>;

const isTicketType = (value: string): value is TicketType => (TICKET_TYPES as readonly string[]).includes(value);

/**
 * « Enregistrer » on the edit form, on the version the form showed. The priority follows the
 * helpdesk's matrix and the SLA due times the priority (the domain and ChangeTicket see to it);
 * the history keeps each old → new value.
 */
export class EditTicketHandler implements CardActionHandler {
  readonly verb = VERBS.edit;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = editTicketData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const input = parsed.data;
    const back = listRef.safeParse(context.data);
    const backRef = back.success ? { back: back.data } : {};
    const result = await this.edit(context, input);
    if (result.ok || NOT_FIXED_ON_FORM.has(result.error.code)) {
      return ticketResponse(this.services, context, input.number, result, { successNotice: 'edit.saved', ...backRef });
    }
    // the form again, on the ticket as it now is (a conflict gives the current version), with what was typed
    const language = cardLanguage(this.services, context);
    const current = await this.services.viewTicket.execute(context.identity.tenantId, context.actor, input.number);
    if (!current.ok) return errorCard(language, current.error);
    return ticketEditCard(current.value, {
      language,
      categories: this.services.categories,
      typed: typedOf(input),
      error: errorText(language, result.error),
      ...backRef,
    });
  }

  /** The category must be one of the helpdesk's (as when the ticket was opened); the domain checks the rest. */
  private edit(context: CardActionContext, input: EditInput): Promise<Result<Ticket>> {
    const { identity, actor } = context;
    if (input.category !== '' && !categoryExists(this.services.categories, input.category)) {
      return Promise.resolve(fail('TICKET.VALIDATION', 'unknown category', { field: 'category' }));
    }
    if (!isTicketType(input.type)) return Promise.resolve(fail('TICKET.VALIDATION', 'unknown ticket type', { field: 'type' }));
    return this.services.changeTicket.execute(identity.tenantId, actor, input.number, input.version, {
      type: 'edit',
      title: input.title,
      ticketType: input.type,
      categoryId: input.category === '' ? null : input.category,
      ...(input.urgency !== undefined ? { urgency: input.urgency } : {}),
      ...(input.impact !== undefined ? { impact: input.impact } : {}),
    });
  }
}

/** The form's values as typed, back into its inputs. */
function typedOf(input: EditInput): TicketEditTyped {
  const level = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '' : String(value));
  return { title: input.title, type: input.type, category: input.category, urgency: level(input.urgency), impact: level(input.impact) };
}
