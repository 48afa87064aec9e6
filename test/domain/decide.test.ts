import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.js';
import { autoCloseDueAt, DEFAULT_CLOSURE_POLICY, isAutoCloseDue, isSurveyOpen, type ClosurePolicy } from '../../src/domain/closure.js';
import { decide, type Decision } from '../../src/domain/decide.js';
import type { PriorityMatrix } from '../../src/domain/priority.js';
import type { Result } from '../../src/domain/result.js';
import { ALWAYS_OPEN } from '../../src/domain/business-hours.js';
import { DEFAULT_SERVICE_LEVELS, type ServiceLevelRules, type SlaPolicy } from '../../src/domain/sla.js';
import { COMMAND_TYPES, type CommandType, type TicketCommand } from '../../src/domain/ticket-command.js';
import type { TicketEvent } from '../../src/domain/ticket-event.js';
import { currentSolution, TICKET_STATUSES, type Person, type Rating, type Ticket, type TicketStatus } from '../../src/domain/ticket.js';
import {
  AUTO_CLOSE_AT,
  GROUP_N1,
  GROUP_N2,
  NOW,
  OPENED_AT,
  SURVEY_UNTIL,
  aCommand,
  aSolution,
  aTicketIn,
  actors,
  anActor,
  commands,
  people,
} from '../support/ticket-mother.js';

function expectOk(result: Result<Decision>): Decision {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function expectError(result: Result<Decision>, code: string): void {
  expect(result.ok, 'decide should have refused').toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
}

/** The actor entitled to run `command` on Alice's default ticket. */
const entitledActor = (command: CommandType): Actor =>
  command === 'create' || command === 'approve' || command === 'refuse' || command === 'comment' || command === 'rate'
    ? actors.ownRequester
    : command === 'autoClose' || command === 'alertLevel'
      ? SYSTEM_ACTOR
      : actors.admin;

// ---------------------------------------------------------------------------
// The lifecycle, written out by hand. "—" = refused with TICKET.INVALID_TRANSITION;
// "taken" = refused with TICKET.ALREADY_TAKEN (Bob already works the ticket).
// Tickets in assigned..closed have an assignee (Bob) and a group (N1), so refuse
// and reopen land on `assigned`; a pending ticket was `assigned` before it waited.
// The solved ticket's auto-close is due (it was solved yesterday); the closed one's
// survey is open. A rating keeps a closed ticket closed.
// Issue 10: an edit, a task edit, a lead alert, following and an escalation level never
// move the status; an escalation (to N2, nobody chosen there) takes the technician off, so
// the ticket is « Nouveau » in the new group, unless it waits. Every table ticket holds the
// task `editTask` edits; the clock's level is due (the tickets were opened Monday morning
// with 4 business hours to own, and it is Tuesday afternoon).
// ---------------------------------------------------------------------------
const _ = '—' as const;
const T = 'taken' as const;
type Cell = TicketStatus | typeof _ | typeof T;
const COLUMNS = [
  'create', 'take', 'assign', 'addFollowup', 'comment', 'addTask', 'plan', 'wait', 'resume', 'proposeSolution', 'approve', 'refuse', 'close', 'autoClose', 'reopen', 'rate',
  'edit', 'editTask', 'escalate', 'alertLead', 'follow', 'unfollow', 'alertLevel',
] as const;
// prettier-ignore
const LIFECYCLE: ReadonlyArray<readonly [TicketStatus | null, readonly Cell[]]> = [
  //            create  take        assign      followup    comment     addTask     plan       wait       resume      propose   approve   refuse      close     autoClose reopen      rate      edit        editTask    escalate   alertLead   follow      unfollow    alertLevel
  [null,       ['new',  _,          _,          _,          _,          _,          _,         _,         _,          _,        _,        _,          _,        _,        _,          _,        _,          _,          _,         _,          _,          _,          _         ]],
  ['new',      [_,      'assigned', 'assigned', 'new',      'new',      'new',      'planned', 'pending', _,          'solved', _,        _,          _,        _,        _,          _,        'new',      'new',      'new',     'new',      'new',      'new',      'new'     ]],
  ['assigned', [_,      T,          'assigned', 'assigned', 'assigned', 'assigned', 'planned', 'pending', _,          'solved', _,        _,          _,        _,        _,          _,        'assigned', 'assigned', 'new',     'assigned', 'assigned', 'assigned', 'assigned']],
  ['planned',  [_,      T,          'planned',  'planned',  'planned',  'planned',  'planned', 'pending', _,          'solved', _,        _,          _,        _,        _,          _,        'planned',  'planned',  'new',     'planned',  'planned',  'planned',  'planned' ]],
  ['pending',  [_,      T,          'pending',  'pending',  'pending',  'pending',  _,         _,         'assigned', 'solved', _,        _,          _,        _,        _,          _,        'pending',  'pending',  'pending', 'pending',  'pending',  'pending',  'pending' ]],
  ['solved',   [_,      _,          _,          'solved',   'solved',   _,          _,         _,         _,          _,        'closed', 'assigned', 'closed', 'closed', _,          _,        'solved',   'solved',   _,         _,          'solved',   'solved',   _         ]],
  ['closed',   [_,      _,          _,          _,          _,          _,          _,         _,         _,          _,        _,        _,          _,        _,        'assigned', 'closed', _,          _,          _,         _,          'closed',   'closed',   _         ]],
];

/** The task of the mother's planned ticket, which `editTask` edits: every table ticket holds it. */
const TABLE_TASKS = aTicketIn('planned').tasks;
const tableTicket = (status: TicketStatus): Ticket => aTicketIn(status, { tasks: TABLE_TASKS });

const expected = (status: TicketStatus | null, command: CommandType): Cell => {
  const row = LIFECYCLE.find(([s]) => s === status);
  if (!row) throw new Error(`no row for ${status}`);
  return row[1][COLUMNS.indexOf(command as (typeof COLUMNS)[number])];
};

const CELLS = [null, ...TICKET_STATUSES].flatMap((status) =>
  COMMAND_TYPES.map((command) => ({ status, command, label: status ?? 'no ticket' })),
);

describe('decide — lifecycle table', () => {
  it('the table covers every status (plus "no ticket") and every command', () => {
    expect(LIFECYCLE.map(([s]) => s)).toEqual([null, 'new', 'assigned', 'planned', 'pending', 'solved', 'closed']);
    expect([...TICKET_STATUSES].sort()).toEqual(LIFECYCLE.slice(1).map(([s]) => s).sort());
    expect([...COMMAND_TYPES].sort()).toEqual([...COLUMNS].sort());
    expect(CELLS).toHaveLength(7 * 23);
  });

  it.each(CELLS)('$label × $command', ({ status, command }) => {
    const ticket = status === null ? null : tableTicket(status);
    const before = structuredClone(ticket);
    const result = decide(ticket, aCommand(command), entitledActor(command), NOW);
    const target = expected(status, command);
    if (target === _) {
      expectError(result, 'TICKET.INVALID_TRANSITION');
      expect(ticket).toEqual(before);
    } else if (target === T) {
      expectError(result, 'TICKET.ALREADY_TAKEN');
      expect(ticket).toEqual(before);
    } else {
      const { ticket: after, events } = expectOk(result);
      expect(after.status).toBe(target);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ from: status, to: target });
      expect(ticket).toEqual(before);
    }
  });
});

describe('decide — pending and resume', () => {
  it.each([
    ['assigned', 'assigned'],
    ['planned', 'planned'],
    ['new', 'new'],
  ] as const)('a ticket put on hold from %s resumes to %s', (start, back) => {
    const onHold = expectOk(decide(aTicketIn(start), commands.wait('Pièce commandée'), actors.admin, NOW)).ticket;
    expect(onHold.status).toBe('pending');
    expect(onHold.pendingReason).toBe('Pièce commandée');
    const resumed = expectOk(decide(onHold, commands.resume(), actors.admin, new Date(NOW.getTime() + 60_000))).ticket;
    expect(resumed.status).toBe(back);
    expect(resumed.pendingReason).toBeNull();
    expect(resumed.statusBeforePending).toBeNull();
  });

  it('reassigning a pending ticket does not forget where it was before pending', () => {
    const planned = aTicketIn('planned');
    const onHold = expectOk(decide(planned, commands.wait(), actors.admin, NOW)).ticket;
    const reassigned = expectOk(decide(onHold, commands.assign(people.tina, GROUP_N1), actors.admin, NOW)).ticket;
    expect(reassigned.status).toBe('pending');
    const resumed = expectOk(decide(reassigned, commands.resume(), actors.admin, NOW)).ticket;
    expect(resumed.status).toBe('planned');
  });
});

