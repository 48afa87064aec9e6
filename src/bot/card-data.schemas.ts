import { z } from 'zod';
import { QUEUE_NAMES, QUEUE_SORTS } from '../domain/queue.js';
import { TASK_STATUSES, TICKET_LIMITS, TICKET_TYPES } from '../domain/ticket.js';

/**
 * Card data is user-controlled input: every field is checked here, and only plain
 * strings and numbers come out, so nothing typed can become a Mongo operator.
 */
const levelInput = z.coerce.number().int().min(1).max(5);

export const createTicketData = z.object({
  draftId: z.string().uuid(),
  type: z.enum(TICKET_TYPES),
  title: z.string(),
  description: z.string(),
  category: z.string().max(100).optional().default(''),
  urgency: levelInput,
  impact: levelInput,
  location: z.string().optional().default(''),
});

/** « Ça a résolu mon problème »: which offered article, for which draft (the form's inputs come along, see formValuesFrom). */
export const deflectData = z.object({ draftId: z.string().uuid(), articleId: z.string().min(1).max(100) });
/** « Créer le ticket quand même » on the thank-you card: the draft (its values are read as the form reads them). */
export const deflectedFormData = z.object({ draftId: z.string().uuid() });

/** « Voir l'article »: the article's id, a plain string (never an operator: the store matches it as a value) */
export const viewArticleData = z.object({ articleId: z.string().min(1).max(100) });

/** a period button of the statistics card: 7, 30 or 90 days */
export const statisticsPeriodData = z.object({ days: z.coerce.number().pipe(z.union([z.literal(7), z.literal(30), z.literal(90)])) });

export const ticketNumberData = z.object({ number: z.coerce.number().int().positive().max(1_000_000_000) });

/** « Voir plus »: which long text of the ticket to read (description, solution or a followup id), from where. */
export const readData = z.object({
  read: z.string().min(1).max(100),
  from: z.coerce.number().int().min(0).max(TICKET_LIMITS.descriptionMax).default(0),
});

/** Which ticket and which version of it the clicked card showed. */
export const ticketRef = z.object({
  number: z.coerce.number().int().positive().max(1_000_000_000),
  version: z.coerce.number().int().nonnegative().max(1_000_000_000),
});

/** Limits are the domain's: the card's inputs stop typing there, so a longer text was not typed in Teams. */
const text = (max: number) => z.string().max(max);
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');

export const assignData = ticketRef.extend({
  assigneeId: z.string().max(100).optional().default(''),
  groupId: z.string().max(100).optional().default(''),
});
export const followupData = ticketRef.extend({ followupText: text(TICKET_LIMITS.followupMax), private: flag.optional().default(false) });
export const taskData = ticketRef.extend({
  taskDescription: text(TICKET_LIMITS.followupMax),
  taskStatus: z.enum(['todo', 'done', 'information']).default('todo'),
  durationMinutes: z.coerce.number().int().min(0).max(10_000).default(0),
  plannedDate: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional().default(''),
  plannedTime: z.union([z.literal(''), z.string().regex(/^\d{2}:\d{2}$/)]).optional().default(''),
  timeZone: z.string().max(64).optional(),
});
const dateInput = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional().default('');
const timeInput = z.union([z.literal(''), z.string().regex(/^\d{2}:\d{2}$/)]).optional().default('');
/** A number as an input sends it; anything else reaches the domain as NaN, which refuses it with its own sentence. */
const looseNumber = z.union([z.string().max(10), z.number()]).transform((value) => (value === '' ? Number.NaN : Number(value)));

/** « Mettre en attente »: the reason, and optionally « jusqu'au » (date, time) in the technician's time zone. */
export const waitData = ticketRef.extend({ reason: text(TICKET_LIMITS.reasonMax), untilDate: dateInput, untilTime: timeInput });
/** « Reprendre »: an optional word on why, kept in the timeline. */
export const resumeData = ticketRef.extend({ resumeReason: text(TICKET_LIMITS.reasonMax).optional().default('') });
/** « Modifier… »'s form: each value as typed, checked by the domain so the form comes back with its sentence. */
export const editTicketData = ticketRef.extend({
  title: text(TICKET_LIMITS.titleMax).optional().default(''),
  type: z.string().max(20).optional().default(''),
  category: z.string().max(100).optional().default(''),
  urgency: looseNumber.optional(),
  impact: looseNumber.optional(),
});
/** Which task of the ticket (« Modifier… », « Marquer comme fait »). */
export const taskRefData = ticketRef.extend({ taskId: z.string().min(1).max(100) });
/** The task form's values, or « Marquer comme fait » alone; `form` says the click came from the form (refusals go back to it). */
export const editTaskData = taskRefData.extend({
  taskDescription: text(TICKET_LIMITS.followupMax).optional(),
  taskStatus: z.enum(TASK_STATUSES).optional(),
  durationMinutes: looseNumber.optional(),
  markDone: flag.optional().default(false),
  form: flag.optional().default(false),
});
export const solveData = ticketRef.extend({
  solution: text(TICKET_LIMITS.followupMax),
  /** « Ajouter à la base de connaissances »: a draft article from the ticket once the solution is proposed */
  addToKb: flag.optional().default(false),
  /** the article « Utiliser comme solution » copied the text from (a value, never an operator) */
  articleId: z.string().min(1).max(100).optional(),
});
/** « Rechercher une solution » on the technician's ticket card */
export const kbSearchForTicketData = ticketRef.extend({ kbQuery: z.string().max(1_000).optional().default('') });
/** « Utiliser comme solution » on a result */
export const kbUseArticleData = z.object({ number: ticketRef.shape.number, articleId: z.string().min(1).max(100) });
/** « Publier » / « Enregistrer le brouillon » on the article form, with its inputs */
export const kbSaveArticleData = z.object({
  id: z.string().min(1).max(100),
  version: z.coerce.number().int().positive().max(1_000_000_000),
  publish: flag,
  number: z.union([z.literal(''), ticketRef.shape.number]).optional().default(''),
  title: z.string().max(1_000).optional().default(''),
  symptoms: z.string().max(20_000).optional().default(''),
  solution: z.string().max(20_000).optional().default(''),
  category: z.string().max(200).optional().default(''),
  language: z.string().max(10).optional().default(''),
});
export const commentData = ticketRef.extend({ comment: text(TICKET_LIMITS.followupMax) });
export const refuseData = ticketRef.extend({ refuseReason: text(TICKET_LIMITS.reasonMax) });
export const reopenData = ticketRef.extend({ reopenReason: text(TICKET_LIMITS.reasonMax) });
/**
 * The survey: the rating as the card's choice sends it ('1'..'5'); anything else reaches
 * the domain as a number it refuses with its own sentence (a rating goes from 1 to 5).
 */
