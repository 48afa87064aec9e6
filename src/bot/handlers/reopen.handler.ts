import type { z } from 'zod';
import { reopenData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Rouvrir… »: a lead or an admin reopens a closed ticket with a reason; the requester and the assignee are told. */
export const reopen: TicketCommandSpec<z.infer<typeof reopenData>> = {
  verb: VERBS.reopen,
  schema: reopenData,
  successNotice: 'notice.reopened',
  run: change(({ reopenReason }, services) => ({ type: 'reopen', followupId: services.newId(), reason: reopenReason })),
};
