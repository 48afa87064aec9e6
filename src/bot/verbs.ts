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
  approve: 'ticket.approve',
  refuse: 'ticket.refuse',
  close: 'ticket.close',
  reopen: 'ticket.reopen',
  rate: 'ticket.rate',
  reopenFromSurvey: 'ticket.reopenFromSurvey',
  /** « Non, c’est un nouveau problème » on the card answering a chat message: the prefilled form */
  draftFromChat: 'ticket.draftFromChat',
  /** « Escalader… »: the form (target group, technician, summary of what was tried) in place of the ticket card */
  escalateForm: 'ticket.escalateForm',
  escalate: 'ticket.escalate',
  /** « Alerter le responsable »: the form asking what is missing (rights, resources, authority) */
  alertLeadForm: 'ticket.alertLeadForm',
  alertLead: 'ticket.alertLead',
  follow: 'ticket.follow',
  unfollow: 'ticket.unfollow',
  /** « Modifier… »: the classification form (title, type, category, urgency, impact) in place of the ticket card */
  editForm: 'ticket.editForm',
  edit: 'ticket.edit',
  /** « Modifier… » on a task: its form (text, status, duration) */
  editTaskForm: 'ticket.editTaskForm',
  /** the task form's « Enregistrer », and « Marquer comme fait » on the ticket card */
  editTask: 'ticket.editTask',
  /** « Créer le ticket » on the call-ticket draft: opened for the caller, maybe taken and solved */
  createFromCall: 'ticket.createFromCall',
  /** « Ça a résolu mon problème » on an article offered above the form: a deflection, no ticket */
  deflect: 'kb.deflect',
  /** « Créer le ticket quand même » on the thank-you card: the form back, as it was */
  deflectedForm: 'ticket.deflectedForm',
  /** « Voir l'article » on knowledge-base results: the article in full (one more view) */
  viewArticle: 'kb.viewArticle',
  /** « Rechercher une solution » on the technician's ticket card: the best articles, in place */
  searchForTicket: 'kb.searchForTicket',
  /** « Utiliser comme solution »: the ticket card back, its solve form holding the article's solution */
  useArticle: 'kb.useArticle',
  /** « Publier » / « Enregistrer le brouillon » on the article form */
  saveArticle: 'kb.saveArticle',
  /** « Modifier l'article » on an article read in full (staff): its form */
  editArticle: 'kb.editArticle',
  /** a period button (7 / 30 / 90 days) on the statistics card */
  statistics: 'stats.show',
} as const;

/** The typeahead dataset of the "Assign…" picker (an `application/search` invoke). */
export const TECHNICIAN_DATASET = 'guichet.technicians';

/** The typeahead dataset of the call draft's requester picker: the people directory (staff only). */
export const PEOPLE_DATASET = 'guichet.people';

export type Verb = (typeof VERBS)[keyof typeof VERBS];

/**
 * Verbs that need no inbound dedupe write: they change nothing (list, view, refresh,
 * cancel a draft), or their data carries their own idempotency key (a new ticket's
 * draft id is its unique intake key, so a redelivered "Create" answers with the first
 * ticket). Skipping the claim saves a database round trip on the busiest verb.
 */
export const SELF_IDEMPOTENT_VERBS: ReadonlySet<string> = new Set<string>([
  VERBS.createTicket,
  VERBS.cancelDraft,
  VERBS.listTickets,
  VERBS.viewTicket,
  VERBS.refreshTicket,
  VERBS.draftFromChat,
  VERBS.escalateForm,
  VERBS.alertLeadForm,
  VERBS.editForm,
  VERBS.editTaskForm,
  // a deflection is recorded once per draft: a redelivery counts nothing
  VERBS.deflect,
  VERBS.deflectedForm,
  // reading changes nothing but a view count
  VERBS.viewArticle,
  VERBS.statistics,
  VERBS.searchForTicket,
  VERBS.useArticle,
  VERBS.editArticle,
]);
