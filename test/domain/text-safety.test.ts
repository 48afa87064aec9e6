import { describe, expect, it } from 'vitest';
import categories from '../../config/categories.json' with { type: 'json' };
import { SearchTechnicians } from '../../src/app/search-technicians.use-case.js';
import { closestCommands } from '../../src/bot/closest-commands.js';
import { CHAT_INTENTS } from '../../src/bot/intents/chat-intents.js';
import { chatMessageOf, COMMANDS, MESSAGE_TEXT_MAX, stripMentions, type ChatMessage, type CommandName } from '../../src/bot/message-commands.js';
import * as answerLanguage from '../../src/domain/answer-language.js';
import * as callSummary from '../../src/domain/call-summary.js';
import { EldLanguageDetector } from '../../src/infra/language/eld-language.detector.js';
import * as category from '../../src/domain/category.js';
import { checkNewTicket } from '../../src/domain/decide.js';
import * as intake from '../../src/domain/intake.js';
import type { GroupRepository } from '../../src/domain/ports/group.repository.js';
import * as text from '../../src/domain/text.js';
import { TICKET_LIMITS } from '../../src/domain/ticket.js';
import { aDraft, aGroup, anActor, people } from '../support/ticket-mother.js';

/**
 * Every routine that reads what a user typed, on the text that froze the bot (issue 8): long
 * runs of « ! », « . », « ? », spaces, tabs and new lines, combining marks, mentions.
 *
 * No clock (the project's rule: timings belong to `npm run bench`). That the work is linear
 * shows in two ways: each function gives the same bounded answer for n and 4n characters
 * (nothing past its limit is looked at twice), and the bot's parsers never see more than
 * MESSAGE_TEXT_MAX. The one coarse net is vitest's per-test timeout, set to 10 s here: a
 * test reads a few MB in milliseconds when the code is linear, while the backtracking
 * versions took 36 s at 100 000 characters (and 10 minutes at 400 000), so the limit can
 * neither be reached by the linear code on a loaded 2-core CI nor missed by a regression.
 */

const N = 100_000;
const SAFETY_NET = { timeout: 10_000 };
const tree: readonly category.Category[] = categories;

/** Each shape for a length n; the run is what made a pattern backtrack. */
const SHAPES: Record<string, (n: number) => string> = {
  'x, a run of « ! », y': (n) => `x${'!'.repeat(n)}y`,
  'x, a run of « . », y': (n) => `x${'.'.repeat(n)}y`,
  'x, a run of « ? », y': (n) => `x${'?'.repeat(n)}y`,
  'x, a run of spaces, y': (n) => `x${' '.repeat(n)}y`,
  'x, tabs and new lines, y': (n) => `x${'\t\n'.repeat(n / 2)}y`,
  'e and combining marks of two classes': (n) => `e${'\u0301\u0316'.repeat(n / 2)}`,
  'punctuation, spaces and marks mixed': (n) => `x${'! .?\t\n:;\u0301'.repeat(n / 8)}y`,
  'a greeting, then a run of « ! »': (n) => `Bonjour, x${'!'.repeat(n)}y`,
  'a greeting, then a run of « ? »': (n) => `Bonjour ${'?'.repeat(n)}`,
  '« Dear » and no comma': (n) => `Dear ${'a'.repeat(n)}`,
  'a mention, then a run of « ! »': (n) => `<at>Guichet</at> x${'!'.repeat(n)}y`,
  'unclosed mentions': (n) => '<at>'.repeat(n / 4),
  'a keyword, then a run of « ! »': (n) => `L'imprimante${'!'.repeat(n)}`,
};
const shapes = Object.entries(SHAPES);

