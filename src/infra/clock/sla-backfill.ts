import type { Db } from 'mongodb';
import type { HelpdeskSettings } from '../../domain/ports/helpdesk-settings.js';
import { breachAtOf, moveClock, newSla, nextLevelOf, riskAtOf, targetMsOf, type ServiceLevelRules, type SlaState } from '../../domain/sla.js';
import type { Ticket } from '../../domain/ticket.js';
import { fromDocument, ticketDocumentSchema } from '../mongo/ticket-document.schema.js';
import { runTicketBackfill } from './backfill-batches.js';

const MIGRATION = 'sla-clocks';

/**
 * Open tickets stored before the SLA clocks have two fixed due dates and no escalation state,
 * so no level would ever fire for them and no lead would see them « à risque ». At every start,
 * in bounded batches, each gets its clocks as the helpdesk's rules count them from its opening:
 * time to own stopped at the first assignment its history shows, both paused since it went on
 * hold if it waits. Levels already past fire at the clock's first tick, gathered in each group's
 * digest. Only a document still without `escalation` is written: a change made since wins.
 * Returns how many tickets were given their clocks.
 */
export async function backfillServiceLevels(
  db: Db,
  settings: Pick<HelpdeskSettings, 'serviceLevels'>,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<number> {
  const { batchSize = 500, log = () => undefined } = options;
  // once every ticket has its clocks, later starts need not look again (the query reads every open ticket)
  const { written, unreadable } = await runTicketBackfill(db, {
    migration: MIGRATION,
    missing: { escalation: { $exists: false } },
    among: { status: { $in: ['new', 'assigned', 'planned', 'pending'] } },
    projection: { outbox: 0, cardCopies: 0 },
    batchSize,
    fieldsOf: async (doc) => {
      const parsed = ticketDocumentSchema.safeParse(doc);
      if (!parsed.success) return null;
      const ticket = fromDocument(parsed.data);
      const rules = await settings.serviceLevels(ticket.tenantId);
      const sla = clocksFromHistory(ticket, rules);
      return { sla, escalation: { fired: [], next: nextLevelOf(sla, [], rules), supportLevel: 1, riskAt: riskAtOf(sla, rules), breachAt: breachAtOf(sla) } };
    },
  });
  if (written > 0) log(`[guichet] clock: ${written} open ticket(s) from before the SLA clocks now have them`);
  if (unreadable > 0) log(`[guichet] clock: ${unreadable} open ticket(s) could not be read to give them SLA clocks`);
  return written;
}

/** Both clocks as `decide` would have moved them, from what the ticket's history tells. */
function clocksFromHistory(ticket: Ticket, rules: ServiceLevelRules): SlaState {
  const target = (clock: 'own' | 'resolve') => targetMsOf(rules.policy, ticket.priority, clock);
  let sla = newSla(ticket.priority, ticket.createdAt, rules);
  const owned = ticket.history.find((entry) => entry.field === 'assignee' && entry.to !== null)?.at ?? (ticket.assignee ? ticket.updatedAt : null);
  if (owned) sla = { ...sla, own: moveClock(sla.own, 'stopped', target('own'), owned, rules.calendar) };
  if (ticket.status === 'pending') {
    const since = [...ticket.history].reverse().find((entry) => entry.field === 'status' && entry.to === 'pending')?.at ?? ticket.updatedAt;
    sla = {
      own: sla.own.stoppedAt ? sla.own : moveClock(sla.own, 'paused', target('own'), since, rules.calendar),
      resolve: moveClock(sla.resolve, 'paused', target('resolve'), since, rules.calendar),
    };
  }
  return sla;
}
