import { hasRole, isStaff, type Actor } from './actor.js';
import type { Group } from './group.js';
import type { CommandType } from './ticket-command.js';
import type { Ticket } from './ticket.js';

/**
 * Everything someone may try, on a ticket or on the helpdesk as a whole. One table
 * answers "may they?" for the domain, the use cases, the help card and the buttons.
 */
export type Capability =
  | `ticket.${CommandType}`
  | 'ticket.view'
  /** open a ticket whose requester is someone else (a call taken by the helpdesk) */
  | 'ticket.createOnBehalf'
  /** reopen a closed ticket after its survey is over (the requester may only while it is open) */
  | 'ticket.reopenAnyTime'
  | 'helpdesk.linkChannel'
  | 'helpdesk.listFailures'
  | 'helpdesk.searchTechnicians'
  | 'queue.requested'
  | 'queue.mine'
  | 'queue.toProcess'
  | 'queue.group'
  /** open tickets of the lead's groups that are late or at risk */
  | 'queue.atRisk'
  /** every open ticket of the helpdesk */
  | 'queue.global'
  /** search and read published knowledge-base articles (requesters too: « Ceci peut vous aider ») */
  | 'kb.read'
  /** write articles, edit and publish them, read drafts */
  | 'kb.write'
  /** « lacunes »: the categories solved often with no article */
  | 'kb.gaps'
  /** « stats »: a lead for their groups, an admin for the helpdesk */
  | 'helpdesk.stats';

/**
 * How someone stands towards what they act on: the requester of *this* ticket, a
 * technician of *its* group, a member or the lead of *that* group… `system` is the clock
 * acting on its own (auto-close, SLA levels), a relation of its own rather than an admin.
 */
export type Relation =
  | 'anyone'
  | 'ownRequester'
  | 'observer'
  | 'groupTechnician'
  | 'staff'
  | 'groupMember'
  | 'groupLead'
  | 'lead'
  | 'admin'
  | 'system';

const WORKERS: readonly Relation[] = ['groupTechnician', 'lead', 'admin'];

export const CAPABILITIES: Readonly<Record<Capability, readonly Relation[]>> = {
  'ticket.create': ['anyone'],
  'ticket.take': WORKERS,
  'ticket.addFollowup': WORKERS,
  'ticket.comment': ['ownRequester'],
  'ticket.addTask': WORKERS,
  'ticket.assign': WORKERS,
  'ticket.plan': WORKERS,
  'ticket.wait': WORKERS,
  'ticket.resume': [...WORKERS, 'system'],
  'ticket.proposeSolution': WORKERS,
  'ticket.approve': ['ownRequester'],
  'ticket.refuse': ['ownRequester'],
  // seed 003: the technician may close unilaterally; the clock has its own command
  'ticket.close': WORKERS,
  'ticket.autoClose': ['system'],
  // the requester only while the survey is open (decide checks the time), see ticket.reopenAnyTime
  'ticket.reopen': ['ownRequester', 'lead', 'admin'],
  'ticket.reopenAnyTime': ['lead', 'admin'],
  'ticket.rate': ['ownRequester'],
  'ticket.edit': WORKERS,
  'ticket.editTask': WORKERS,
  'ticket.escalate': WORKERS,
  'ticket.alertLead': WORKERS,
  'ticket.follow': ['staff'],
  'ticket.unfollow': ['observer', 'staff'],
  'ticket.alertLevel': ['system'],
  'ticket.view': ['ownRequester', 'observer', 'staff'],
  'ticket.createOnBehalf': ['staff'],
  'helpdesk.linkChannel': ['groupLead', 'admin'],
  'helpdesk.listFailures': ['lead', 'admin'],
  // per group: a technician searches the groups they work in, an admin every group
  'helpdesk.searchTechnicians': ['groupMember', 'admin'],
  'queue.requested': ['anyone'],
  'queue.mine': ['staff'],
  'queue.toProcess': ['staff'],
  'queue.group': ['staff'],
  'queue.atRisk': ['lead', 'admin'],
  'queue.global': ['lead', 'admin'],
  'kb.read': ['anyone'],
  'kb.write': ['staff'],
  'kb.gaps': ['lead', 'admin'],
  'helpdesk.stats': ['lead', 'admin'],
};

/** What the action is about, when it is about something: a ticket, a group. */
export interface Subject {
  readonly ticket?: Ticket | null;
  /** for a group-wide action; with no group given, being a member or the lead of any group counts */
  readonly group?: Pick<Group, 'id' | 'lead'> | null;
}

export function relationsOf(actor: Actor, subject: Subject = {}): Relation[] {
  if (actor.system) return ['system'];
  const relations: Relation[] = ['anyone'];
  const { ticket, group } = subject;
  const staff = isStaff(actor);
  if (ticket && ticket.requester.id === actor.id) relations.push('ownRequester');
  if (ticket && ticket.observers.some((o) => o.id === actor.id)) relations.push('observer');
  if (hasRole(actor, 'technician') && ticket && worksOn(actor, ticket)) relations.push('groupTechnician');
  if (staff) relations.push('staff');
  if (staff && (group ? actor.groupIds.includes(group.id) : actor.groupIds.length > 0)) relations.push('groupMember');
  if (hasRole(actor, 'lead') && (group ? group.lead?.id === actor.id : true)) relations.push('groupLead');
  if (hasRole(actor, 'lead')) relations.push('lead');
  if (hasRole(actor, 'admin')) relations.push('admin');
  return relations;
}

/** A technician works a ticket of their group, one with no group yet, or one assigned to them. */
function worksOn(actor: Actor, ticket: Ticket): boolean {
  if (ticket.assignee?.id === actor.id) return true;
  if (ticket.groupId === null) return true;
  return actor.groupIds.includes(ticket.groupId);
}

/** Who may do what: the one question the domain, use cases, help and buttons ask. */
export function may(actor: Actor, capability: Capability, subject: Subject = {}): boolean {
  const allowed = CAPABILITIES[capability];
  return relationsOf(actor, subject).some((relation) => allowed.includes(relation));
}
