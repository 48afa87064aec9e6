import dialogTemplate from '../../cards/ticket-dialog.card.json' with { type: 'json' };
import type { Category } from '../domain/category.js';
import type { Person } from '../domain/ticket.js';
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
  const requesterChoice = dialog.staff && author !== null && author.id !== actor.id;
  return renderCard(dialogTemplate, {
    form: (form as { body: unknown[] }).body,
    requesterChoice,
    requesterId: requesterChoice ? dialog.requesterId : actor.id,
    requesters: requesterChoice
      ? [
          { title: t(language, 'messageAction.requesterAuthor', { name: author.name }), value: author.id },
          { title: t(language, 'messageAction.requesterMe', { name: actor.name }), value: actor.id },
        ]
      : [],
    link: dialog.link,
    submitData: {
      draftId: dialog.draftId,
      ...(author && author.id !== actor.id ? { authorId: author.id, authorName: author.name } : {}),
    },
    labels: {
      requester: t(language, 'messageAction.requester'),
      requesterError: t(language, 'messageAction.requesterError'),
      requesterSelf: plainText(t(language, 'messageAction.requesterSelf', { name: actor.name })),
      submit: t(language, 'form.submit'),
      openMessage: t(language, 'messageAction.openMessage'),
    },
  });
}
