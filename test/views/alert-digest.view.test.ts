import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/domain/category.js';
import type { AlertDigest, DigestLine } from '../../src/domain/ports/digest-board.js';
import { TICKET_LIMITS } from '../../src/domain/ticket.js';
import { DIGEST_ROWS_MAX, renderAlertDigest } from '../../src/views/notifications/alert-digest.view.js';
import { renderNotification } from '../../src/views/notification.view.js';
import type { NotificationReader } from '../../src/views/notifications/renderer.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { aGroup, GROUP_N1, people } from '../support/ticket-mother.js';

const NOW = new Date('2025-03-03T09:00:00.000Z');
const MINUTE = 60_000;
const channelFr: NotificationReader = { locale: 'fr-FR', inChannel: true };
const channelEn: NotificationReader = { locale: 'en-US', inChannel: true };
const leaInHerChat: NotificationReader = { locale: 'fr-FR', timeZone: 'Europe/Paris', inChannel: false };
const groups = [aGroup()];

function aLine(number: number, overrides: Partial<DigestLine> = {}): DigestLine {
  return {
    ticketId: `tkt-${number}`,
    levelId: 'own-75',
    groupId: GROUP_N1,
    number,
    title: `Imprimante ${number} bloquée`,
    priority: 4,
    status: 'new',
    clock: 'own',
    percent: 75,
    dueAt: new Date(NOW.getTime() + 15 * MINUTE),
    clockState: 'running',
    assigneeName: null,
    ticketVersion: 3,
    handled: false,
    ...overrides,
  };
}

function aDigest(lines: readonly DigestLine[], overrides: Partial<AlertDigest> = {}): AlertDigest {
  return {
    id: 'digest-1',
    tenantId: 'tenant-contoso',
    recipient: { kind: 'channel', groupId: GROUP_N1 },
    groupId: GROUP_N1,
    lead: people.lea,
    openedAt: NOW,
    openUntil: new Date(NOW.getTime() + 5 * MINUTE),
    lines,
    version: lines.length,
    posted: null,
    ...overrides,
  };
}

const cardOf = (digest: AlertDigest, reader: NotificationReader = channelFr) => renderAlertDigest(digest, { reader, groups, now: NOW }).card as Card;
const read = (card: Card) => textsOf(card).map(shown);
const headings = (card: Card) => read(card).filter((text) => text.startsWith('#'));

