import { isStaff, type Actor } from '../../domain/actor.js';
import { messageBodyText, withClosingLine } from '../../domain/html-text.js';
import type { DomainError } from '../../domain/result.js';
import type { TicketDraft } from '../../domain/ticket-command.js';
import type { DirectoryPerson } from '../../domain/ports/directory.js';
import { TICKET_LIMITS, TICKET_TYPES, type Person, type TicketType } from '../../domain/ticket.js';
import { cutAt } from '../../domain/text.js';
import { errorText } from '../../views/error.view.js';
import { t, type Language } from '../../views/i18n.js';
import { asAttachment, type CardAttachment } from '../../views/render-card.js';
import { ticketCreatedDialogCard, ticketDialogCard, type TicketDialog } from '../../views/ticket-dialog.view.js';
import { EMPTY_FORM, type TicketFormValues } from '../../views/ticket-form.view.js';
import type { BotServices } from '../bot-services.js';
import type { CardActionContext } from '../card-action.js';
import { CREATE_TICKET_COMMAND, fetchTaskValue, submitActionValue, ticketDialogData, type MessagePayload } from '../message-action.schemas.js';
import { ticketCardFor } from '../ticket-response.js';
import { formValuesFrom } from './create-ticket.handler.js';
import type { TurnIdentity } from '../turn-identity.js';

/** One message-extension invoke as the handler sees it; `value` is untrusted until parsed. */
export interface MessageActionTurn {
  readonly identity: TurnIdentity;
  /** the one who clicked, resolved against the staff directory: never read from the dialog */
  readonly actor: Actor;
  readonly value: unknown;
}

/** What Teams expects back from a dialog invoke: another card in the dialog, or a closing sentence. */
export type TaskResponse =
  | { readonly task: { readonly type: 'continue'; readonly value: { readonly title: string; readonly card: CardAttachment } } }
  | { readonly task: { readonly type: 'message'; readonly value: string } };

/** One invoke's handler, as the bot routes it by invoke name. */
export type MessageActionHandle = (turn: MessageActionTurn) => Promise<TaskResponse>;

export const taskMessage = (text: string): TaskResponse => ({ task: { type: 'message', value: text } });
const taskCard = (title: string, card: Record<string, unknown>): TaskResponse => ({ task: { type: 'continue', value: { title, card: asAttachment(card) } } });

/** Directory matches offered in the dialog's requester list (Teams shows 15 at most in a list). */
const PEOPLE_OFFERED = 5;

/**
 * « Créer un ticket » on any Teams message. fetchTask: the new-ticket form in a dialog, prefilled
 * from the message (its text, a link back to it; its author as requester when staff use it on
 * someone else's message, with the directory's best matches for the author's name and a « someone
 * else » search). submitAction: OpenTicket (source 'message'), answered with the ticket card
 * drawn read-only (its buttons are in the creator's chat); bad input brings the dialog back with
 * what was typed and why it was refused.
 */
export class CreateTicketAction {
  constructor(private readonly services: BotServices) {}

  async fetchTask({ identity, actor, value }: MessageActionTurn): Promise<TaskResponse> {
    const { language } = identity;
    const parsed = fetchTaskValue.safeParse(value);
    if (!parsed.success) return taskMessage(t(language, 'error.badData'));
    if (parsed.data.commandId !== CREATE_TICKET_COMMAND) return taskMessage(t(language, 'error.unknownAction'));
    const payload = parsed.data.messagePayload;
    const text = messageBodyText(payload?.body, TICKET_LIMITS.descriptionMax);
    const prepared = this.services.prepareTicketForm.execute(text);
    const link = linkOf(payload);
    const subject = payload?.subject?.trim() ?? '';
    const closing = link ? t(language, 'messageAction.originalMessage', { url: link }) : '';
    const values: TicketFormValues = {
      ...EMPTY_FORM,
      // a channel post's subject is the title its author gave it
      title: subject ? cutAt(subject, TICKET_LIMITS.titleMax) : prepared.title,
      description: withClosingLine(prepared.description, closing, TICKET_LIMITS.descriptionMax),
      category: prepared.categoryId ?? '',
    };
    const author = authorOf(payload);
    // staff on someone else's message: the author's namesakes too, so the right one can be picked
    const people = isStaff(actor) && author && author.id !== actor.id ? await this.services.directory.search(identity.tenantId, author.name, PEOPLE_OFFERED) : [];
    return this.dialog(language, actor, { values, draftId: prepared.draftId, author, requesterId: firstRequester(actor, author), link, people });
  }

