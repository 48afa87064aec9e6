/**
 * Test-data builder for the ticket domain: realistic tickets in every status,
 * actors by role, and commands with valid payloads. Everything it returns is
 * deep-frozen, so a `decide` that mutated its input would throw.
 */
import type { Actor, Role } from '../../src/domain/actor.js';
import type { ClosurePolicy } from '../../src/domain/closure.js';
import type { Group, GroupMember } from '../../src/domain/group.js';
import type { Level } from '../../src/domain/priority.js';
import { newSla } from '../../src/domain/sla.js';
import type { CommandType, TicketCommand, TicketDraft } from '../../src/domain/ticket-command.js';
import type { Person, Solution, Ticket, TicketStatus } from '../../src/domain/ticket.js';

export const OPENED_AT = new Date('2025-03-03T08:30:00.000Z');
export const NOW = new Date('2025-03-04T14:00:00.000Z');
/** when the mother's solved and closed tickets were solved (and the closed one closed) */
export const SOLVED_AT = new Date('2025-03-03T09:30:00.000Z');
/** the mother's solved ticket closes itself 24 h after its solution: before NOW */
export const AUTO_CLOSE_AT = new Date('2025-03-04T09:30:00.000Z');
/** the mother's closed ticket takes survey answers for 30 days after its closing */
export const SURVEY_UNTIL = new Date('2025-04-02T09:30:00.000Z');

export const GROUP_N1 = 'grp-n1-support';
export const GROUP_N2 = 'grp-n2-reseau';

/** The people of the helpdesk used across the domain tests. */
export const people = {
  alice: { id: 'aad-alice', name: 'Alice Martin' }, // requester of the default ticket
  oscar: { id: 'aad-oscar', name: 'Oscar Petit' }, // another employee
  tina: { id: 'aad-tina', name: 'Tina Moreau' }, // technician, N1 Support
  nadia: { id: 'aad-nadia', name: 'Nadia Roux' }, // technician, N2 Réseau
  bob: { id: 'aad-bob', name: 'Bob Lefèvre' }, // technician, N2 Réseau, assignee of the default ticket
  lea: { id: 'aad-lea', name: 'Léa Bernard' }, // team lead, N1 Support
  adam: { id: 'aad-adam', name: 'Adam Girard' }, // admin
} as const satisfies Record<string, Person>;

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Date)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function anActor(roles: readonly Role[] = ['requester'], overrides: Partial<Actor> = {}): Actor {
  return deepFreeze({ ...people.alice, roles: [...roles], groupIds: [], ...overrides });
}

/** The named actors of the permission matrix. */
export const actors = {
  ownRequester: anActor(['requester'], people.alice),
  otherRequester: anActor(['requester'], people.oscar),
  groupTechnician: anActor(['requester', 'technician'], { ...people.tina, groupIds: [GROUP_N1] }),
  otherGroupTechnician: anActor(['requester', 'technician'], { ...people.nadia, groupIds: [GROUP_N2] }),
  assigneeTechnician: anActor(['requester', 'technician'], { ...people.bob, groupIds: [GROUP_N2] }),
  lead: anActor(['requester', 'lead'], { ...people.lea, groupIds: [GROUP_N1] }),
  admin: anActor(['requester', 'admin'], { ...people.adam, groupIds: [] }),
} as const;

/** Bob's solution to the default ticket, still awaiting Alice's answer unless `outcome` says otherwise. */
export function aSolution(overrides: Partial<Solution> = {}): Solution {
  return deepFreeze({ text: 'Compte réactivé dans HorairePro.', author: people.bob, at: SOLVED_AT, outcome: { kind: 'proposed' }, ...overrides });
}

/**
 * A ticket in `status`, with the fields that status implies (a solved ticket has a
 * solution and an auto-close due time, a closed one its approved solution and an open
 * survey, a pending one a reason…). By default Alice requested it, it sits in
 * N1 Support and Bob (N2) is assigned, except in `new` where nobody works it yet.
 */
export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return aTicketIn(overrides.status ?? 'new', overrides);
}

