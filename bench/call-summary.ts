/**
 * `npm run bench` (call summaries): how well `readCallSummary` reads the 30 summaries of
 * test/fixtures/call-summaries.ts (fields found / fields present, fields filled that the
 * summary does not say, category, type, urgency and impact), and how well the requester's form
 * is prefilled from the 30 requester messages (category, urgency, impact, location).
 * Figures, not a test: the table is the one the tests check, written before tuning.
 */
import categories from '../config/categories.json' with { type: 'json' };
import { readCallSummary, suggestLevels, suggestLocation } from '../src/domain/call-summary.js';
import { suggestCategory, type Category } from '../src/domain/category.js';
import { CALL_SUMMARIES, REQUESTER_MESSAGES, SCORED_FIELDS, fieldMatches, type ScoredField } from '../test/fixtures/call-summaries.js';

const tree: readonly Category[] = categories;
const percent = (part: number, whole: number): string => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`);

function summaries(): void {
  let present = 0;
  let found = 0;
  let spurious = 0;
  let absent = 0;
  const perField = new Map<ScoredField, { present: number; found: number }>();
  const score = { category: 0, type: 0, urgency: 0, impact: 0 };
  const misses: string[] = [];
  for (const { name, text, expected } of CALL_SUMMARIES) {
    const reading = readCallSummary(text, tree);
    const actual: Record<ScoredField, string | null> = { callerName: reading.callerName, service: reading.service, location: reading.location, ...reading.checklist };
    for (const field of SCORED_FIELDS) {
      const wanted = expected[field];
      if (wanted === undefined) continue;
      const ok = fieldMatches(field, wanted, actual[field]);
      if (wanted === null) {
        absent += 1;
        if (!ok) spurious += 1;
      } else {
        present += 1;
        if (ok) found += 1;
        const stats = perField.get(field) ?? { present: 0, found: 0 };
        stats.present += 1;
        if (ok) stats.found += 1;
        perField.set(field, stats);
      }
      if (!ok) misses.push(`  ${name} · ${field}: expected ${JSON.stringify(wanted)}, read ${JSON.stringify(actual[field])}`);
    }
    const levels = { categoryId: reading.categoryId, type: reading.type, urgency: reading.urgency.level, impact: reading.impact.level };
    for (const key of Object.keys(levels) as (keyof typeof levels)[]) {
      if (levels[key] === expected[key]) score[key === 'categoryId' ? 'category' : key] += 1;
      else misses.push(`  ${name} · ${key}: expected ${JSON.stringify(expected[key])}, read ${JSON.stringify(levels[key])}`);
    }
  }
  const n = CALL_SUMMARIES.length;
  console.log(`Call summaries (${n}):`);
  console.log(`  fields found / fields present: ${found} / ${present} (${percent(found, present)})`);
  for (const [field, stats] of perField) console.log(`    ${field.padEnd(15)} ${stats.found} / ${stats.present}`);
  console.log(`  fields filled that the summary does not say: ${spurious} / ${absent}`);
  console.log(`  category ${score.category} / ${n} (${percent(score.category, n)}), type ${score.type} / ${n}`);
  console.log(`  urgency ${score.urgency} / ${n} (${percent(score.urgency, n)}), impact ${score.impact} / ${n} (${percent(score.impact, n)})`);
  if (misses.length > 0) console.log(`  misses:\n${misses.join('\n')}`);
}

function requesterMessages(): void {
  const score = { category: 0, urgency: 0, impact: 0, location: 0 };
  const misses: string[] = [];
  for (const { text, categoryId, urgency, impact, location } of REQUESTER_MESSAGES) {
    const levels = suggestLevels(text);
    const read = { categoryId: suggestCategory(tree, text), urgency: levels.urgency.level, impact: levels.impact.level, location: suggestLocation(text) };
    const wanted = { categoryId, urgency, impact, location };
    for (const key of Object.keys(wanted) as (keyof typeof wanted)[]) {
      if (read[key] === wanted[key]) score[key === 'categoryId' ? 'category' : key] += 1;
      else misses.push(`  ${JSON.stringify(text.slice(0, 60))} · ${key}: expected ${JSON.stringify(wanted[key])}, read ${JSON.stringify(read[key])}`);
    }
  }
  const n = REQUESTER_MESSAGES.length;
  console.log(`Requester messages (${n}):`);
  console.log(`  category ${score.category} / ${n} (${percent(score.category, n)}), location ${score.location} / ${n}`);
  console.log(`  urgency ${score.urgency} / ${n} (${percent(score.urgency, n)}), impact ${score.impact} / ${n} (${percent(score.impact, n)})`);
  if (misses.length > 0) console.log(`  misses:\n${misses.join('\n')}`);
}

summaries();
requesterMessages();
