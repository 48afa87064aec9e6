import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.js';
import { ALWAYS_OPEN } from '../../src/domain/business-hours.js';
import { decide, type Decision } from '../../src/domain/decide.js';
import type { Group } from '../../src/domain/group.js';
import { notificationsFor, queuedFor, type Notification, type NotificationKind, type NotificationPayloads, type Recipient } from '../../src/domain/notification.js';
import type { Level } from '../../src/domain/priority.js';
import type { Result } from '../../src/domain/result.js';
import { DEFAULT_SERVICE_LEVELS, type ServiceLevelRules } from '../../src/domain/sla.js';
import type { TicketCommand } from '../../src/domain/ticket-command.js';
import type { TicketEvent } from '../../src/domain/ticket-event.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { GROUP_N1, GROUP_N2, aGroup, aTicketIn, actors, anActor, commands, people } from '../support/ticket-mother.js';

/**
 * Escalation, by the rules of a desk open round the clock (plain arithmetic; business hours
 * are sla.test.ts's). Alice asks; N1 Support has a channel, Léa as its lead and Marc as her
 * escalation contact, Tina on duty; N2 Réseau has a channel, Inès as its lead, Nadia on duty
 * and Bob off duty. GLPI's own escalation bugs are cases here, so they are never repeated.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = new Date('2025-03-03T09:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const ROUND: ServiceLevelRules = { ...DEFAULT_SERVICE_LEVELS, calendar: ALWAYS_OPEN };

const marc: Person = { id: 'aad-marc', name: 'Marc Fontaine' };
const ines: Person = { id: 'aad-ines', name: 'Inès Caron' };
const n1: Group = aGroup({ escalationContact: marc });
const n2: Group = aGroup({
  id: GROUP_N2,
  name: { fr: 'N2 Réseau', en: 'N2 Network' },
  lead: ines,
  escalationContact: null,
  technicians: [
    { ...people.nadia, onDuty: true },
    { ...people.bob, onDuty: false },
  ],
});
const groups: Readonly<Record<string, Group>> = { [GROUP_N1]: n1, [GROUP_N2]: n2 };

const person = (someone: Actor | Person): Person => ({ id: someone.id, name: someone.name });
const user = (someone: Person): Recipient => ({ kind: 'user', user: person(someone) });
const channel = (groupId: string): Recipient => ({ kind: 'channel', groupId });
const told = <K extends NotificationKind>(kind: K, to: Recipient, by: Actor | Person, payload: NotificationPayloads[K]): Notification =>
  ({ kind, recipient: to, actor: person(by), payload }) as Notification;

interface Step {
  readonly ticket: Ticket;
  readonly event: TicketEvent;
  /** who is told, the ticket's group (after the change) as the use case would load it */
  readonly sent: Notification[];
}