describe('the SLA alert digest card', () => {
  it('one line per ticket, its most severe level, the earliest breach first; the lead mentioned in the channel', () => {
    const card = cardOf(
      aDigest([
        aLine(12, { priority: 3, dueAt: new Date(NOW.getTime() + 2 * 3600_000 + 15 * MINUTE), clock: 'resolve', levelId: 'resolve-75' }),
        aLine(15),
        aLine(15, { levelId: 'own-100', percent: 100, dueAt: new Date(NOW.getTime() - 40 * MINUTE) }),
        aLine(21, { assigneeName: 'Théo Technicien', clockState: 'stopped', priority: 5 }),
        aLine(30, { clockState: 'paused', priority: 2 }),
      ]),
    );
    expect(read(card)).toEqual([
      'Alertes SLA — Support N1',
      '<at>Léa Bernard</at>, 4 tickets demandent votre attention.',
      '#15 — Imprimante 15 bloquée',
      'Haute · délai de prise en charge dépassé · en retard de 40 min · non attribué',
      '#12 — Imprimante 12 bloquée',
      'Moyenne · 75 % du délai de résolution · encore 2 h 15 · non attribué',
      '#21 — Imprimante 21 bloquée',
      'Très haute · 75 % du délai de prise en charge · pris par Théo Technicien',
      '#30 — Imprimante 30 bloquée',
      'Basse · 75 % du délai de prise en charge · délai suspendu (en attente) · non attribué',
    ]);
    expect(card.msteams).toEqual({ entities: [{ type: 'mention', text: '<at>Léa Bernard</at>', mentioned: { id: `8:orgid:${people.lea.id}`, name: 'Léa Bernard' } }] });
    // « Ouvrir » on every line, « Prendre » where nobody holds the ticket, with the version the card shows
    expect(actionsOf(card, 'ticket.view')).toEqual([15, 12, 21, 30].map((number) => ({ number, digest: 'digest-1' })));
    expect(actionsOf(card, 'ticket.take')).toEqual([15, 12, 30].map((number) => ({ number, digest: 'digest-1', version: 3 })));
    expect(problemsOf(card)).toEqual([]);
  });

  it('in English for an English reader; in someone’s own chat, nobody is mentioned', () => {
    const english = cardOf(aDigest([aLine(15, { levelId: 'resolve-100', clock: 'resolve', percent: 100, dueAt: new Date(NOW.getTime() - 26 * 3600_000) })]), channelEn);
    expect(read(english)).toEqual([
      'SLA alerts — N1 Support',
      '<at>Léa Bernard</at>, 1 ticket needs your attention.',
      '#15 — Imprimante 15 bloquée',
      'High · time to resolve exceeded · late by 1 d 2 h · unassigned',
    ]);
    const own = renderAlertDigest(aDigest([aLine(15)], { recipient: { kind: 'user', user: people.lea } }), { reader: leaInHerChat, groups, now: NOW });
    expect(own.text).toBe('Alertes SLA — Support N1 : Un ticket demande votre attention.');
    expect(read(own.card as Card)[1]).toBe('Un ticket demande votre attention.');
    expect((own.card as Card).msteams).toEqual({ entities: [] });
  });

  it('a ticket whose version is not known yet has no « Prendre » (the take handler needs it)', () => {
    expect(actionsOf(cardOf(aDigest([aLine(15, { ticketVersion: 0 })])), 'ticket.take')).toEqual([]);
  });

  it('what people typed is shown as typed: no link, no fake mention; the lead’s name cannot close the tag', () => {
    const card = cardOf(
      aDigest([aLine(15, { title: 'Voir [ici](https://evil.example) <at>Adam</at>', assigneeName: '**Théo**' })], {
        lead: { id: people.lea.id, name: 'Léa <b>' },
      }),
    );
    expect(textsOf(card).slice(1, 4)).toEqual([
      '<at>Léa b</at>, un ticket demande votre attention.',
      '#15 — Voir \\[ici\\](https://evil.example) \\<at>Adam\\</at>',
      'Haute · 75 % du délai de prise en charge · encore 15 min · pris par \\*\\*Théo\\*\\*',
    ]);
    expect((card.msteams as { entities: unknown[] }).entities).toHaveLength(1);
  });

  it('40 alerts: the 20 most urgent lines, « … et 20 autres », within Teams’ message size with the longest titles', () => {
    const worst = '[*_<'.repeat(TICKET_LIMITS.titleMax / 4);
    const lines = Array.from({ length: 40 }, (_, i) => aLine(1000 + i, { title: worst, dueAt: new Date(NOW.getTime() + (40 - i) * MINUTE), assigneeName: i % 2 ? 'É'.repeat(100) : null }));
    const rendered = renderAlertDigest(aDigest(lines), { reader: channelFr, groups, now: NOW });
    const card = rendered.card as Card;
    expect(headings(card)).toHaveLength(DIGEST_ROWS_MAX);
    // the latest due first: the 20 most urgent are the last 20 added
    expect(headings(card)[0].startsWith('#1039 — ')).toBe(true);
    expect(read(card)[1]).toBe('<at>Léa Bernard</at>, 40 tickets demandent votre attention.');
    expect(read(card).at(-1)).toBe('… et 20 autres');
    expect(problemsOf(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify({ type: 'message', text: rendered.text, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }))).toBeLessThan(25_000);
  });

  it('handled tickets drop off, counted; all handled: « Tout est traité », nobody mentioned', () => {
    const some = cardOf(aDigest([aLine(12), aLine(15, { handled: true, status: 'solved' }), aLine(21, { handled: true })]));
    expect(read(some).slice(1)).toEqual([
      '<at>Léa Bernard</at>, un ticket demande votre attention.',
      '#12 — Imprimante 12 bloquée',
      'Haute · 75 % du délai de prise en charge · encore 15 min · non attribué',
      '2 tickets traités depuis l’alerte (résolus ou transférés).',
    ]);
    const all = cardOf(aDigest([aLine(12, { handled: true })]), channelEn);
    expect(read(all)).toEqual(['SLA alerts — N1 Support', 'All handled.']);
    expect(all.msteams).toEqual({ entities: [] });
    expect(problemsOf(all)).toEqual([]);
  });

  it('an sla.alert rendered alone (never posted so) reads as a digest of its one line, without a time it cannot know', () => {
    const rendered = renderNotification(
      {
        kind: 'sla.alert',
        recipient: { kind: 'channel', groupId: GROUP_N1 },
        actor: { id: 'system', name: 'Guichet' },
        payload: {
          groupId: GROUP_N1,
          lead: people.lea,
          line: { ...aLine(15), dueAt: new Date(NOW.getTime() + 15 * MINUTE).toISOString() },
        },
      },
      null,
      channelFr,
      categories as Category[],
      groups,
    );
    expect(read(rendered.card as Card).slice(2)).toEqual(['#15 — Imprimante 15 bloquée', 'Haute · 75 % du délai de prise en charge · non attribué']);
    expect(rendered.ticketCard).toBeUndefined();
  });
});
