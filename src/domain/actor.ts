import type { Person } from './ticket.js';

export const ROLES = ['requester', 'technician', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The authenticated person doing something. Everyone is a requester; staff roles
 * come from the helpdesk directory, never from what a card or message claims.
 */
export interface Actor extends Person {
  readonly roles: readonly Role[];
  /** groups the actor works in (technicians and leads) */
  readonly groupIds: readonly string[];
  /** the clock acting on its own (auto-close, SLA levels): never a person */
  readonly system?: boolean;
}

/** The clock closes the solved tickets nobody answered; it acts as this actor. */
export const SYSTEM_ACTOR: Actor = {
  id: 'system',
  name: 'Guichet',
  roles: [],
  groupIds: [],
  system: true,
};

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);
export const isStaff = (actor: Actor): boolean =>
  hasRole(actor, 'technician') || hasRole(actor, 'lead') || hasRole(actor, 'admin');
