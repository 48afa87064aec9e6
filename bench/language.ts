import { clearLanguageOf } from '../src/domain/answer-language.js';
import { EldLanguageDetector } from '../src/infra/language/eld-language.detector.js';
import { LANGUAGE_MESSAGES } from '../test/fixtures/language-messages.js';

/**
 * Which language Guichet answers a short message in, on the 100+ message table
 * (test/fixtures/language-messages.ts): right / total, per expected answer, and the model
 * alone (eld between French and English, any margin) to show what the helpdesk words add.
 */
const detector = new EldLanguageDetector();
const classes = ['fr', 'en', null] as const;
const tally = new Map(classes.map((c) => [c, { right: 0, total: 0 }]));
const misses: string[] = [];
let modelRight = 0;
const began = performance.now();
for (const [text, expected] of LANGUAGE_MESSAGES) {
  const got = clearLanguageOf(text, detector);
  const row = tally.get(expected)!;
  row.total += 1;
  if (got === expected) row.right += 1;
  else misses.push(`  « ${text} »: expected ${expected ?? 'unclear'}, got ${got ?? 'unclear'}`);
  const scores = detector.scores(text);
  const model = !scores || scores.fr === scores.en ? null : scores.fr > scores.en ? 'fr' : 'en';
  if (model === expected) modelRight += 1;
}
const perMessageMs = (performance.now() - began) / LANGUAGE_MESSAGES.length / 2;
const right = [...tally.values()].reduce((sum, row) => sum + row.right, 0);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
console.log('\n== answer language of short messages (test/fixtures/language-messages.ts)');
console.log(`right: ${right} / ${LANGUAGE_MESSAGES.length} (${pct(right, LANGUAGE_MESSAGES.length)})`);
for (const c of classes) {
  const row = tally.get(c)!;
  console.log(`  ${c ?? 'unclear (client locale)'}: ${row.right} / ${row.total}`);
}
console.log(`the eld model alone (fr vs en, no margin, no helpdesk words): ${modelRight} / ${LANGUAGE_MESSAGES.length} (${pct(modelRight, LANGUAGE_MESSAGES.length)})`);
console.log(`about ${perMessageMs.toFixed(2)} ms a message`);
if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
