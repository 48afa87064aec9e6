import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuichetBot } from '../../src/bot/guichet.bot.js';
import type { BotServices } from '../../src/bot/bot-services.js';
import { VERBS } from '../../src/bot/verbs.js';
import type { Category } from '../../src/domain/category.js';
import { failuresCard } from '../../src/views/failures.view.js';
import { messageCard } from '../../src/views/message.view.js';
import { FEATURE_KEYS, MESSAGES, t } from '../../src/views/i18n.js';
import { EMPTY_FORM, ticketFormCard } from '../../src/views/ticket-form.view.js';
import { ticketListCard } from '../../src/views/ticket-list.view.js';
import { ticketCard } from '../../src/views/ticket.view.js';
import { helpCard, welcomeCard } from '../../src/views/welcome.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { aTicket } from '../support/ticket-mother.js';

const require = createRequire(import.meta.url);
// the UMD build: the package's ESM entry does not load under Node
const AC = require('adaptivecards/dist/adaptivecards.js');

/** What Teams' renderer would complain about, parsing as Adaptive Cards 1.5. */
function problemsOf(card: object): string[] {
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const messages: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) messages.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) messages.push(event.message);
  // the renderer wrongly dates `choices.data` (Teams' typeahead, fine in 1.5) to 1.6
  return messages.filter((message) => !message.startsWith('Property "choices.data" is supported in version 1.6'));
}

const tree = categories as Category[];
const ticket = aTicket({ number: 42, title: 'Écran noir', categoryId: 'hardware.screen', groupId: 'support-n1' });
const groups = [
  {
    id: 'support-n1',
    tenantId: '*',
    name: { fr: 'Support N1', en: 'L1 support' },
    lead: null,
    technicians: [{ id: 't1', name: 'Théo', onDuty: true }],
    hasChannel: true,
  },
];
const rendered: [string, Record<string, unknown>][] = (['fr', 'en'] as const).flatMap((lang) => [
  [`welcome ${lang}`, welcomeCard(lang)],
  [`help ${lang}`, helpCard(lang)],
  [`form ${lang}`, ticketFormCard(lang, tree, { ...EMPTY_FORM, title: 'Écran noir' }, 'd0d0d0d0-0000-4000-8000-000000000000')],
  [`form with errors ${lang}`, ticketFormCard(lang, tree, EMPTY_FORM, 'd0d0d0d0-0000-4000-8000-000000000000', ['a', 'b'])],
  [`ticket ${lang}`, ticketCard(ticket, { language: lang, timeZone: 'Europe/Paris', categories: tree, notice: 'ok' })],
  [`list ${lang}`, ticketListCard({ tickets: [ticket], total: 12 }, 1, lang, 'Europe/Paris')],
  [`empty list ${lang}`, ticketListCard({ tickets: [], total: 0 }, 0, lang, undefined)],
  [`message ${lang}`, messageCard(lang, 'error.internal', 'error')],
  [`technician ticket ${lang}`, ticketCard(ticket, { language: lang, timeZone: 'Europe/Paris', categories: tree, audience: 'technician', refreshUserIds: ['u1'], groups })],
  [`channel ticket ${lang}`, ticketCard(ticket, { language: lang, timeZone: undefined, categories: tree, audience: 'technician', compact: true, groups })],
  [`failures ${lang}`, failuresCard([{ number: 3, recipient: { kind: 'user', name: 'Théo' }, message: 'ticket.new', error: '403: Forbidden', at: new Date() }], lang, 'Europe/Paris')],
]);

describe('every card, as rendered, is a valid Adaptive Card 1.5 with nothing left unbound', () => {
  it.each(rendered)('%s', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(problemsOf(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('a broken card is caught (the checker can fail)', () => {
    expect(problemsOf({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Nope' }] })).not.toEqual([]);
  });
});

describe('card verbs and handlers agree', () => {
  const verbsInCards = new Set<string>();
  for (const file of readdirSync('cards')) {
    const json = readFileSync(path.join('cards', file), 'utf8');
    for (const match of json.matchAll(/"verb":\s*"([^"]+)"/g)) verbsInCards.add(match[1]);
  }
  const bot = new GuichetBot({ categories: [] } as unknown as BotServices);

  it('every verb a card sends has exactly one handler', () => {
    for (const verb of verbsInCards) expect(bot.verbs).toContain(verb);
  });

  it('every handler is reachable from a card, and verbs are the shared constants', () => {
    expect(new Set(bot.verbs)).toEqual(verbsInCards);
    expect(new Set(Object.values(VERBS))).toEqual(verbsInCards);
  });

  it('verbs carry no data: no ids or numbers inside a verb', () => {
    for (const verb of verbsInCards) expect(verb).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });
});

describe('strings', () => {
  const forms = (message: string | { one: string; other: string }) =>
    typeof message === 'string' ? [message] : [message.one, message.other];

  it('every message exists in French and English, none empty, placeholders kept', () => {
    const keys = Object.keys(MESSAGES.fr) as (keyof typeof MESSAGES.fr)[];
    expect(keys.sort()).toEqual((Object.keys(MESSAGES.en) as string[]).sort());
    const vars = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys) {
      const [fr, en] = [forms(MESSAGES.fr[key]), forms(MESSAGES.en[key])];
      expect(fr.length, key).toBe(en.length);
      for (const text of [...fr, ...en]) expect(text.trim(), key).not.toBe('');
      for (const [i, text] of fr.entries()) expect(vars(en[i]), key).toEqual(vars(text));
    }
  });

  it('no two features define the same key (one would silently hide the other)', () => {
    const all = FEATURE_KEYS.flat();
    expect(all.length).toBe(new Set(all).size);
  });

  it('counts read as real plurals in both languages, never "ticket(s)"', () => {
    expect(t('fr', 'list.page', { page: 1, pages: 1, count: 1 })).toBe('Page 1 sur 1 · 1 ticket');
    expect(t('fr', 'list.page', { page: 1, pages: 1, count: 0 })).toBe('Page 1 sur 1 · 0 ticket');
    expect(t('en', 'list.page', { page: 1, pages: 1, count: 0 })).toBe('Page 1 of 1 · 0 tickets');
    expect(t('en', 'list.page', { page: 1, pages: 2, count: 7 })).toBe('Page 1 of 2 · 7 tickets');
    for (const language of ['fr', 'en'] as const) {
      for (const message of Object.values(MESSAGES[language])) for (const text of forms(message)) expect(text).not.toContain('(s)');
    }
  });
});
