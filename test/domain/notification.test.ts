import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.js';
import { decide } from '../../src/domain/decide.js';
import type { Group } from '../../src/domain/group.js';
import {
  notificationsFor,
  queuedFor,
  type CardRefresh,
  type Notification,
  type NotificationContext,
  type NotificationKind,
  type NotificationPayloads,
  type Queued,
  type Recipient,
} from '../../src/domain/notification.js';
import type { TicketCommand } from '../../src/domain/ticket-command.js';
import type { TicketEvent } from '../../src/domain/ticket-event.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { GROUP_N1, GROUP_N2, NOW, aGroup, aTicketIn, actors, anActor, commands, people } from '../support/ticket-mother.js';

/**
 * Alice requests; the N1 queue has a channel, Tina and Paul on duty and Zoé off
 * duty; N2 has a channel and Nadia on duty. Bob (N2) is assigned to every worked
 * ticket of the mother. Each change is run through `decide`, so the event is the
 * real one, then the policy is asked who hears about it and what.
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
const user = (someone: Person): Recipient => ({ kind: 'user', user: person(someone) });
const channel = (groupId: string): Recipient => ({ kind: 'channel', groupId });

/** The title every ticket of the mother carries (new ones get the draft's). */
const TITLE = 'Je n’arrive plus à me connecter à HorairePro';
/** the default ticket of the mother, and the number a created one gets */
const T1042 = { number: 1042, title: TITLE } as const;
const T2001 = { number: 2001, title: TITLE } as const;

/** One expected notification, written the way the domain builds it. */
const told = <K extends NotificationKind>(kind: K, to: Recipient, by: Actor | Person, payload: NotificationPayloads[K]): Notification =>
  ({ kind, recipient: to, actor: person(by), payload }) as Notification;
const refresh = (by: Actor | Person): CardRefresh => ({ kind: 'card.refresh', actor: person(by) });

function ctxFor(ticket: Ticket | null, ctx: Partial<NotificationContext>): NotificationContext {
  return {
    group: ctx.group === undefined ? n1 : ctx.group,
    previousGroupId: ctx.previousGroupId === undefined ? (ticket?.groupId ?? null) : ctx.previousGroupId,
  };
}

/** Runs the command; returns who is told (`sent`), everything the change queues (`queued`) and the changed ticket. */
function notify(
  ticket: Ticket | null,
  command: TicketCommand,
  actor: Actor,
  ctx: Partial<NotificationContext> = {},
): { sent: Notification[]; queued: Queued[]; after: Ticket; event: TicketEvent } {
  const result = decide(ticket, command, actor, NOW);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  const { ticket: after, events } = result.value;
  expect(events).toHaveLength(1);
  const context = ctxFor(ticket, ctx);
  return { sent: notificationsFor(events[0], after, context), queued: queuedFor(events, after, context), after, event: events[0] };
}

describe('notificationsFor — a new ticket', () => {
  it("tells the group's channel and each on-duty technician; nothing to refresh yet", () => {
    const { sent, queued } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester);
    const alice = actors.ownRequester;
    expect(sent).toEqual([
      told('ticket.new', channel(GROUP_N1), alice, T2001),
      told('ticket.new', user(people.tina), alice, T2001),
      told('ticket.new', user(paul), alice, T2001),
    ]);
    expect(queued).toEqual(sent);
  });

  it('off-duty technicians are not told', () => {
    const { sent } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester);
    expect(sent.filter((n) => n.recipient.kind === 'user' && n.recipient.user.id === zoe.id)).toEqual([]);
  });

  it('a group without a channel: only the on-duty technicians', () => {
    const { sent } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester, { group: { ...n1, hasChannel: false } });
    expect(sent).toEqual([
      told('ticket.new', user(people.tina), actors.ownRequester, T2001),
      told('ticket.new', user(paul), actors.ownRequester, T2001),
    ]);
  });

  it('a ticket with no group reaches nobody', () => {
    const { sent, queued } = notify(null, commands.create(), actors.ownRequester, { group: null });
    expect(sent).toEqual([]);
    expect(queued).toEqual([]);
  });

  it('a requester who is also an on-duty technician is not told about their own ticket', () => {
    const tinaAsRequester = actors.groupTechnician;
    const { sent } = notify(null, commands.create({ requester: people.tina, groupId: GROUP_N1 }), tinaAsRequester);
    expect(sent).toEqual([
      told('ticket.new', channel(GROUP_N1), tinaAsRequester, T2001),
      told('ticket.new', user(paul), tinaAsRequester, T2001),
    ]);
  });

  it('a technician listed twice in the group is told once (an exact duplicate collapses)', () => {
    const doubled: Group = { ...n1, technicians: [...n1.technicians, { ...paul, onDuty: true }] };
    const { sent } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester, { group: doubled });
    expect(sent.map((n) => [n.kind, n.recipient])).toEqual([
      ['ticket.new', channel(GROUP_N1)],
      ['ticket.new', user(people.tina)],
      ['ticket.new', user(paul)],
    ]);
  });
});

