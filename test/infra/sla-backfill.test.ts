import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApplyDueChanges } from '../../src/app/apply-due-changes.use-case.js';
import { ChangeTicket } from '../../src/app/change-ticket.use-case.js';
import { ALWAYS_OPEN } from '../../src/domain/business-hours.js';
import type { EventPublisher } from '../../src/domain/ports/event-publisher.js';
import { DEFAULT_SERVICE_LEVELS, type ServiceLevelRules } from '../../src/domain/sla.js';
import { MongoDueTicketFinder } from '../../src/infra/clock/mongo-due-ticket.finder.js';
import { backfillServiceLevels } from '../../src/infra/clock/sla-backfill.js';
import { TicketClock } from '../../src/infra/clock/ticket-clock.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { useTestDatabase } from '../support/mongo.js';
import { aGroup, aTicketIn, GROUP_N1, people } from '../support/ticket-mother.js';

const TENANT = 'tenant-contoso';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** round the clock, so the figures below are plain arithmetic */
const RULES: ServiceLevelRules = { ...DEFAULT_SERVICE_LEVELS, calendar: ALWAYS_OPEN };
const settings = { serviceLevels: async () => RULES };
const OPENED = new Date('2025-03-03T08:00:00.000Z');
const publisher: EventPublisher = { publish: async () => undefined };

/** A document as versions before the SLA clocks wrote it: two fixed due dates, no clocks, no escalation. */
function legacyDocument(number: number, status: 'new' | 'assigned' | 'pending' | 'solved', history: Document[] = []): Document {
  const ticket = aTicketIn(status === 'pending' ? 'pending' : status, {
    id: `legacy-${number}`,
    tenantId: TENANT,
    number,
    version: 4,
    priority: 4,
    groupId: GROUP_N1,
    assignee: status === 'new' ? null : people.tina,
    createdAt: OPENED,
    updatedAt: new Date(OPENED.getTime() + 2 * HOUR),
    // never closed by the clock here: only the SLA levels are at stake
    autoCloseAt: null,
  });
  const { sla: _sla, escalation: _escalation, ...rest } = toDocument(ticket) as Document;
  return {
    ...rest,
    history: [...(rest.history as Document[]), ...history],
    dueDates: { timeToOwn: new Date(OPENED.getTime() + HOUR), timeToResolve: new Date(OPENED.getTime() + 24 * HOUR) },
    outbox: [],
    cardCopies: [],
  };
}

describe('open tickets stored before the SLA clocks get them at start', () => {
  const db = useTestDatabase();
  beforeAll(async () => ensureIndexes(db()));

  it('clocks counted from the opening by the rules, own stopped at the first assignment, paused since the hold; levels then fire once', async () => {
    const assignedAt = new Date(OPENED.getTime() + 30 * MINUTE);
    const heldAt = new Date(OPENED.getTime() + 90 * MINUTE);
    await db()
      .collection('tickets')
      .insertMany([
        legacyDocument(1, 'new'),
        legacyDocument(2, 'assigned', [{ at: assignedAt, actor: people.bob, field: 'assignee', from: null, to: `${people.tina.name} (${people.tina.id})` }]),
        legacyDocument(3, 'pending', [
          { at: assignedAt, actor: people.bob, field: 'assignee', from: null, to: `${people.tina.name} (${people.tina.id})` },
          { at: heldAt, actor: people.tina, field: 'status', from: 'assigned', to: 'pending' },
        ]),
        legacyDocument(4, 'solved'),
      ] as never);
    const logs: string[] = [];

    expect(await backfillServiceLevels(db(), settings, { log: (line) => logs.push(line) })).toBe(3);
    expect(logs).toEqual(['[guichet] clock: 3 open ticket(s) from before the SLA clocks now have them']);

    const repo = new MongoTicketRepository(db());
    const read = async (number: number) => {
      const found = await repo.findByNumber(TENANT, number);
      if (!found.ok) throw new Error(found.error.message);
      return found.value;
    };
    // priority 4: 60 min to own, 24 h to resolve
    const waiting = await read(1);
    expect(waiting.sla.own).toMatchObject({ runningSince: OPENED, dueAt: new Date(OPENED.getTime() + HOUR), stoppedAt: null });
    expect(waiting.escalation).toMatchObject({ fired: [], supportLevel: 1, next: { levelId: 'own-75', at: new Date(OPENED.getTime() + 45 * MINUTE) } });
    const taken = await read(2);
    expect(taken.sla.own).toMatchObject({ stoppedAt: assignedAt, consumedMs: 30 * MINUTE, runningSince: null });
    expect(taken.escalation.next).toEqual({ levelId: 'resolve-75', at: new Date(OPENED.getTime() + 18 * HOUR) });
    const held = await read(3);
    expect(held.sla.resolve).toMatchObject({ runningSince: null, consumedMs: 90 * MINUTE, dueAt: null });
    expect(held.escalation.next).toBeNull();
    // a solved one has no clock running: nothing to give it
    expect(await db().collection('tickets').findOne({ number: 4 })).not.toHaveProperty('escalation');

    // once done, a later start does not look again
    await db().collection('tickets').insertOne(legacyDocument(5, 'new') as never);
    expect(await backfillServiceLevels(db(), settings, { log: () => undefined })).toBe(0);

    // the clock fires what is past, once: #1 (never taken) and #2 (taken) a day later
    const groups = new MongoGroupRepository(db());
    await groups.saveConfiguration(TENANT, {
      defaultGroupId: GROUP_N1,
      admins: [],
      serviceLevels: RULES,
      groups: [{ ...aGroup(), technicians: [...aGroup().technicians], channel: null }],
    });
    const changeTicket = new ChangeTicket({ tickets: repo, groups, events: publisher, settings: groups });
    const clock = new TicketClock({
      due: new ApplyDueChanges({ due: new MongoDueTicketFinder(db()), tickets: changeTicket }),
      now: () => new Date(OPENED.getTime() + 30 * HOUR),
    });
    expect((await clock.tick()).applied).toBe(2);
    expect((await read(1)).escalation.fired).toEqual(['own-75', 'own-100', 'resolve-75', 'resolve-100']);
    expect((await read(2)).escalation.fired).toEqual(['resolve-75', 'resolve-100']);
    expect((await clock.tick()).applied).toBe(0);
  });
});