describe('the domain reads any typed text in one pass, with bounded results', () => {
  it('this guard knows every function the text-reading modules export', () => {
    const functions = (module: object) =>
      Object.keys(module)
        .filter((name) => typeof (module as Record<string, unknown>)[name] === 'function')
        .sort();
    expect(functions(intake)).toEqual(['descriptionFromMessage', 'titleFromMessage']);
    expect(functions(category)).toEqual(['categoryExists', 'categoryPath', 'categorySuggestion', 'flattenCategories', 'suggestCategory']);
    expect(functions(text)).toEqual(['cutAt', 'foldText', 'isSpace', 'trimEndWhile']);
    expect(functions(callSummary)).toEqual(['looksLikeCallSummary', 'readCallSummary', 'suggestLevels', 'suggestLocation']);
    expect(functions(answerLanguage)).toEqual(['answerLanguage', 'clearLanguageOf']);
  });

  describe.each(shapes)('%s', (_, shape) => {
    it('titleFromMessage: at most 80 characters and « … », the same for n and 4n', SAFETY_NET, () => {
      const title = intake.titleFromMessage(shape(N));
      expect(title.length).toBeLessThanOrEqual(intake.TITLE_MAX + 1);
      expect(intake.titleFromMessage(shape(4 * N))).toBe(title);
    });

    it('descriptionFromMessage: cut to what a ticket holds, the same for n and 4n', SAFETY_NET, () => {
      const description = intake.descriptionFromMessage(shape(N));
      expect(description).toHaveLength(TICKET_LIMITS.descriptionMax);
      expect(intake.descriptionFromMessage(shape(4 * N))).toBe(description);
    });

    it('suggestCategory, categorySuggestion, categoryPath, categoryExists: the same answer for n and 4n', SAFETY_NET, () => {
      const suggested = category.suggestCategory(tree, shape(N));
      expect(category.suggestCategory(tree, shape(4 * N))).toBe(suggested);
      expect(category.categorySuggestion(tree, shape(4 * N))).toEqual(category.categorySuggestion(tree, shape(N)));
      expect(category.categoryExists(tree, shape(N))).toBe(false);
      expect(category.categoryPath(tree, shape(N), 'fr')).toBeNull();
    });

    it('readCallSummary, looksLikeCallSummary, suggestLevels, suggestLocation: the same answer for n and 4n', SAFETY_NET, () => {
      const reading = callSummary.readCallSummary(shape(N), tree);
      expect(callSummary.readCallSummary(shape(4 * N), tree)).toEqual(reading);
      expect(reading.title.length).toBeLessThanOrEqual(intake.TITLE_MAX + 1);
      for (const field of Object.values(reading.checklist)) expect((field ?? '').length).toBeLessThanOrEqual(TICKET_LIMITS.reasonMax);
      expect(callSummary.looksLikeCallSummary(shape(4 * N))).toBe(callSummary.looksLikeCallSummary(shape(N)));
      expect(callSummary.suggestLevels(shape(4 * N))).toEqual(callSummary.suggestLevels(shape(N)));
      expect(callSummary.suggestLocation(shape(4 * N))).toBe(callSummary.suggestLocation(shape(N)));
    });

    it('clearLanguageOf: reads a bounded start of the text, the same answer for n and 4n', SAFETY_NET, () => {
      const detector = new EldLanguageDetector();
      expect(answerLanguage.clearLanguageOf(shape(4 * N), detector)).toBe(answerLanguage.clearLanguageOf(shape(N), detector));
    });

    it('foldText, cutAt, trimEndWhile, isSpace: one pass', SAFETY_NET, () => {
      const folded = text.foldText(shape(4 * N));
      expect(folded.length).toBeLessThanOrEqual(shape(4 * N).length);
      expect(text.foldText(folded)).toBe(folded);
      expect(text.cutAt(shape(4 * N), MESSAGE_TEXT_MAX)).toBe(shape(N).slice(0, MESSAGE_TEXT_MAX));
      expect(text.trimEndWhile(shape(4 * N), () => true)).toBe('');
      expect(text.isSpace(shape(N))).toBe(false);
    });

    it('checkNewTicket: a title or a description that long is refused by its limit', SAFETY_NET, () => {
      const requester = anActor(['requester']);
      expect(checkNewTicket(aDraft({ title: shape(N) }), requester)).toMatchObject({ ok: false, error: { code: 'TICKET.VALIDATION', details: { field: 'title' } } });
      expect(checkNewTicket(aDraft({ description: shape(N) }), requester)).toMatchObject({
        ok: false,
        error: { code: 'TICKET.VALIDATION', details: { field: 'description', max: TICKET_LIMITS.descriptionMax } },
      });
    });
  });

  it.each([
    ['x, a run of « ! », y', `X${'!'.repeat(79)}…`],
    ['x, a run of « . », y', `X${'.'.repeat(79)}…`],
    ['x, a run of « ? », y', `X${'?'.repeat(79)}…`],
    ['x, a run of spaces, y', 'X y'],
    ['x, tabs and new lines, y', 'X'],
    ['e and combining marks of two classes', `E${'\u0301\u0316'.repeat(40).slice(0, 79)}…`],
    ['punctuation, spaces and marks mixed', 'X'],
    ['a greeting, then a run of « ! »', `X${'!'.repeat(79)}…`],
    ['a greeting, then a run of « ? »', `${'?'.repeat(80)}…`],
    ['« Dear » and no comma', ''],
    ['a keyword, then a run of « ! »', "L'imprimante"],
  ])('the title of « %s » is what a reader would write', SAFETY_NET, (name, title) => {
    expect(intake.titleFromMessage(SHAPES[name](N))).toBe(title);
  });

  it('a keyword before the run still files the message; a run alone suggests nothing', SAFETY_NET, () => {
    expect(category.suggestCategory(tree, SHAPES['a keyword, then a run of « ! »'](N))).toBe('printing.printer');
    expect(category.suggestCategory(tree, SHAPES['e and combining marks of two classes'](N))).toBeNull();
    expect(category.suggestCategory(tree, `${'\u0301'.repeat(N)}wifi${'\u0316'.repeat(N)}`)).toBe('network.wifi');
  });

  it.each([
    ['a header of 50 000 commas', `Appel de Julie Tremblay${', a'.repeat(N / 2)} : x`],
    ['an identifier chain', `poste ${'pc-'.repeat(N / 3)}`],
    ['a location chain', `${'bureau-'.repeat(N / 7)}12`],
    ['unclosed brackets', `Appel de Julie : ${'('.repeat(N)}`],
    ['closing quotes after periods', `Appel de Julie : ${'. » A'.repeat(N / 5)}`],
    ['labels without values', 'Problème :\n- a\n'.repeat(N / 15)],
    ['civilities', `Appel de ${'Mme '.repeat(N / 4)}Le Goff`],
    ['markers everywhere', "depuis toute l'équipe avant mercredi 17h a déjà essayé ".repeat(N / 55)],
  ])('the call-summary reader on %s: what it reads is bounded, the same for n and 4n', SAFETY_NET, (_, typed) => {
    const reading = callSummary.readCallSummary(typed, tree);
    expect(callSummary.readCallSummary(typed + typed + typed + typed, tree)).toEqual(reading);
    expect(reading.title.length).toBeLessThanOrEqual(intake.TITLE_MAX + 1);
    expect((reading.location ?? '').length).toBeLessThanOrEqual(TICKET_LIMITS.locationMax);
  });

  it('accents fold whatever marks surround them', SAFETY_NET, () => {
    expect(text.foldText(`Accès ${'\u0301\u0316'.repeat(N / 2)}Refusé`)).toBe('acces refuse');
  });
});

