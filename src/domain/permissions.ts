import { may } from './capabilities.js';
import { hasRole, isStaff, type Actor } from './actor.js';
import type { CommandType } from './ticket-command.js';
import type { Ticket } from './ticket.js';

/**
 * Who may run a command on a ticket, as relations rather than bare roles: the
 * requester of *this* ticket, a technician of *its* group, any lead or admin.
 */
export type Relation = 'anyone' | 'ownRequester' | 'groupTechnician' | 'lead' | 'admin';

export const PERMISSIONS: Readonly<Record<CommandType, readonly Relation[]>> = {
  create: ['anyone'],
  take: ['groupTechnician', 'lead', 'admin'],
  addFollowup: ['groupTechnician', 'lead', 'admin'],
  comment: ['ownRequester'],
  addTask: ['groupTechnician', 'lead', 'admin'],
  assign: ['groupTechnician', 'lead', 'admin'],
  plan: ['groupTechnician', 'lead', 'admin'],
  wait: ['groupTechnician', 'lead', 'admin'],
  resume: ['groupTechnician', 'lead', 'admin'],
  proposeSolution: ['groupTechnician', 'lead', 'admin'],
  approve: ['ownRequester'],
  refuse: ['ownRequester'],
  close: ['groupTechnician', 'lead', 'admin'],
  reopen: ['lead', 'admin'],
};

export function relationsOf(actor: Actor, ticket: Ticket | null): Relation[] {
  const relations: Relation[] = ['anyone'];
  if (ticket && ticket.requester.id === actor.id) relations.push('ownRequester');
  if (hasRole(actor, 'technician') && ticket && isInTicketGroup(actor, ticket)) relations.push('groupTechnician');
  if (hasRole(actor, 'lead')) relations.push('lead');
  if (hasRole(actor, 'admin')) relations.push('admin');
  return relations;
}

/** A technician works a ticket of their group, one with no group yet, or one assigned to them. */
function isInTicketGroup(actor: Actor, ticket: Ticket): boolean {
  if (ticket.assignee?.id === actor.id) return true;
  if (ticket.groupId === null) return true;
  return actor.groupIds.includes(ticket.groupId);
}

export function isAllowed(actor: Actor, command: CommandType, ticket: Ticket | null): boolean {
  return may(actor, `ticket.${command}`, { ticket });
}

/** Requesters and observers see their own tickets; staff see every ticket of the helpdesk. */
export function canView(actor: Actor, ticket: Ticket): boolean {
  return (
    ticket.requester.id === actor.id || ticket.observers.some((o) => o.id === actor.id) || isStaff(actor)
  );
}
