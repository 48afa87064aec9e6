import { z } from 'zod';

/** The manifest's action command on a message (appPackage/manifest.json, composeExtensions). */
export const CREATE_TICKET_COMMAND = 'createTicket';

/** Teams' HTML body of a message is read up to this much; the ticket keeps far less. */
const MAX_BODY = 200_000;

/**
 * The message an action command was used on (`value.messagePayload`). `from.user.id` is the
 * author's Entra object id; a bot's message has `from.application` instead, and no user.
 */
const messagePayload = z.object({
  subject: z.string().max(1_000).nullish(),
  body: z.object({ contentType: z.string().max(20).nullish(), content: z.string().max(MAX_BODY).nullish() }).nullish(),
  from: z
    .object({ user: z.object({ id: z.string().min(1).max(100), displayName: z.string().max(200).nullish() }).nullish() })
    .nullish(),
  linkToMessage: z.string().max(2_048).nullish(),
});
export type MessagePayload = z.infer<typeof messagePayload>;

/** `composeExtension/fetchTask`: which command, on which message. */
export const fetchTaskValue = z.object({
  commandId: z.string().max(100),
  messagePayload: messagePayload.nullish(),
});

/** `composeExtension/submitAction`: the same, plus the dialog's inputs merged into its Action.Submit data. */
export const submitActionValue = fetchTaskValue.extend({ data: z.record(z.string(), z.unknown()).default({}) });

/**
 * The dialog's own data. Its texts and levels are checked by the domain (one sentence per
 * refusal, as on the chat form); here only their kind, so nothing but strings and numbers
 * goes on. `authorId` / `authorName` are what the dialog was drawn with: untrusted, and only
 * ever a requester for staff (the domain's ticket.createOnBehalf).
 */
const level = z.union([z.string().max(10), z.number()]).transform((value) => (value === '' ? Number.NaN : Number(value)));
export const ticketDialogData = z.object({
  draftId: z.string().uuid(),
  requesterId: z.string().max(100).optional(),
  /** staff's « someone else »: a name looked up in the directory, never a requester by itself */
  requesterSearch: z.string().max(100).optional().default(''),
  authorId: z.string().min(1).max(100).optional(),
  authorName: z.string().max(200).optional(),
  type: z.string().max(20),
  title: z.string(),
  description: z.string(),
  category: z.string().max(100).optional().default(''),
  urgency: level,
  impact: level,
  location: z.string().optional().default(''),
});