describe('notificationsFor — taking and assigning', () => {
  it('take: the requester is told who took it, every posted card is refreshed; the taker is not told', () => {
    const { queued } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.take(), actors.groupTechnician);
    expect(queued).toEqual([told('ticket.taken', user(people.alice), actors.groupTechnician, T1042), refresh(actors.groupTechnician)]);
  });

  it('take of your own ticket: only the posted cards are refreshed', () => {
    const { sent, queued } = notify(aTicketIn('new', { requester: people.tina }), commands.take(), actors.groupTechnician);
    expect(sent).toEqual([]);
    expect(queued).toEqual([refresh(actors.groupTechnician)]);
  });

  it('assign to a technician in the same group: that technician is handed the ticket; the requester is not told', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.assign(people.tina, GROUP_N1), actors.lead);
    expect(queued).toEqual([told('ticket.assignedToYou', user(people.tina), actors.lead, T1042), refresh(actors.lead)]);
  });

  it('a technician assigning the ticket to themselves is not told', () => {
    const { queued } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.assign(people.tina, GROUP_N1), actors.groupTechnician);
    expect(queued).toEqual([refresh(actors.groupTechnician)]);
  });

  it("transfer to another group's queue: the new group's channel and on-duty technicians as staff, the requester as requester", () => {
    const { queued } = notify(aTicketIn('assigned'), commands.assign(null, GROUP_N2), actors.assigneeTechnician, {
      group: n2,
      previousGroupId: GROUP_N1,
    });
    const bob = actors.assigneeTechnician;
    expect(queued).toEqual([
      told('ticket.transferred', channel(GROUP_N2), bob, T1042),
      told('ticket.transferred', user(people.nadia), bob, T1042),
      told('request.transferred', user(people.alice), bob, T1042),
      refresh(bob),
    ]);
  });

  it('transfer to a named technician of another group: that technician (once, as the assignee), the channel, the requester', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.assign(people.nadia, GROUP_N2), actors.lead, {
      group: n2,
      previousGroupId: GROUP_N1,
    });
    const lea = actors.lead;
    expect(queued).toEqual([
      told('ticket.assignedToYou', user(people.nadia), lea, T1042),
      told('ticket.transferred', channel(GROUP_N2), lea, T1042),
      told('request.transferred', user(people.alice), lea, T1042),
      refresh(lea),
    ]);
  });
});

describe('notificationsFor — two things to tell one person in one change', () => {
  it('a technician whose own request is transferred to them hears both: handed the ticket, and their request moved', () => {
    // Nadia (N2) asked for help; the N1 lead sends it to N2 and gives it to her
    const ticket = aTicketIn('assigned', { requester: people.nadia });
    const { sent } = notify(ticket, commands.assign(people.nadia, GROUP_N2), actors.lead, { group: n2, previousGroupId: GROUP_N1 });
    expect(sent.filter((n) => n.recipient.kind === 'user' && n.recipient.user.id === people.nadia.id)).toEqual([
      told('ticket.assignedToYou', user(people.nadia), actors.lead, T1042),
      told('request.transferred', user(people.nadia), actors.lead, T1042),
    ]);
  });

  it('the very same message to the same person is sent once: reopened when the requester is the assignee', () => {
    const { sent } = notify(aTicketIn('closed', { requester: people.bob }), commands.reopen('Revenu'), actors.lead);
    expect(sent).toEqual([told('ticket.reopened', user(people.bob), actors.lead, { ...T1042, reason: 'Revenu' })]);
  });
});

