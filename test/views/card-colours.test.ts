import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/domain/category.js';
import type { Level } from '../../src/domain/priority.js';
import { newSla } from '../../src/domain/sla.js';
import { PRIORITY_COLOUR, READABLE_TEXT_COLOURS } from '../../src/views/colours.js';
import { errorCard } from '../../src/views/error.view.js';
import { levelLabel, t } from '../../src/views/i18n.js';
import { messageCard } from '../../src/views/message.view.js';
import { renderAlertDigest } from '../../src/views/notifications/alert-digest.view.js';
import { ticketListCard } from '../../src/views/ticket-list.view.js';
import { ticketCard } from '../../src/views/ticket.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { walk, type Card } from '../support/card-reading.js';
import { actors, aGroup, aTicketIn, GROUP_N1, NOW, people } from '../support/ticket-mother.js';

/**
 * Teams draws cards on a light, a dark and a high-contrast background. Only the host's
 * semantic colours follow the theme; and of those, `Warning` text is yellow on white, which
 * few can read (« Priorité : Haute » was), while `Dark` and `Light` vanish on one theme.
 */

const tree = categories as Category[];
const CARDS_DIR = path.join(import.meta.dirname, '../../cards');
const TEMPLATES = readdirSync(CARDS_DIR).filter((file) => file.endsWith('.card.json'));
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
/** the Adaptive Card container styles: backgrounds the host pairs with readable text */
const CONTAINER_STYLES = ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'];
const ACTION_STYLES = ['default', 'positive', 'destructive'];
const isTemplate = (value: string) => /^\$\{[^}]+\}$/.test(value);

/** every colour a card (template or drawn) sets on text, and every style it gives a container or a button */
function coloursOf(card: unknown): { colours: string[]; containerStyles: string[]; actionStyles: string[]; hex: string[] } {
  const found = { colours: [] as string[], containerStyles: [] as string[], actionStyles: [] as string[], hex: [] as string[] };
  walk(card, (node) => {
    if (typeof node.color === 'string') found.colours.push(node.color);
    const type = typeof node.type === 'string' ? node.type : '';
    if (typeof node.style === 'string') {
      if (type.startsWith('Action.')) found.actionStyles.push(node.style);
      else if (['Container', 'Column', 'ColumnSet', 'AdaptiveCard'].includes(type)) found.containerStyles.push(node.style);
    }
    // a fixed colour, wherever a card could take one (a number like « #1042 » is text)
    for (const [key, value] of Object.entries(node)) if (/colou?r|style/i.test(key) && typeof value === 'string' && HEX.test(value)) found.hex.push(value);
  });
  return found;
}

describe('card templates use the host’s semantic colours only', () => {
  it.each(TEMPLATES)('%s', (file) => {
    const found = coloursOf(JSON.parse(readFileSync(path.join(CARDS_DIR, file), 'utf8')));
    expect(found.hex).toEqual([]);
    // a colour is one of the readable ones, or chosen by the view (and checked below, drawn)
    expect(found.colours.filter((colour) => !isTemplate(colour) && !(READABLE_TEXT_COLOURS as readonly string[]).includes(colour))).toEqual([]);
    expect(found.containerStyles.filter((style) => !isTemplate(style) && !CONTAINER_STYLES.includes(style))).toEqual([]);
    expect(found.actionStyles.filter((style) => !isTemplate(style) && !ACTION_STYLES.includes(style))).toEqual([]);
  });

  it('the check can fail: a fixed or a yellow text colour is caught', () => {
    const found = coloursOf({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'x', color: 'Warning' }, { type: 'Container', style: '#FFD700', items: [] }] });
    expect(found.hex).toEqual(['#FFD700']);
    expect(found.colours.filter((colour) => !(READABLE_TEXT_COLOURS as readonly string[]).includes(colour))).toEqual(['Warning']);
  });
});

describe('as drawn, every text colour is readable in every theme', () => {
  const technician = { timeZone: 'Europe/Paris', categories: tree, now: NOW, audience: 'technician', viewer: actors.groupTechnician, groups: [aGroup()] } as const;

  /** the priority line of a ticket card: its text and colour */
  function priorityOf(card: unknown, text: string): string | undefined {
    let colour: string | undefined;
    walk(card, (node) => {
      if (node.type === 'TextBlock' && node.text === text) colour = node.color as string | undefined;
    });
    return colour;
  }

  it.each([1, 2, 3, 4, 5] as Level[])('priority %i: bold, in a colour every theme shows; high and very high in Attention, never yellow', (priority) => {
    for (const language of ['fr', 'en'] as const) {
      const card = ticketCard(aTicketIn('assigned', { priority }), { ...technician, language });
      const colour = priorityOf(card, t(language, 'ticket.priorityValue', { level: levelLabel(language, priority) }));
      expect(colour).toBe(PRIORITY_COLOUR[priority]);
      expect(READABLE_TEXT_COLOURS).toContain(colour);
    }
    expect(PRIORITY_COLOUR[priority]).toBe(priority >= 4 ? 'Attention' : priority === 3 ? 'Accent' : 'Default');
  });

  it('« Priorité : Haute » is in Attention, not in yellow Warning', () => {
    const card = ticketCard(aTicketIn('new', { priority: 4 }), { ...technician, language: 'fr' });
    expect(priorityOf(card, 'Priorité : Haute')).toBe('Attention');
  });

  const opened = new Date(NOW.getTime() - 3 * 60 * 60_000);
  const drawn: [string, unknown][] = (['fr', 'en'] as const).flatMap((language) => [
    ...([1, 2, 3, 4, 5] as Level[]).map((priority): [string, unknown] => [
      `ticket, priority ${priority}, ${language}`,
      ticketCard(aTicketIn('new', { priority, createdAt: opened, sla: newSla(priority, opened) }), { ...technician, language }),
    ]),
    [`at-risk and late list, ${language}`, ticketListCard(
      { tickets: [aTicketIn('new', { priority: 5, groupId: GROUP_N1, createdAt: opened, sla: newSla(5, opened) }), aTicketIn('new', { priority: 2, createdAt: opened, sla: newSla(2, opened) })], total: 2 },
      { queue: 'atRisk', sort: 'urgency', page: 0 },
      language,
      'Europe/Paris',
    )],
    [`error, ${language}`, errorCard(language, { code: 'TICKET.NOT_FOUND', message: 'no', details: {} } as never)],
    [`notice, ${language}`, messageCard(language, 'notice.saved')],
    [`alert digest, ${language}`, renderAlertDigest(
      {
        id: 'd',
        tenantId: 't',
        recipient: { kind: 'channel', groupId: GROUP_N1 },
        groupId: GROUP_N1,
        lead: people.lea,
        openedAt: NOW,
        openUntil: NOW,
        lines: [{ ticketId: 'x', levelId: 'own-75', groupId: GROUP_N1, number: 12, title: 'VPN', priority: 5, status: 'new', clock: 'own', percent: 75, dueAt: NOW, clockState: 'running', assigneeName: null, ticketVersion: 1, handled: false }],
        version: 1,
        posted: null,
      },
      { reader: { locale: language === 'fr' ? 'fr-FR' : 'en-US', inChannel: true }, groups: [aGroup()], now: NOW },
    ).card],
  ]);

  it.each(drawn)('%s', (_name, card) => {
    const found = coloursOf(card);
    expect(found.hex).toEqual([]);
    expect(found.colours.filter((colour) => !(READABLE_TEXT_COLOURS as readonly string[]).includes(colour))).toEqual([]);
    expect(found.containerStyles.filter((style) => !CONTAINER_STYLES.includes(style))).toEqual([]);
  });
});
