import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.js';
import { decide } from '../../src/domain/decide.js';
import type { Group } from '../../src/domain/group.js';
import { notificationsFor, type Notification, type NotificationContext } from '../../src/domain/notification.js';
import type { TicketCommand } from '../../src/domain/ticket-command.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { GROUP_N1, GROUP_N2, NOW, aGroup, aTicketIn, actors, anActor, commands, people } from '../support/ticket-mother.js';

/**
 * Alice requests; the N1 queue has a channel, Tina and Paul on duty and Zoé off
 * duty; N2 has a channel and Nadia on duty. Bob (N2) is assigned to every worked
 * ticket of the mother. Each change is run through `decide`, so the event is the
 * real one, then the policy is asked who hears about it.
 */
const paul: Person = { id: 'aad-paul', name: 'Paul Durand' };
const zoe: Person = { id: 'aad-zoe', name: 'Zoé Blanc' };

const n1: Group = aGroup({
  technicians: [
    { ...people.tina, onDuty: true },
    { ...paul, onDuty: true },
    { ...zoe, onDuty: false },
  ],
});
const n2: Group = aGroup({
  id: GROUP_N2,
  name: { fr: 'N2 Réseau', en: 'N2 Network' },
  lead: null,
  technicians: [
    { ...people.nadia, onDuty: true },
    { ...people.bob, onDuty: false },
  ],
});

const person = (actor: Actor | Person): Person => ({ id: actor.id, name: actor.name });

/** Runs the command and returns what the policy sends, plus the changed ticket. */
function notify(
  ticket: Ticket | null,
  command: TicketCommand,
  actor: Actor,
  ctx: Partial<NotificationContext> = {},
): { sent: Notification[]; after: Ticket } {
  const result = decide(ticket, command, actor, NOW);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  const { ticket: after, events } = result.value;
  expect(events).toHaveLength(1);
  const context: NotificationContext = {
    group: ctx.group === undefined ? n1 : ctx.group,
    previousGroupId: ctx.previousGroupId === undefined ? (ticket?.groupId ?? null) : ctx.previousGroupId,
  };
  return { sent: asPeople(notificationsFor(events[0], after, context)), after };
}

/**
 * Recipients compared as people (id, name). notification.ts passes a group member
 * through as is, `onDuty` included; that leak has its own test at the end.
 */
function asPeople(sent: Notification[]): Notification[] {
  return sent.map((n) =>
    n.recipient.kind === 'user' ? { ...n, recipient: { kind: 'user', user: { id: n.recipient.user.id, name: n.recipient.user.name } } } : n,
  );
}

const copies = (actor: Actor, note: string | null = null): Notification => ({
  recipient: { kind: 'copies' },
  message: 'card.refresh',
  audience: 'technician',
  withCard: false,
  note,
  actor: person(actor),
});

describe('notificationsFor — a new ticket', () => {
  it("pings the group's channel and each on-duty technician with the technician card; no copies yet", () => {
    const { sent } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester);
    const alice = person(actors.ownRequester);
    expect(sent).toEqual([
      { recipient: { kind: 'channel', groupId: GROUP_N1 }, message: 'ticket.new', audience: 'technician', withCard: true, note: null, actor: alice },
      { recipient: { kind: 'user', user: people.tina }, message: 'ticket.new', audience: 'technician', withCard: true, note: null, actor: alice },
      { recipient: { kind: 'user', user: paul }, message: 'ticket.new', audience: 'technician', withCard: true, note: null, actor: alice },
    ]);
  });

  it('off-duty technicians are not pinged', () => {
    const { sent } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester);
    expect(sent.filter((n) => n.recipient.kind === 'user' && n.recipient.user.id === zoe.id)).toEqual([]);
  });

  it('a group without a channel: only the on-duty technicians', () => {
    const { sent } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester, { group: { ...n1, hasChannel: false } });
    expect(sent.map((n) => n.recipient)).toEqual([
      { kind: 'user', user: people.tina },
      { kind: 'user', user: paul },
    ]);
  });

  it('a ticket with no group reaches nobody', () => {
    expect(notify(null, commands.create(), actors.ownRequester, { group: null }).sent).toEqual([]);
  });

  it('a requester who is also an on-duty technician is not pinged about their own ticket', () => {
    const tinaAsRequester = actors.groupTechnician;
    const { sent } = notify(null, commands.create({ requester: people.tina, groupId: GROUP_N1 }), tinaAsRequester);
    expect(sent.map((n) => n.recipient)).toEqual([
      { kind: 'channel', groupId: GROUP_N1 },
      { kind: 'user', user: paul },
    ]);
    expect(sent.every((n) => n.actor.id === people.tina.id)).toBe(true);
  });

  it('a technician listed twice in the group is pinged once', () => {
    const doubled: Group = { ...n1, technicians: [...n1.technicians, { ...paul, onDuty: true }] };
    const { sent } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester, { group: doubled });
    expect(sent.map((n) => n.recipient)).toEqual([
      { kind: 'channel', groupId: GROUP_N1 },
      { kind: 'user', user: people.tina },
      { kind: 'user', user: paul },
    ]);
  });
});