describe('decide — refuse, reopen and resume land on assigned only when a technician works the ticket', () => {
  it.each([
    ['an assignee and a group', { assignee: people.bob, groupId: GROUP_N1 }, 'assigned'],
    ['only an assignee', { assignee: people.bob, groupId: null }, 'assigned'],
    // GLPI: a group is a queue, not someone working it; « En cours (attribué) » with nobody is wrong
    ['only a group', { assignee: null, groupId: GROUP_N2 }, 'new'],
    ['neither', { assignee: null, groupId: null }, 'new'],
  ] as const)('refuse on a ticket with %s → %s', (_label, work, target) => {
    const solved = aTicketIn('solved', work);
    const { ticket, events } = expectOk(decide(solved, commands.refuse('  Toujours bloquée  '), actors.ownRequester, NOW));
    expect(ticket.status).toBe(target);
    expect(ticket.solutions.map((s) => s.outcome)).toEqual([{ kind: 'refused', by: people.alice, at: NOW, reason: 'Toujours bloquée' }]);
    expect(ticket.solvedAt).toBeNull();
    expect(ticket.autoCloseAt).toBeNull();
    expect(events[0]).toMatchObject({ type: 'SolutionRefused', from: 'solved', to: target, note: 'Toujours bloquée' });
  });

  it.each([
    ['an assignee and a group', { assignee: people.bob, groupId: GROUP_N1 }, 'assigned'],
    ['only a group', { assignee: null, groupId: GROUP_N2 }, 'new'],
    ['neither', { assignee: null, groupId: null }, 'new'],
  ] as const)('reopen on a ticket with %s → %s', (_label, work, target) => {
    const closed = aTicketIn('closed', work);
    const { ticket } = expectOk(decide(closed, commands.reopen(), actors.lead, NOW));
    expect(ticket.status).toBe(target);
    expect(ticket.closedAt).toBeNull();
    expect(ticket.solvedAt).toBeNull();
    // the approved solution stays in the ticket's story; the ticket no longer stands on it
    expect(ticket.solutions).toEqual(closed.solutions);
    expect(currentSolution(ticket)).toBeNull();
  });

  it('a ticket that waited while assigned, then was given to a group only, resumes as new', () => {
    const onHold = expectOk(decide(aTicketIn('assigned'), commands.wait(), actors.admin, NOW)).ticket;
    const toGroup = expectOk(decide(onHold, commands.assign(null, GROUP_N2), actors.admin, NOW)).ticket;
    expect(toGroup).toMatchObject({ status: 'pending', assignee: null, groupId: GROUP_N2 });
    expect(expectOk(decide(toGroup, commands.resume(), actors.admin, NOW)).ticket.status).toBe('new');
  });

  it('a new ticket that waited, then was given to a technician, resumes as assigned', () => {
    const onHold = expectOk(decide(aTicketIn('new'), commands.wait(), actors.admin, NOW)).ticket;
    const toTina = expectOk(decide(onHold, commands.assign(people.tina, GROUP_N1), actors.admin, NOW)).ticket;
    expect(expectOk(decide(toTina, commands.resume(), actors.admin, NOW)).ticket.status).toBe('assigned');
  });
});

describe('decide — mandatory texts', () => {
  const blanks = ['', '   ', ' \n\t '];
  const reasonCases = blanks.flatMap((blank) => [
    { command: commands.wait(blank), status: 'assigned' as const, actor: actors.admin },
    { command: commands.refuse(blank), status: 'solved' as const, actor: actors.ownRequester },
    { command: commands.reopen(blank), status: 'closed' as const, actor: actors.admin },
  ]);

  it.each(reasonCases)('$command.type with reason $command.reason is refused with TICKET.VALIDATION', ({ command, status, actor }) => {
    const ticket = aTicketIn(status);
    const before = structuredClone(ticket);
    expectError(decide(ticket, command, actor, NOW), 'TICKET.VALIDATION');
    expect(ticket).toEqual(before);
  });

  it.each(blanks)('a blank solution (%j) is refused with TICKET.VALIDATION', (text) => {
    const ticket = aTicketIn('assigned');
    expectError(decide(ticket, commands.proposeSolution(text), actors.admin, NOW), 'TICKET.VALIDATION');
    expect(ticket.status).toBe('assigned');
  });

  it.each([
    { command: commands.wait('x'.repeat(2001)), status: 'assigned' as const, actor: actors.admin },
    { command: commands.refuse('x'.repeat(2001)), status: 'solved' as const, actor: actors.ownRequester },
    { command: commands.reopen('x'.repeat(2001)), status: 'closed' as const, actor: actors.admin },
  ])('$command.type with a reason over 2000 characters is refused', ({ command, status, actor }) => {
    expectError(decide(aTicketIn(status), command, actor, NOW), 'TICKET.VALIDATION');
  });

  it('a solution is stored trimmed, with its author and the solve time, awaiting an answer', () => {
    const { ticket } = expectOk(decide(aTicketIn('assigned'), commands.proposeSolution('  Cache vidé.  '), actors.groupTechnician, NOW));
    expect(ticket.solutions).toEqual([{ text: 'Cache vidé.', author: people.tina, at: NOW, outcome: { kind: 'proposed' } }]);
    expect(currentSolution(ticket)).toEqual(ticket.solutions[0]);
    expect(ticket.solvedAt).toEqual(NOW);
  });

  it('assign needs a technician or a group', () => {
    const result = decide(aTicketIn('new'), commands.assign(null, null), actors.admin, NOW);
    expectError(result, 'TICKET.VALIDATION');
    if (!result.ok) expect(result.error.details).toEqual({ field: 'assignee' });
  });
});

