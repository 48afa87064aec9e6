import type { ZodError } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { may } from '../../domain/capabilities.js';
import type { DomainError } from '../../domain/result.js';
import { TICKET_LIMITS } from '../../domain/ticket.js';
import { cutAt } from '../../domain/text.js';
import { callDraftCard, EMPTY_CALL_DRAFT, personLine, REASON_MAX, SERVICE_MAX, withCallHeader, type CallDraftValues } from '../../views/call-draft.view.js';
import { errorCard, errorText } from '../../views/error.view.js';
import { t, type Language } from '../../views/i18n.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { callDraftData } from '../card-data.schemas.js';
import { recordCopy, ticketCardFor } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** The domain's limit on each text of the draft: what it says when that text is refused. */
const TEXT_LIMITS: Readonly<Partial<Record<keyof CallDraftValues, number>>> = {
  title: TICKET_LIMITS.titleMax,
  description: TICKET_LIMITS.descriptionMax,
  location: TICKET_LIMITS.locationMax,
  service: SERVICE_MAX,
  solution: TICKET_LIMITS.followupMax,
};

const FORBIDDEN: DomainError = {
  code: 'TICKET.FORBIDDEN',
  message: 'only staff record calls',
  details: { capability: 'ticket.createOnBehalf' },
};

/**
 * « Créer le ticket » on the call-ticket draft: the ticket is opened for the caller chosen in
 * the picker (found in the directory by id, never by a name from the card), then taken and
 * solved as the toggles say. Staff only, whatever the card says; bad input brings the draft
 * back with what was typed and why it was refused.
 */
export class CallDraftHandler implements CardActionHandler {
  readonly verb = VERBS.createFromCall;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor, data } = context;
    const { language } = identity;
    if (!may(actor, 'ticket.createOnBehalf')) return errorCard(language, FORBIDDEN);
    const parsed = callDraftData.safeParse(data);
    if (!parsed.success) return this.again(context, cardDataMessages(language, parsed.error));
    const input = parsed.data;
    const result = await this.services.openCallTicket.execute(identity.tenantId, actor, {
      requesterId: input.requesterId,
      type: input.type,
      title: input.title,
      description: withCallHeader(language, actor.name, input.service, input.description),
      categoryId: input.category === '' ? null : input.category,
      location: input.location,
      urgency: input.urgency as 1 | 2 | 3 | 4 | 5,
      impact: input.impact as 1 | 2 | 3 | 4 | 5,
      assignToMe: input.assignToMe,
      solution: input.solvedDuringCall ? input.solution : null,
      // per technician: a card seen by two never answers one with the other's ticket
      intakeKey: `${actor.id}:${input.draftId}`,
    });
    if (!result.ok) {
      const { error } = result;
      if (error.code !== 'TICKET.VALIDATION') return errorCard(language, error);
      const line = error.details?.field === 'requester' ? t(language, 'call.requesterUnknown') : errorText(language, error);
      return this.again(context, [line]);
    }
    const { ticket, refused } = result.value;
    const name = ticket.requester.name;
    const notice = refused
      ? t(language, 'call.followUpRefused', { name, reason: errorText(language, refused) })
      : t(language, ticket.status === 'solved' ? 'call.createdSolved' : 'call.created', { name });
    // the draft becomes the ticket card, kept up to date from then on
    await recordCopy(this.services, context, ticket.number);
    return ticketCardFor(this.services, context, ticket, { notice, noticeStyle: refused ? 'warning' : 'good' });
  }

  /** The draft again with what was typed; the chosen caller is shown as the directory knows them. */
  private async again(context: CardActionContext, errors: string[]): Promise<Card> {
    const { identity, data } = context;
    const values = valuesFrom(data);
    const chosen = values.requesterId === '' ? null : await this.services.directory.profile(identity.tenantId, values.requesterId);
    const draftId = typeof data.draftId === 'string' && /^[0-9a-f-]{36}$/i.test(data.draftId) ? data.draftId : this.services.newDraftId();
    return callDraftCard(identity.language, this.services.categories, {
      draftId,
      values: chosen ? values : { ...values, requesterId: '' },
      requesters: chosen ? [chosen] : [],
      match: chosen ? personLine(chosen) : '',
      urgencyReason: reasonFrom(data.urgencyReason),
      impactReason: reasonFrom(data.impactReason),
      empty: false,
      errors,
      typeahead: this.services.peopleTypeahead,
    });
  }
}

/**
 * The picker's typeahead (`Data.Query` on `guichet.people`): people of the directory by name,
 * for staff only (a requester has no reason to browse the directory).
 */
export async function searchPeople(
  services: BotServices,
  tenantId: string,
  actor: Actor,
  text: string,
  top: number,
): Promise<{ id: string; name: string }[]> {
  if (!may(actor, 'ticket.createOnBehalf')) return [];
  const people = await services.directory.search(tenantId, text, top);
  // the line the picker shows: the name and where they work, to tell two namesakes apart
  return people.map((person) => ({ id: person.id, name: personLine(person) }));
}

/** Whatever was typed, as strings; anything that is not text (an object, an array) is dropped. */
function valuesFrom(data: Record<string, unknown>): CallDraftValues {
  const read = (key: keyof CallDraftValues): string => {
    const value = data[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'boolean') return String(value);
    return key in TEXT_LIMITS || key === 'requesterId' ? '' : EMPTY_CALL_DRAFT[key];
  };
  const keys = Object.keys(EMPTY_CALL_DRAFT) as (keyof CallDraftValues)[];
  return Object.fromEntries(keys.map((key) => [key, read(key)])) as unknown as CallDraftValues;
}

const reasonFrom = (value: unknown): string => (typeof value === 'string' ? cutAt(value, REASON_MAX) : '');

/** One line per refused field, in the domain's words for it; data no input holds (the draft id) is one "invalid card" line. */
function cardDataMessages(language: Language, error: ZodError): string[] {
  const fields = [...new Set(error.issues.map((issue) => String(issue.path[0] ?? '')))];
  const lines = fields.map((field) => {
    if (field === 'urgency' || field === 'impact' || field === 'type' || field === 'category') {
      return errorText(language, { code: 'TICKET.VALIDATION', message: `${field} refused in the card data`, details: { field } });
    }
    const max = TEXT_LIMITS[field as keyof CallDraftValues];
    if (max === undefined) return t(language, 'error.badData');
    const details = field === 'title' && !error.issues.some((issue) => issue.path[0] === field && issue.code === 'too_big') ? { field } : { field, max };
    return errorText(language, { code: 'TICKET.VALIDATION', message: `${field} refused in the card data`, details });
  });
  return [...new Set(lines)];
}