export function aTicketIn(status: TicketStatus, overrides: Partial<Ticket> = {}): Ticket {
  const worked = status !== 'new';
  const base: Mutable<Ticket> = {
    id: 'tkt-1042',
    tenantId: 'tenant-contoso',
    number: 1042,
    version: 3,
    type: 'incident',
    status,
    statusBeforePending: null,
    title: 'Je n’arrive plus à me connecter à HorairePro',
    description: 'Accès refusé. Contactez l’administrateur.',
    requester: people.alice,
    source: 'chat',
    categoryId: 'account.application',
    location: 'Siège, 3e étage',
    urgency: 3,
    impact: 2,
    priority: 2,
    priorityOverride: null,
    assignee: worked ? people.bob : null,
    groupId: worked ? GROUP_N1 : null,
    observers: [],
    // opened on a Monday at 09:30 Paris: priority 2's targets (4 h, 5 days) in business hours
    sla: newSla(2, OPENED_AT),
    escalation: { fired: [], next: null, supportLevel: 1, riskAt: null, breachAt: null },
    attachments: [],
    linkedTickets: [],
    followups: [],
    tasks: [],
    solutions: [],
    autoCloseAt: null,
    survey: null,
    pendingReason: null,
    pendingUntil: null,
    history: [{ at: OPENED_AT, actor: people.alice, field: 'status', from: null, to: 'new' }],
    createdAt: OPENED_AT,
    updatedAt: OPENED_AT,
    solvedAt: null,
    closedAt: null,
  };
  switch (status) {
    case 'planned':
      base.tasks = [
        {
          id: 'task-1',
          author: people.bob,
          description: 'Vérifier les droits dans HorairePro',
          status: 'todo',
          durationMinutes: 30,
          plannedStart: new Date('2025-03-05T09:00:00.000Z'),
          at: OPENED_AT,
        },
      ];
      break;
    case 'pending':
      base.statusBeforePending = 'assigned';
      base.pendingReason = 'En attente du retour de l’éditeur';
      break;
    case 'solved':
      base.solutions = [aSolution()];
      base.solvedAt = SOLVED_AT;
      base.autoCloseAt = AUTO_CLOSE_AT;
      break;
    case 'closed':
      base.solutions = [aSolution({ outcome: { kind: 'approved', by: people.alice, at: SOLVED_AT } })];
      base.solvedAt = SOLVED_AT;
      base.closedAt = SOLVED_AT;
      base.survey = { until: SURVEY_UNTIL, answer: null };
      break;
    default:
      break;
  }
  return deepFreeze({ ...base, ...overrides, status });
}

export function aDraft(overrides: Partial<TicketDraft> = {}): TicketDraft {
  return deepFreeze({
    type: 'incident',
    title: 'Je n’arrive plus à me connecter à HorairePro',
    description: 'Accès refusé. Contactez l’administrateur. Je dois soumettre mes horaires avant mercredi 17h.',
    requester: people.alice,
    source: 'chat',
    categoryId: 'account.application',
    location: 'Siège, 3e étage',
    urgency: 3 as Level,
    impact: 2 as Level,
    groupId: null,
    ...overrides,
  });
}

type CommandOf<T extends CommandType> = Extract<TicketCommand, { type: T }>;