describe('notificationsFor — followups and comments', () => {
  it('a public followup reaches the requester with its text', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.addFollowup('  Cache vidé, réessayez.  ', 'public'), actors.groupTechnician);
    expect(queued).toEqual([
      told('followup.public', user(people.alice), actors.groupTechnician, { ...T1042, text: 'Cache vidé, réessayez.' }),
      refresh(actors.groupTechnician),
    ]);
  });

  it('a private followup reaches the assignee only, never the requester', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.addFollowup('Mot de passe dans le coffre', 'private'), actors.groupTechnician);
    expect(queued).toEqual([
      told('followup.private', user(people.bob), actors.groupTechnician, { ...T1042, text: 'Mot de passe dans le coffre' }),
      refresh(actors.groupTechnician),
    ]);
  });

  it('a private followup written by the assignee tells nobody', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.addFollowup('Note pour moi', 'private'), actors.assigneeTechnician);
    expect(queued).toEqual([refresh(actors.assigneeTechnician)]);
  });

  it('a private followup on an unassigned ticket tells nobody, not even the channel', () => {
    const { queued } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.addFollowup('Interne', 'private'), actors.lead);
    expect(queued).toEqual([refresh(actors.lead)]);
  });

  it('a private followup on a ticket whose requester is its assignee reaches them as staff, never as requester', () => {
    const ticket = aTicketIn('assigned', { requester: people.bob });
    const { sent } = notify(ticket, commands.addFollowup('Interne', 'private'), actors.lead);
    expect(sent).toEqual([told('followup.private', user(people.bob), actors.lead, { ...T1042, text: 'Interne' })]);
  });

  it('a requester comment reaches the assignee', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.comment('Toujours bloquée'), actors.ownRequester);
    expect(queued).toEqual([
      told('comment.added', user(people.bob), actors.ownRequester, { ...T1042, text: 'Toujours bloquée' }),
      refresh(actors.ownRequester),
    ]);
  });

  it("a requester comment on an unassigned ticket reaches the group's channel", () => {
    const { queued } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.comment('Des nouvelles ?'), actors.ownRequester);
    expect(queued).toEqual([
      told('comment.added', channel(GROUP_N1), actors.ownRequester, { ...T1042, text: 'Des nouvelles ?' }),
      refresh(actors.ownRequester),
    ]);
  });

  it('a requester comment on an unassigned ticket of a group without channel only refreshes the posted cards', () => {
    const { queued } = notify(aTicketIn('new', { groupId: GROUP_N1 }), commands.comment('Allô ?'), actors.ownRequester, {
      group: { ...n1, hasChannel: false },
    });
    expect(queued).toEqual([refresh(actors.ownRequester)]);
  });
});

