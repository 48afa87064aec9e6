import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/domain/category.js';
import { renderNotification } from '../../src/views/notification.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { aTicket } from '../support/ticket-mother.js';

const tree = categories as Category[];

describe('a notification card is written for its reader', () => {
  const created = new Date('2026-03-02T23:30:00Z');
  const factsOf = (card: Record<string, unknown>) => {
    const facts: Record<string, string> = {};
    JSON.stringify(card, (key, value) => {
      if (value && typeof value === 'object' && 'title' in value && 'value' in value) facts[value.title] = value.value;
      return value;
    });
    return facts;
  };
  const item = { message: 'ticket.taken', audience: 'requester' as const, withCard: true, note: null, actor: { name: 'Théo' } };

  it('in their language and time zone, with the per-user refresh for them only', () => {
    const ticketAt = aTicket({ createdAt: created, groupId: 'support-n1' });
    const paris = renderNotification(ticketAt, item, { locale: 'fr-FR', timeZone: 'Europe/Paris', userMri: '29:camille', inChannel: false }, tree);
    const montreal = renderNotification(ticketAt, item, { locale: 'en-US', timeZone: 'America/Montreal', inChannel: false }, tree);
    expect(factsOf(paris.card!)['Créé le']).toContain('3 mars 2026');
    expect(factsOf(montreal.card!).Created).toContain('2 Mar 2026');
    expect((paris.card!.refresh as { userIds: string[] }).userIds).toEqual(['29:camille']);
    expect(paris.text).toContain('Théo a pris en charge votre ticket');
    expect(montreal.text).toContain('Théo has taken your ticket');
  });
});
