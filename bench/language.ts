import { clearLanguageOf } from '../src/domain/answer-language.js';
import { EldLanguageDetector } from '../src/infra/language/eld-language.detector.js';
import { HELD_OUT_LANGUAGE_MESSAGES, LANGUAGE_MESSAGES } from '../test/fixtures/language-messages.js';

/**
 * Which language Guichet answers a short message in, on the 100+ message table the helpdesk words
 * were written against and on a held-out one written after (test/fixtures/language-messages.ts):
 * right / total, per expected answer, how many were answered in the other language (an unsure
 * answer only falls back to the client's locale), and the model alone (eld between French and
 * English, any margin) to show what the helpdesk words add.
 */
const detector = new EldLanguageDetector();
const classes = ['fr', 'en', null] as const;
type Table = typeof LANGUAGE_MESSAGES;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;

function measure(title: string, table: Table): void {
  const tally = new Map(classes.map((c) => [c, { right: 0, total: 0 }]));
  const misses: string[] = [];
  let modelRight = 0;
  let otherLanguage = 0;
  let modelOther = 0;
  const began = performance.now();
  for (const [text, expected] of table) {
    const got = clearLanguageOf(text, detector);
    const row = tally.get(expected)!;
    row.total += 1;
    if (got === expected) row.right += 1;
    else misses.push(`  « ${text} »: expected ${expected ?? 'unclear'}, got ${got ?? 'unclear'}`);
    if (expected !== null && got !== null && got !== expected) otherLanguage += 1;
    const scores = detector.scores(text);
    const model = !scores || scores.fr === scores.en ? null : scores.fr > scores.en ? 'fr' : 'en';
    if (model === expected) modelRight += 1;
    if (expected !== null && model !== null && model !== expected) modelOther += 1;
  }
  const perMessageMs = (performance.now() - began) / table.length / 2;
  const right = [...tally.values()].reduce((sum, row) => sum + row.right, 0);
  const clear = table.filter(([, expected]) => expected !== null).length;
  console.log(`\n== answer language of short messages: ${title}`);
  console.log(`right: ${right} / ${table.length} (${pct(right, table.length)})`);
  for (const c of classes) {
    const row = tally.get(c)!;
    console.log(`  ${c ?? 'unclear (client locale)'}: ${row.right} / ${row.total}`);
  }
  console.log(`clearly French or English yet answered in the other language: ${otherLanguage} / ${clear}`);
  console.log(`the eld model alone (fr vs en, no margin, no helpdesk words): ${modelRight} / ${table.length} (${pct(modelRight, table.length)}), in the other language: ${modelOther} / ${clear}`);
  console.log(`about ${perMessageMs.toFixed(2)} ms a message`);
  if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
}

measure('the table the helpdesk words were written against (in-sample)', LANGUAGE_MESSAGES);
measure('held out, written after the word lists were settled', HELD_OUT_LANGUAGE_MESSAGES);