describe('notificationsFor — pending, resume, solution, closing', () => {
  it('put on hold: the requester gets the reason', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.wait('Pièce commandée'), actors.assigneeTechnician);
    expect(queued).toEqual([
      told('ticket.pending', user(people.alice), actors.assigneeTechnician, { ...T1042, reason: 'Pièce commandée' }),
      refresh(actors.assigneeTechnician),
    ]);
  });

  it('resumed: the requester is told', () => {
    const { queued } = notify(aTicketIn('pending'), commands.resume(), actors.assigneeTechnician);
    expect(queued).toEqual([told('ticket.resumed', user(people.alice), actors.assigneeTechnician, T1042), refresh(actors.assigneeTechnician)]);
  });

  it('solved: the requester gets the solution to accept or refuse', () => {
    const { queued } = notify(aTicketIn('assigned'), commands.proposeSolution('Compte réactivé.'), actors.assigneeTechnician);
    expect(queued).toEqual([
      told('solution.proposed', user(people.alice), actors.assigneeTechnician, { ...T1042, solution: 'Compte réactivé.' }),
      refresh(actors.assigneeTechnician),
    ]);
  });

  it('refused: the assignee learns why; the requester who refused is not told', () => {
    const { queued } = notify(aTicketIn('solved'), commands.refuse('Toujours en panne'), actors.ownRequester);
    expect(queued).toEqual([
      told('solution.refused', user(people.bob), actors.ownRequester, { ...T1042, reason: 'Toujours en panne' }),
      refresh(actors.ownRequester),
    ]);
  });

  it("refused on an unassigned ticket: the group's channel learns why", () => {
    const { queued } = notify(aTicketIn('solved', { assignee: null }), commands.refuse('Non'), actors.ownRequester);
    expect(queued).toEqual([
      told('solution.refused', channel(GROUP_N1), actors.ownRequester, { ...T1042, reason: 'Non' }),
      refresh(actors.ownRequester),
    ]);
  });

  it("refused on an unassigned ticket of a group with no channel: the group's on-duty technicians learn why", () => {
    const { queued } = notify(aTicketIn('solved', { assignee: null }), commands.refuse('Non'), actors.ownRequester, {
      group: { ...n1, hasChannel: false },
    });
    expect(queued).toEqual([
      told('solution.refused', user(people.tina), actors.ownRequester, { ...T1042, reason: 'Non' }),
      told('solution.refused', user(paul), actors.ownRequester, { ...T1042, reason: 'Non' }),
      refresh(actors.ownRequester),
    ]);
  });

  it('refused on a ticket that nobody holds and no group queues: only the posted cards are refreshed', () => {
    const { queued } = notify(aTicketIn('solved', { assignee: null, groupId: null }), commands.refuse('Non'), actors.ownRequester, { group: null });
    expect(queued).toEqual([refresh(actors.ownRequester)]);
  });

  it('approved by the requester: only the posted cards are refreshed', () => {
    const { sent, queued } = notify(aTicketIn('solved'), commands.approve(), actors.ownRequester);
    expect(sent).toEqual([]);
    expect(queued).toEqual([refresh(actors.ownRequester)]);
  });

  it('closed by a technician: the requester is told (and gets the survey)', () => {
    const { queued } = notify(aTicketIn('solved'), commands.close(), actors.assigneeTechnician);
    expect(queued).toEqual([told('ticket.closed', user(people.alice), actors.assigneeTechnician, T1042), refresh(actors.assigneeTechnician)]);
  });

  it('closed by the clock: the requester is told it closed for want of an answer (and gets the survey)', () => {
    const { queued } = notify(aTicketIn('solved'), commands.autoClose(), SYSTEM_ACTOR);
    expect(queued).toEqual([told('ticket.autoClosed', user(people.alice), SYSTEM_ACTOR, T1042), refresh(SYSTEM_ACTOR)]);
  });

  it('reopened by the requester from the survey: the assignee is told why', () => {
    const { queued } = notify(aTicketIn('closed'), commands.reopen('Toujours lent'), actors.ownRequester);
    expect(queued).toEqual([
      told('ticket.reopened', user(people.bob), actors.ownRequester, { ...T1042, reason: 'Toujours lent' }),
      refresh(actors.ownRequester),
    ]);
  });

  it('reopened: the requester and the assignee', () => {
    const { queued } = notify(aTicketIn('closed'), commands.reopen('Revenu'), actors.lead);
    const payload = { ...T1042, reason: 'Revenu' };
    expect(queued).toEqual([
      told('ticket.reopened', user(people.alice), actors.lead, payload),
      told('ticket.reopened', user(people.bob), actors.lead, payload),
      refresh(actors.lead),
    ]);
  });

  it('reopened when the requester is also the assignee: told once', () => {
    const { queued } = notify(aTicketIn('closed', { requester: people.bob }), commands.reopen('Revenu'), actors.lead);
    expect(queued).toEqual([told('ticket.reopened', user(people.bob), actors.lead, { ...T1042, reason: 'Revenu' }), refresh(actors.lead)]);
  });

  it.each([
    ['a task', 'assigned', commands.addTask()],
    ['a planned task', 'assigned', commands.plan()],
  ] as const)('%s tells nobody: only a card refresh is queued', (_label, status, command) => {
    const { sent, queued } = notify(aTicketIn(status), command, actors.assigneeTechnician);
    expect(sent).toEqual([]);
    expect(queued).toEqual([refresh(actors.assigneeTechnician)]);
  });
});

