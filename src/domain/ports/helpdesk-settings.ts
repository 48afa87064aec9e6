import type { ClosurePolicy } from '../closure.js';
import type { ServiceLevelRules } from '../sla.js';

/** Alerts falling due within this long of each other share one digest card, unless the admin file says otherwise. */
export const DEFAULT_DIGEST_WINDOW_MS = 5 * 60_000;

/**
 * What the admin file says about how the helpdesk works, read by use cases so that no
 * handler has to pass it: a card click and the clock close a ticket by the same rules.
 */
export interface HelpdeskSettings {
  /** the tenant's closing delays; the defaults (24 h, 30 days) when the admin file says nothing */
  closurePolicy(tenantId: string): Promise<ClosurePolicy>;
  /** SLA targets, business calendar, escalation levels; the defaults when the admin file says nothing */
  serviceLevels(tenantId: string): Promise<ServiceLevelRules>;
  /** how long a group's alert digest gathers alerts before a new one opens (`DEFAULT_DIGEST_WINDOW_MS` by default) */
  digestWindowMs(tenantId: string): Promise<number>;
}
