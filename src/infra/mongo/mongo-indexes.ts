import type { Db } from 'mongodb';
import { SOLVED_AT_INDEX } from './mongo-kb-gaps.js';
import { ensureKnowledgeBaseIndexes } from './mongo-knowledge-base.js';

/**
 * Tickets whose automatic closing has come, as the clock must ask for them: the `$type`
 * is what lets the planner pick the partial index below (a bare `$lte` scans the collection).
 */
export const autoCloseDueFilter = (now: Date) => ({ autoCloseAt: { $type: 'date', $lte: now } }) as const;
export const AUTO_CLOSE_INDEX = 'auto_close_due';

/** Pending tickets whose « jusqu'au » date has come. */
export const resumeDueFilter = (now: Date) => ({ pendingUntil: { $type: 'date', $lte: now } }) as const;
export const RESUME_INDEX = 'resume_due';

/** Tickets whose next escalation level has come (the field is null once no clock runs). */
export const slaLevelDueFilter = (now: Date) => ({ 'escalation.next.at': { $type: 'date', $lte: now } }) as const;
export const SLA_LEVEL_INDEX = 'sla_level_due';

/** A lead's (some groups) or an admin's (every group) tickets at risk, the first breach first. */
export const GROUP_BREACH_INDEX = 'tenant_group_status_breach';
export const STATUS_BREACH_INDEX = 'tenant_status_breach';

/** « stats »: a period's tickets with every field it counts, and the period's closings. */
export const STATS_INDEX = 'tenant_created_stats';
export const STATS_INDEX_KEY = {
  tenantId: 1,
  createdAt: 1,
  groupId: 1,
  status: 1,
  priority: 1,
  categoryId: 1,
  'stats.own': 1,
  'stats.ownMet': 1,
  'stats.resolve': 1,
  'stats.resolveMet': 1,
  'stats.rating': 1,
  'stats.levels': 1,
  'stats.escalated': 1,
  'stats.call': 1,
  'stats.duringCall': 1,
} as const;
export const CLOSED_INDEX = 'tenant_closed_by_group';

/** Counting a lead's (some groups) or an admin's (every group) tickets at risk. */
export const GROUP_RISK_COUNT_INDEX = 'tenant_group_status_risk_count';
export const STATUS_RISK_COUNT_INDEX = 'tenant_status_risk_count';

/**
 * The queues by priority, in some groups or in all: named, because the alert lists ask for
 * them by name (otherwise the planner may prefer the risk index and sort every ticket at risk).
 */
export const GROUP_PRIORITY_INDEX = 'tenant_group_status_priority';
export const STATUS_PRIORITY_INDEX = 'tenant_status_priority_number';

