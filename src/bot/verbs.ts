/**
 * Card verbs: the `verb` of each Action.Execute in `cards/`, and the key of its one
 * handler. Data travels in `data`, never inside the verb.
 */
export const VERBS = {
  createTicket: 'ticket.create',
  cancelDraft: 'ticket.cancelDraft',
  listTickets: 'tickets.list',
  viewTicket: 'ticket.view',
  refreshTicket: 'ticket.refresh',
  take: 'ticket.take',
  assign: 'ticket.assign',
  addFollowup: 'ticket.addFollowup',
  addTask: 'ticket.addTask',
  wait: 'ticket.wait',
  resume: 'ticket.resume',
  solve: 'ticket.solve',
  comment: 'ticket.comment',
} as const;

/** The typeahead dataset of the "Assign…" picker (an `application/search` invoke). */
export const TECHNICIAN_DATASET = 'guichet.technicians';

export type Verb = (typeof VERBS)[keyof typeof VERBS];