export const commands = {
  create: (draft: Partial<TicketDraft> = {}, extra: Partial<Omit<CommandOf<'create'>, 'type'>> = {}): CommandOf<'create'> =>
    deepFreeze({ type: 'create', id: 'tkt-2001', tenantId: 'tenant-contoso', number: 2001, draft: aDraft(draft), ...extra }),
  take: (followupId = 'fup-take'): CommandOf<'take'> => deepFreeze({ type: 'take', followupId }),
  assign: (assignee: Person | null = people.tina, groupId: string | null = GROUP_N1): CommandOf<'assign'> =>
    deepFreeze({ type: 'assign', assignee, groupId }),
  addFollowup: (
    text = 'Cache du navigateur vidé, merci de réessayer.',
    visibility: 'public' | 'private' = 'public',
    followupId = 'fup-note',
  ): CommandOf<'addFollowup'> => deepFreeze({ type: 'addFollowup', followupId, text, visibility }),
  comment: (text = 'Toujours « Accès refusé » ce matin.', followupId = 'fup-comment'): CommandOf<'comment'> =>
    deepFreeze({ type: 'comment', followupId, text }),
  addTask: (overrides: Partial<Omit<CommandOf<'addTask'>, 'type'>> = {}): CommandOf<'addTask'> =>
    deepFreeze({
      type: 'addTask',
      taskId: 'task-8',
      description: 'Contrôler le compte dans l’annuaire',
      status: 'done',
      durationMinutes: 15,
      ...overrides,
    }),
  plan: (overrides: Partial<Omit<CommandOf<'plan'>, 'type'>> = {}): CommandOf<'plan'> =>
    deepFreeze({
      type: 'plan',
      taskId: 'task-9',
      description: 'Réinitialiser le profil HorairePro',
      status: 'todo',
      durationMinutes: 20,
      plannedStart: new Date('2025-03-05T10:00:00.000Z'),
      ...overrides,
    }),
  wait: (reason = 'En attente de la pièce de rechange'): CommandOf<'wait'> => deepFreeze({ type: 'wait', reason }),
  resume: (): CommandOf<'resume'> => deepFreeze({ type: 'resume' }),
  proposeSolution: (text = 'Droits HorairePro rétablis, merci de réessayer.', closurePolicy?: ClosurePolicy): CommandOf<'proposeSolution'> =>
    deepFreeze({ type: 'proposeSolution', text, ...(closurePolicy ? { closurePolicy } : {}) }),
  approve: (closurePolicy?: ClosurePolicy): CommandOf<'approve'> => deepFreeze({ type: 'approve', ...(closurePolicy ? { closurePolicy } : {}) }),
  refuse: (reason = 'Toujours « Accès refusé » ce matin', followupId = 'fup-refusal'): CommandOf<'refuse'> =>
    deepFreeze({ type: 'refuse', followupId, reason }),
  close: (closurePolicy?: ClosurePolicy): CommandOf<'close'> => deepFreeze({ type: 'close', ...(closurePolicy ? { closurePolicy } : {}) }),
  autoClose: (closurePolicy?: ClosurePolicy): CommandOf<'autoClose'> =>
    deepFreeze({ type: 'autoClose', ...(closurePolicy ? { closurePolicy } : {}) }),
  reopen: (reason = 'Le problème est revenu', followupId = 'fup-reopening'): CommandOf<'reopen'> =>
    deepFreeze({ type: 'reopen', followupId, reason }),
  rate: (rating = 4, comment: string | null = 'Rapide et clair, merci.'): CommandOf<'rate'> => deepFreeze({ type: 'rate', rating, comment }),
  edit: (overrides: Partial<CommandOf<'edit'>> = {}): CommandOf<'edit'> => deepFreeze({ type: 'edit', urgency: 4, ...overrides }),
  editTask: (taskId = 'task-1', overrides: Partial<CommandOf<'editTask'>> = {}): CommandOf<'editTask'> =>
    deepFreeze({ type: 'editTask', taskId, status: 'done', ...overrides }),
  escalate: (overrides: Partial<CommandOf<'escalate'>> = {}): CommandOf<'escalate'> =>
    deepFreeze({
      type: 'escalate',
      followupId: 'fup-escalation',
      groupId: 'reseau-n2',
      assignee: null,
      summary: 'Redémarrage du poste et du navigateur, droits vérifiés dans HorairePro : toujours « Accès refusé ».',
      ...overrides,
    }),
  alertLead: (reason = 'Il faut les droits d’administration HorairePro, je ne les ai pas', followupId = 'fup-lead'): CommandOf<'alertLead'> =>
    deepFreeze({ type: 'alertLead', followupId, reason }),
  follow: (): CommandOf<'follow'> => deepFreeze({ type: 'follow' }),
  unfollow: (): CommandOf<'unfollow'> => deepFreeze({ type: 'unfollow' }),
  alertLevel: (): CommandOf<'alertLevel'> => deepFreeze({ type: 'alertLevel' }),
} as const;

/** A helpdesk group; by default N1 Support, with a channel and Tina on duty. */
export function aGroup(overrides: Partial<Group> = {}): Group {
  const technicians: GroupMember[] = [{ ...people.tina, onDuty: true }];
  return deepFreeze({
    id: GROUP_N1,
    tenantId: 'tenant-contoso',
    name: { fr: 'Support N1', en: 'N1 Support' },
    lead: people.lea,
    technicians,
    hasChannel: true,
    ...overrides,
  });
}

/** A valid command of each type, with default payloads. */
export function aCommand(type: CommandType): TicketCommand {
  return commands[type]();
}
