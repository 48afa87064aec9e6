/**
 * Card verbs: the `verb` of each Action.Execute in `cards/`, and the key of its one
 * handler. Data travels in `data`, never inside the verb.
 */
export const VERBS = {
  createTicket: 'ticket.create',
  cancelDraft: 'ticket.cancelDraft',
  listTickets: 'tickets.list',
  viewTicket: 'ticket.view',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
