import type { z } from 'zod';
import { assignData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import type { TicketCommandSpec } from './ticket-command.handler.js';

/** « Assigner… »: to a technician and/or a group, by the ids the card sends (the use case looks them up). */
export const assign: TicketCommandSpec<z.infer<typeof assignData>> = {
  verb: VERBS.assign,
  schema: assignData,
  run: ({ number, assigneeId, groupId }, services, { identity, actor }, seenVersion) =>
    services.assignTicket.execute(identity.tenantId, actor, number, seenVersion, {
      assigneeId: assigneeId === '' ? null : assigneeId,
      groupId: groupId === '' ? null : groupId,
    }),
};