describe('notificationsFor — the satisfaction survey', () => {
  it.each([1, 2] as const)("a rating of %i reaches the group's channel with the comment: a lead must hear about unhappy users", (rating) => {
    const { queued } = notify(aTicketIn('closed'), commands.rate(rating, '  Trois relances avant une réponse  '), actors.ownRequester);
    expect(queued).toEqual([
      told('survey.lowRating', channel(GROUP_N1), actors.ownRequester, { ...T1042, rating, comment: 'Trois relances avant une réponse' }),
      refresh(actors.ownRequester),
    ]);
  });

  it('a low rating in a group with no channel reaches its lead in person; without a comment, an empty one', () => {
    const { queued } = notify(aTicketIn('closed'), commands.rate(1, null), actors.ownRequester, { group: { ...n1, hasChannel: false } });
    expect(queued).toEqual([
      told('survey.lowRating', user(people.lea), actors.ownRequester, { ...T1042, rating: 1, comment: '' }),
      refresh(actors.ownRequester),
    ]);
  });

  it('a low rating in a group with neither channel nor lead, or with no group, tells nobody', () => {
    const noLead = notify(aTicketIn('closed'), commands.rate(2), actors.ownRequester, { group: { ...n1, hasChannel: false, lead: null } });
    expect(noLead.queued).toEqual([refresh(actors.ownRequester)]);
    const noGroup = notify(aTicketIn('closed', { groupId: null }), commands.rate(2), actors.ownRequester, { group: null });
    expect(noGroup.queued).toEqual([refresh(actors.ownRequester)]);
  });

  it.each([3, 4, 5] as const)('a rating of %i tells nobody: only the posted cards are refreshed', (rating) => {
    const { sent, queued } = notify(aTicketIn('closed'), commands.rate(rating, 'Correct'), actors.ownRequester);
    expect(sent).toEqual([]);
    expect(queued).toEqual([refresh(actors.ownRequester)]);
  });

  it('a lead who rates their own ticket low is not told about it', () => {
    const leas = anActor(['requester', 'lead'], { ...people.lea, groupIds: [GROUP_N1] });
    const { sent } = notify(aTicketIn('closed', { requester: people.lea }), commands.rate(1), leas, { group: { ...n1, hasChannel: false } });
    expect(sent).toEqual([]);
  });
});

describe('queuedFor — the refresh of posted cards', () => {
  it('comes once, after every notification of the change, even when the change holds several events', () => {
    // a followup then a hold, in one change (built from two real decisions)
    const first = decide(aTicketIn('assigned'), commands.addFollowup('Je commande la pièce', 'public'), actors.assigneeTechnician, NOW);
    if (!first.ok) throw new Error(first.error.message);
    const second = decide(first.value.ticket, commands.wait('Pièce commandée'), actors.assigneeTechnician, NOW);
    if (!second.ok) throw new Error(second.error.message);
    const events = [...first.value.events, ...second.value.events];
    const queued = queuedFor(events, second.value.ticket, { group: n1, previousGroupId: GROUP_N1 });
    const bob = actors.assigneeTechnician;
    expect(queued).toEqual([
      told('followup.public', user(people.alice), bob, { ...T1042, text: 'Je commande la pièce' }),
      told('ticket.pending', user(people.alice), bob, { ...T1042, reason: 'Pièce commandée' }),
      refresh(bob),
    ]);
  });

  it('is never queued with a creation: a new ticket has no posted card yet', () => {
    const { event, after } = notify(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester);
    const queued = queuedFor([event], after, { group: n1, previousGroupId: null });
    expect(queued.map((q) => q.kind)).toEqual(['ticket.new', 'ticket.new', 'ticket.new']);
    expect(queuedFor([event], after, { group: null, previousGroupId: null })).toEqual([]);
  });
});

