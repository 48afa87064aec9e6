import { categoryPath, type Category } from '../domain/category.js';
import type { Group } from '../domain/group.js';
import type { ExportRow } from '../domain/ports/ticket-export.js';
import { levelLabel, statusLabel, t, typeLabel, type Language } from './i18n.js';

/**
 * A cell as a spreadsheet should read it: quoted when it holds the separator, a quote or a line
 * break, and never a formula (a title typed as « =HYPERLINK(…) » is text: prefixed with ').
 */
export function csvCell(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const COLUMNS = [
  'number',
  'title',
  'type',
  'status',
  'category',
  'priority',
  'group',
  'requester',
  'assignee',
  'source',
  'created',
  'solved',
  'closed',
  'ownMinutes',
  'ownMet',
  'resolveMinutes',
  'resolveMet',
  'supportLevel',
  'rating',
] as const;

/**
 * The period's tickets as CSV in the reader's language: `;` between cells in French (Excel's
 * French lists use the comma for decimals), `,` in English; dates
 * in ISO 8601 UTC (unambiguous in any spreadsheet); a byte-order mark so Excel reads the accents.
 */
export function ticketExportCsv(
  language: Language,
  rows: readonly ExportRow[],
  context: { readonly categories: readonly Category[]; readonly groups: readonly Group[]; readonly truncated: boolean },
): string {
  const separator = language === 'fr' ? ';' : ',';
  const yesNo = (value: boolean | null) => (value === null ? '' : t(language, value ? 'export.yes' : 'export.no'));
  const date = (value: Date | null) => (value ? value.toISOString() : '');
  const groupName = (id: string | null) => (id ? (context.groups.find((group) => group.id === id)?.name[language] ?? id) : '');
  const lines = [COLUMNS.map((column) => csvCell(t(language, `export.column.${column}`), separator)).join(separator)];
  for (const row of rows) {
    const cells = [
      String(row.number),
      row.title,
      typeLabel(language, row.type),
      statusLabel(language, row.status),
      categoryPath(context.categories, row.categoryId, language) ?? '',
      levelLabel(language, row.priority),
      groupName(row.groupId),
      row.requester,
      row.assignee ?? '',
      t(language, `export.source.${row.source}`),
      date(row.createdAt),
      date(row.solvedAt),
      date(row.closedAt),
      row.ownMinutes === null ? '' : String(row.ownMinutes),
      yesNo(row.ownMet),
      row.resolveMinutes === null ? '' : String(row.resolveMinutes),
      yesNo(row.resolveMet),
      `N${row.supportLevel}`,
      row.rating === null ? '' : String(row.rating),
    ];
    lines.push(cells.map((cell) => csvCell(cell, separator)).join(separator));
  }
  if (context.truncated) lines.push(csvCell(t(language, 'export.truncated', { count: rows.length }), separator));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
