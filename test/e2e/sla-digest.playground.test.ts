import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { breachAtOf, newSla, nextLevelOf, riskAtOf } from '../../src/domain/sla.js';
import { MongoGroupRepository } from '../../src/infra/mongo/mongo-group.repository.js';
import { toDocument } from '../../src/infra/mongo/ticket-document.schema.js';
import { useTestDatabase } from '../support/mongo.js';
import { usePlaygroundSession } from '../support/playground-session.js';
import { cardsIn, hideLogPanel, messageText, openChannel, say, sayInChannel } from '../support/playground.js';
import { aTicketIn } from '../support/ticket-mother.js';

/**
 * What a lead sees of the SLA clocks, in a real Teams client (the Agents Playground, headless
 * Chromium): a ticket of the group went past its time to resolve while nobody took it; the clock
 * records the level, the dispatcher posts the group's digest card in the linked channel, and
 * « Prendre » on the digest's line takes the ticket: the same digest is then updated in place
 * (« pris par Théo Technicien »), never reposted.
 *
 * Théo (lead and on-duty technician of support-n1) links the channel himself, as a lead does.
 * The ticket is stored as the domain builds it, opened 30 days ago (every level is past, so the
 * business calendar's weekends do not matter); the clock is ticked by the test, not waited for.
 */

const TENANT = '7e57e57e-0000-4000-8000-000000000001';
const THEO = { name: 'Théo Technicien', aadObjectId: '7e57e57e-0000-4000-8000-0000000000a1' };
const ROSE = { id: '7e57e57e-0000-4000-8000-0000000000b1', name: 'Rose Requérante' };
const CHANNEL = { team: 'Équipe IT', name: 'Support N1' };
const TITLE = 'Le VPN refuse toutes les connexions depuis ce matin';

const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

describe('SLA digest in the group’s channel (Agents Playground)', () => {
  const db = useTestDatabase();
  const session = usePlaygroundSession(db, { userFile: 'technician.yml', name: 'sla-digest' });

  const MEGAN_ID = '7e57e57e-0000-4000-8000-0000000000c1';

  it('a late ticket appears in the channel’s digest; « Prendre » from it updates the same card', async () => {
    const { app, turns, page: theo } = await session.open({ locale: 'fr-FR', viewport: { width: 1280, height: 1100 } }, async () => {
      const digests = await db().collection('alertDigests').find().toArray();
      console.error(`[sla-digest e2e] digests:\n${JSON.stringify(digests, null, 2)}`);
    });

    // 1. Théo works in French and links the team's channel to his group
    await cardsIn(theo).filter({ hasText: 'Welcome to Guichet' }).first().waitFor();
    await hideLogPanel(theo);
    await say(theo, 'français');
    await cardsIn(theo).filter({ hasText: 'Ce que je comprends' }).waitFor();
    await openChannel(theo, CHANNEL.team, CHANNEL.name);
    await sayInChannel(theo, 'Guichet', 'lier groupe support-n1');
    await messageText(theo, 'Ce canal reçoit désormais les tickets du groupe Support N1.').waitFor();

    // 2. a ticket of the group, opened 30 days ago, never taken: every level is past
    const rules = await new MongoGroupRepository(db()).serviceLevels(TENANT);
    const openedAt = new Date(Date.now() - 30 * 24 * 3_600_000);
    const sla = newSla(4, openedAt, rules);
    const ticket = aTicketIn('new', {
      id: 'tkt-sla-e2e',
      tenantId: TENANT,
      number: 1,
      version: 1,
      title: TITLE,
      requester: ROSE,
      groupId: 'support-n1',
      urgency: 4,
      impact: 4,
      priority: 4,
      createdAt: openedAt,
      updatedAt: openedAt,
      sla,
      escalation: { fired: [], next: nextLevelOf(sla, [], rules), supportLevel: 1, riskAt: riskAtOf(sla, rules), breachAt: breachAtOf(sla) },
    });
    await db().collection('tickets').insertOne({ ...toDocument(ticket), outbox: [], cardCopies: [] } as never);

    // 3. the clock records the level (one change, the most serious level); the digest reaches the channel
    const tick = await app.clock.tick();
    expect(tick.applied).toBe(1);
    const digest = cardsIn(theo).filter({ hasText: 'Alertes SLA — Support N1' });
    await digest.waitFor({ timeout: 30_000 });
    await digest.getByText(`#1 — ${TITLE}`).waitFor();
    await digest.getByText(/délai de résolution dépassé/).waitFor();
    await digest.getByText(/non attribué/).waitFor();
    await digest.scrollIntoViewIfNeeded();
    await digest.screenshot({ path: DOCS('sla-digest.png'), animations: 'disabled' });
    const stored = await db().collection('alertDigests').findOne({});
    expect(stored).toMatchObject({ tenantId: TENANT, groupId: 'support-n1', lines: [expect.objectContaining({ number: 1, levelId: 'resolve-100' })] });
    const postedAs = (stored as unknown as { posted: { activityId: string } }).posted.activityId;

    // 4. « Prendre » on the digest's line: Théo takes the ticket; the digest comes back updated in place
    await digest.getByRole('button', { name: 'Prendre', exact: true }).click();
    const taken = cardsIn(theo).filter({ hasText: 'Alertes SLA — Support N1' }).filter({ hasText: 'pris par Théo Technicien' });
    await taken.waitFor({ timeout: 30_000 });
    await expect.poll(() => taken.getByRole('button', { name: 'Prendre', exact: true }).count()).toBe(0);
    expect(await cardsIn(theo).filter({ hasText: 'Alertes SLA — Support N1' }).count()).toBe(1);

    const takeTurn = turns.find((turn) => turn.inbound.type === 'invoke' && turn.inbound.value?.action?.verb === 'ticket.take')!;
    expect(takeTurn.inbound.from.aadObjectId).toBe(THEO.aadObjectId);
    expect(takeTurn.inbound.replyToId).toBe(postedAs);
    const after = await db().collection('tickets').findOne({ number: 1 });
    expect(after).toMatchObject({ status: 'assigned', assignee: { id: THEO.aadObjectId, name: THEO.name } });
    expect(after?.escalation.fired).toEqual(['own-75', 'own-100', 'resolve-75', 'resolve-100']);
    // the digest message is the digest's own: never recorded as a copy of the ticket card
    expect((after?.cardCopies ?? []).map((copy: { activityId: string }) => copy.activityId)).not.toContain(postedAs);
    // one digest in the channel; the high priority's breach also reached the lead's manager (the
    // directory's escalation contact, config/directory.json), on a digest of her own
    const digests = await db().collection('alertDigests').find().toArray();
    expect(digests.map((digest) => digest.recipientKey).sort()).toEqual(['c:support-n1', `u:${MEGAN_ID}`]);
  }, 180_000);
});
