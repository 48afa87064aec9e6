import type { Db } from 'mongodb';
import { z } from 'zod';
import type { ExportRequest, ExportRow, TicketExportSource } from '../../domain/ports/ticket-export.js';
import { TICKET_SOURCES, TICKET_STATUSES, TICKET_TYPES } from '../../domain/ticket.js';
import { metOf, minutesOf } from '../../domain/ticket-statistics.js';

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const clock = z
  .object({ consumedMs: z.number().optional(), stoppedAt: z.date().nullable().optional(), dueAt: z.date().nullable().optional() })
  .optional();

/** Only the projected fields, checked on read like every document. */
const rowSchema = z.object({
  number: z.number(),
  title: z.string(),
  type: z.enum(TICKET_TYPES),
  status: z.enum(TICKET_STATUSES),
  categoryId: z.string().nullable().optional(),
  priority: level,
  groupId: z.string().nullable().optional(),
  requester: z.object({ name: z.string() }),
  assignee: z.object({ name: z.string() }).nullable().optional(),
  source: z.enum(TICKET_SOURCES).optional(),
  createdAt: z.date(),
  solvedAt: z.date().nullable().optional(),
  closedAt: z.date().nullable().optional(),
  sla: z.object({ own: clock, resolve: clock }).optional(),
  escalation: z.object({ supportLevel: z.number().optional(), fired: z.array(z.string()).optional() }).optional(),
  solutions: z.array(z.object({ duringCall: z.boolean().optional() })).optional(),
  survey: z.object({ answer: z.object({ rating: z.number() }).nullable().optional() }).nullable().optional(),
});

const PROJECTION = {
  _id: 0,
  number: 1,
  title: 1,
  type: 1,
  status: 1,
  categoryId: 1,
  priority: 1,
  groupId: 1,
  'requester.name': 1,
  'assignee.name': 1,
  source: 1,
  createdAt: 1,
  solvedAt: 1,
  closedAt: 1,
  'sla.own': 1,
  'sla.resolve': 1,
  'escalation.supportLevel': 1,
  'escalation.fired': 1,
  'solutions.duringCall': 1,
  'survey.answer.rating': 1,
};


/** The period's tickets for « Exporter en CSV », oldest first, on the tenant/creation index. */
export class MongoTicketExport implements TicketExportSource {
  constructor(private readonly db: Db) {}

  async rows(request: ExportRequest): Promise<ExportRow[]> {
    const filter: Record<string, unknown> = { tenantId: String(request.tenantId), createdAt: { $gte: request.from, $lt: request.to } };
    if (request.groupIds !== null) filter.groupId = { $in: request.groupIds.map(String) };
    const docs = await this.db
      .collection('tickets')
      .find(filter, { projection: PROJECTION, maxTimeMS: 20_000 })
      .sort({ createdAt: 1 })
      .limit(request.limit)
      .toArray();
    return docs.flatMap((doc) => {
      const parsed = rowSchema.safeParse(doc);
      if (!parsed.success) return [];
      const d = parsed.data;
      return [
        {
          number: d.number,
          title: d.title,
          type: d.type,
          status: d.status,
          categoryId: d.categoryId ?? null,
          priority: d.priority,
          groupId: d.groupId ?? null,
          requester: d.requester.name,
          assignee: d.assignee?.name ?? null,
          source: d.source ?? 'chat',
          createdAt: d.createdAt,
          solvedAt: d.solvedAt ?? null,
          closedAt: d.closedAt ?? null,
          ownMinutes: minutesOf(d.sla?.own),
          resolveMinutes: minutesOf(d.sla?.resolve),
          ownMet: metOf(d.sla?.own),
          resolveMet: metOf(d.sla?.resolve),
          supportLevel: d.escalation?.supportLevel ?? 1,
          rating: d.survey?.answer?.rating ?? null,
          escalationsFired: d.escalation?.fired ?? [],
          solvedDuringCall: d.source === 'call' && d.solutions?.[0]?.duringCall === true,
        },
      ];
    });
  }
}
