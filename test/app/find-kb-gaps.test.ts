import { beforeAll, describe, expect, it } from 'vitest';
import { FindKbGaps } from '../../src/app/find-kb-gaps.use-case.js';
import { newArticle } from '../../src/domain/knowledge-article.js';
import { DEFAULT_SERVICE_LEVELS } from '../../src/domain/sla.js';
import type { Solution, Ticket } from '../../src/domain/ticket.js';
import { gapsFilter, MongoKbGaps, SOLVED_AT_INDEX } from '../../src/infra/mongo/mongo-kb-gaps.js';
import { ensureIndexes } from '../../src/infra/mongo/mongo-indexes.js';
import { MongoKnowledgeBase } from '../../src/infra/mongo/mongo-knowledge-base.js';
import { MongoTicketRepository } from '../../src/infra/mongo/mongo-ticket.repository.js';
import { errorText } from '../../src/views/error.view.js';
import { useTestDatabase } from '../support/mongo.js';
import { actors, aSolution, aTicketIn, GROUP_N1, GROUP_N2, people } from '../support/ticket-mother.js';

const db = useTestDatabase();

beforeAll(async () => {
  await ensureIndexes(db());
});

const TENANT = 'tenant-contoso';
/** the 20th of November, 11:00 in Paris (the default calendar's zone): the month began on 31 October at 23:00 UTC */
const NOW = new Date('2026-11-20T10:00:00Z');
const MONTH_START = new Date('2026-10-31T23:00:00Z');

function solvedTicket(number: number, categoryId: string | null, groupId: string, solvedAt: string, options: { articleId?: string; status?: 'solved' | 'closed'; tenantId?: string } = {}): Ticket {
  const solution: Solution = aSolution({ at: new Date(solvedAt), ...(options.articleId ? { articleId: options.articleId } : {}) });
  return aTicketIn(options.status ?? 'solved', {
    id: `tkt-${number}`,
    number,
    tenantId: options.tenantId ?? TENANT,
    categoryId,
    groupId,
    solutions: [solution],
    solvedAt: new Date(solvedAt),
  });
}

/**
 * November in Paris: VPN solved three times without an article (one at 00:30 on the 1st, Paris
 * time), once the evening before the month began; applications solved three times, once from
 * an article and once saved as one; hardware once in N2; one ticket with no category; one
 * still worked on; another tenant's VPN ticket.
 */
async function aMonthOfTickets() {
  const tickets = new MongoTicketRepository(db());
  const all = [
    solvedTicket(1, 'network.vpn', GROUP_N1, '2026-11-05T09:00:00Z'),
    solvedTicket(2, 'network.vpn', GROUP_N1, '2026-11-10T09:00:00Z', { status: 'closed' }),
    solvedTicket(3, 'network.vpn', GROUP_N1, '2026-10-31T23:30:00Z'),
    solvedTicket(4, 'network.vpn', GROUP_N1, '2026-10-31T22:30:00Z'),
    solvedTicket(5, 'account.application', GROUP_N1, '2026-11-12T09:00:00Z'),
    solvedTicket(6, 'account.application', GROUP_N1, '2026-11-13T09:00:00Z', { articleId: 'article-vpn' }),
    solvedTicket(7, 'account.application', GROUP_N1, '2026-11-14T09:00:00Z'),
    solvedTicket(8, 'hardware', GROUP_N2, '2026-11-15T09:00:00Z'),
    solvedTicket(9, null, GROUP_N1, '2026-11-16T09:00:00Z'),
    aTicketIn('assigned', { id: 'tkt-10', number: 10, tenantId: TENANT, categoryId: 'network.vpn', groupId: GROUP_N1 }),
    solvedTicket(11, 'network.vpn', GROUP_N1, '2026-11-05T09:00:00Z', { tenantId: 'tenant-fabrikam' }),
  ];
  for (const ticket of all) {
    const inserted = await tickets.insert(ticket);
    expect(inserted.ok).toBe(true);
  }
  const article = newArticle(
    { id: 'article-7', tenantId: TENANT, author: people.bob, now: new Date('2026-11-14T10:00:00Z'), sourceTicket: { id: 'tkt-7', number: 7 } },
    { title: 'HorairePro refuse la connexion', symptoms: '', solution: 'Réactiver le compte.', categoryId: 'account.application', language: 'fr' },
    false,
  );
  expect(await new MongoKnowledgeBase(db()).save(article)).toBe(true);
}

const findGaps = () => new FindKbGaps({ gaps: new MongoKbGaps(db()), settings: { serviceLevels: async () => DEFAULT_SERVICE_LEVELS }, now: () => NOW });

describe('FindKbGaps (« lacunes »)', () => {
  it('a lead sees their groups’ categories solved this month with no article used or written, most frequent first', async () => {
    await aMonthOfTickets();
    const result = await findGaps().execute(TENANT, actors.lead);
    expect(result).toEqual({
      ok: true,
      value: {
        from: MONTH_START,
        to: NOW,
        timeZone: 'Europe/Paris',
        gaps: [
          { categoryId: 'network.vpn', solved: 3, examples: [2, 1, 3] },
          { categoryId: null, solved: 1, examples: [9] },
          { categoryId: 'account.application', solved: 1, examples: [5] },
        ],
      },
    });
  });

  it('an admin sees every group', async () => {
    await aMonthOfTickets();
    const result = await findGaps().execute(TENANT, actors.admin);
    expect(result.ok && result.value.gaps.map(({ categoryId, solved }) => [categoryId, solved])).toEqual([
      ['network.vpn', 3],
      [null, 1],
      ['account.application', 1],
      ['hardware', 1],
    ]);
  });

  it('a technician who is not a lead is refused, with the sentence saying who may', async () => {
    const result = await findGaps().execute(TENANT, actors.groupTechnician);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('HELPDESK.FORBIDDEN');
    expect(errorText('fr', result.error)).toBe('Les lacunes de la base de connaissances sont réservées aux responsables et aux administrateurs.');
    expect(errorText('en', result.error)).toBe('Knowledge-base gaps are for leads and admins.');
  });

  it('reads the month’s solved tickets from their index, not the whole helpdesk', async () => {
    await aMonthOfTickets();
    const explained = await db()
      .collection('tickets')
      .find(gapsFilter({ tenantId: TENANT, groupIds: [GROUP_N1], from: MONTH_START, to: NOW }, ['tkt-7']))
      .explain('executionStats');
    const stats = explained.executionStats as { totalDocsExamined: number; nReturned: number };
    expect(JSON.stringify(explained.queryPlanner.winningPlan)).toContain(SOLVED_AT_INDEX);
    // the tenant's eight tickets solved this month, not last month's, the open one nor the other tenant's
    expect([stats.nReturned, stats.totalDocsExamined]).toEqual([5, 8]);
  });
});