describe('the bot parses a chat message only once it is cut to what Teams can send', () => {
  /** the intent that handles a message (the first that selects it) and what it understood */
  function routed(message: ChatMessage): [string, unknown] {
    for (const intent of CHAT_INTENTS) {
      const match = intent.select(message);
      if (match !== null) return [intent.name, match];
    }
    return ['none', null];
  }

  it.each(shapes)('%s: the text the intents see is at most MESSAGE_TEXT_MAX, whatever came in', SAFETY_NET, (_, shape) => {
    const message = chatMessageOf(shape(4 * N), 'personal');
    expect(message.text.length).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
    expect(chatMessageOf(shape(N), 'personal')).toEqual(message);
    expect(stripMentions(shape(N)).length).toBeLessThanOrEqual(shape(N).length);
  });

  it.each([
    ['x, a run of « ! », y', 'reportProblem', `x${'!'.repeat(MESSAGE_TEXT_MAX - 1)}`],
    ['x, a run of « . », y', 'reportProblem', `x${'.'.repeat(MESSAGE_TEXT_MAX - 1)}`],
    // the « y » was past the cut
    ['x, a run of spaces, y', 'unknownCommand', 'x'],
    ['x, tabs and new lines, y', 'unknownCommand', 'x'],
    ['e and combining marks of two classes', 'reportProblem', `e${'\u0301\u0316'.repeat(MESSAGE_TEXT_MAX / 2).slice(0, MESSAGE_TEXT_MAX - 1)}`],
    ['a mention, then a run of « ! »', 'reportProblem', `x${'!'.repeat(MESSAGE_TEXT_MAX - 18)}`],
    ['unclosed mentions', 'reportProblem', '<at>'.repeat(MESSAGE_TEXT_MAX / 4)],
  ])('%s → %s', SAFETY_NET, (name, intent, match) => {
    expect(routed(chatMessageOf(SHAPES[name](N), 'personal'))).toEqual([intent, match]);
  });

  it.each([
    ['a run of « ! »', '!'.repeat(N)],
    ['a run of « ? »', '?'.repeat(N)],
    ['a run of spaces, tabs and new lines', ' \t\n'.repeat(N / 3)],
    ['mentions only', '<at>Guichet</at>'.repeat(N / 16)],
  ])('%s is an empty message: the help card', SAFETY_NET, (_, typed) => {
    expect(routed(chatMessageOf(typed, 'personal'))).toEqual(['help', true]);
  });

  it('commands with long runs between their words (within the cut) still read as those commands', SAFETY_NET, () => {
    const run = MESSAGE_TEXT_MAX - 100;
    expect(routed(chatMessageOf(`ticket${' '.repeat(run)}12`, 'personal'))).toEqual(['openTicketNumber', 12]);
    expect(routed(chatMessageOf(`#${'\t'.repeat(run)}12${'!'.repeat(N)}`, 'personal'))).toEqual(['openTicketNumber', 12]);
    expect(routed(chatMessageOf(`<at>Guichet</at> lier groupe${' '.repeat(run)}support-n1`, 'channel'))).toEqual(['linkGroup', 'support-n1']);
  });

  it('every intent selects in one pass even on a message nobody cut or collapsed', SAFETY_NET, () => {
    for (const [, shape] of shapes) {
      for (const typed of [shape(4 * N), `ticket${' '.repeat(4 * N)}x`, `lier groupe${' '.repeat(4 * N)}x!`]) {
        const raw: ChatMessage = { text: typed, key: typed.toLowerCase(), conversationType: 'channel' };
        for (const intent of CHAT_INTENTS) expect(() => intent.select(raw), intent.name).not.toThrow();
      }
    }
  });

  it('the nearest commands to a very long word: none, without comparing it letter by letter', SAFETY_NET, () => {
    const all = Object.keys(COMMANDS) as CommandName[];
    for (const [, shape] of shapes) expect(closestCommands(shape(4 * N), all)).toEqual([]);
  });

  it('marks are no letters: « grupe » under 100 000 marks is still one letter from « groupe »', SAFETY_NET, () => {
    const all = Object.keys(COMMANDS) as CommandName[];
    expect(closestCommands(`grupe${'\u0301\u0316'.repeat(N / 2)}`, all)).toEqual([{ command: 'group', word: 'groupe' }]);
  });
});