/** Idempotent: safe to run at every start, by every instance. */
export async function ensureIndexes(db: Db): Promise<void> {
  const tickets = db.collection('tickets');
  await tickets.createIndexes([
    { key: { tenantId: 1, number: 1 }, name: 'tenant_number_unique', unique: true },
    { key: { tenantId: 1, 'requester.id': 1, createdAt: -1 }, name: 'tenant_requester_created' },
    // the dispatcher's claim: tickets with a notification due
    { key: { 'outbox.state': 1, 'outbox.nextAttemptAt': 1 }, name: 'outbox_due' },
    // the clock's query (solved tickets whose auto-close has come): only tickets with a due
    // time are in it, so the thousands that have none cost nothing, neither to write nor to ask
    { key: { autoCloseAt: 1 }, name: AUTO_CLOSE_INDEX, partialFilterExpression: { autoCloseAt: { $type: 'date' } } },
    { key: { pendingUntil: 1 }, name: RESUME_INDEX, partialFilterExpression: { pendingUntil: { $type: 'date' } } },
    // levels of running clocks only: a solved, pending or closed ticket is not in this index
    { key: { 'escalation.next.at': 1 }, name: SLA_LEVEL_INDEX, partialFilterExpression: { 'escalation.next.at': { $type: 'date' } } },
    {
      key: { tenantId: 1, intakeKey: 1 },
      name: 'tenant_intake_unique',
      unique: true,
      partialFilterExpression: { intakeKey: { $type: 'string' } },
    },
    // queues: equality on tenant, group and a set of statuses, then the queue's order ending on the
    // number (mongo-ticket.repository SORTS), so a page reads as many tickets as it skips and shows.
    // « alertes » of some groups (a lead), most urgent first (the first breach to come), and of every
    // group (an admin); `escalation.riskAt` last, so the tickets not at risk are skipped on the keys
    { key: { tenantId: 1, groupId: 1, status: 1, 'escalation.breachAt': 1, number: 1, 'escalation.riskAt': 1 }, name: GROUP_BREACH_INDEX },
    { key: { tenantId: 1, status: 1, 'escalation.breachAt': 1, number: 1, 'escalation.riskAt': 1 }, name: STATUS_BREACH_INDEX },
    // their totals: a range on `escalation.riskAt` right after the equalities counts the at-risk keys only
    { key: { tenantId: 1, groupId: 1, status: 1, 'escalation.riskAt': 1 }, name: GROUP_RISK_COUNT_INDEX },
    { key: { tenantId: 1, status: 1, 'escalation.riskAt': 1 }, name: STATUS_RISK_COUNT_INDEX },
    // by priority, in some groups (« groupe », a lead's « alertes ») or all (« global », an admin's « alertes »):
    // `escalation.riskAt` last, so the alert lists skip the tickets not at risk on the index keys alone
    { key: { tenantId: 1, groupId: 1, status: 1, priority: -1, createdAt: 1, number: 1, 'escalation.riskAt': 1 }, name: GROUP_PRIORITY_INDEX },
    { key: { tenantId: 1, status: 1, priority: -1, createdAt: 1, number: 1, 'escalation.riskAt': 1 }, name: STATUS_PRIORITY_INDEX },
    // a period's tickets, oldest first (the CSV export), holding every field « stats » counts: a
    // period is counted on these keys alone, without opening a ticket (no array in it: a multikey
    // index could not)
    { key: STATS_INDEX_KEY, name: STATS_INDEX },
    // the period's closings (« stats »), by group, on the keys alone; closed tickets only. The filter
    // is a range, which a period's range implies (`$type` would, but cannot be answered from keys)
    { key: { tenantId: 1, closedAt: 1, groupId: 1 }, name: CLOSED_INDEX, partialFilterExpression: { closedAt: { $gte: new Date(0) } } },
    // « global » newest first, and oldest first read backwards
    { key: { tenantId: 1, status: 1, createdAt: -1, number: -1 }, name: 'tenant_status_created' },
    // the person's and group's queues, one index per shape (equality on tenant, person or group and the
    // set of statuses, then the order ending on the number): a page reads the tickets it shows, however
    // many are open or closed. A requester's own:
    { key: { tenantId: 1, 'requester.id': 1, status: 1, priority: -1, createdAt: 1, number: 1 }, name: 'queue_requester_priority' },
    { key: { tenantId: 1, 'requester.id': 1, status: 1, createdAt: -1, number: -1 }, name: 'queue_requester_created' },
    // « mes tickets »: `involved` (requester, assignee and observers, stored with every save) holds the person
    { key: { tenantId: 1, involved: 1, status: 1, priority: -1, createdAt: 1, number: 1 }, name: 'queue_involved_priority' },
    { key: { tenantId: 1, involved: 1, status: 1, createdAt: -1, number: -1 }, name: 'queue_involved_created' },
    // « à traiter »: nobody on it (`unassigned`, stored with every save) in the person's groups
    { key: { tenantId: 1, groupId: 1, status: 1, unassigned: 1, priority: -1, createdAt: 1, number: 1 }, name: 'queue_nobody_priority' },
    { key: { tenantId: 1, groupId: 1, status: 1, unassigned: 1, createdAt: -1, number: -1 }, name: 'queue_nobody_created' },
    // « groupe » newest first, and oldest first read backwards (by priority: GROUP_PRIORITY_INDEX)
    { key: { tenantId: 1, groupId: 1, status: 1, createdAt: -1, number: -1 }, name: 'queue_group_created' },
    // « lacunes »: the tickets solved this month (solved or closed ones only: the others have no solvedAt)
    { key: { tenantId: 1, solvedAt: 1 }, name: SOLVED_AT_INDEX, partialFilterExpression: { solvedAt: { $type: 'date' } } },
  ]);
  // indexes another one begins with (the first two: STATS_INDEX and CLOSED_INDEX; a requester's tickets
  // awaiting them: queue_requester_created; by priority: STATUS_PRIORITY_INDEX): kept, they would only
  // cost every save an index entry more
  for (const replaced of ['tenant_created', 'tenant_closed_at', 'tenant_requester_status_created', 'tenant_status_priority']) {
    await tickets.dropIndex(replaced).catch(() => undefined);
  }
  await ensureKnowledgeBaseIndexes(db);
  await db.collection('conversations').createIndexes([
    { key: { tenantId: 1, userId: 1 }, name: 'tenant_user' },
    // the technician finds known people by a name's word prefix when the directory is down
    { key: { tenantId: 1, nameWords: 1 }, name: 'tenant_name_words' },
  ]);
}