describe('decide — events', () => {
  type Carried = {
    visibility: 'public' | 'private' | null;
    assignee: Person | null;
    groupId: string | null;
    rating?: Rating | null;
    level?: TicketEvent['level'];
    escalation?: TicketEvent['escalation'];
  };
  const SUMMARY = 'Redémarrage du poste et du navigateur, droits vérifiés dans HorairePro : toujours « Accès refusé ».';
  const none: Carried = { visibility: null, assignee: null, groupId: null };
  const cases: ReadonlyArray<readonly [TicketStatus | null, TicketCommand, Actor, string, TicketStatus, string | null, Carried]> = [
    [null, commands.create(), actors.ownRequester, 'TicketCreated', 'new', null, none],
    ['new', commands.take(), actors.groupTechnician, 'TicketTaken', 'assigned', null, { visibility: null, assignee: people.tina, groupId: null }],
    ['new', commands.assign(), actors.admin, 'TicketAssigned', 'assigned', null, { visibility: null, assignee: people.tina, groupId: GROUP_N1 }],
    ['assigned', commands.assign(null, GROUP_N2), actors.admin, 'TicketAssigned', 'assigned', null, { visibility: null, assignee: null, groupId: GROUP_N2 }],
    ['assigned', commands.addFollowup(' Cache vidé ', 'public'), actors.admin, 'FollowupAdded', 'assigned', 'Cache vidé', { ...none, visibility: 'public' }],
    ['pending', commands.addFollowup('Relancé l’éditeur', 'private'), actors.assigneeTechnician, 'FollowupAdded', 'pending', 'Relancé l’éditeur', { ...none, visibility: 'private' }],
    ['solved', commands.comment('  Je teste demain  '), actors.ownRequester, 'RequesterCommented', 'solved', 'Je teste demain', { ...none, visibility: 'public' }],
    ['assigned', commands.addTask({ description: ' Vérifier le compte ' }), actors.admin, 'TaskAdded', 'assigned', 'Vérifier le compte', none],
    ['assigned', commands.plan(), actors.admin, 'TicketPlanned', 'planned', 'Réinitialiser le profil HorairePro', none],
    ['assigned', commands.wait('  Attente éditeur '), actors.admin, 'TicketPutOnHold', 'pending', 'Attente éditeur', none],
    ['pending', commands.resume(), actors.admin, 'TicketResumed', 'assigned', null, none],
    ['planned', commands.proposeSolution(' Droits rétablis '), actors.admin, 'SolutionProposed', 'solved', 'Droits rétablis', none],
    ['solved', commands.approve(), actors.ownRequester, 'SolutionApproved', 'closed', null, none],
    ['solved', commands.refuse('Ça ne marche pas'), actors.ownRequester, 'SolutionRefused', 'assigned', 'Ça ne marche pas', none],
    ['solved', commands.close(), actors.assigneeTechnician, 'TicketClosed', 'closed', null, none],
    ['solved', commands.autoClose(), SYSTEM_ACTOR, 'TicketAutoClosed', 'closed', null, none],
    ['closed', commands.reopen('Revenu'), actors.admin, 'TicketReopened', 'assigned', 'Revenu', none],
    ['closed', commands.reopen(' Toujours lent '), actors.ownRequester, 'TicketReopened', 'assigned', 'Toujours lent', none],
    ['closed', commands.rate(2, '  Trop long  '), actors.ownRequester, 'TicketRated', 'closed', 'Trop long', { ...none, rating: 2 }],
    ['closed', commands.rate(5, null), actors.ownRequester, 'TicketRated', 'closed', null, { ...none, rating: 5 }],
    ['closed', commands.rate(4, '   '), actors.ownRequester, 'TicketRated', 'closed', null, { ...none, rating: 4 }],
    ['solved', commands.edit({ title: ' Accès HorairePro refusé ' }), actors.assigneeTechnician, 'TicketEdited', 'solved', null, none],
    ['planned', commands.editTask('task-1', { durationMinutes: 45 }), actors.assigneeTechnician, 'TaskEdited', 'planned', null, none],
    ['assigned', commands.escalate(), actors.groupTechnician, 'TicketEscalated', 'new', SUMMARY, { ...none, escalation: { fromGroupId: GROUP_N1, supportLevel: 2 } }],
    ['assigned', commands.alertLead('  Droits d’administration manquants '), actors.assigneeTechnician, 'LeadAlerted', 'assigned', 'Droits d’administration manquants', none],
    ['closed', commands.follow(), actors.otherGroupTechnician, 'TicketFollowed', 'closed', null, none],
    ['assigned', commands.unfollow(), actors.lead, 'TicketUnfollowed', 'assigned', null, none],
    // Monday 09:30 with 4 business hours to own: on Tuesday afternoon both own levels are due, the breach is told
    ['new', commands.alertLevel(), SYSTEM_ACTOR, 'SlaLevelReached', 'new', null, { ...none, level: { id: 'own-100', clock: 'own', percent: 100, hierarchical: false } }],
  ];

  it.each(cases)('from %s, %o emits one event', (status, command, actor, type, to, note, carried) => {
    const ticket = status === null ? null : aTicketIn(status);
    const { ticket: after, events } = expectOk(decide(ticket, command, actor, NOW));
    expect(events).toEqual([
      {
        type,
        ticketId: after.id,
        tenantId: 'tenant-contoso',
        number: after.number,
        actor: { id: actor.id, name: actor.name },
        at: NOW,
        from: status,
        to,
        note,
        rating: null,
        level: null,
        escalation: null,
        byClock: false,
        ...carried,
      },
    ]);
  });
});

describe('decide — history, version, timestamps', () => {
  it('an assignment appends who/when/field/old → new, keeping older entries', () => {
    const ticket = aTicketIn('new');
    const { ticket: after } = expectOk(decide(ticket, commands.assign(people.tina, GROUP_N1), actors.lead, NOW));
    const who = { id: people.lea.id, name: people.lea.name };
    expect(after.history).toEqual([
      ...ticket.history,
      { at: NOW, actor: who, field: 'status', from: 'new', to: 'assigned' },
      { at: NOW, actor: who, field: 'assignee', from: null, to: 'Tina Moreau (aad-tina)' },
      { at: NOW, actor: who, field: 'group', from: null, to: GROUP_N1 },
    ]);
  });

  it('a whole lifecycle only ever appends to the history', () => {
    let ticket = expectOk(decide(null, commands.create(), actors.ownRequester, OPENED_AT)).ticket;
    expect(ticket.history).toEqual([
      { at: OPENED_AT, actor: people.alice, field: 'status', from: null, to: 'new' },
    ]);
    const steps: Array<[TicketCommand, Actor]> = [
      [commands.assign(people.tina, GROUP_N1), actors.lead],
      [commands.wait('Attente pièce'), actors.groupTechnician],
      [commands.resume(), actors.groupTechnician],
      [commands.proposeSolution('Pièce changée'), actors.groupTechnician],
      [commands.refuse('Toujours en panne'), actors.ownRequester],
      [commands.proposeSolution('Carte mère changée'), actors.groupTechnician],
      [commands.approve(), actors.ownRequester],
    ];
    let at = OPENED_AT.getTime();
    for (const [command, actor] of steps) {
      at += 60_000;
      const previous = ticket.history;
      ticket = expectOk(decide(ticket, command, actor, new Date(at))).ticket;
      expect(ticket.history.slice(0, previous.length)).toEqual(previous);
      const added = ticket.history.slice(previous.length);
      expect(added.length).toBeGreaterThan(0);
      for (const entry of added) expect(entry).toMatchObject({ at: new Date(at), actor: { id: actor.id, name: actor.name } });
    }
    const statusTrail = ticket.history.filter((e) => e.field === 'status').map((e) => `${e.from}→${e.to}`);
    expect(statusTrail).toEqual([
      'null→new',
      'new→assigned',
      'assigned→pending',
      'pending→assigned',
      'assigned→solved',
      'solved→assigned',
      'assigned→solved',
      'solved→closed',
    ]);
    expect(ticket.history.filter((e) => e.field === 'solutionDecision').map((e) => e.to)).toEqual([
      'refused: Toujours en panne',
      null,
      'approved',
    ]);
  });

  it('history entries record the person, not their roles or groups', () => {
    const { ticket } = expectOk(decide(aTicketIn('new'), commands.assign(), actors.admin, NOW));
    for (const entry of ticket.history.slice(1)) expect(entry.actor).toEqual({ id: people.adam.id, name: people.adam.name });
  });

  it.each([...COMMAND_TYPES].filter((c) => c !== 'create'))('%s leaves the version to the repository', (command) => {
    const status = LIFECYCLE.find(([s, row]) => {
      const cell = row[COLUMNS.indexOf(command as (typeof COLUMNS)[number])];
      return s !== null && cell !== _ && cell !== T;
    })?.[0];
    const ticket = aTicketIn(status as TicketStatus, { version: 7, tasks: TABLE_TASKS });
    const { ticket: after } = expectOk(decide(ticket, aCommand(command), entitledActor(command), NOW));
    expect(after.version).toBe(7);
    expect(after.updatedAt).toEqual(NOW);
    expect(after.createdAt).toEqual(OPENED_AT);
  });

  it('a created ticket starts at version 0', () => {
    expect(expectOk(decide(null, commands.create(), actors.ownRequester, NOW)).ticket.version).toBe(0);
  });

  it('decide is pure: same inputs, same answer', () => {
    const ticket = aTicketIn('assigned');
    expect(decide(ticket, commands.wait(), actors.admin, NOW)).toEqual(decide(ticket, commands.wait(), actors.admin, NOW));
  });

  it('approve closes and keeps the solve time; a staff close and the clock do the same', () => {
    const solved = aTicketIn('solved');
    const approved = expectOk(decide(solved, commands.approve(), actors.ownRequester, NOW)).ticket;
    expect(approved).toMatchObject({ status: 'closed', closedAt: NOW, solvedAt: solved.solvedAt, autoCloseAt: null });
    expect(approved.solutions.map((s) => s.outcome)).toEqual([{ kind: 'approved', by: people.alice, at: NOW }]);
    const closed = expectOk(decide(solved, commands.close(), actors.assigneeTechnician, NOW)).ticket;
    expect(closed).toMatchObject({ status: 'closed', closedAt: NOW, solvedAt: solved.solvedAt, autoCloseAt: null });
    const autoClosed = expectOk(decide(solved, commands.autoClose(), SYSTEM_ACTOR, NOW)).ticket;
    expect(autoClosed).toMatchObject({ status: 'closed', closedAt: NOW, solvedAt: solved.solvedAt, autoCloseAt: null });
  });

  it('planning adds the task and makes the planner the assignee of an unassigned ticket', () => {
    const { ticket } = expectOk(decide(aTicketIn('new'), commands.plan(), actors.groupTechnician, NOW));
    expect(ticket.status).toBe('planned');
    expect(ticket.assignee).toEqual(people.tina);
    expect(ticket.tasks).toEqual([
      {
        id: 'task-9',
        author: people.tina,
        description: 'Réinitialiser le profil HorairePro',
        status: 'todo',
        durationMinutes: 20,
        plannedStart: new Date('2025-03-05T10:00:00.000Z'),
        at: NOW,
      },
    ]);
  });

  it('assigning only a technician keeps the ticket in its group', () => {
    const { ticket } = expectOk(decide(aTicketIn('assigned'), commands.assign(people.tina, null), actors.admin, NOW));
    expect(ticket.assignee).toEqual(people.tina);
    expect(ticket.groupId).toBe(GROUP_N1);
  });
});