export const rateData = ticketRef.extend({
  rating: z
    .union([z.string().max(10), z.number()])
    .optional()
    .transform((value) => (value === undefined || value === '' ? 0 : Number(value))),
  surveyComment: text(TICKET_LIMITS.surveyCommentMax).optional().default(''),
});

/** « Escalader » on the escalation form: the target group and technician by id (looked up by the use case), what was tried. */
export const escalateData = ticketRef.extend({
  targetGroupId: z.string().max(100).optional().default(''),
  targetAssigneeId: z.string().max(100).optional().default(''),
  escalationSummary: text(TICKET_LIMITS.followupMax).optional().default(''),
});
/**
 * « Créer le ticket » on the call-ticket draft: the caller only by id (the use case finds them in
 * the directory), the levels as the domain's, the toggles as Input.Toggle sends them.
 */
export const callDraftData = z.object({
  draftId: z.string().uuid(),
  requesterId: z.string().max(100).optional().default(''),
  service: text(200).optional().default(''),
  location: text(TICKET_LIMITS.locationMax).optional().default(''),
  title: text(TICKET_LIMITS.titleMax),
  description: text(TICKET_LIMITS.descriptionMax),
  type: z.enum(TICKET_TYPES),
  category: z.string().max(100).optional().default(''),
  urgency: levelInput,
  impact: levelInput,
  assignToMe: flag.optional().default(false),
  solvedDuringCall: flag.optional().default(false),
  solution: text(TICKET_LIMITS.followupMax).optional().default(''),
});
/** « Alerter » on the lead-alert form: what the technician lacks (rights, resources, authority). */
export const alertLeadData = ticketRef.extend({ leadReason: text(TICKET_LIMITS.reasonMax).optional().default('') });

/**
 * What was typed on a card whose action was refused, read field by field so one bad
 * field does not lose the others; it only ever goes back into the card's inputs.
 */
const kept = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
export const typedInput = z.object({
  followupText: kept(text(TICKET_LIMITS.followupMax)),
  private: kept(flag),
  taskDescription: kept(text(TICKET_LIMITS.followupMax)),
  taskStatus: kept(z.enum(['todo', 'done', 'information'])),
  durationMinutes: kept(z.coerce.number().int().min(0).max(10_000)),
  plannedDate: kept(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  plannedTime: kept(z.string().regex(/^\d{2}:\d{2}$/)),
  reason: kept(text(TICKET_LIMITS.reasonMax)),
  untilDate: kept(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  untilTime: kept(z.string().regex(/^\d{2}:\d{2}$/)),
  resumeReason: kept(text(TICKET_LIMITS.reasonMax)),
  solution: kept(text(TICKET_LIMITS.followupMax)),
  comment: kept(text(TICKET_LIMITS.followupMax)),
  refuseReason: kept(text(TICKET_LIMITS.reasonMax)),
  reopenReason: kept(text(TICKET_LIMITS.reasonMax)),
  surveyComment: kept(text(TICKET_LIMITS.surveyCommentMax)),
  rating: kept(z.string().regex(/^[1-5]$/)),
});

const queueName = z.enum(QUEUE_NAMES);
const sortName = z.enum(QUEUE_SORTS);
const pageNumber = z.coerce.number().int().min(0).max(10_000).default(0);

export const queueData = z.object({ queue: queueName.default('requested'), sort: sortName.optional(), page: pageNumber });

/** The list a ticket card was opened from (« Retour à la liste »), carried in every action's data. */
export const listRef = z.object({ queue: queueName, sort: sortName.optional(), page: pageNumber });

export const searchInvoke = z.object({
  queryText: z.string().max(200).default(''),
  dataset: z.string().max(100),
  queryOptions: z.object({ skip: z.coerce.number().int().min(0).default(0), top: z.coerce.number().int().min(1).max(50).default(15) }).partial().optional(),
});

export const adaptiveCardInvoke = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional().default({}),
  }),
});