describe('notificationsFor — taking and assigning', () => {
  it('take: the requester is told (requester audience), every copy refreshed; the taker is not told', () => {
    const { sent } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.take(), actors.groupTechnician);
    expect(sent).toEqual([
      {
        recipient: { kind: 'user', user: people.alice },
        message: 'ticket.taken',
        audience: 'requester',
        withCard: false,
        note: null,
        actor: person(actors.groupTechnician),
      },
      copies(actors.groupTechnician),
    ]);
  });

  it('take of your own ticket: only the copies are refreshed', () => {
    const { sent } = notify(aTicketIn('new', { requester: people.tina }), commands.take(), actors.groupTechnician);
    expect(sent).toEqual([copies(actors.groupTechnician)]);
  });

  it('assign to a technician in the same group: that technician is pinged with the card; the requester is not', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.assign(people.tina, GROUP_N1), actors.lead);
    expect(sent).toEqual([
      {
        recipient: { kind: 'user', user: people.tina },
        message: 'ticket.assignedToYou',
        audience: 'technician',
        withCard: true,
        note: null,
        actor: person(actors.lead),
      },
      copies(actors.lead),
    ]);
  });

  it('a technician assigning the ticket to themselves is not pinged', () => {
    const { sent } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.assign(people.tina, GROUP_N1), actors.groupTechnician);
    expect(sent).toEqual([copies(actors.groupTechnician)]);
  });

  it("transfer to another group's queue: the new group's channel and on-duty technicians, and the requester", () => {
    const { sent } = notify(aTicketIn('assigned'), commands.assign(null, GROUP_N2), actors.assigneeTechnician, {
      group: n2,
      previousGroupId: GROUP_N1,
    });
    const bob = person(actors.assigneeTechnician);
    expect(sent).toEqual([
      { recipient: { kind: 'channel', groupId: GROUP_N2 }, message: 'ticket.transferred', audience: 'technician', withCard: true, note: null, actor: bob },
      { recipient: { kind: 'user', user: people.nadia }, message: 'ticket.transferred', audience: 'technician', withCard: true, note: null, actor: bob },
      { recipient: { kind: 'user', user: people.alice }, message: 'ticket.transferred', audience: 'requester', withCard: false, note: null, actor: bob },
      copies(actors.assigneeTechnician),
    ]);
  });

  it('transfer to a named technician of another group: that technician (once), the channel, the requester', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.assign(people.nadia, GROUP_N2), actors.lead, {
      group: n2,
      previousGroupId: GROUP_N1,
    });
    const lea = person(actors.lead);
    expect(sent).toEqual([
      { recipient: { kind: 'user', user: people.nadia }, message: 'ticket.assignedToYou', audience: 'technician', withCard: true, note: null, actor: lea },
      { recipient: { kind: 'channel', groupId: GROUP_N2 }, message: 'ticket.transferred', audience: 'technician', withCard: true, note: null, actor: lea },
      { recipient: { kind: 'user', user: people.alice }, message: 'ticket.transferred', audience: 'requester', withCard: false, note: null, actor: lea },
      copies(actors.lead),
    ]);
  });
});

