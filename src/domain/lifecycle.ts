import type { CommandType } from './ticket-command.js';
import type { TicketStatus } from './ticket.js';

/**
 * The ticket lifecycle, as data: for each command, the statuses it may start from.
 * `null` stands for "no ticket yet". Where a command lands is in `targetStatus`.
 */
export const TRANSITIONS: Readonly<Record<CommandType, readonly (TicketStatus | null)[]>> = {
  create: [null],
  take: ['new', 'assigned', 'planned', 'pending'],
  assign: ['new', 'assigned', 'planned', 'pending'],
  addFollowup: ['new', 'assigned', 'planned', 'pending', 'solved'],
  comment: ['new', 'assigned', 'planned', 'pending', 'solved'],
  addTask: ['new', 'assigned', 'planned', 'pending'],
  plan: ['new', 'assigned', 'planned'],
  wait: ['new', 'assigned', 'planned'],
  resume: ['pending'],
  proposeSolution: ['new', 'assigned', 'planned', 'pending'],
  approve: ['solved'],
  refuse: ['solved'],
  close: ['solved'],
  autoClose: ['solved'],
  reopen: ['closed'],
  rate: ['closed'],
  // seed 002 step 6: the classification is checked again at resolution
  edit: ['new', 'assigned', 'planned', 'pending', 'solved'],
  // seed 003: durations are adjusted at the end
  editTask: ['new', 'assigned', 'planned', 'pending', 'solved'],
  escalate: ['new', 'assigned', 'planned', 'pending'],
  alertLead: ['new', 'assigned', 'planned', 'pending'],
  follow: ['new', 'assigned', 'planned', 'pending', 'solved', 'closed'],
  unfollow: ['new', 'assigned', 'planned', 'pending', 'solved', 'closed'],
  alertLevel: ['new', 'assigned', 'planned', 'pending'],
};

export const canStartFrom = (command: CommandType, status: TicketStatus | null): boolean =>
  TRANSITIONS[command].includes(status);

interface TargetContext {
  readonly status: TicketStatus | null;
  readonly statusBeforePending: TicketStatus | null;
  /** a technician is assigned; a group alone is a queue, not someone working the ticket */
  readonly hasTechnician: boolean;
}

/**
 * Where each command lands; a few depend on whether a technician works the ticket. As in
 * GLPI, a ticket that goes back to work with nobody on it (only a group) is « Nouveau »,
 * never « En cours (attribué) » with nobody assigned.
 */
export function targetStatus(command: CommandType, ctx: TargetContext): TicketStatus {
  const workedOn: TicketStatus = ctx.hasTechnician ? 'assigned' : 'new';
  switch (command) {
    case 'create':
      return 'new';
    case 'take':
    case 'assign':
      return ctx.status === 'new' ? 'assigned' : (ctx.status ?? 'assigned');
    case 'addFollowup':
    case 'comment':
    case 'addTask':
    case 'edit':
    case 'editTask':
    case 'alertLead':
    case 'follow':
    case 'unfollow':
    case 'alertLevel':
      return ctx.status ?? 'new';
    case 'escalate':
      // a waiting ticket keeps waiting; otherwise it follows who works it in the new group
      if (ctx.status === 'pending') return 'pending';
      return ctx.hasTechnician ? (ctx.status === 'planned' ? 'planned' : 'assigned') : 'new';
    case 'plan':
      return 'planned';
    case 'wait':
      return 'pending';
    case 'resume':
      // the assignee may have changed while it waited: planned stays planned, new/assigned follow who works it
      return ctx.statusBeforePending === 'planned' ? 'planned' : workedOn;
    case 'proposeSolution':
      return 'solved';
    case 'approve':
    case 'close':
    case 'autoClose':
    case 'rate':
      return 'closed';
    case 'refuse':
    case 'reopen':
      return workedOn;
  }
}
