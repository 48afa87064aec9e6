import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import type { Notification, Queued, Recipient } from '../../src/domain/notification.js';
import { newSla } from '../../src/domain/sla.js';
import type { Person, Ticket } from '../../src/domain/ticket.js';
import { MongoAlertDigests } from '../../src/infra/mongo/mongo-alert-digests.js';
import { MongoConversationRepository } from '../../src/infra/mongo/mongo-conversation.repository.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketOutboxStore } from '../../src/infra/mongo/mongo-ticket-outbox.store.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { DeliveryError } from '../../src/infra/notify/messenger.js';
import { OutboxDispatcher, type MessageRenderer } from '../../src/infra/notify/outbox-dispatcher.js';
import { OutboxFailuresQuery } from '../../src/infra/notify/outbox-failures.query.js';
import { ConversationRateLimiter, TEAMS_CONVERSATION_LIMITS } from '../../src/infra/notify/rate-limiter.js';
import { renderAlertDigest } from '../../src/views/notifications/alert-digest.view.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { useTestDatabase } from '../support/mongo.js';
import { aTicket } from '../support/ticket-mother.js';
import { FakeMessenger } from './support/fake-messenger.js';

/**
 * SLA alerts reach their recipient as one digest card per window, posted once and then updated
 * in place as alerts join it and its tickets change. Real mongod, the real dispatcher, store and
 * card view, a fake Teams, and a clock that moves only when told (no sleeps).
 */

const TENANT = 'tenant-contoso';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const GROUP = 'support-n1';
const NO_CHANNEL = 'support-terrain';
const ALSO_NO_CHANNEL = 'support-poste';
const CHANNEL = '19:support-n1@thread.tacv2';
const T0 = Date.parse('2025-03-03T09:00:00Z');
const MINUTE = 60_000;
const WINDOW = 5 * MINUTE;

const lea: Person = { id: 'aad-lea', name: 'Léa Bernard' };
const theo: Person = { id: 'aad-theo', name: 'Théo Technicien' };
const diane: Person = { id: 'aad-diane', name: 'Diane Director' };
const system: Person = { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.name };
const chatOf = (person: Person) => `a:personal-${person.id}`;

const db = useTestDatabase();
let now: number;
let tickets: MongoTicketRepository;
let groups: MongoGroupRepository;
let conversations: MongoConversationRepository;
let messenger: FakeMessenger;
let board: MongoAlertDigests;
let dispatcher: OutboxDispatcher;

const clock = () => new Date(now);
const boardOn = () => new MongoAlertDigests(db(), { windowMs: async () => WINDOW, log: () => undefined });

/** the real digest view; other kinds are not expected here */
const render: MessageRenderer = {
  notification: (notification) => ({ text: `unexpected ${notification.kind}` }),
  copy: (ticket) => ({ type: 'AdaptiveCard', number: ticket.number }),
  digest: async (digest, reader, at) => renderAlertDigest(digest, { reader, groups: await groups.list(TENANT), now: at }),
};

function dispatcherOn(store: MongoAlertDigests, extra: { messenger?: FakeMessenger; limiter?: ConversationRateLimiter } = {}): OutboxDispatcher {
  return new OutboxDispatcher(
    {
      stores: [new MongoTicketOutboxStore(db(), () => undefined), store],
      board: store,
      messenger: extra.messenger ?? messenger,
      conversations,
      groups,
      render,
      clock,
      limiter: extra.limiter ?? new ConversationRateLimiter(TEAMS_CONVERSATION_LIMITS, () => now),
      log: () => undefined,
    },
    { defaultServiceUrl: SERVICE_URL, baseDelayMs: 1_000, maxDelayMs: 10_000 },
  );
}

beforeAll(async () => {
  await ensureIndexes(db());
  await boardOn().ensureIndexes();
});

