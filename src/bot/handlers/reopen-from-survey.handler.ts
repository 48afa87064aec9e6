import { surveyReopenReason } from '../../domain/closure.js';
import { ticketRef } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import type { TicketCommandSpec } from './ticket-command.handler.js';

/** « Oui, rouvrir », asked back when an accepted ticket's survey comment says the problem is still there. */
export const reopenFromSurvey: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.reopenFromSurvey,
  schema: ticketRef,
  successNotice: 'notice.reopenedFromSurvey',
  // the version the card showed still guards the change; the reason comes from the ticket as loaded
  run: ({ number }, services, { identity, actor }, seenVersion) =>
    services.changeTicket.execute(identity.tenantId, actor, number, seenVersion, (before) => ({
      type: 'reopen',
      followupId: services.newId(),
      reason: surveyReopenReason(before),
    })),
};