  async submitAction({ identity, actor, value }: MessageActionTurn): Promise<TaskResponse> {
    const { language } = identity;
    const parsed = submitActionValue.safeParse(value);
    if (!parsed.success) return taskMessage(t(language, 'error.badData'));
    if (parsed.data.commandId !== CREATE_TICKET_COMMAND) return taskMessage(t(language, 'error.unknownAction'));
    const { data, messagePayload } = parsed.data;
    const author = authorOf(messagePayload) ?? authorFromDialog(data);
    const link = linkOf(messagePayload);
    const staff = isStaff(actor);
    const chosenId = text(data.requesterId).slice(0, 100);
    const again = async (errors: string[], found: readonly DirectoryPerson[] = [], requesterId = chosenId) => {
      // the one picked in the directory stays in the list, drawn as the directory knows them
      const picked = staff && found.length === 0 ? await this.directoryPerson(identity.tenantId, actor, author, requesterId) : null;
      return this.dialog(language, actor, {
        values: formValuesFrom(data),
        draftId: draftIdOf(data) ?? this.services.newDraftId(),
        author,
        requesterId: requesterId || firstRequester(actor, author),
        link,
        errors,
        people: picked ? [picked] : found,
        requesterSearch: found.length > 0 ? '' : text(data.requesterSearch).slice(0, 100),
      });
    };
    const input = ticketDialogData.safeParse(data);
    if (!input.success) return again([t(language, 'error.badData')]);
    // « someone else »: staff get the directory's matches to pick from; nothing is created yet
    const search = input.data.requesterSearch.trim();
    if (staff && search !== '') {
      const found = await this.services.directory.search(identity.tenantId, search, PEOPLE_OFFERED);
      if (found.length === 0) return again([t(language, 'messageAction.requesterNotFound', { text: search })]);
      return again([t(language, 'messageAction.requesterFound', { text: search })], found, found[0].id);
    }
    // the requester is the clicker, the message's author or, for staff, someone the directory
    // knows by that id (never a name from the card); the domain then checks that only staff
    // open a ticket for someone else (ticket.createOnBehalf)
    const requesterId = input.data.requesterId || actor.id;
    let requester: Person | null =
      requesterId === actor.id ? { id: actor.id, name: actor.name } : author && requesterId === author.id ? author : null;
    if (!requester && staff) {
      const person = await this.services.directory.profile(identity.tenantId, requesterId);
      if (!person) return again([t(language, 'messageAction.requesterUnknown')], [], '');
      requester = { id: person.id, name: person.name };
    }
    if (!requester) return again([t(language, 'error.badData')]);
    if (!isTicketType(input.data.type)) return again([errorText(language, refusal('type'))]);
    const draft: TicketDraft = {
      type: input.data.type,
      title: input.data.title,
      description: input.data.description,
      requester,
      source: 'message',
      categoryId: input.data.category === '' ? null : input.data.category,
      location: input.data.location,
      urgency: input.data.urgency as TicketDraft['urgency'],
      impact: input.data.impact as TicketDraft['impact'],
      groupId: null,
    };
    // per clicker, as on the chat form: a resubmitted dialog answers with the ticket it opened
    const result = await this.services.openTicket.execute(identity.tenantId, actor, draft, `${actor.id}:${input.data.draftId}`);
    if (!result.ok) {
      const { code } = result.error;
      if (code === 'TICKET.VALIDATION' || code === 'TICKET.FORBIDDEN') return again([errorText(language, result.error)]);
      return taskMessage(errorText(language, result.error));
    }
    const ticket = result.value;
    const notice =
      ticket.requester.id === actor.id ? t(language, 'messageAction.created') : t(language, 'messageAction.createdFor', { name: ticket.requester.name });
    const card = await ticketCardFor(this.services, inDialog(identity, actor), ticket, { notice });
    return taskCard(t(language, 'messageAction.createdTitle', { number: ticket.number }), ticketCreatedDialogCard(language, card));
  }

  /** A requester picked in the directory (not the clicker, not the author), as the directory knows them. */
  private async directoryPerson(tenantId: string, actor: Actor, author: Person | null, id: string): Promise<DirectoryPerson | null> {
    if (id === '' || id === actor.id || id === author?.id) return null;
    return this.services.directory.profile(tenantId, id);
  }

  private dialog(language: Language, actor: Actor, dialog: Omit<TicketDialog, 'actor' | 'staff'>): TaskResponse {
    const card = ticketDialogCard(language, this.services.categories, { ...dialog, actor: { id: actor.id, name: actor.name }, staff: isStaff(actor) });
    return taskCard(t(language, 'messageAction.dialogTitle'), card);
  }
}

/** The message's author, when a person wrote it (a bot's message has none). */
function authorOf(payload: MessagePayload | null | undefined): Person | null {
  const user = payload?.from?.user;
  return user ? { id: user.id, name: user.displayName?.trim() || user.id } : null;
}

/** The author the dialog was drawn with, when Teams does not send the message again on submit. */
function authorFromDialog(data: Record<string, unknown>): Person | null {
  const id = text(data.authorId).trim();
  if (id === '' || id.length > 100) return null;
  return { id, name: cutAt(text(data.authorName).trim(), 200) || id };
}

/** Staff using it on someone else's message open the ticket for the author; anyone else for themself. */
const firstRequester = (actor: Actor, author: Person | null): string =>
  isStaff(actor) && author !== null && author.id !== actor.id ? author.id : actor.id;

/** Only a web link goes in a ticket and behind a button. */
function linkOf(payload: MessagePayload | null | undefined): string {
  const link = payload?.linkToMessage?.trim() ?? '';
  try {
    return new URL(link).protocol === 'https:' ? link : '';
  } catch {
    return '';
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '');

const draftIdOf = (data: Record<string, unknown>): string | null =>
  typeof data.draftId === 'string' && /^[0-9a-f-]{36}$/i.test(data.draftId) ? data.draftId : null;

const isTicketType = (value: string): value is TicketType => (TICKET_TYPES as readonly string[]).includes(value);

const refusal = (field: string): DomainError => ({ code: 'TICKET.VALIDATION', message: `${field} refused in the dialog`, details: { field } });

/** A dialog is seen by the clicker alone, and is no posted card to keep up to date. */
const inDialog = (identity: TurnIdentity, actor: Actor): CardActionContext => ({
  identity,
  actor,
  data: {},
  origin: { conversationType: 'personal', activityId: undefined, reference: {} },
});
