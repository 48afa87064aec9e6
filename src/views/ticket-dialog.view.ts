import createdTemplate from '../../cards/ticket-created-dialog.card.json' with { type: 'json' };
import dialogTemplate from '../../cards/ticket-dialog.card.json' with { type: 'json' };
import type { Category } from '../domain/category.js';
import type { DirectoryPerson } from '../domain/ports/directory.js';
import type { Person } from '../domain/ticket.js';
import { personLine } from './call-draft.view.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';
import { ticketFormCard, type TicketFormValues } from './ticket-form.view.js';

export interface TicketDialog {
  readonly values: TicketFormValues;
  readonly draftId: string;
  readonly errors?: readonly string[];
  /** the one opening the dialog: the requester unless staff pick the author */
  readonly actor: Person;
  /** the message's author when it is someone else; staff choose between them */
  readonly author: Person | null;
  /** who the requester choice starts on (the author for staff, else the actor) */
  readonly requesterId: string;
  readonly staff: boolean;
  /**
   * staff: the directory's people offered besides the author and themself (the best matches
   * for the author's name, or for the name typed in « someone else »). Teams sends no typeahead
   * search from a dialog, so the picker's choices are all in the card.
   */
  readonly people?: readonly DirectoryPerson[];
  /** the name typed in « someone else », kept when the dialog comes back */
  readonly requesterSearch?: string;
  /** the Teams link to the message, '' when it came without one */
  readonly link: string;
}

/**
 * The new-ticket form in a Teams dialog (« Créer un ticket » on a message). Its inputs are the
 * chat form's own, drawn by the same view, so both read and check alike; a dialog submits with
 * Action.Submit (`composeExtension/submitAction`), and carries the author so staff can pick them.
 */
export function ticketDialogCard(language: Language, categories: readonly Category[], dialog: TicketDialog) {
  const form = ticketFormCard(language, categories, dialog.values, dialog.draftId, dialog.errors ?? []);
  const { actor, author } = dialog;
  const requesterChoice = dialog.staff;
  const other = author !== null && author.id !== actor.id ? author : null;
  const choices = [
    ...(other ? [{ title: t(language, 'messageAction.requesterAuthor', { name: other.name }), value: other.id }] : []),
    { title: t(language, 'messageAction.requesterMe', { name: actor.name }), value: actor.id },
    ...(dialog.people ?? []).filter((person) => person.id !== actor.id && person.id !== other?.id).map((person) => ({ title: personLine(person), value: person.id })),
  ];
  return renderCard(dialogTemplate, {
    form: (form as { body: unknown[] }).body,
    requesterChoice,
    requesterId: requesterChoice ? dialog.requesterId : actor.id,
    requesters: requesterChoice ? choices : [],
    requesterSearch: dialog.requesterSearch ?? '',
    link: dialog.link,
    submitData: {
      draftId: dialog.draftId,
      ...(author && author.id !== actor.id ? { authorId: author.id, authorName: author.name } : {}),
    },
    labels: {
      requester: t(language, 'messageAction.requester'),
      requesterError: t(language, 'messageAction.requesterError'),
      requesterSelf: plainText(t(language, 'messageAction.requesterSelf', { name: actor.name })),
      requesterSearch: t(language, 'messageAction.requesterSearch'),
      requesterSearchPlaceholder: t(language, 'messageAction.requesterSearchPlaceholder'),
      submit: t(language, 'form.submit'),
      openMessage: t(language, 'messageAction.openMessage'),
    },
  });
}

/**
 * What the dialog shows once the ticket is made: the ticket card without anything to click
 * (a dialog runs no Action.Execute, and its inputs would go nowhere), and where the card with
 * its buttons is: the creator's chat with Guichet (notification 'ticket.createdFromMessage').
 */
export function ticketCreatedDialogCard(language: Language, ticketCard: Record<string, unknown>) {
  const body = Array.isArray(ticketCard.body) ? ticketCard.body : [];
  return renderCard(createdTemplate, { ticket: readOnly(body), labels: { inChat: t(language, 'messageAction.cardInChat') } });
}

/** Elements people act on: dropped with everything inside them. */
const INTERACTIVE = /^(Input\.|Action\.|ActionSet$)/;

/** A copy of card elements without their inputs, buttons and click targets. */
function readOnly(elements: readonly unknown[]): unknown[] {
  return elements.filter((element) => !INTERACTIVE.test(String((element as { type?: unknown })?.type ?? ''))).map(strip);
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return readOnly(value);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([key]) => key !== 'selectAction' && key !== 'actions' && key !== 'refresh');
  return Object.fromEntries(entries.map(([key, inner]) => [key, strip(inner)]));
}