beforeEach(async () => {
  now = T0;
  tickets = new MongoTicketRepository(db());
  groups = new MongoGroupRepository(db());
  conversations = new MongoConversationRepository(db());
  await groups.saveConfiguration(TENANT, {
    defaultGroupId: GROUP,
    admins: [],
    groups: [
      {
        id: GROUP,
        name: { fr: 'Support N1', en: 'Level 1 support' },
        lead: lea,
        escalationContact: diane,
        technicians: [{ ...theo, onDuty: true }],
        channel: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: CHANNEL, isGroup: true } },
      },
      { id: NO_CHANNEL, name: { fr: 'Support terrain', en: 'Field support' }, lead: lea, escalationContact: null, technicians: [], channel: null },
      { id: ALSO_NO_CHANNEL, name: { fr: 'Support poste', en: 'Desktop support' }, lead: lea, escalationContact: null, technicians: [], channel: null },
    ],
  });
  for (const [person, locale] of [
    [lea, 'fr-FR'],
    [diane, 'en-US'],
  ] as const) {
    await conversations.save({
      tenantId: TENANT,
      userId: person.id,
      userName: person.name,
      locale,
      reference: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: chatOf(person), conversationType: 'personal' } },
      updatedAt: clock(),
    });
  }
  messenger = new FakeMessenger(0, 'act', () => now);
  board = boardOn();
  dispatcher = dispatcherOn(board);
});

/**
 * Ticket #number of the group, high priority (time to own: 1 h of business time), opened 45 min
 * ago on a Monday morning in Paris: 75 % of its time to own is gone, 15 min are left.
 */
function aGroupTicket(number: number, overrides: Partial<Ticket> = {}): Ticket {
  const opened = new Date(T0 - 45 * MINUTE);
  return aTicket({
    id: `tkt-${number}`,
    tenantId: TENANT,
    number,
    version: 1,
    title: `Imprimante ${number} bloquée`,
    priority: 4,
    groupId: GROUP,
    assignee: null,
    sla: newSla(4, opened),
    createdAt: opened,
    updatedAt: clock(),
    history: [],
    ...overrides,
  });
}

const channel: Recipient = { kind: 'channel', groupId: GROUP };

/** what the clock queues when `ticket` reaches `levelId`: the alert (as notificationsFor builds it), then the copies' refresh */
function reached(ticket: Ticket, levelId: string, to: Recipient = channel): Queued[] {
  const [clockName, percent] = levelId.split('-') as ['own' | 'resolve', string];
  const alert: Notification<'sla.alert'> = {
    kind: 'sla.alert',
    recipient: to,
    actor: system,
    payload: {
      groupId: ticket.groupId,
      lead: lea,
      line: {
        number: ticket.number,
        title: ticket.title,
        status: ticket.status,
        priority: ticket.priority,
        ticketId: ticket.id,
        levelId,
        clock: clockName,
        percent: Number(percent),
        dueAt: ticket.sla[clockName].dueAt?.toISOString() ?? null,
        assigneeName: ticket.assignee?.name ?? null,
      },
    },
  };
  return [alert, { kind: 'card.refresh', actor: system }];
}

/** the clock fires `levelId` on ticket #number (stored with what it queues, in one write) */
async function fire(number: number, levelId: string, options: { to?: Recipient[]; overrides?: Partial<Ticket> } = {}): Promise<Ticket> {
  const found = await tickets.findByNumber(TENANT, number);
  const messages = (ticket: Ticket) => (options.to ?? [channel]).flatMap((to) => reached(ticket, levelId, to)).filter((m, i, all) => m.kind !== 'card.refresh' || i === all.length - 1);
  if (!found.ok) {
    const ticket = aGroupTicket(number, { escalation: { fired: [levelId], next: null, supportLevel: 1, riskAt: null, breachAt: null }, ...options.overrides });
    const saved = await tickets.insert(ticket, { notifications: messages(ticket) });
    if (!saved.ok) throw new Error(saved.error.message);
    return saved.value;
  }
  const ticket = { ...found.value, escalation: { ...found.value.escalation, fired: [...found.value.escalation.fired, levelId] }, updatedAt: clock() };
  const saved = await tickets.update(ticket, messages(ticket));
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

/** a change of ticket #number (a take, a solution), with the copies' refresh it queues */
async function change(number: number, changes: (ticket: Ticket) => Partial<Ticket>, actor: Person = theo): Promise<Ticket> {
  const found = await tickets.findByNumber(TENANT, number);
  if (!found.ok) throw new Error(`#${number} missing`);
  const saved = await tickets.update({ ...found.value, ...changes(found.value), updatedAt: clock() }, [{ kind: 'card.refresh', actor }]);
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

const taken = (by: Person) => (ticket: Ticket): Partial<Ticket> => ({
  status: 'assigned',
  assignee: by,
  sla: { ...ticket.sla, own: { ...ticket.sla.own, runningSince: null, stoppedAt: clock() } },
});
const solved = (ticket: Ticket): Partial<Ticket> => ({
  status: 'solved',
  sla: { own: ticket.sla.own, resolve: { ...ticket.sla.resolve, runningSince: null, stoppedAt: clock() } },
});

/** drains the outbox, moving the clock to whenever paced or retried work is due, until nothing waits */
async function deliverAll(d: OutboxDispatcher = dispatcher): Promise<void> {
  for (let round = 0; round < 500; round += 1) {
    await d.drain();
    if ((await d.stats()).pending === 0) return;
    const wake = d.nextWake();
    now = wake && wake.getTime() > now ? wake.getTime() : now + 1_000;
  }
  throw new Error(`still pending: ${JSON.stringify(await d.stats())}`);
}

/** the card Teams shows in a conversation now: the last one posted there, as last updated */
function shownIn(conversationId: string, activityId?: string): Card {
  const posted = messenger.sentTo(conversationId).filter((s) => !activityId || s.activityId === activityId).at(-1);
  if (!posted) throw new Error(`nothing posted in ${conversationId}`);
  const updated = messenger.updates.filter((u) => u.activityId === posted.activityId).at(-1);
  return (updated ?? posted).message.card as Card;
}

/** the card's text as a reader sees it (markdown escapes removed) */
const read = (card: Card) => textsOf(card).map(shown);
const buttons = (card: Card) => {
  const titles: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute') titles.push(`${String(record.title)} ${JSON.stringify(record.data)}`);
      Object.values(record).forEach(walk);
    }
  };
  walk(card.body);
  return titles;
};