describe('the « Assign… » typeahead folds the query in one pass', () => {
  const groups: GroupRepository = {
    find: async () => null,
    list: async () => [aGroup({ technicians: [{ ...people.bob, onDuty: true }] })],
    defaultGroupId: async () => null,
    channelOf: async () => null,
    linkChannel: async () => false,
  };
  const search = new SearchTechnicians(groups);
  const admin = anActor(['requester', 'admin']);

  it.each(shapes)('%s: the same technicians for n and 4n', SAFETY_NET, async (_, shape) => {
    expect(await search.execute('tenant', admin, shape(4 * N), 15)).toEqual(await search.execute('tenant', admin, shape(N), 15));
  });

  it('a run of punctuation finds nobody; « e » and marks is « e », in « Lefèvre »', SAFETY_NET, async () => {
    expect(await search.execute('tenant', admin, SHAPES['x, a run of « ! », y'](4 * N), 15)).toEqual([]);
    expect(await search.execute('tenant', admin, SHAPES['e and combining marks of two classes'](4 * N), 15)).toEqual([people.bob]);
  });

  it('marks around a name are not part of it', SAFETY_NET, async () => {
    expect(await search.execute('tenant', admin, `lefe${'\u0301\u0316'.repeat(N / 2)}vre`, 15)).toEqual([people.bob]);
  });
});
