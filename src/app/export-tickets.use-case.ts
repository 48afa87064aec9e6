import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { ExportRow, StatsPeriod, TicketExportSource } from '../domain/ports/ticket-export.js';
import { watchedGroups } from '../domain/queue.js';
import { fail, ok, type Result } from '../domain/result.js';

/** A spreadsheet holds it; beyond, the export says it was cut (a 90-day period of a large helpdesk). */
export const EXPORT_MAX_ROWS = 50_000;

export interface TicketExport {
  readonly from: Date;
  readonly to: Date;
  readonly rows: readonly ExportRow[];
  readonly truncated: boolean;
}

/**
 * « Exporter en CSV » on the statistics: the tickets opened in the period, of the lead's groups
 * (every group for an admin). Checked again when the link is opened: rights lost since are lost.
 */
export class ExportTickets {
  constructor(
    private readonly source: TicketExportSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(tenantId: string, actor: Actor, days: StatsPeriod): Promise<Result<TicketExport>> {
    if (!may(actor, 'helpdesk.stats')) return fail('HELPDESK.FORBIDDEN', 'helpdesk.stats refused', { capability: 'helpdesk.stats' });
    const to = this.now();
    const from = new Date(to.getTime() - days * 24 * 60 * 60_000);
    const rows = await this.source.rows({ tenantId, groupIds: watchedGroups(actor), from, to, limit: EXPORT_MAX_ROWS + 1 });
    return ok({ from, to, rows: rows.slice(0, EXPORT_MAX_ROWS), truncated: rows.length > EXPORT_MAX_ROWS });
  }
}