describe('notificationsFor — followups and comments', () => {
  it('a public followup reaches the requester with its text', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.addFollowup('  Cache vidé, réessayez.  ', 'public'), actors.groupTechnician);
    expect(sent).toEqual([
      {
        recipient: { kind: 'user', user: people.alice },
        message: 'followup.public',
        audience: 'requester',
        withCard: false,
        note: 'Cache vidé, réessayez.',
        actor: person(actors.groupTechnician),
      },
      copies(actors.groupTechnician, 'Cache vidé, réessayez.'),
    ]);
  });

  it('a private followup reaches the assignee only, never the requester', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.addFollowup('Mot de passe dans le coffre', 'private'), actors.groupTechnician);
    expect(sent).toEqual([
      {
        recipient: { kind: 'user', user: people.bob },
        message: 'followup.private',
        audience: 'technician',
        withCard: false,
        note: 'Mot de passe dans le coffre',
        actor: person(actors.groupTechnician),
      },
      copies(actors.groupTechnician, 'Mot de passe dans le coffre'),
    ]);
  });

  it('a private followup written by the assignee notifies nobody', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.addFollowup('Note pour moi', 'private'), actors.assigneeTechnician);
    expect(sent).toEqual([copies(actors.assigneeTechnician, 'Note pour moi')]);
  });

  it('a private followup on an unassigned ticket notifies nobody, not even the channel', () => {
    const { sent } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.addFollowup('Interne', 'private'), actors.lead);
    expect(sent).toEqual([copies(actors.lead, 'Interne')]);
  });

  it('a private followup on a ticket whose requester is its assignee still reaches nobody as requester', () => {
    const ticket = aTicketIn('assigned', { requester: people.bob });
    const { sent } = notify(ticket, commands.addFollowup('Interne', 'private'), actors.lead);
    expect(sent.filter((n) => n.audience === 'requester')).toEqual([]);
  });

  it('a requester comment reaches the assignee', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.comment('Toujours bloquée'), actors.ownRequester);
    expect(sent).toEqual([
      {
        recipient: { kind: 'user', user: people.bob },
        message: 'comment.added',
        audience: 'technician',
        withCard: false,
        note: 'Toujours bloquée',
        actor: person(actors.ownRequester),
      },
      copies(actors.ownRequester, 'Toujours bloquée'),
    ]);
  });

  it("a requester comment on an unassigned ticket reaches the group's channel", () => {
    const { sent } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.comment('Des nouvelles ?'), actors.ownRequester);
    expect(sent).toEqual([
      {
        recipient: { kind: 'channel', groupId: GROUP_N1 },
        message: 'comment.added',
        audience: 'technician',
        withCard: false,
        note: 'Des nouvelles ?',
        actor: person(actors.ownRequester),
      },
      copies(actors.ownRequester, 'Des nouvelles ?'),
    ]);
  });

  it('a requester comment on an unassigned ticket of a group without channel only refreshes copies', () => {
    const { sent } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.comment('Allô ?'), actors.ownRequester, {
      group: { ...n1, hasChannel: false },
    });
    expect(sent).toEqual([copies(actors.ownRequester, 'Allô ?')]);
  });
});

describe('notificationsFor — pending, resume, solution, closing', () => {
  const toAlice = (message: Notification['message'], note: string | null, actor: Actor): Notification => ({
    recipient: { kind: 'user', user: people.alice },
    message,
    audience: 'requester',
    withCard: false,
    note,
    actor: person(actor),
  });
  const toBob = (message: Notification['message'], note: string | null, actor: Actor): Notification => ({
    recipient: { kind: 'user', user: people.bob },
    message,
    audience: 'technician',
    withCard: false,
    note,
    actor: person(actor),
  });

  it('put on hold: the requester gets the reason', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.wait('Pièce commandée'), actors.assigneeTechnician);
    expect(sent).toEqual([
      toAlice('ticket.pending', 'Pièce commandée', actors.assigneeTechnician),
      copies(actors.assigneeTechnician, 'Pièce commandée'),
    ]);
  });

  it('resumed: the requester is told', () => {
    const { sent } = notify(aTicketIn('pending'), commands.resume(), actors.assigneeTechnician);
    expect(sent).toEqual([toAlice('ticket.resumed', null, actors.assigneeTechnician), copies(actors.assigneeTechnician)]);
  });

  it('solved: the requester gets the solution text', () => {
    const { sent } = notify(aTicketIn('assigned'), commands.proposeSolution('Compte réactivé.'), actors.assigneeTechnician);
    expect(sent).toEqual([
      toAlice('ticket.solved', 'Compte réactivé.', actors.assigneeTechnician),
      copies(actors.assigneeTechnician, 'Compte réactivé.'),
    ]);
  });

  it('refused: the assignee learns why; the requester who refused is not told', () => {
    const { sent } = notify(aTicketIn('solved'), commands.refuse('Toujours en panne'), actors.ownRequester);
    expect(sent).toEqual([
      toBob('solution.refused', 'Toujours en panne', actors.ownRequester),
      copies(actors.ownRequester, 'Toujours en panne'),
    ]);
  });

  it("refused on an unassigned ticket: the group's channel learns why", () => {
    const { sent } = notify(aTicketIn('solved', { assignee: null }), commands.refuse('Non'), actors.ownRequester);
    expect(sent.map((n) => [n.recipient, n.message])).toEqual([
      [{ kind: 'channel', groupId: GROUP_N1 }, 'solution.refused'],
      [{ kind: 'copies' }, 'card.refresh'],
    ]);
  });

  it('approved by the requester: only the copies are refreshed', () => {
    const { sent } = notify(aTicketIn('solved'), commands.approve(), actors.ownRequester);
    expect(sent).toEqual([copies(actors.ownRequester)]);
  });

  it('closed by the scheduler: the requester is told', () => {
    const { sent } = notify(aTicketIn('solved'), commands.close(), SYSTEM_ACTOR);
    expect(sent).toEqual([toAlice('ticket.closed', null, SYSTEM_ACTOR), copies(SYSTEM_ACTOR)]);
  });

  it('reopened: the requester and the assignee', () => {
    const { sent } = notify(aTicketIn('closed'), commands.reopen('Revenu'), actors.lead);
    expect(sent).toEqual([
      toAlice('ticket.reopened', 'Revenu', actors.lead),
      toBob('ticket.reopened', 'Revenu', actors.lead),
      copies(actors.lead, 'Revenu'),
    ]);
  });

  it('reopened when the requester is also the assignee: told once', () => {
    const { sent } = notify(aTicketIn('closed', { requester: people.bob }), commands.reopen('Revenu'), actors.lead);
    expect(sent.map((n) => [n.recipient, n.audience])).toEqual([
      [{ kind: 'user', user: people.bob }, 'requester'],
      [{ kind: 'copies' }, 'technician'],
    ]);
  });

  it.each([
    ['a task', 'assigned', commands.addTask()],
    ['a planned task', 'assigned', commands.plan()],
  ] as const)('%s only refreshes the copies', (_label, status, command) => {
    const { sent } = notify(aTicketIn(status), command, actors.assigneeTechnician);
    expect(sent.map((n) => n.recipient)).toEqual([{ kind: 'copies' }]);
  });
});