function decided(result: Result<Decision>, what: string): Decision {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Alice opens a ticket in N1 at T0 (priority from urgency × impact). */
function opened(urgency: Level, impact: Level, rules: ServiceLevelRules = ROUND): Ticket {
  const command = { ...commands.create({ urgency, impact, groupId: GROUP_N1 }), serviceLevels: rules };
  return decided(decide(null, command, actors.ownRequester, T0), 'create').ticket;
}

/** `command` by `actor` `ms` after T0, with the rules the use case puts in; `group` overrides the loaded group. */
function step(ticket: Ticket, command: TicketCommand, actor: Actor, ms: number, options: { rules?: ServiceLevelRules; group?: Group | null } = {}): Step {
  const { ticket: changed, events } = decided(decide(ticket, { ...command, serviceLevels: options.rules ?? ROUND }, actor, after(ms)), command.type);
  expect(events).toHaveLength(1);
  const group = options.group !== undefined ? options.group : changed.groupId ? (groups[changed.groupId] ?? null) : null;
  return { ticket: changed, event: events[0]!, sent: notificationsFor(events[0]!, changed, { group, previousGroupId: ticket.groupId }) };
}

function refused(ticket: Ticket, command: TicketCommand, actor: Actor, ms: number, rules: ServiceLevelRules = ROUND) {
  const result = decide(ticket, { ...command, serviceLevels: rules }, actor, after(ms));
  return result.ok ? null : result.error;
}

/** The clock's command at `ms`. */
const tick = (ticket: Ticket, ms: number, options: { rules?: ServiceLevelRules; group?: Group | null } = {}) =>
  step(ticket, commands.alertLevel(), SYSTEM_ACTOR, ms, options);

/** The alert line the digest shows for `ticket` at a level. */
const line = (ticket: Ticket, levelId: string, clock: 'own' | 'resolve', percent: number) => ({
  number: ticket.number,
  title: ticket.title,
  status: ticket.status,
  priority: ticket.priority,
  ticketId: ticket.id,
  levelId,
  clock,
  percent,
  dueAt: ticket.sla[clock].dueAt?.toISOString() ?? null,
  assigneeName: ticket.assignee?.name ?? null,
});

describe('a time-to-own level fires at the time to own, never at the time to resolve (glpi#2765, #2828, #4170)', () => {
  // priority 3: 2 h to own, 72 h to resolve
  it('own-75 at 1 h 30, own-100 at 2 h, each told as a time-to-own level; then the next is the time to resolve’s', () => {
    const ticket = opened(3, 3);
    expect(ticket.escalation.next).toEqual({ levelId: 'own-75', at: after(90 * MINUTE) });
    expect(refused(ticket, commands.alertLevel(), SYSTEM_ACTOR, 90 * MINUTE - 1)).toEqual({
      code: 'TICKET.NOT_DUE',
      message: 'ticket #2001 reached no new level',
      details: { next: after(90 * MINUTE).toISOString() },
    });

    const first = tick(ticket, 90 * MINUTE);
    expect(first.event.level).toEqual({ id: 'own-75', clock: 'own', percent: 75, hierarchical: false });
    expect(first.ticket.escalation).toMatchObject({ fired: ['own-75'], next: { levelId: 'own-100', at: after(2 * HOUR) } });

    const second = tick(first.ticket, 2 * HOUR);
    expect(second.event.level).toEqual({ id: 'own-100', clock: 'own', percent: 100, hierarchical: false });
    expect(second.ticket.escalation).toMatchObject({ fired: ['own-75', 'own-100'], next: { levelId: 'resolve-75', at: after(54 * HOUR) } });
    // the alert says which clock: the time to own, due at 2 h
    expect(second.sent[0]?.payload).toMatchObject({ line: { levelId: 'own-100', clock: 'own', percent: 100, dueAt: after(2 * HOUR).toISOString() } });
  });

  it('with a time to own longer than usual, its levels still follow the time to own, not the time to resolve', () => {
    const rules: ServiceLevelRules = { ...ROUND, policy: { ...ROUND.policy, 3: { timeToOwnMinutes: 40 * 60, timeToResolveMinutes: 48 * 60 } } };
    const ticket = opened(3, 3, rules);
    expect(ticket.escalation.next).toEqual({ levelId: 'own-75', at: after(30 * HOUR) });
    expect(tick(ticket, 30 * HOUR, { rules }).event.level?.id).toBe('own-75');
  });
});

describe('reminders are sent (glpi#6898, #12401), once and not endlessly (glpi#1996)', () => {
  it('the level reaches the group’s channel, naming the lead to mention, with the line the digest shows', () => {
    const reached = tick(opened(3, 3), 2 * HOUR);
    const queued = queuedFor([reached.event], reached.ticket, { group: n1, previousGroupId: GROUP_N1 });
    expect(queued).toEqual([
      told('sla.alert', channel(GROUP_N1), SYSTEM_ACTOR, { groupId: GROUP_N1, lead: people.lea, line: line(reached.ticket, 'own-100', 'own', 100) }),
      { kind: 'card.refresh', actor: person(SYSTEM_ACTOR) },
    ]);
    expect(line(reached.ticket, 'own-100', 'own', 100)).toMatchObject({ number: 2001, status: 'new', priority: 3, assigneeName: null });
  });

  it('no channel linked: the lead in a 1:1 chat; neither channel nor lead: nobody', () => {
    const noChannel = tick(opened(3, 3), 2 * HOUR, { group: { ...n1, hasChannel: false } });
    expect(noChannel.sent.map((n) => [n.kind, n.recipient])).toEqual([['sla.alert', user(people.lea)]]);
    const nobody = tick(opened(3, 3), 2 * HOUR, { group: { ...n1, hasChannel: false, lead: null } });
    expect(nobody.sent).toEqual([]);
  });

  it('a second tick at the same time reaches no new level: refused, nothing told again', () => {
    const first = tick(opened(3, 3), 2 * HOUR);
    expect(refused(first.ticket, commands.alertLevel(), SYSTEM_ACTOR, 2 * HOUR)).toEqual({
      code: 'TICKET.NOT_DUE',
      message: 'ticket #2001 reached no new level',
      details: { next: after(54 * HOUR).toISOString() },
    });
    // nor an hour later
    expect(refused(first.ticket, commands.alertLevel(), SYSTEM_ACTOR, 3 * HOUR)?.code).toBe('TICKET.NOT_DUE');
  });

  it('every level fired: nothing is scheduled any more and the clock is refused for good', () => {
    const all = tick(opened(3, 3), 100 * HOUR);
    expect(all.ticket.escalation).toMatchObject({ fired: ['own-75', 'own-100', 'resolve-75', 'resolve-100'], next: null });
    expect(refused(all.ticket, commands.alertLevel(), SYSTEM_ACTOR, 200 * HOUR)).toEqual({
      code: 'TICKET.NOT_DUE',
      message: 'ticket #2001 reached no new level',
      details: { next: null },
    });
  });

  it('a refused solution or a reopening never repeats a level already told', () => {
    let ticket = step(opened(3, 3), commands.take(), actors.groupTechnician, 30 * MINUTE).ticket;
    ticket = tick(ticket, 54 * HOUR).ticket;
    expect(ticket.escalation.fired).toEqual(['resolve-75']);
    ticket = step(ticket, commands.proposeSolution(), actors.groupTechnician, 55 * HOUR).ticket;
    ticket = step(ticket, commands.refuse(), actors.ownRequester, 56 * HOUR).ticket;
    // 55 h ran before the solution: 75 % is past, but it was told; the next is the breach
    expect(ticket.escalation.next).toEqual({ levelId: 'resolve-100', at: after(56 * HOUR + 17 * HOUR) });
    expect(refused(ticket, commands.alertLevel(), SYSTEM_ACTOR, 57 * HOUR)?.code).toBe('TICKET.NOT_DUE');
  });
});

describe('escalating to another group keeps the time-to-resolve clock running (pluginsGLPI/escalade#151)', () => {
  it('the clocks and the next level are the same before and after; the new group hears of the next level', () => {
    // priority 3, taken by Tina at 30 min, escalated to N2 at 5 h with nobody chosen there
    const taken = step(opened(3, 3), commands.take(), actors.groupTechnician, 30 * MINUTE).ticket;
    const escalated = step(taken, commands.escalate({ groupId: GROUP_N2 }), actors.groupTechnician, 5 * HOUR).ticket;
    expect(escalated.sla).toEqual(taken.sla);
    expect(escalated.sla.resolve).toEqual({ targetMs: 72 * HOUR, consumedMs: 0, runningSince: T0, dueAt: after(72 * HOUR), stoppedAt: null });
    expect(escalated.escalation).toEqual({ ...taken.escalation, supportLevel: 2 });
    expect(escalated).toMatchObject({ status: 'new', groupId: GROUP_N2, assignee: null });

    // Nadia takes it in N2: the time to resolve still runs from the opening
    const retaken = step(escalated, commands.take(), actors.otherGroupTechnician, 6 * HOUR).ticket;
    expect(retaken.sla.resolve).toEqual(escalated.sla.resolve);

    const level = tick(retaken, 54 * HOUR);
    expect(level.event.level?.id).toBe('resolve-75');
    expect(level.sent).toEqual([
      told('sla.alert', channel(GROUP_N2), SYSTEM_ACTOR, { groupId: GROUP_N2, lead: ines, line: line(level.ticket, 'resolve-75', 'resolve', 75) }),
      // Tina escalated it: she follows it still
      told('observer.update', user(people.tina), SYSTEM_ACTOR, {
        number: 2001,
        title: 'Je n’arrive plus à me connecter à HorairePro',
        event: 'SlaLevelReached',
        text: '',
        status: 'assigned',
      }),
    ]);
  });

  it('a waiting ticket escalated keeps waiting, its clocks paused', () => {
    const waiting = step(opened(3, 3), commands.wait(), actors.groupTechnician, HOUR).ticket;
    const escalated = step(waiting, commands.escalate({ groupId: GROUP_N2 }), actors.groupTechnician, 2 * HOUR).ticket;
    expect(escalated.status).toBe('pending');
    expect(escalated.sla).toEqual(waiting.sla);
    expect(escalated.sla.resolve.runningSince).toBeNull();
  });
});

describe('a ticket taken before a level never fires it', () => {
  it('taken after own-75 and before own-100: own-100 never comes, the next is resolve-75', () => {
    const warned = tick(opened(3, 3), 90 * MINUTE).ticket;
    const taken = step(warned, commands.take(), actors.groupTechnician, 100 * MINUTE).ticket;
    expect(taken.escalation.next).toEqual({ levelId: 'resolve-75', at: after(54 * HOUR) });
    expect(refused(taken, commands.alertLevel(), SYSTEM_ACTOR, 3 * HOUR)?.code).toBe('TICKET.NOT_DUE');
    const later = tick(taken, 60 * HOUR);
    expect(later.event.level?.id).toBe('resolve-75');
    expect(later.ticket.escalation.fired).toEqual(['own-75', 'resolve-75']);
  });

  it('taken before own-75: neither own level ever fires, even in a catch-up days later', () => {
    const taken = step(opened(3, 3), commands.take(), actors.groupTechnician, HOUR).ticket;
    const catchUp = tick(taken, 100 * HOUR);
    expect(catchUp.ticket.escalation.fired).toEqual(['resolve-75', 'resolve-100']);
  });
});

describe('a catch-up past several levels fires them all in one change', () => {
  it('every level due is fired at once, in the policy’s order, and one alert names the most serious', () => {
    const caught = tick(opened(3, 3), 100 * HOUR);
    expect(caught.ticket.escalation.fired).toEqual(['own-75', 'own-100', 'resolve-75', 'resolve-100']);
    expect(caught.event.level).toEqual({ id: 'resolve-100', clock: 'resolve', percent: 100, hierarchical: false });
    expect(caught.sent).toEqual([
      told('sla.alert', channel(GROUP_N1), SYSTEM_ACTOR, { groupId: GROUP_N1, lead: people.lea, line: line(caught.ticket, 'resolve-100', 'resolve', 100) }),
    ]);
    // the history says which levels were reached, in one entry
    expect(caught.ticket.history.at(-1)).toEqual({ at: after(100 * HOUR), actor: person(SYSTEM_ACTOR), field: 'escalationLevels', from: null, to: 'own-75, own-100, resolve-75, resolve-100' });
  });

  it('past a breach of the time to own and 75 % of the time to resolve: the breach is named, not the later 75 %', () => {
    // nobody took it for 60 h: own-100 (a breach) and resolve-75 (at risk) are both due
    const caught = tick(opened(3, 3), 60 * HOUR);
    expect(caught.ticket.escalation.fired).toEqual(['own-75', 'own-100', 'resolve-75']);
    expect(caught.event.level).toMatchObject({ id: 'own-100', percent: 100 });
  });
});

describe('hierarchical escalation: past the time to resolve of a high priority, the escalation contact too', () => {
  it.each([
    // urgency, impact → priority; when; the level named; hierarchical
    ['priority 4 at resolve-100', 3, 4, 24 * HOUR, 'resolve-100', true],
    ['priority 5 at resolve-100', 5, 5, 4 * HOUR, 'resolve-100', true],
    ['priority 3 at resolve-100', 3, 3, 72 * HOUR, 'resolve-100', false],
    ['priority 4 at resolve-75', 3, 4, 18 * HOUR, 'resolve-75', false],
    ['priority 5 at own-100', 5, 5, 15 * MINUTE, 'own-100', false],
  ] as const)('%s → hierarchical: %s', (_label, urgency, impact, ms, id, hierarchical) => {
    let ticket = opened(urgency, impact);
    if (id.startsWith('resolve')) ticket = step(ticket, commands.take(), actors.groupTechnician, 1).ticket;
    const reached = tick(ticket, ms);
    expect(reached.event.level).toMatchObject({ id, hierarchical });
    const alert = reached.sent[0]!.payload;
    expect(reached.sent).toEqual([
      told('sla.alert', channel(GROUP_N1), SYSTEM_ACTOR, alert as NotificationPayloads['sla.alert']),
      ...(hierarchical ? [told('sla.alert', user(marc), SYSTEM_ACTOR, alert as NotificationPayloads['sla.alert'])] : []),
    ]);
  });

  it('the threshold is the rules’: with hierarchicalMinPriority 5, a priority 4 breach stays with the lead', () => {
    const rules = { ...ROUND, hierarchicalMinPriority: 5 as const };
    const reached = tick(opened(3, 4, rules), 24 * HOUR, { rules });
    expect(reached.event.level).toMatchObject({ id: 'resolve-100', hierarchical: false });
    expect(reached.sent.map((n) => n.recipient)).toEqual([channel(GROUP_N1)]);
  });

  it('no channel: the lead and the contact, each in a 1:1 chat; no contact set: the lead alone', () => {
    const noChannel = tick(opened(3, 4), 24 * HOUR, { group: { ...n1, hasChannel: false } });
    expect(noChannel.sent.map((n) => n.recipient)).toEqual([user(people.lea), user(marc)]);
    const noContact = tick(opened(3, 4), 24 * HOUR, { group: { ...n1, escalationContact: null } });
    expect(noContact.sent.map((n) => n.recipient)).toEqual([channel(GROUP_N1)]);
  });
});

describe('« Escalader… »: functional escalation', () => {
  const SUMMARY = 'Poste redémarré, droits vérifiés dans HorairePro : toujours « Accès refusé ».';
  const escalate = (ticket: Ticket, overrides: Partial<Extract<TicketCommand, { type: 'escalate' }>> = {}, group?: Group) =>
    step(ticket, commands.escalate({ groupId: GROUP_N2, summary: `  ${SUMMARY}  `, ...overrides }), actors.groupTechnician, 5 * HOUR, { group });
  const takenByTina = () => step(opened(3, 3), commands.take(), actors.groupTechnician, 30 * MINUTE).ticket;

  it('the ticket moves to N2 at level N2, the summary is a private followup, the escalating technician follows it', () => {
    const before = takenByTina();
    const { ticket, event } = escalate(before);
    expect(ticket).toMatchObject({ groupId: GROUP_N2, assignee: null, status: 'new', observers: [people.tina] });
    expect(ticket.escalation.supportLevel).toBe(2);
    expect(ticket.followups.at(-1)).toEqual({ id: 'fup-escalation', author: people.tina, kind: 'escalation', text: SUMMARY, visibility: 'private', at: after(5 * HOUR) });
    expect(event).toMatchObject({ type: 'TicketEscalated', note: SUMMARY, escalation: { fromGroupId: GROUP_N1, supportLevel: 2 } });
    const tina = person(actors.groupTechnician);
    expect(ticket.history.slice(before.history.length).map(({ field, from, to }) => ({ field, from, to }))).toEqual([
      { field: 'status', from: 'assigned', to: 'new' },
      { field: 'supportLevel', from: 'N1', to: 'N2' },
      { field: 'observers', from: null, to: 'Tina Moreau' },
      { field: 'assignee', from: 'Tina Moreau (aad-tina)', to: null },
      { field: 'group', from: GROUP_N1, to: GROUP_N2 },
      { field: 'followups', from: '1', to: '2' },
    ]);
    expect(ticket.history.slice(before.history.length).every((h) => h.actor.id === tina.id)).toBe(true);
  });

  it('the requester is told where it went (never the summary), N2’s channel and on-duty technician get it with the summary', () => {
    const { sent } = escalate(takenByTina());
    const tina = actors.groupTechnician;
    const ref = { number: 2001, title: 'Je n’arrive plus à me connecter à HorairePro' };
    const forStaff = { ...ref, fromGroupId: GROUP_N1, groupId: GROUP_N2, supportLevel: 2, summary: SUMMARY };
    expect(sent).toEqual([
      told('request.escalated', user(people.alice), tina, { ...ref, groupId: GROUP_N2 }),
      told('ticket.escalated', channel(GROUP_N2), tina, forStaff),
      told('ticket.escalated', user(people.nadia), tina, forStaff),
    ]);
    expect(JSON.stringify(sent.filter((n) => n.recipient.kind === 'user' && n.recipient.user.id === people.alice.id))).not.toContain('redémarré');
  });

  it('to a chosen technician of N2: that technician is told (not everyone on duty), and the time to own stops if it still ran', () => {
    const { ticket, sent } = escalate(opened(3, 3), { assignee: people.bob });
    expect(ticket).toMatchObject({ status: 'assigned', assignee: people.bob });
    expect(ticket.sla.own).toMatchObject({ stoppedAt: after(5 * HOUR), consumedMs: 5 * HOUR });
    expect(sent.map((n) => [n.kind, n.recipient])).toEqual([
      ['request.escalated', user(people.alice)],
      ['ticket.escalated', channel(GROUP_N2)],
      ['ticket.escalated', user(people.bob)],
    ]);
  });

  it('nobody on duty in N2: its lead is told at once, the ticket stays in N2’s queue', () => {
    const unstaffed: Group = { ...n2, hasChannel: false, technicians: n2.technicians.map((t) => ({ ...t, onDuty: false })) };
    const { ticket, sent } = escalate(takenByTina(), {}, unstaffed);
    expect(ticket.groupId).toBe(GROUP_N2);
    expect(sent.map((n) => [n.kind, n.recipient])).toEqual([
      ['request.escalated', user(people.alice)],
      ['group.unstaffed', user(ines)],
    ]);
    expect(sent[1]!.payload).toEqual({ number: 2001, title: 'Je n’arrive plus à me connecter à HorairePro', groupId: GROUP_N2 });
  });

  it('a plain « Assigner… » to a group with nobody on duty tells its lead too: the ticket never waits unseen', () => {
    const unstaffed: Group = { ...n2, hasChannel: false, technicians: n2.technicians.map((t) => ({ ...t, onDuty: false })) };
    const { ticket, sent } = step(takenByTina(), { type: 'assign', assignee: null, groupId: GROUP_N2 }, actors.groupTechnician, 5 * HOUR, { group: unstaffed });
    expect(ticket).toMatchObject({ groupId: GROUP_N2, assignee: null });
    expect(sent.map((n) => [n.kind, n.recipient])).toEqual([
      ['group.unstaffed', user(ines)],
      ['request.transferred', user(people.alice)],
    ]);
  });

  it('an earlier observer is told of the escalation; the escalating technician, an observer already, is neither added twice nor told', () => {
    const before = step(takenByTina(), commands.follow(), actors.lead, HOUR).ticket;
    const followed = step(before, commands.follow(), actors.groupTechnician, 2 * HOUR).ticket;
    const { ticket, sent } = escalate(followed);
    expect(ticket.observers).toEqual([people.lea, people.tina]);
    expect(sent.filter((n) => n.kind === 'observer.update')).toEqual([
      told('observer.update', user(people.lea), actors.groupTechnician, {
        number: 2001,
        title: 'Je n’arrive plus à me connecter à HorairePro',
        event: 'TicketEscalated',
        text: SUMMARY,
        status: 'new',
      }),
    ]);
  });

  it('escalating to oneself in the other group adds no observer', () => {
    const nadiaInBoth = anActor(['requester', 'technician'], { ...people.nadia, groupIds: [GROUP_N1, GROUP_N2] });
    const { ticket } = step(opened(3, 3), commands.escalate({ groupId: GROUP_N2, assignee: people.nadia }), nadiaInBoth, HOUR);
    expect(ticket.observers).toEqual([]);
  });

  it.each([
    ['a blank summary', { summary: '  \n ' }, { field: 'summary' }],
    ['a summary over 10 000 characters', { summary: 's'.repeat(10_001) }, { field: 'summary', max: 10_000 }],
    ['the group it is already in', { groupId: GROUP_N1 }, { field: 'group' }],
  ] as const)('%s is refused', (_label, overrides, details) => {
    const error = refused(takenByTina(), commands.escalate({ groupId: GROUP_N2, ...overrides }), actors.groupTechnician, HOUR);
    expect(error).toMatchObject({ code: 'TICKET.VALIDATION', details });
  });

  it('a technician outside the ticket’s group, and the requester, may not escalate it', () => {
    for (const actor of [actors.otherGroupTechnician, actors.ownRequester]) {
      expect(refused(takenByTina(), commands.escalate({ groupId: GROUP_N2 }), actor, HOUR)).toEqual({
        code: 'TICKET.FORBIDDEN',
        message: `${actor.id} may not ticket.escalate`,
        details: { capability: 'ticket.escalate' },
      });
    }
  });
});

describe('« Suivre » / « Ne plus suivre »: observers hear of others’ changes, never of their own', () => {
  const base = () => step(opened(3, 3), commands.take(), actors.groupTechnician, 30 * MINUTE).ticket;
  const ref = { number: 2001, title: 'Je n’arrive plus à me connecter à HorairePro' };

  it('any staff member follows, once; the history says who follows; unfollowing removes them', () => {
    const followed = step(base(), commands.follow(), actors.otherGroupTechnician, HOUR);
    expect(followed.ticket.observers).toEqual([people.nadia]);
    expect(followed.event.type).toBe('TicketFollowed');
    expect(followed.sent).toEqual([]);
    expect(followed.ticket.history.at(-1)).toMatchObject({ field: 'observers', from: null, to: 'Nadia Roux' });
    const twice = step(followed.ticket, commands.follow(), actors.otherGroupTechnician, 2 * HOUR).ticket;
    expect(twice.observers).toEqual([people.nadia]);
    const unfollowed = step(twice, commands.unfollow(), actors.otherGroupTechnician, 3 * HOUR);
    expect(unfollowed.ticket.observers).toEqual([]);
    expect(unfollowed.event.type).toBe('TicketUnfollowed');
    expect(unfollowed.ticket.history.at(-1)).toMatchObject({ field: 'observers', from: 'Nadia Roux', to: null });
  });

  it('a requester may not follow a ticket', () => {
    expect(refused(base(), commands.follow(), actors.otherRequester, HOUR)).toEqual({
      code: 'TICKET.FORBIDDEN',
      message: 'aad-oscar may not ticket.follow',
      details: { capability: 'ticket.follow' },
    });
  });

  it('an observer hears of someone else’s followup (private text included: observers are staff), not of their own', () => {
    const followed = step(base(), commands.follow(), actors.lead, HOUR).ticket;
    const byTina = step(followed, commands.addFollowup('Droits demandés à l’éditeur', 'private'), actors.groupTechnician, 2 * HOUR);
    expect(byTina.sent.filter((n) => n.kind === 'observer.update')).toEqual([
      told('observer.update', user(people.lea), actors.groupTechnician, { ...ref, event: 'FollowupAdded', text: 'Droits demandés à l’éditeur', status: 'assigned' }),
    ]);
    const byLea = step(followed, commands.addFollowup('Je relance l’éditeur', 'public'), actors.lead, 2 * HOUR);
    expect(byLea.sent.map((n) => n.kind)).toEqual(['followup.public']);
  });

  it('an observer hears of the clock’s levels, of a hold, of a solution', () => {
    const followed = step(opened(3, 3), commands.follow(), actors.lead, HOUR).ticket;
    const level = tick(followed, 2 * HOUR);
    expect(level.sent.filter((n) => n.kind === 'observer.update').map((n) => [n.recipient, (n.payload as { event: string }).event])).toEqual([
      [user(people.lea), 'SlaLevelReached'],
    ]);
    const held = step(level.ticket, commands.wait('Pièce commandée'), actors.groupTechnician, 3 * HOUR);
    expect(held.sent).toContainEqual(told('observer.update', user(people.lea), actors.groupTechnician, { ...ref, event: 'TicketPutOnHold', text: 'Pièce commandée', status: 'pending' }));
  });

  it('an observer who is also the assignee is told as the assignee, not twice', () => {
    const followed = step(opened(3, 3), commands.follow(), actors.groupTechnician, HOUR).ticket;
    const taken = step(followed, commands.take(), actors.groupTechnician, 2 * HOUR).ticket;
    const note = step(taken, commands.addFollowup('Interne', 'private'), actors.lead, 3 * HOUR);
    expect(note.sent).toEqual([told('followup.private', user(people.tina), actors.lead, { ...ref, text: 'Interne' })]);
  });
});

describe('« Alerter le responsable »: hierarchical escalation by hand', () => {
  const REASON = 'Il faut les droits d’administration HorairePro';
  const taken = () => step(opened(3, 3), commands.take(), actors.groupTechnician, 30 * MINUTE).ticket;

  it('the reason is a private followup; the lead is mentioned in the channel and told 1:1; the requester hears nothing', () => {
    const before = taken();
    const { ticket, sent, event } = step(before, commands.alertLead(`  ${REASON} `), actors.groupTechnician, HOUR);
    expect(ticket.followups.at(-1)).toEqual({ id: 'fup-lead', author: people.tina, kind: 'leadAlert', text: REASON, visibility: 'private', at: after(HOUR) });
    expect(ticket.status).toBe('assigned');
    expect(event).toMatchObject({ type: 'LeadAlerted', note: REASON });
    const alert = { number: 2001, title: 'Je n’arrive plus à me connecter à HorairePro', groupId: GROUP_N1, lead: people.lea, reason: REASON };
    expect(sent).toEqual([
      told('lead.alerted', channel(GROUP_N1), actors.groupTechnician, alert),
      told('lead.alerted', user(people.lea), actors.groupTechnician, alert),
    ]);
    expect(ticket.history.slice(before.history.length).map((h) => h.field)).toEqual(['followups']);
  });

  it('no channel: the lead 1:1 only', () => {
    const { sent } = step(taken(), commands.alertLead(REASON), actors.groupTechnician, HOUR, { group: { ...n1, hasChannel: false } });
    expect(sent.map((n) => n.recipient)).toEqual([user(people.lea)]);
  });

  it('a blank reason is refused', () => {
    expect(refused(taken(), commands.alertLead('   '), actors.groupTechnician, HOUR)).toMatchObject({ code: 'TICKET.VALIDATION', details: { field: 'reason' } });
  });
});

describe('« Modifier… »: the classification corrected, the priority and the due times follow', () => {
  it('every corrected field is in the history old → new, the priority with them, and the time to resolve is recomputed', () => {
    // priority 2 (urgency 3 × impact 2) round the clock: 120 h to resolve; taken, then corrected at 2 h
    const before = step(opened(3, 2), commands.take(), actors.groupTechnician, 30 * MINUTE).ticket;
    const { ticket, event, sent } = step(
      before,
      { type: 'edit', title: '  Accès refusé à HorairePro  ', ticketType: 'request', categoryId: 'account.password', urgency: 5, impact: 4 },
      actors.groupTechnician,
      2 * HOUR,
    );
    expect(ticket).toMatchObject({ title: 'Accès refusé à HorairePro', type: 'request', categoryId: 'account.password', urgency: 5, impact: 4, priority: 5 });
    expect(ticket.history.slice(before.history.length).map(({ field, from, to }) => ({ field, from, to }))).toEqual([
      { field: 'title', from: 'Je n’arrive plus à me connecter à HorairePro', to: 'Accès refusé à HorairePro' },
      { field: 'type', from: 'incident', to: 'request' },
      { field: 'category', from: 'account.application', to: 'account.password' },
      { field: 'urgency', from: '3', to: '5' },
      { field: 'impact', from: '2', to: '4' },
      { field: 'priority', from: '2', to: '5' },
    ]);
    // priority 5: 4 h to resolve from the opening
    expect(ticket.sla.resolve).toMatchObject({ targetMs: 4 * HOUR, dueAt: after(4 * HOUR), runningSince: T0 });
    expect(ticket.escalation.next).toEqual({ levelId: 'resolve-75', at: after(3 * HOUR) });
    expect(event.type).toBe('TicketEdited');
    expect(sent).toEqual([]);
  });

  it('a priority set by hand (override) stays; only the fields given change', () => {
    const overridden = { ...opened(3, 2), priorityOverride: { priority: 5 as const, reason: 'Direction' }, priority: 5 as const };
    const { ticket } = step(overridden, { type: 'edit', impact: 1 }, actors.lead, HOUR);
    expect(ticket).toMatchObject({ priority: 5, urgency: 3, impact: 1, title: overridden.title });
  });

  it('a solved ticket can be corrected (the classification is checked again at resolution); a closed one cannot', () => {
    const solved = step(opened(3, 2), commands.proposeSolution(), actors.groupTechnician, HOUR).ticket;
    expect(step(solved, { type: 'edit', categoryId: 'account.password' }, actors.groupTechnician, 2 * HOUR).ticket.categoryId).toBe('account.password');
    const closed = step(solved, commands.approve(), actors.ownRequester, 3 * HOUR).ticket;
    expect(refused(closed, { type: 'edit', categoryId: null }, actors.lead, 4 * HOUR)?.code).toBe('TICKET.INVALID_TRANSITION');
  });

  it.each([
    ['a blank title', { title: '  ' }, { field: 'title' }],
    ['an urgency of 6', { urgency: 6 }, { field: 'urgency' }],
    ['an impact of 0', { impact: 0 }, { field: 'impact' }],
    ['an unknown type', { ticketType: 'problem' as 'incident' }, { field: 'type' }],
  ] as const)('%s is refused', (_label, changes, details) => {
    expect(refused(opened(3, 2), { type: 'edit', ...changes }, actors.groupTechnician, HOUR)).toMatchObject({ code: 'TICKET.VALIDATION', details });
  });
});

describe('editing a task', () => {
  const planned = () => aTicketIn('planned');

  it('marked done, its duration adjusted at the end: the history counts done tasks and minutes', () => {
    const before = planned();
    const { ticket, event } = step(before, { type: 'editTask', taskId: 'task-1', status: 'done', durationMinutes: 45, description: '  Droits vérifiés  ' }, actors.assigneeTechnician, HOUR);
    expect(ticket.tasks).toEqual([{ ...before.tasks[0]!, status: 'done', durationMinutes: 45, description: 'Droits vérifiés' }]);
    expect(ticket.status).toBe('planned');
    expect(event.type).toBe('TaskEdited');
    expect(ticket.history.slice(before.history.length).map(({ field, from, to }) => ({ field, from, to }))).toEqual([
      { field: 'tasksDone', from: '0', to: '1' },
      { field: 'taskMinutes', from: '30', to: '45' },
    ]);
  });

  it.each([
    ['an unknown task', { taskId: 'task-404' }, { field: 'task' }],
    ['a negative duration', { durationMinutes: -1 }, { field: 'duration' }],
    ['a fractional duration', { durationMinutes: 1.5 }, { field: 'duration' }],
    ['a blank description', { description: ' ' }, { field: 'taskDescription' }],
    ['an unknown status', { status: 'started' as 'done' }, { field: 'taskStatus' }],
  ] as const)('%s is refused', (_label, changes, details) => {
    expect(refused(planned(), { type: 'editTask', taskId: 'task-1', ...changes }, actors.assigneeTechnician, HOUR)).toMatchObject({ code: 'TICKET.VALIDATION', details });
  });
});

describe('« Mettre en attente » jusqu’au: the clock resumes the ticket then and tells the assignee', () => {
  const taken = () => step(opened(3, 3), commands.take(), actors.groupTechnician, 30 * MINUTE).ticket;
  const hold = (until: Date | null, ms = HOUR) =>
    step(taken(), { type: 'wait', reason: 'En attente du retour de l’éditeur', followupId: 'f-hold', until }, actors.groupTechnician, ms);

  it('a date in the past, or now, is refused', () => {
    for (const until of [after(HOUR - 1), after(HOUR)]) {
      expect(refused(taken(), { type: 'wait', reason: 'Éditeur', until }, actors.groupTechnician, HOUR)).toEqual({
        code: 'TICKET.VALIDATION',
        message: 'the hold must end in the future',
        details: { field: 'until' },
      });
    }
  });

  it('the hold keeps its date and its reason, a public followup of the timeline', () => {
    const { ticket } = hold(after(25 * HOUR));
    expect(ticket).toMatchObject({ status: 'pending', pendingUntil: after(25 * HOUR), pendingReason: 'En attente du retour de l’éditeur' });
    expect(ticket.followups.at(-1)).toMatchObject({ id: 'f-hold', kind: 'hold', text: 'En attente du retour de l’éditeur', visibility: 'public' });
    expect(ticket.history.at(-1)).toMatchObject({ field: 'followups' });
    expect(ticket.history.map((h) => h.field)).toContain('pendingUntil');
  });

  it('the clock resumes it at the date, not a millisecond before; the requester and the assignee are told; the reason stays in the timeline', () => {
    const { ticket } = hold(after(25 * HOUR));
    expect(refused(ticket, { type: 'resume', followupId: 'f-back' }, SYSTEM_ACTOR, 25 * HOUR - 1)).toEqual({
      code: 'TICKET.NOT_DUE',
      message: 'ticket #2001 is not due to resume',
      details: { pendingUntil: after(25 * HOUR).toISOString() },
    });
    const resumed = step(ticket, { type: 'resume', followupId: 'f-back' }, SYSTEM_ACTOR, 25 * HOUR);
    expect(resumed.ticket).toMatchObject({ status: 'assigned', pendingUntil: null, pendingReason: null });
    expect(resumed.event).toMatchObject({ type: 'TicketResumed', byClock: true });
    expect(resumed.ticket.followups.slice(-2).map((f) => [f.kind, f.text, f.author.id])).toEqual([
      ['hold', 'En attente du retour de l’éditeur', people.tina.id],
      ['resume', '', SYSTEM_ACTOR.id],
    ]);
    const ref = { number: 2001, title: 'Je n’arrive plus à me connecter à HorairePro' };
    expect(resumed.sent).toEqual([told('ticket.resumed', user(people.alice), SYSTEM_ACTOR, ref), told('ticket.holdOver', user(people.tina), SYSTEM_ACTOR, ref)]);
    // the clocks paused during the hold: the time to resolve runs from the resumption with what ran before
    expect(resumed.ticket.sla.resolve).toMatchObject({ consumedMs: HOUR, runningSince: after(25 * HOUR), dueAt: after(25 * HOUR + 71 * HOUR) });
  });

  it('a hold nobody holds any more (escalated without choosing anyone): its end is told to the group’s channel', () => {
    const { ticket } = hold(after(25 * HOUR));
    const unheld = { ...ticket, assignee: null, statusBeforePending: 'new' as const };
    const resumed = step(unheld, { type: 'resume', followupId: 'f-back' }, SYSTEM_ACTOR, 25 * HOUR);
    const ref = { number: 2001, title: 'Je n’arrive plus à me connecter à HorairePro' };
    expect(resumed.sent).toEqual([told('ticket.resumed', user(people.alice), SYSTEM_ACTOR, ref), told('ticket.holdOver', channel(GROUP_N1), SYSTEM_ACTOR, ref)]);
  });

  it('the clock never resumes a hold without a date', () => {
    expect(refused(hold(null).ticket, { type: 'resume' }, SYSTEM_ACTOR, 1_000 * HOUR)).toMatchObject({ code: 'TICKET.NOT_DUE', details: { pendingUntil: null } });
  });

  it('a person may resume before the date, with a word on why: no hold-over notice, the date is gone', () => {
    const { ticket } = hold(after(25 * HOUR));
    const resumed = step(ticket, { type: 'resume', followupId: 'f-back', reason: ' Pièce arrivée ' }, actors.groupTechnician, 3 * HOUR);
    expect(resumed.ticket.pendingUntil).toBeNull();
    expect(resumed.ticket.followups.at(-1)).toMatchObject({ kind: 'resume', text: 'Pièce arrivée', author: people.tina });
    expect(resumed.event).toMatchObject({ byClock: false, note: 'Pièce arrivée' });
    expect(resumed.sent.map((n) => n.kind)).toEqual(['ticket.resumed']);
  });
});

describe('a ticket the helpdesk opens for someone (a call, a message)', () => {
  it('the requester is told who opened it and after what; the technician who recorded it is not', () => {
    const command = { ...commands.create({ groupId: GROUP_N1, source: 'call' }), serviceLevels: ROUND };
    const { ticket, events } = decided(decide(null, command, actors.groupTechnician, T0), 'create');
    expect(ticket.requester).toEqual(people.alice);
    const sent = notificationsFor(events[0]!, ticket, { group: n1, previousGroupId: null });
    expect(sent.filter((n) => n.kind === 'ticket.openedForYou')).toEqual([
      told('ticket.openedForYou', user(people.alice), actors.groupTechnician, { number: 2001, title: ticket.title, source: 'call' }),
    ]);
    expect(sent.some((n) => n.recipient.kind === 'user' && n.recipient.user.id === actors.groupTechnician.id)).toBe(false);
  });

  it('a requester opening their own ticket is not told they did', () => {
    const command = { ...commands.create({ groupId: GROUP_N1 }), serviceLevels: ROUND };
    const { ticket, events } = decided(decide(null, command, actors.ownRequester, T0), 'create');
    expect(notificationsFor(events[0]!, ticket, { group: n1, previousGroupId: null }).map((n) => n.kind)).not.toContain('ticket.openedForYou');
  });
});