interface StoredDigest {
  _id: string;
  lines: { ticketId: string; levelId: string }[];
  version: number;
  postedVersion: number;
  state: string;
  posted: { activityId: string } | null;
}
const storedDigests = async () => (await db().collection('alertDigests').find({}).sort({ openedAt: 1 }).toArray()) as unknown as StoredDigest[];

describe('SLA alerts: one digest card per recipient and window, updated in place', () => {
  it('two alerts for one group within the window: one post mentioning the lead, then one PUT of the same card with both lines', async () => {
    await fire(101, 'own-75');
    await deliverAll();
    expect(messenger.sent.map((s) => s.conversationId)).toEqual([CHANNEL]);
    const first = messenger.sent[0];
    expect(first.message.text).toBe('Alertes SLA — Support N1 : Léa Bernard, un ticket demande votre attention.');
    const card = first.message.card as Card;
    expect(problemsOf(card)).toEqual([]);
    expect(read(card)).toEqual([
      'Alertes SLA — Support N1',
      '<at>Léa Bernard</at>, un ticket demande votre attention.',
      '#101 — Imprimante 101 bloquée',
      'Haute · 75 % du délai de prise en charge · encore 15 min · non attribué',
    ]);
    expect(card.msteams).toEqual({ entities: [{ type: 'mention', text: '<at>Léa Bernard</at>', mentioned: { id: `8:orgid:${lea.id}`, name: 'Léa Bernard' } }] });
    expect(buttons(card)).toEqual([
      `Ouvrir {"number":101,"digest":"${(await storedDigests())[0]._id}"}`,
      `Prendre {"number":101,"digest":"${(await storedDigests())[0]._id}","version":1}`,
      `Escalader… {"number":101,"digest":"${(await storedDigests())[0]._id}"}`,
    ]);

    now += 2 * MINUTE;
    // opened at 08:15 in Paris, due to be owned at 09:15: 47 min late at 10:02
    await fire(102, 'own-100', { overrides: { sla: newSla(4, new Date(T0 - 105 * MINUTE)) } });
    await deliverAll();
    // no second post: the card in the channel was updated in place
    expect(messenger.sent).toHaveLength(1);
    expect(messenger.updates.map((u) => [u.conversationId, u.activityId])).toEqual([[CHANNEL, first.activityId]]);
    const both = shownIn(CHANNEL);
    expect(read(both)).toEqual([
      'Alertes SLA — Support N1',
      '<at>Léa Bernard</at>, 2 tickets demandent votre attention.',
      // the one late first
      '#102 — Imprimante 102 bloquée',
      'Haute · délai de prise en charge dépassé · en retard de 47 min · non attribué',
      '#101 — Imprimante 101 bloquée',
      'Haute · 75 % du délai de prise en charge · encore 13 min · non attribué',
    ]);
    const [digest] = await storedDigests();
    expect([digest.version, digest.postedVersion, digest.state, digest.posted?.activityId]).toEqual([2, 2, 'sent', first.activityId]);
  });

  it('an alert after the window: a second card; later alerts update that one, the first card stays as it was', async () => {
    await fire(101, 'own-75');
    await deliverAll();
    now += WINDOW + MINUTE;
    await fire(102, 'own-75');
    await deliverAll();
    now += MINUTE;
    await fire(103, 'own-75');
    await deliverAll();

    const [first, second] = messenger.sentTo(CHANNEL);
    expect(messenger.sent).toHaveLength(2);
    expect(messenger.updates.map((u) => u.activityId)).toEqual([second.activityId]);
    expect(read(shownIn(CHANNEL, first.activityId)).filter((t) => t.startsWith('#'))).toEqual(['#101 — Imprimante 101 bloquée']);
    expect(read(shownIn(CHANNEL, second.activityId)).filter((t) => t.startsWith('#'))).toEqual(['#102 — Imprimante 102 bloquée', '#103 — Imprimante 103 bloquée']);
    expect((await storedDigests()).map((d) => d.lines.map((l) => l.ticketId))).toEqual([['tkt-101'], ['tkt-102', 'tkt-103']]);
  });

  it('the same alert delivered again (a retry after a crash, even once the window moved on) adds nothing', async () => {
    const ticket = aGroupTicket(101);
    const [alert] = reached(ticket, 'own-75') as [Notification<'sla.alert'>];
    await board.add(TENANT, channel, alert.payload, 'entry-1', clock());
    await board.add(TENANT, channel, alert.payload, 'entry-1', clock());
    now += WINDOW + MINUTE;
    await board.add(TENANT, channel, alert.payload, 'entry-1', clock());
    // another level of the same ticket is another line
    const [later] = reached(ticket, 'own-100') as [Notification<'sla.alert'>];
    await board.add(TENANT, channel, later.payload, 'entry-2', clock());

    expect((await storedDigests()).map((d) => d.lines.map((l) => `${l.ticketId} ${l.levelId}`))).toEqual([['tkt-101 own-75'], ['tkt-101 own-100']]);
  });

  it('two instances racing: one open digest, one card, every alert in it once', async () => {
    const other = boardOn();
    // 12 tickets reach a level at once; each instance adds every alert (a lease that expired mid-way)
    const alerts = Array.from({ length: 12 }, (_, i) => (reached(aGroupTicket(200 + i), 'own-75')[0] as Notification<'sla.alert'>).payload);
    await Promise.all(alerts.flatMap((payload, i) => [board, other].map((b) => b.add(TENANT, channel, payload, `entry-${i}`, clock()))));
    const digests = await storedDigests();
    expect(digests).toHaveLength(1);
    expect(digests[0].lines.map((l) => l.ticketId).sort()).toEqual(alerts.map((a) => a.line.ticketId).sort());

    // and the same alerts queued by the clock, drained by two dispatchers (two instances) at once
    await db().collection('alertDigests').deleteMany({});
    for (let i = 0; i < 12; i += 1) await fire(300 + i, 'own-75');
    const teams = new FakeMessenger(5, 'act', () => now);
    const [a, b] = [dispatcherOn(board, { messenger: teams }), dispatcherOn(other, { messenger: teams })];
    await Promise.all([a.drain(), b.drain()]);
    await deliverAll(a);
    await deliverAll(b);
    expect(teams.sent.map((s) => s.conversationId)).toEqual([CHANNEL]);
    // the card may be posted with every line at once, or updated as they join it: only ever that one card
    expect(teams.updates.filter((u) => u.activityId !== teams.sent[0].activityId)).toEqual([]);
    const last = (teams.updates.at(-1) ?? teams.sent[0]).message.card as Card;
    expect(read(last).filter((t) => t.startsWith('#')).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `#${300 + i} — Imprimante ${300 + i} bloquée`).sort());
    const [digest] = await storedDigests();
    expect(digest.postedVersion).toBe(digest.version);
  });

  it('a ticket taken after its alert: the card is updated in place, « pris par Théo », no « Prendre » on its line', async () => {
    await fire(101, 'own-75');
    await fire(102, 'own-75');
    await deliverAll();
    const posted = messenger.sent[0];
    const updatesBefore = messenger.updates.length;

    now += MINUTE;
    await change(101, taken(theo));
    await deliverAll();
    expect(messenger.sent).toHaveLength(1);
    expect(messenger.updates.slice(updatesBefore).map((u) => u.activityId)).toEqual([posted.activityId]);
    const card = shownIn(CHANNEL);
    expect(read(card).slice(2)).toEqual([
      '#102 — Imprimante 102 bloquée',
      'Haute · 75 % du délai de prise en charge · encore 14 min · non attribué',
      '#101 — Imprimante 101 bloquée',
      'Haute · 75 % du délai de prise en charge · pris par Théo Technicien',
    ]);
    expect(buttons(card).map((b) => b.split(' ')[0])).toEqual(['Ouvrir', 'Prendre', 'Escalader…', 'Ouvrir', 'Escalader…']);
    expect(actionsOf(card, 'ticket.take')).toEqual([{ number: 102, digest: expect.any(String), version: 1 }]);
  });

  it('a change nobody sees on the card (a private note) does not redraw it', async () => {
    await fire(101, 'own-75');
    await deliverAll();
    const before = messenger.updates.length;
    await change(101, () => ({ description: 'Réinstallé le pilote.' }));
    await deliverAll();
    expect(messenger.updates.length).toBe(before);
    // yet the next drawing's « Prendre » acts on the ticket as it now is (version 2)
    const [digest] = (await db().collection('alertDigests').find({}).toArray()) as unknown as { lines: { ticketVersion: number }[] }[];
    expect(digest.lines[0].ticketVersion).toBe(2);
  });

  it('solved tickets drop off, counted; once every ticket is handled the card says « Tout est traité » and mentions nobody', async () => {
    await fire(101, 'own-75');
    await fire(102, 'own-75');
    await deliverAll();
    now += MINUTE;
    await change(101, solved);
    await deliverAll();
    let card = shownIn(CHANNEL);
    expect(read(card)).toEqual([
      'Alertes SLA — Support N1',
      '<at>Léa Bernard</at>, un ticket demande votre attention.',
      '#102 — Imprimante 102 bloquée',
      'Haute · 75 % du délai de prise en charge · encore 14 min · non attribué',
      '1 ticket traité depuis l’alerte (résolu ou transféré).',
    ]);
    await change(102, solved);
    await deliverAll();
    card = shownIn(CHANNEL);
    expect(read(card)).toEqual(['Alertes SLA — Support N1', 'Tout est traité.']);
    expect(card.msteams).toEqual({ entities: [] });
    expect(problemsOf(card)).toEqual([]);
    expect(messenger.sent).toHaveLength(1);
  });

  it('a ticket moved to another group is no longer this group’s to act on', async () => {
    await fire(101, 'own-75');
    await deliverAll();
    await change(101, () => ({ groupId: NO_CHANNEL }));
    await deliverAll();
    expect(read(shownIn(CHANNEL))).toEqual(['Alertes SLA — Support N1', 'Tout est traité.']);
  });

  it('an alert whose ticket was solved before the card went out posts nothing', async () => {
    await fire(101, 'own-75');
    await change(101, solved);
    await deliverAll();
    expect(messenger.sent).toEqual([]);
    expect((await storedDigests()).map((d) => d.state)).toEqual(['skipped']);
  });
});