describe('notificationsFor — invariants over a whole ticket life', () => {
  const oscarTech = anActor(['requester', 'technician'], { ...people.oscar, groupIds: [GROUP_N1] });
  const steps: ReadonlyArray<readonly [TicketCommand, Actor, Group | null]> = [
    [commands.create({ groupId: GROUP_N1 }), actors.ownRequester, n1],
    [commands.comment('Urgent'), actors.ownRequester, n1],
    [commands.take(), actors.groupTechnician, n1],
    [commands.addFollowup('Je regarde', 'public'), actors.groupTechnician, n1],
    [commands.addFollowup('Droits manquants', 'private'), oscarTech, n1],
    [commands.assign(null, GROUP_N2), actors.groupTechnician, n2],
    [commands.assign(people.nadia, GROUP_N2), actors.lead, n2],
    [commands.addTask(), actors.otherGroupTechnician, n2],
    [commands.wait('Attente éditeur'), actors.otherGroupTechnician, n2],
    [commands.resume(), actors.otherGroupTechnician, n2],
    [commands.proposeSolution('Droits ajoutés'), actors.otherGroupTechnician, n2],
    [commands.refuse('Toujours pas'), actors.ownRequester, n2],
    [commands.proposeSolution('Cache vidé aussi'), actors.otherGroupTechnician, n2],
    [commands.approve(), actors.ownRequester, n2],
    [commands.reopen('Revenu'), actors.admin, n2],
  ];

  it('the actor is never notified, each recipient at most once, the requester never sees a private note', () => {
    let ticket: Ticket | null = null;
    for (const [command, actor, group] of steps) {
      const { sent, after } = notify(ticket, command, actor, { group, previousGroupId: ticket?.groupId ?? null });
      const users = sent.flatMap((n) => (n.recipient.kind === 'user' ? [n.recipient.user.id] : []));
      expect(users, command.type).not.toContain(actor.id);
      const keys = sent.map((n) => JSON.stringify(n.recipient));
      expect(new Set(keys).size, command.type).toBe(keys.length);
      if (command.type === 'addFollowup' && command.visibility === 'private') {
        expect(users, 'private followup').not.toContain(after.requester.id);
        expect(sent.some((n) => n.audience === 'requester')).toBe(false);
      }
      ticket = after;
    }
  });
});

describe('notificationsFor — recipients are people', () => {
  it("a pinged technician is a Person (id, name), not the group's roster entry with its duty flag", () => {
    const result = decide(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester, NOW);
    if (!result.ok) throw new Error(result.error.message);
    const raw = notificationsFor(result.value.events[0], result.value.ticket, { group: n1, previousGroupId: null });
    const users = raw.flatMap((n) => (n.recipient.kind === 'user' ? [n.recipient.user] : []));
    expect(users).toEqual([people.tina, paul]);
  });
});
