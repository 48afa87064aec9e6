import { ticketRef } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import type { RunChange, TicketCommandSpec } from './ticket-command.handler.js';

/**
 * The survey's comment is the reason: it is read from the ticket, not from the card, so
 * the reopening quotes what the requester actually sent. The version the card showed
 * still guards the change.
 */
const reopenWithComment: RunChange<{ number: number; version: number }> = async ({ number }, services, { identity, actor }, seenVersion) => {
  const found = await services.viewTicket.execute(identity.tenantId, actor, number);
  if (!found.ok) return found;
  const reason = found.value.survey?.answer?.comment ?? '';
  return services.changeTicket.execute(identity.tenantId, actor, number, seenVersion, { type: 'reopen', followupId: services.newId(), reason });
};

/** « Oui, rouvrir », asked back when an accepted ticket's survey comment says the problem is still there. */
export const reopenFromSurvey: TicketCommandSpec<{ number: number; version: number }> = {
  verb: VERBS.reopenFromSurvey,
  schema: ticketRef,
  successNotice: 'notice.reopenedFromSurvey',
  run: reopenWithComment,
};