describe('SLA alerts: who gets the card, in which language', () => {
  it('no channel linked: the lead in her 1:1 chat, in her language, nobody mentioned', async () => {
    await fire(101, 'own-75', { to: [{ kind: 'user', user: lea }], overrides: { groupId: NO_CHANNEL } });
    await deliverAll();
    expect(messenger.sent.map((s) => s.conversationId)).toEqual([chatOf(lea)]);
    const card = shownIn(chatOf(lea));
    expect(read(card).slice(0, 2)).toEqual(['Alertes SLA — Support terrain', 'Un ticket demande votre attention.']);
    expect(card.msteams).toEqual({ entities: [] });
  });

  it('the lead of two groups without a channel: one card in her chat for both groups’ alerts of the window', async () => {
    await fire(101, 'own-75', { to: [{ kind: 'user', user: lea }], overrides: { groupId: NO_CHANNEL } });
    await fire(102, 'own-75', { to: [{ kind: 'user', user: lea }], overrides: { groupId: ALSO_NO_CHANNEL } });
    await deliverAll();
    expect(messenger.sent.map((s) => s.conversationId)).toEqual([chatOf(lea)]);
    expect(read(shownIn(chatOf(lea))).slice(0, 3)).toEqual(['Alertes SLA', '2 tickets demandent votre attention.', '#101 — Imprimante 101 bloquée']);
  });

  it('past a breach of high priority: the channel and the escalation contact, each their own card, in their own language', async () => {
    // opened on Wednesday at 10:00 in Paris: 24 h of business time ran out on Friday at 14:00
    await fire(101, 'resolve-100', { to: [channel, { kind: 'user', user: diane }], overrides: { sla: newSla(4, new Date('2025-02-26T09:00:00Z')) } });
    await deliverAll();
    expect(messenger.sent.map((s) => s.conversationId).sort()).toEqual([CHANNEL, chatOf(diane)].sort());
    expect(read(shownIn(chatOf(diane)))).toEqual([
      'SLA alerts — Level 1 support',
      '1 ticket needs your attention.',
      '#101 — Imprimante 101 bloquée',
      'High · time to resolve exceeded · late by 2 d 20 h · unassigned',
    ]);
    expect(read(shownIn(CHANNEL))[3]).toBe('Haute · délai de résolution dépassé · en retard de 2 j 20 h · non attribué');
  });
});