/** A desk open round the clock: due times in plain arithmetic (business hours: sla.test.ts). */
const ROUND_THE_CLOCK: ServiceLevelRules = { ...DEFAULT_SERVICE_LEVELS, calendar: ALWAYS_OPEN };
const dueDatesOf = (ticket: Ticket) => ({ timeToOwn: ticket.sla.own.dueAt, timeToResolve: ticket.sla.resolve.dueAt });

describe('decide — create', () => {
  it('opens a new ticket from the draft, priority from the default matrix, SLA from the priority', () => {
    const { ticket } = expectOk(
      decide(null, commands.create({ urgency: 4, impact: 5, title: '  Serveur de fichiers HS  ' }, { serviceLevels: ROUND_THE_CLOCK }), actors.ownRequester, NOW),
    );
    expect(ticket).toMatchObject({
      id: 'tkt-2001',
      tenantId: 'tenant-contoso',
      number: 2001,
      status: 'new',
      title: 'Serveur de fichiers HS',
      requester: people.alice,
      urgency: 4,
      impact: 5,
      priority: 5,
      assignee: null,
      solutions: [],
      autoCloseAt: null,
      survey: null,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(dueDatesOf(ticket)).toEqual({
      timeToOwn: new Date('2025-03-04T14:15:00.000Z'),
      timeToResolve: new Date('2025-03-04T18:00:00.000Z'),
    });
  });

  it('counts the default targets in the default calendar’s business hours (Mon–Fri 08:00–18:00, Paris)', () => {
    // Tuesday 15:00 in Paris, priority 5: 15 minutes to own, 4 business hours to resolve (3 h today, 1 h tomorrow)
    const { ticket } = expectOk(decide(null, commands.create({ urgency: 4, impact: 5 }), actors.ownRequester, NOW));
    expect(dueDatesOf(ticket)).toEqual({
      timeToOwn: new Date('2025-03-04T15:15:00+01:00'),
      timeToResolve: new Date('2025-03-05T09:00:00+01:00'),
    });
  });

  it.each([
    [1, 1, 1, '2025-03-04T22:00:00.000Z', '2025-03-14T14:00:00.000Z'],
    [3, 3, 3, '2025-03-04T16:00:00.000Z', '2025-03-07T14:00:00.000Z'],
    [2, 4, 3, '2025-03-04T16:00:00.000Z', '2025-03-07T14:00:00.000Z'],
    [5, 1, 2, '2025-03-04T18:00:00.000Z', '2025-03-09T14:00:00.000Z'],
    [4, 3, 4, '2025-03-04T15:00:00.000Z', '2025-03-05T14:00:00.000Z'],
  ] as const)('urgency %i × impact %i → priority %i, due %s / %s', (urgency, impact, priority, own, resolve) => {
    const { ticket } = expectOk(decide(null, commands.create({ urgency, impact }, { serviceLevels: ROUND_THE_CLOCK }), actors.ownRequester, NOW));
    expect(ticket.priority).toBe(priority);
    expect(dueDatesOf(ticket)).toEqual({ timeToOwn: new Date(own), timeToResolve: new Date(resolve) });
  });

  it("honours the helpdesk's own matrix and SLA policy", () => {
    const allOnes: PriorityMatrix = [
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ];
    const policy: SlaPolicy = {
      1: { timeToOwnMinutes: 1, timeToResolveMinutes: 2 },
      2: { timeToOwnMinutes: 3, timeToResolveMinutes: 4 },
      3: { timeToOwnMinutes: 5, timeToResolveMinutes: 6 },
      4: { timeToOwnMinutes: 7, timeToResolveMinutes: 8 },
      5: { timeToOwnMinutes: 9, timeToResolveMinutes: 10 },
    };
    const { ticket } = expectOk(
      decide(null, commands.create({ urgency: 5, impact: 5 }, { priorityMatrix: allOnes, slaPolicy: policy }), actors.ownRequester, NOW),
    );
    expect(ticket.priority).toBe(1);
    // Tuesday 15:00 in Paris: one and two business minutes later
    expect(dueDatesOf(ticket)).toEqual({
      timeToOwn: new Date(NOW.getTime() + 60_000),
      timeToResolve: new Date(NOW.getTime() + 2 * 60_000),
    });
  });

  it.each([
    ['empty', ''],
    ['whitespace only', '   \t '],
    ['256 characters', 'a'.repeat(256)],
  ])('a title that is %s is refused with TICKET.VALIDATION', (_label, title) => {
    expectError(decide(null, commands.create({ title }), actors.ownRequester, NOW), 'TICKET.VALIDATION');
  });

  it('a title of exactly 255 characters is accepted', () => {
    expect(expectOk(decide(null, commands.create({ title: 'a'.repeat(255) }), actors.ownRequester, NOW)).ticket.title).toHaveLength(255);
  });

  it('a description over 20 000 characters is refused; 20 000 is accepted', () => {
    expectError(decide(null, commands.create({ description: 'd'.repeat(20_001) }), actors.ownRequester, NOW), 'TICKET.VALIDATION');
    expectOk(decide(null, commands.create({ description: 'd'.repeat(20_000) }), actors.ownRequester, NOW));
  });

  it('a location over 200 characters is refused', () => {
    expectError(decide(null, commands.create({ location: 'l'.repeat(201) }), actors.ownRequester, NOW), 'TICKET.VALIDATION');
  });

  it.each([0, 6, 2.5])('urgency %s is refused', (urgency) => {
    expectError(decide(null, commands.create({ urgency: urgency as 1 }), actors.ownRequester, NOW), 'TICKET.VALIDATION');
  });

  it('an employee may not open a ticket on behalf of someone else', () => {
    const result = decide(null, commands.create({ requester: people.alice }), actors.otherRequester, NOW);
    expectError(result, 'TICKET.FORBIDDEN');
    if (!result.ok) expect(result.error.details).toEqual({ capability: 'ticket.createOnBehalf' });
  });

  it.each([
    ['a technician', actors.otherGroupTechnician],
    ['a lead', actors.lead],
    ['an admin', actors.admin],
  ])('%s may open a ticket on behalf of a requester (e.g. after a call)', (_label, actor) => {
    const { ticket, events } = expectOk(decide(null, commands.create({ requester: people.alice, source: 'call' }), actor, NOW));
    expect(ticket.requester).toEqual(people.alice);
    expect(ticket.source).toBe('call');
    expect(ticket.history).toEqual([{ at: NOW, actor: { id: actor.id, name: actor.name }, field: 'status', from: null, to: 'new' }]);
    expect(events[0].actor).toEqual({ id: actor.id, name: actor.name });
  });

  it('a plain employee opens tickets for themselves', () => {
    const oscar = anActor(['requester'], people.oscar);
    expect(expectOk(decide(null, commands.create({ requester: people.oscar }), oscar, NOW)).ticket.requester).toEqual(people.oscar);
  });
});

describe('decide — take', () => {
  it('taking an unassigned ticket assigns the taker and tells the requester with a public followup', () => {
    const ticket = aTicketIn('new');
    const { ticket: after, events } = expectOk(decide(ticket, commands.take('fup-7'), actors.groupTechnician, NOW));
    expect(after.status).toBe('assigned');
    expect(after.assignee).toEqual(people.tina);
    expect(after.groupId).toBeNull();
    expect(after.followups).toHaveLength(1);
    expect(after.followups[0]).toMatchObject({
      id: 'fup-7',
      author: people.tina,
      kind: 'takenInCharge',
      visibility: 'public',
      at: NOW,
    });
    expect(events[0]).toMatchObject({ type: 'TicketTaken', assignee: people.tina, groupId: null, from: 'new', to: 'assigned' });
    const tina = { id: people.tina.id, name: people.tina.name };
    expect(after.history).toEqual([
      ...ticket.history,
      { at: NOW, actor: tina, field: 'status', from: 'new', to: 'assigned' },
      { at: NOW, actor: tina, field: 'assignee', from: null, to: 'Tina Moreau (aad-tina)' },
      { at: NOW, actor: tina, field: 'followups', from: '0', to: '1' },
    ]);
  });

  it('the taken-in-charge followup comes after the followups already there', () => {
    const earlier = { id: 'fup-1', author: people.alice, kind: 'comment' as const, text: 'Urgent svp', visibility: 'public' as const, at: OPENED_AT };
    const { ticket } = expectOk(decide(aTicketIn('new', { followups: [earlier] }), commands.take(), actors.lead, NOW));
    expect(ticket.followups.map((f) => f.kind)).toEqual(['comment', 'takenInCharge']);
    expect(ticket.followups[1].author).toEqual(people.lea);
  });

  it.each([
    ['assigned', 'assigned'],
    ['planned', 'planned'],
    ['pending', 'pending'],
  ] as const)('taking a %s ticket that sits in a queue without a technician keeps it %s', (status, target) => {
    const queued = aTicketIn(status, { assignee: null, groupId: GROUP_N1 });
    const { ticket, events } = expectOk(decide(queued, commands.take(), actors.groupTechnician, NOW));
    expect(ticket.status).toBe(target);
    expect(ticket.assignee).toEqual(people.tina);
    expect(ticket.groupId).toBe(GROUP_N1);
    expect(events[0]).toMatchObject({ type: 'TicketTaken', assignee: people.tina, groupId: GROUP_N1 });
  });

  it('taking a pending ticket keeps its reason and where it resumes', () => {
    const queued = aTicketIn('pending', { assignee: null, statusBeforePending: 'planned' });
    const { ticket } = expectOk(decide(queued, commands.take(), actors.groupTechnician, NOW));
    expect(ticket).toMatchObject({ status: 'pending', statusBeforePending: 'planned', pendingReason: 'En attente du retour de l’éditeur' });
  });

  it.each([
    ['a technician of the group', actors.groupTechnician],
    ['the lead', actors.lead],
    ['the assignee himself', actors.assigneeTechnician],
  ])('%s cannot take a ticket Bob already took: ALREADY_TAKEN, ticket unchanged', (_label, actor) => {
    const ticket = aTicketIn('assigned');
    const before = structuredClone(ticket);
    const result = decide(ticket, commands.take(), actor, NOW);
    expectError(result, 'TICKET.ALREADY_TAKEN');
    if (!result.ok) expect(result.error.details).toEqual({ assignee: 'Bob Lefèvre' });
    expect(ticket).toEqual(before);
  });

  it('a ticket taken once cannot be taken again by someone else', () => {
    const taken = expectOk(decide(aTicketIn('new'), commands.take(), actors.groupTechnician, NOW)).ticket;
    expectError(decide(taken, commands.take(), actors.lead, NOW), 'TICKET.ALREADY_TAKEN');
  });
});

describe('decide — followups and comments', () => {
  it('a public followup is stored trimmed, as a note by its author; the status does not move', () => {
    const { ticket, events } = expectOk(
      decide(aTicketIn('assigned'), commands.addFollowup('  Cache vidé.  ', 'public', 'fup-9'), actors.groupTechnician, NOW),
    );
    expect(ticket.status).toBe('assigned');
    expect(ticket.followups).toEqual([
      { id: 'fup-9', author: people.tina, kind: 'note', text: 'Cache vidé.', visibility: 'public', at: NOW },
    ]);
    expect(events[0]).toMatchObject({ type: 'FollowupAdded', visibility: 'public', note: 'Cache vidé.', assignee: null });
  });

  it('a private followup stays private, on the ticket and in the event', () => {
    const { ticket, events } = expectOk(
      decide(aTicketIn('assigned'), commands.addFollowup('Mot de passe admin dans le coffre', 'private'), actors.assigneeTechnician, NOW),
    );
    expect(ticket.followups).toEqual([
      { id: 'fup-note', author: people.bob, kind: 'note', text: 'Mot de passe admin dans le coffre', visibility: 'private', at: NOW },
    ]);
    expect(events[0]).toMatchObject({ type: 'FollowupAdded', visibility: 'private' });
  });

  it.each(['', '   ', ' \n\t '])('a blank followup (%j) is refused with TICKET.VALIDATION', (text) => {
    const ticket = aTicketIn('assigned');
    const before = structuredClone(ticket);
    expectError(decide(ticket, commands.addFollowup(text), actors.admin, NOW), 'TICKET.VALIDATION');
    expect(ticket).toEqual(before);
  });

  it('a followup over 10 000 characters is refused; 10 000 is accepted', () => {
    expectError(decide(aTicketIn('assigned'), commands.addFollowup('f'.repeat(10_001)), actors.admin, NOW), 'TICKET.VALIDATION');
    const { ticket } = expectOk(decide(aTicketIn('assigned'), commands.addFollowup('f'.repeat(10_000)), actors.admin, NOW));
    expect(ticket.followups[0].text).toHaveLength(10_000);
  });

  it('a followup on a pending ticket keeps it pending, with its reason and where it resumes', () => {
    const { ticket } = expectOk(decide(aTicketIn('pending'), commands.addFollowup(), actors.admin, NOW));
    expect(ticket).toMatchObject({ status: 'pending', statusBeforePending: 'assigned', pendingReason: 'En attente du retour de l’éditeur' });
  });

  it('a followup or a comment on a solved ticket keeps its solution and its solve time', () => {
    const solved = aTicketIn('solved');
    const afterNote = expectOk(decide(solved, commands.addFollowup(), actors.admin, NOW)).ticket;
    const kept = { status: 'solved', solutions: solved.solutions, solvedAt: solved.solvedAt, autoCloseAt: AUTO_CLOSE_AT };
    expect(afterNote).toMatchObject(kept);
    const afterComment = expectOk(decide(solved, commands.comment(), actors.ownRequester, NOW)).ticket;
    expect(afterComment).toMatchObject(kept);
  });

  it('a comment from the requester is a public followup of kind comment', () => {
    const { ticket, events } = expectOk(decide(aTicketIn('planned'), commands.comment('  Merci !  ', 'fup-c1'), actors.ownRequester, NOW));
    expect(ticket.status).toBe('planned');
    expect(ticket.followups).toEqual([
      { id: 'fup-c1', author: people.alice, kind: 'comment', text: 'Merci !', visibility: 'public', at: NOW },
    ]);
    expect(events[0]).toMatchObject({ type: 'RequesterCommented', visibility: 'public', note: 'Merci !', actor: people.alice });
  });

  it.each([
    ['blank', '  '],
    ['over 10 000 characters', 'c'.repeat(10_001)],
  ])('a %s comment is refused with TICKET.VALIDATION', (_label, text) => {
    expectError(decide(aTicketIn('assigned'), commands.comment(text), actors.ownRequester, NOW), 'TICKET.VALIDATION');
  });

  it('a followup appends a followups-count history entry, and nothing else', () => {
    const earlier = { id: 'fup-1', author: people.bob, kind: 'note' as const, text: 'Vu', visibility: 'private' as const, at: OPENED_AT };
    const ticket = aTicketIn('assigned', { followups: [earlier] });
    const { ticket: after } = expectOk(decide(ticket, commands.addFollowup(), actors.lead, NOW));
    expect(after.followups.map((f) => f.id)).toEqual(['fup-1', 'fup-note']);
    expect(after.history).toEqual([
      ...ticket.history,
      { at: NOW, actor: { id: people.lea.id, name: people.lea.name }, field: 'followups', from: '1', to: '2' },
    ]);
  });

  it('a comment appends a followups-count history entry by the requester', () => {
    const ticket = aTicketIn('assigned');
    const { ticket: after } = expectOk(decide(ticket, commands.comment(), actors.ownRequester, NOW));
    expect(after.history.slice(ticket.history.length)).toEqual([
      { at: NOW, actor: people.alice, field: 'followups', from: '0', to: '1' },
    ]);
  });
});

describe('decide — tasks', () => {
  it('an unplanned task is added without moving the status or assigning anyone', () => {
    const ticket = aTicketIn('new');
    const { ticket: after, events } = expectOk(decide(ticket, commands.addTask(), actors.groupTechnician, NOW));
    expect(after.status).toBe('new');
    expect(after.assignee).toBeNull();
    expect(after.tasks).toEqual([
      {
        id: 'task-8',
        author: people.tina,
        description: 'Contrôler le compte dans l’annuaire',
        status: 'done',
        durationMinutes: 15,
        plannedStart: null,
        at: NOW,
      },
    ]);
    const tina = { id: people.tina.id, name: people.tina.name };
    expect(after.history.slice(ticket.history.length)).toEqual([
      { at: NOW, actor: tina, field: 'tasksDone', from: '0', to: '1' },
      { at: NOW, actor: tina, field: 'taskMinutes', from: '0', to: '15' },
      { at: NOW, actor: tina, field: 'tasks', from: '0', to: '1' },
    ]);
    expect(events[0]).toMatchObject({ type: 'TaskAdded', from: 'new', to: 'new', note: 'Contrôler le compte dans l’annuaire' });
  });

  it('a task on a planned ticket is appended after the planned one', () => {
    const { ticket } = expectOk(decide(aTicketIn('planned'), commands.addTask(), actors.admin, NOW));
    expect(ticket.status).toBe('planned');
    expect(ticket.tasks.map((t) => t.id)).toEqual(['task-1', 'task-8']);
  });

  it.each([
    ['a blank description', { description: '   ' }],
    ['a description over 10 000 characters', { description: 't'.repeat(10_001) }],
    ['a negative duration', { durationMinutes: -5 }],
    ['a fractional duration', { durationMinutes: 2.5 }],
  ])('%s is refused with TICKET.VALIDATION', (_label, overrides) => {
    expectError(decide(aTicketIn('assigned'), commands.addTask(overrides), actors.admin, NOW), 'TICKET.VALIDATION');
  });
});

/** A refusal with its code and details: what the views need to say what was refused. */
function expectRefused(result: Result<Decision>, code: string, details: Record<string, unknown>): void {
  expect(result.ok ? null : { code: result.error.code, details: result.error.details }).toEqual({ code, details });
}

const minutes = (n: number) => n * 60_000;
const after = (date: Date, ms: number) => new Date(date.getTime() + ms);
const DAY = minutes(24 * 60);
const policy = (autoCloseAfterMinutes: number, surveyMinutes: number): ClosurePolicy => ({ autoCloseAfterMinutes, surveyMinutes });

describe('decide — the solutions a ticket keeps', () => {
  it('propose → refuse → propose → approve: both solutions stay, each with what became of it, who and when', () => {
    const t1 = after(OPENED_AT, minutes(60));
    const t2 = after(t1, minutes(30));
    const t3 = after(t2, minutes(30));
    const t4 = after(t3, minutes(30));
    const first = expectOk(decide(aTicketIn('assigned'), commands.proposeSolution('Cache vidé'), actors.assigneeTechnician, t1)).ticket;
    const refused = expectOk(decide(first, commands.refuse('Toujours bloquée'), actors.ownRequester, t2)).ticket;
    expect(currentSolution(refused)).toBeNull();
    const second = expectOk(decide(refused, commands.proposeSolution('Profil recréé'), actors.groupTechnician, t3)).ticket;
    expect(currentSolution(second)?.text).toBe('Profil recréé');
    const approved = expectOk(decide(second, commands.approve(), actors.ownRequester, t4)).ticket;
    expect(approved.solutions).toEqual([
      { text: 'Cache vidé', author: people.bob, at: t1, outcome: { kind: 'refused', by: people.alice, at: t2, reason: 'Toujours bloquée' } },
      { text: 'Profil recréé', author: people.tina, at: t3, outcome: { kind: 'approved', by: people.alice, at: t4 } },
    ]);
    expect(currentSolution(approved)).toEqual(approved.solutions[1]);
  });

  it.each([
    ['a technician of the ticket closes it', commands.close(), actors.assigneeTechnician, { kind: 'closed', by: people.bob, at: NOW }],
    ['the clock closes it', commands.autoClose(), SYSTEM_ACTOR, { kind: 'autoClosed', by: { id: 'system', name: 'Guichet' }, at: NOW }],
  ] as const)('%s: the solution is marked so, by that actor', (_label, command, actor, outcome) => {
    const { ticket } = expectOk(decide(aTicketIn('solved'), command, actor, NOW));
    expect(ticket.solutions).toEqual([{ ...aTicketIn('solved').solutions[0], outcome }]);
  });

  it('a solution still unanswered when a new one is proposed is superseded (a document from before the list)', () => {
    // older versions could leave a proposed solution on a ticket sent back to work
    const legacy = aTicketIn('assigned', { solutions: [aSolution()] });
    const { ticket } = expectOk(decide(legacy, commands.proposeSolution('Autre piste'), actors.groupTechnician, NOW));
    expect(ticket.solutions.map((s) => [s.text, s.outcome])).toEqual([
      ['Compte réactivé dans HorairePro.', { kind: 'superseded', by: people.tina, at: NOW }],
      ['Autre piste', { kind: 'proposed' }],
    ]);
  });

  it('the current solution is none while the ticket is worked on, the last one once solved or closed', () => {
    expect(currentSolution(aTicketIn('assigned', { solutions: [aSolution()] }))).toBeNull();
    expect(currentSolution(aTicketIn('solved'))?.outcome).toEqual({ kind: 'proposed' });
    expect(currentSolution(aTicketIn('closed'))?.outcome.kind).toBe('approved');
    expect(currentSolution(aTicketIn('closed', { solutions: [] }))).toBeNull();
  });

  it('the history says what became of each solution, as it always has', () => {
    const refused = expectOk(decide(aTicketIn('solved'), commands.refuse('Non'), actors.ownRequester, NOW)).ticket;
    const added = refused.history.slice(aTicketIn('solved').history.length);
    expect(added).toEqual([
      { at: NOW, actor: people.alice, field: 'status', from: 'solved', to: 'assigned' },
      { at: NOW, actor: people.alice, field: 'solutionDecision', from: null, to: 'refused: Non' },
      { at: NOW, actor: people.alice, field: 'followups', from: '0', to: '1' },
    ]);
    const auto = expectOk(decide(aTicketIn('solved'), commands.autoClose(), SYSTEM_ACTOR, NOW)).ticket;
    expect(auto.history.filter((h) => h.field === 'solutionDecision').map((h) => h.to)).toEqual(['autoClosed']);
  });
});

describe('decide — refusing a solution', () => {
  it('the reason becomes a public followup of the requester, after the followups already there', () => {
    const earlier = { id: 'fup-1', author: people.bob, kind: 'note' as const, text: 'Compte réactivé', visibility: 'public' as const, at: OPENED_AT };
    const solved = aTicketIn('solved', { followups: [earlier] });
    const { ticket } = expectOk(decide(solved, commands.refuse('  Toujours « Accès refusé »  ', 'fup-r1'), actors.ownRequester, NOW));
    expect(ticket.followups).toEqual([
      earlier,
      { id: 'fup-r1', author: people.alice, kind: 'refusal', text: 'Toujours « Accès refusé »', visibility: 'public', at: NOW },
    ]);
  });

  it.each([
    ['blank', '   ', { field: 'reason' }],
    ['over 2000 characters', 'r'.repeat(2_001), { field: 'reason', max: 2_000 }],
  ])('a %s reason is refused with its field, and changes nothing', (_label, reason, details) => {
    const solved = aTicketIn('solved');
    const before = structuredClone(solved);
    expectRefused(decide(solved, commands.refuse(reason), actors.ownRequester, NOW), 'TICKET.VALIDATION', details);
    expect(solved).toEqual(before);
  });

  it('a reason of exactly 2000 characters is accepted', () => {
    const { ticket } = expectOk(decide(aTicketIn('solved'), commands.refuse('r'.repeat(2_000)), actors.ownRequester, NOW));
    expect(ticket.followups.at(-1)?.text).toHaveLength(2_000);
  });

  it.each([
    ['the assignee', actors.assigneeTechnician],
    ['an admin', actors.admin],
    ['an observer', actors.otherRequester],
  ])('%s may not refuse in the requester’s place', (_label, actor) => {
    const ticket = aTicketIn('solved', { observers: [people.oscar] });
    expectRefused(decide(ticket, commands.refuse(), actor, NOW), 'TICKET.FORBIDDEN', { capability: 'ticket.refuse' });
  });

  it('after a refusal a new solution can be proposed, and the loop starts again with a new due time', () => {
    const refused = expectOk(decide(aTicketIn('solved'), commands.refuse(), actors.ownRequester, NOW)).ticket;
    const later = after(NOW, minutes(90));
    const { ticket } = expectOk(decide(refused, commands.proposeSolution('Droits corrigés'), actors.assigneeTechnician, later));
    expect(ticket).toMatchObject({ status: 'solved', solvedAt: later, autoCloseAt: after(later, DAY) });
    expect(ticket.solutions.map((s) => s.outcome.kind)).toEqual(['refused', 'proposed']);
  });
});

describe('decide — the auto-close due time', () => {
  it('is set when a solution is proposed: 24 h later by default', () => {
    const { ticket } = expectOk(decide(aTicketIn('assigned'), commands.proposeSolution(), actors.assigneeTechnician, NOW));
    expect(ticket.autoCloseAt).toEqual(after(NOW, DAY));
  });

  it("follows the helpdesk's delay; 0 means never", () => {
    const inAnHour = expectOk(decide(aTicketIn('assigned'), commands.proposeSolution('x', policy(60, 0)), actors.admin, NOW)).ticket;
    expect(inAnHour.autoCloseAt).toEqual(after(NOW, minutes(60)));
    const never = expectOk(decide(aTicketIn('assigned'), commands.proposeSolution('x', policy(0, 60)), actors.admin, NOW)).ticket;
    expect(never).toMatchObject({ status: 'solved', autoCloseAt: null });
  });

  it.each([
    ['an approval', commands.approve(), actors.ownRequester],
    ['a refusal', commands.refuse(), actors.ownRequester],
    ['a staff close', commands.close(), actors.assigneeTechnician],
    ['the clock', commands.autoClose(), SYSTEM_ACTOR],
  ] as const)('is cleared by %s', (_label, command, actor) => {
    expect(expectOk(decide(aTicketIn('solved'), command, actor, NOW)).ticket.autoCloseAt).toBeNull();
  });

  it('the clock closes a ticket at its due time, not a millisecond before', () => {
    const solved = aTicketIn('solved');
    const before = structuredClone(solved);
    expectRefused(decide(solved, commands.autoClose(), SYSTEM_ACTOR, after(AUTO_CLOSE_AT, -1)), 'TICKET.NOT_DUE', {
      autoCloseAt: AUTO_CLOSE_AT.toISOString(),
    });
    expect(solved).toEqual(before);
    const { ticket, events } = expectOk(decide(solved, commands.autoClose(), SYSTEM_ACTOR, AUTO_CLOSE_AT));
    expect(ticket).toMatchObject({ status: 'closed', closedAt: AUTO_CLOSE_AT });
    expect(events[0]).toMatchObject({ type: 'TicketAutoClosed', actor: { id: 'system', name: 'Guichet' } });
  });

  it('a solved ticket with no due time (delay 0, or solved before due times existed) is never auto-closed', () => {
    expectRefused(decide(aTicketIn('solved', { autoCloseAt: null }), commands.autoClose(), SYSTEM_ACTOR, NOW), 'TICKET.NOT_DUE', {
      autoCloseAt: null,
    });
  });

  it.each([
    ['the requester', actors.ownRequester],
    ['the assignee', actors.assigneeTechnician],
    ['a lead', actors.lead],
    ['an admin', actors.admin],
  ])('%s may not auto-close, even when it is due: only the clock does', (_label, actor) => {
    expectRefused(decide(aTicketIn('solved'), commands.autoClose(), actor, NOW), 'TICKET.FORBIDDEN', { capability: 'ticket.autoClose' });
  });

  it('a ticket the requester answered first is no longer solved: the clock finds nothing to close', () => {
    const approved = expectOk(decide(aTicketIn('solved'), commands.approve(), actors.ownRequester, NOW)).ticket;
    expectRefused(decide(approved, commands.autoClose(), SYSTEM_ACTOR, after(NOW, DAY)), 'TICKET.INVALID_TRANSITION', {
      command: 'autoClose',
      status: 'closed',
    });
  });
});

describe('the rules the clock and the cards ask before deciding', () => {
  it('isAutoCloseDue: solved, with a due time that has come', () => {
    expect(isAutoCloseDue(aTicketIn('solved'), after(AUTO_CLOSE_AT, -1))).toBe(false);
    expect(isAutoCloseDue(aTicketIn('solved'), AUTO_CLOSE_AT)).toBe(true);
    expect(isAutoCloseDue(aTicketIn('solved', { autoCloseAt: null }), NOW)).toBe(false);
    expect(isAutoCloseDue(aTicketIn('closed', { autoCloseAt: AUTO_CLOSE_AT }), NOW)).toBe(false);
  });

  it('isSurveyOpen: closed, until the end of the survey', () => {
    expect(isSurveyOpen(aTicketIn('closed'), after(SURVEY_UNTIL, -1))).toBe(true);
    expect(isSurveyOpen(aTicketIn('closed'), SURVEY_UNTIL)).toBe(false);
    expect(isSurveyOpen(aTicketIn('closed', { survey: null }), NOW)).toBe(false);
    expect(isSurveyOpen(aTicketIn('assigned', { survey: { until: SURVEY_UNTIL, answer: null } }), NOW)).toBe(false);
  });

  it('autoCloseDueAt: the default 24 h, the helpdesk’s delay, never for 0', () => {
    expect(autoCloseDueAt(NOW)).toEqual(after(NOW, DAY));
    expect(autoCloseDueAt(NOW, policy(90, 0))).toEqual(after(NOW, minutes(90)));
    expect(autoCloseDueAt(NOW, policy(0, 10))).toBeNull();
    expect(DEFAULT_CLOSURE_POLICY).toEqual({ autoCloseAfterMinutes: 24 * 60, surveyMinutes: 30 * 24 * 60 });
  });
});

describe('decide — closing opens the survey', () => {
  it.each([
    ['approved', commands.approve(), actors.ownRequester],
    ['closed by staff', commands.close(), actors.assigneeTechnician],
    ['auto-closed', commands.autoClose(), SYSTEM_ACTOR],
  ] as const)('%s: the survey takes answers for 30 days by default', (_label, command, actor) => {
    const { ticket } = expectOk(decide(aTicketIn('solved'), command, actor, NOW));
    expect(ticket.survey).toEqual({ until: after(NOW, 30 * DAY), answer: null });
  });

  it("follows the helpdesk's survey delay", () => {
    const { ticket } = expectOk(decide(aTicketIn('solved'), commands.approve(policy(24 * 60, 7 * 24 * 60)), actors.ownRequester, NOW));
    expect(ticket.survey).toEqual({ until: after(NOW, 7 * DAY), answer: null });
  });

  it('with a survey delay of 0 there is nothing to answer', () => {
    const closed = expectOk(decide(aTicketIn('solved'), commands.close(policy(24 * 60, 0)), actors.assigneeTechnician, NOW)).ticket;
    expectRefused(decide(closed, commands.rate(5), actors.ownRequester, NOW), 'TICKET.SURVEY_CLOSED', { until: NOW.toISOString() });
  });

  it('the closing technician must work the ticket, and the requester accepts rather than closes', () => {
    expectRefused(decide(aTicketIn('solved'), commands.close(), actors.otherGroupTechnician, NOW), 'TICKET.FORBIDDEN', {
      capability: 'ticket.close',
    });
    expectRefused(decide(aTicketIn('solved'), commands.close(), actors.ownRequester, NOW), 'TICKET.FORBIDDEN', { capability: 'ticket.close' });
  });
});

describe('decide — the satisfaction survey', () => {
  const closed = aTicketIn('closed');

  it('the requester rates once: the answer is kept with its time, the ticket stays closed since its closing', () => {
    const { ticket, events } = expectOk(decide(closed, commands.rate(4, '  Rapide, merci.  '), actors.ownRequester, NOW));
    expect(ticket).toMatchObject({ status: 'closed', closedAt: closed.closedAt, solvedAt: closed.solvedAt });
    expect(ticket.survey).toEqual({ until: SURVEY_UNTIL, answer: { rating: 4, comment: 'Rapide, merci.', at: NOW } });
    expect(events[0]).toMatchObject({ type: 'TicketRated', from: 'closed', to: 'closed', rating: 4, note: 'Rapide, merci.' });
    expect(ticket.history.slice(closed.history.length)).toEqual([{ at: NOW, actor: people.alice, field: 'satisfaction', from: null, to: '4' }]);
  });

  it('a rating without a comment, or with a blank one, stores no comment', () => {
    expect(expectOk(decide(closed, commands.rate(3, null), actors.ownRequester, NOW)).ticket.survey?.answer?.comment).toBeNull();
    expect(expectOk(decide(closed, commands.rate(3, ' \n '), actors.ownRequester, NOW)).ticket.survey?.answer?.comment).toBeNull();
  });

  it('a second answer is refused and changes nothing', () => {
    const rated = expectOk(decide(closed, commands.rate(2, 'Trop long'), actors.ownRequester, NOW)).ticket;
    const before = structuredClone(rated);
    expectRefused(decide(rated, commands.rate(5, 'En fait ça va'), actors.ownRequester, after(NOW, 1)), 'TICKET.ALREADY_RATED', { rating: 2 });
    expect(rated).toEqual(before);
  });

  it('the survey takes answers until its end, not at it', () => {
    expectOk(decide(closed, commands.rate(5), actors.ownRequester, after(SURVEY_UNTIL, -1)));
    expectRefused(decide(closed, commands.rate(5), actors.ownRequester, SURVEY_UNTIL), 'TICKET.SURVEY_CLOSED', {
      until: SURVEY_UNTIL.toISOString(),
    });
  });

  it('a ticket closed before surveys existed has none to answer', () => {
    expectRefused(decide(aTicketIn('closed', { survey: null }), commands.rate(5), actors.ownRequester, NOW), 'TICKET.SURVEY_CLOSED', { until: null });
  });

  it.each([1, 2, 3, 4, 5])('rating %i is accepted', (rating) => {
    expect(expectOk(decide(closed, commands.rate(rating), actors.ownRequester, NOW)).ticket.survey?.answer?.rating).toBe(rating);
  });

  it.each([0, 6, -1, 2.5, Number.NaN, '4' as unknown as number])('rating %s is refused: ratings go from 1 to 5', (rating) => {
    expectRefused(decide(closed, commands.rate(rating), actors.ownRequester, NOW), 'TICKET.VALIDATION', { field: 'rating' });
  });

  it('a comment over 2000 characters is refused; 2000 is accepted', () => {
    expectRefused(decide(closed, commands.rate(3, 'c'.repeat(2_001)), actors.ownRequester, NOW), 'TICKET.VALIDATION', {
      field: 'comment',
      max: 2_000,
    });
    expect(expectOk(decide(closed, commands.rate(3, 'c'.repeat(2_000)), actors.ownRequester, NOW)).ticket.survey?.answer?.comment).toHaveLength(2_000);
  });

  it.each([
    ['an observer', actors.otherRequester],
    ['the assignee', actors.assigneeTechnician],
    ['a lead', actors.lead],
    ['an admin', actors.admin],
    ['the clock', SYSTEM_ACTOR],
  ])('%s may not answer in the requester’s place', (_label, actor) => {
    const ticket = aTicketIn('closed', { observers: [people.oscar] });
    expectRefused(decide(ticket, commands.rate(1), actor, NOW), 'TICKET.FORBIDDEN', { capability: 'ticket.rate' });
  });

  it('a solved ticket cannot be rated yet: the requester accepts or refuses it first', () => {
    expectRefused(decide(aTicketIn('solved'), commands.rate(5), actors.ownRequester, NOW), 'TICKET.INVALID_TRANSITION', {
      command: 'rate',
      status: 'solved',
    });
  });
});

describe('decide — reopening', () => {
  const late = after(SURVEY_UNTIL, 1);

  it('the requester reopens within the survey: the reason becomes their public followup', () => {
    const closed = aTicketIn('closed');
    const { ticket } = expectOk(decide(closed, commands.reopen('  Toujours lent le matin  ', 'fup-o1'), actors.ownRequester, NOW));
    expect(ticket).toMatchObject({ status: 'assigned', closedAt: null, solvedAt: null, autoCloseAt: null });
    expect(ticket.followups).toEqual([
      { id: 'fup-o1', author: people.alice, kind: 'reopening', text: 'Toujours lent le matin', visibility: 'public', at: NOW },
    ]);
  });

  it('the requester may not once the survey is over', () => {
    const closed = aTicketIn('closed');
    const before = structuredClone(closed);
    expectRefused(decide(closed, commands.reopen(), actors.ownRequester, SURVEY_UNTIL), 'TICKET.SURVEY_CLOSED', {
      until: SURVEY_UNTIL.toISOString(),
    });
    expect(closed).toEqual(before);
    expectRefused(decide(aTicketIn('closed', { survey: null }), commands.reopen(), actors.ownRequester, NOW), 'TICKET.SURVEY_CLOSED', {
      until: null,
    });
  });

  it.each([
    ['a lead', actors.lead, people.lea],
    ['an admin', actors.admin, people.adam],
  ])('%s reopens at any time, their reason a public followup', (_label, actor, who) => {
    const { ticket } = expectOk(decide(aTicketIn('closed'), commands.reopen('Le problème est revenu'), actor, late));
    expect(ticket.status).toBe('assigned');
    expect(ticket.followups.at(-1)).toMatchObject({ author: who, kind: 'reopening', text: 'Le problème est revenu', visibility: 'public' });
  });

  it.each([
    ['the assignee', actors.assigneeTechnician],
    ['a technician of the group', actors.groupTechnician],
    ['an observer', actors.otherRequester],
    ['the clock', SYSTEM_ACTOR],
  ])('%s may not reopen', (_label, actor) => {
    const ticket = aTicketIn('closed', { observers: [people.oscar] });
    expectRefused(decide(ticket, commands.reopen(), actor, NOW), 'TICKET.FORBIDDEN', { capability: 'ticket.reopen' });
  });

  it('a blank or too long reason is refused, inside the survey as after it', () => {
    expectRefused(decide(aTicketIn('closed'), commands.reopen('  '), actors.ownRequester, NOW), 'TICKET.VALIDATION', { field: 'reason' });
    expectRefused(decide(aTicketIn('closed'), commands.reopen('r'.repeat(2_001)), actors.lead, late), 'TICKET.VALIDATION', {
      field: 'reason',
      max: 2_000,
    });
  });

  it('a rating survives a reopening; the next closing opens a new window but takes no second rating', () => {
    const rated = expectOk(decide(aTicketIn('closed'), commands.rate(2, 'Pas résolu'), actors.ownRequester, NOW)).ticket;
    const reopened = expectOk(decide(rated, commands.reopen('Pas résolu'), actors.ownRequester, after(NOW, 1))).ticket;
    expect(reopened.survey).toEqual(rated.survey);
    const t = after(NOW, DAY);
    const solved = expectOk(decide(reopened, commands.proposeSolution('Vraiment corrigé'), actors.assigneeTechnician, t)).ticket;
    const closedAgain = expectOk(decide(solved, commands.approve(), actors.ownRequester, after(t, 1))).ticket;
    expect(closedAgain.survey).toEqual({ until: after(t, 1 + 30 * DAY), answer: { rating: 2, comment: 'Pas résolu', at: NOW } });
    expectRefused(decide(closedAgain, commands.rate(5), actors.ownRequester, after(t, 2)), 'TICKET.ALREADY_RATED', { rating: 2 });
    // and the requester may reopen again within the new window
    expectOk(decide(closedAgain, commands.reopen('Encore'), actors.ownRequester, after(t, 2)));
  });
});