describe('notificationsFor — invariants over a whole ticket life', () => {
  const oscarTech = anActor(['requester', 'technician'], { ...people.oscar, groupIds: [GROUP_N1] });
  const PRIVATE_TEXT = 'Droits manquants';
  const steps: ReadonlyArray<readonly [TicketCommand, Actor, Group | null]> = [
    [commands.create({ groupId: GROUP_N1 }), actors.ownRequester, n1],
    [commands.comment('Urgent'), actors.ownRequester, n1],
    [commands.take(), actors.groupTechnician, n1],
    [commands.addFollowup('Je regarde', 'public'), actors.groupTechnician, n1],
    [commands.addFollowup(PRIVATE_TEXT, 'private'), oscarTech, n1],
    [commands.assign(null, GROUP_N2), actors.groupTechnician, n2],
    [commands.assign(people.nadia, GROUP_N2), actors.lead, n2],
    [commands.addTask(), actors.otherGroupTechnician, n2],
    [commands.wait('Attente éditeur'), actors.otherGroupTechnician, n2],
    [commands.resume(), actors.otherGroupTechnician, n2],
    [commands.proposeSolution('Droits ajoutés'), actors.otherGroupTechnician, n2],
    [commands.refuse('Toujours pas'), actors.ownRequester, n2],
    [commands.proposeSolution('Cache vidé aussi'), actors.otherGroupTechnician, n2],
    [commands.approve(), actors.ownRequester, n2],
    [commands.rate(2, 'Deux essais'), actors.ownRequester, n2],
    [commands.reopen('Revenu'), actors.admin, n2],
    [commands.proposeSolution('Pilote mis à jour'), actors.otherGroupTechnician, n2],
    [commands.close(), actors.otherGroupTechnician, n2],
    [commands.reopen('Toujours pas'), actors.ownRequester, n2],
    // issue 10: Léa follows it, Nadia asks the lead for help and sends it back to N1 with what she tried
    [commands.follow(), actors.lead, n2],
    [commands.alertLead(`${PRIVATE_TEXT} chez l’éditeur`), actors.otherGroupTechnician, n2],
    [commands.escalate({ groupId: GROUP_N1, summary: `${PRIVATE_TEXT} : pilote, cache et droits essayés` }), actors.otherGroupTechnician, n1],
    [commands.addFollowup('Je reprends le ticket', 'public'), actors.groupTechnician, n1],
  ];
  /** what only a requester is told; every other kind is for staff */
  const REQUESTER_KINDS: readonly NotificationKind[] = [
    'request.transferred',
    'request.escalated',
    'ticket.taken',
    'followup.public',
    'ticket.pending',
    'ticket.resumed',
    'solution.proposed',
    'ticket.closed',
    'ticket.autoClosed',
    'ticket.reopened',
  ];

  it('the actor is never told, nothing is told twice, the requester hears only requester news and never a private note', () => {
    let ticket: Ticket | null = null;
    const toRequester: NotificationKind[] = [];
    for (const [command, actor, group] of steps) {
      const { sent, queued, after } = notify(ticket, command, actor, { group, previousGroupId: ticket?.groupId ?? null });
      const users = sent.flatMap((n) => (n.recipient.kind === 'user' ? [n.recipient.user.id] : []));
      expect(users, command.type).not.toContain(actor.id);
      const keys = sent.map((n) => JSON.stringify([n.kind, n.recipient, n.payload]));
      expect(new Set(keys).size, command.type).toBe(keys.length);
      const requesterNews = sent.filter((n) => n.recipient.kind === 'user' && n.recipient.user.id === after.requester.id);
      for (const n of requesterNews) expect(REQUESTER_KINDS, `${command.type}: ${n.kind}`).toContain(n.kind);
      expect(JSON.stringify(requesterNews), command.type).not.toContain(PRIVATE_TEXT);
      toRequester.push(...requesterNews.map((n) => n.kind));
      // one refresh of the posted cards, last, for every change after the creation
      expect(queued, command.type).toEqual(command.type === 'create' ? sent : [...sent, refresh(actor)]);
      ticket = after;
    }
    // the life really told the requester something (the checks above did not pass on empty lists)
    expect(toRequester).toEqual([
      'ticket.taken',
      'followup.public',
      'request.transferred',
      'ticket.pending',
      'ticket.resumed',
      'solution.proposed',
      'solution.proposed',
      'ticket.reopened',
      'solution.proposed',
      'ticket.closed',
      'request.escalated',
      'followup.public',
    ]);
  });

  it('observers hear of every later change but their own: Léa and Nadia of Tina’s followup, Léa of Nadia’s escalation', () => {
    let ticket: Ticket | null = null;
    const observerNews: [string, string, string][] = [];
    for (const [command, actor, group] of steps) {
      const { sent, after } = notify(ticket, command, actor, { group, previousGroupId: ticket?.groupId ?? null });
      for (const n of sent) {
        if (n.kind === 'observer.update' && n.recipient.kind === 'user') observerNews.push([command.type, n.recipient.user.name, n.payload.event]);
      }
      ticket = after;
    }
    expect(observerNews).toEqual([
      ['alertLead', 'Léa Bernard', 'LeadAlerted'],
      ['escalate', 'Léa Bernard', 'TicketEscalated'],
      ['addFollowup', 'Léa Bernard', 'FollowupAdded'],
      ['addFollowup', 'Nadia Roux', 'FollowupAdded'],
    ]);
  });
});

describe('notificationsFor — recipients are people', () => {
  it("a technician told of a new ticket is a Person (id, name), not the group's roster entry with its duty flag", () => {
    const result = decide(null, commands.create({ groupId: GROUP_N1 }), actors.ownRequester, NOW);
    if (!result.ok) throw new Error(result.error.message);
    const raw = notificationsFor(result.value.events[0], result.value.ticket, { group: n1, previousGroupId: null });
    const users = raw.flatMap((n) => (n.recipient.kind === 'user' ? [n.recipient.user] : []));
    expect(users).toEqual([people.tina, paul]);
    expect(users.map((u) => Object.keys(u).sort())).toEqual([
      ['id', 'name'],
      ['id', 'name'],
    ]);
  });
});