describe('SLA alerts: delivery like any message (pacing, retries, failures)', () => {
  it('a digest waiting for its channel’s turn is drawn when it goes, with the alert added meanwhile: one post', async () => {
    // the channel is busy: one post per 10 s
    const slow = new ConversationRateLimiter([[1, 10_000]], () => now, 0);
    const paced = dispatcherOn(board, { limiter: slow });
    expect(slow.take(CHANNEL, { id: 'someone-else', share: 'x' })).toBe(0);
    await fire(101, 'own-75');
    await paced.drain();
    expect(messenger.sent).toEqual([]);
    now += 3_000;
    await fire(102, 'own-75');
    await deliverAll(paced);
    expect(messenger.sent).toHaveLength(1);
    expect(messenger.updates).toEqual([]);
    expect(read(messenger.sent[0].message.card as Card).filter((t) => t.startsWith('#'))).toEqual(['#101 — Imprimante 101 bloquée', '#102 — Imprimante 102 bloquée']);
  });

  it('a 429 on the post is retried after Retry-After and posted once', async () => {
    messenger.failNext(CHANNEL, new DeliveryError('Too Many Requests', 429, 3_000));
    await fire(101, 'own-75');
    await dispatcher.drain();
    expect(messenger.sent).toEqual([]);
    now += 2_000;
    await dispatcher.drain();
    expect(messenger.attempts).toHaveLength(1);
    await deliverAll();
    expect(messenger.sent).toHaveLength(1);
    expect(messenger.attempts).toHaveLength(2);
  });

  it('Teams refusing the post for good: the digest is failed, and the admins see it among the « échecs »', async () => {
    messenger.failAlways(CHANNEL, new DeliveryError('Forbidden', 403, null));
    await fire(101, 'own-75');
    await deliverAll();
    expect((await storedDigests()).map((d) => d.state)).toEqual(['failed']);
    const failed = await new OutboxFailuresQuery([board]).listFailed(TENANT, 10);
    expect(failed).toEqual([{ number: null, recipient: { kind: 'channel', groupId: GROUP }, kind: 'sla.alert', error: '403: Forbidden', at: clock() }]);
    expect(await dispatcher.stats()).toEqual({ pending: 0, failed: 1 });
  });

  it('a card someone deleted is posted again rather than lost', async () => {
    await fire(101, 'own-75');
    await deliverAll();
    messenger.failUpdate(messenger.sent[0].activityId, new DeliveryError('Not Found', 404, null));
    await fire(102, 'own-75');
    await deliverAll();
    expect(messenger.sent).toHaveLength(2);
    expect(read(messenger.sent[1].message.card as Card).filter((t) => t.startsWith('#'))).toEqual(['#101 — Imprimante 101 bloquée', '#102 — Imprimante 102 bloquée']);
    expect((await storedDigests())[0].posted?.activityId).toBe(messenger.sent[1].activityId);
  });
});
