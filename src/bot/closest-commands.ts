import { foldText } from '../domain/text.js';
import { COMMANDS, type CommandName } from './message-commands.js';

/** Accents and case do not make a word another one: « echec » is « échec » mistyped. */
const plain = foldText;

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export interface ClosestCommand {
  readonly command: CommandName;
  /** the word of that command nearest to what was typed */
  readonly word: string;
}

/**
 * The command words nearest to what was typed, one per command, nearest first: a
 * mistyped command (« grupe », « echec ») is a word or two away; anything further
 * is not offered, so « stats » is not answered with « todo ».
 */
export function closestCommands(typed: string, commands: readonly CommandName[], max = 3): ClosestCommand[] {
  const wanted = plain(typed);
  const near: (ClosestCommand & { distance: number })[] = [];
  for (const command of commands) {
    let best: (ClosestCommand & { distance: number }) | undefined;
    for (const word of COMMANDS[command].words as readonly string[]) {
      if (word.length < 2) continue;
      const allowed = Math.max(1, Math.floor(Math.max(wanted.length, word.length) / 3));
      const folded = plain(word);
      // the distance is at least the difference in length: a long text is not compared letter by letter
      if (Math.abs(wanted.length - folded.length) > allowed) continue;
      const distance = editDistance(wanted, folded);
      if (distance <= allowed && (!best || distance < best.distance)) best = { command, word, distance };
    }
    if (best) near.push(best);
  }
  return near
    .sort((a, b) => a.distance - b.distance)
    .slice(0, max)
    .map(({ command, word }) => ({ command, word }));
}
