import { unknownCommandCard } from '../../views/intent.view.js';
import { closestCommands } from '../closest-commands.js';
import { COMMANDS, mayUse, type CommandName } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';

/** Little words that do not make a message a sentence: « base de connaissances » is two words. */
const LINKING = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'à', 'au', 'aux', 'en', 'et', 'the', 'of', 'to', 'and']);

const wordsOf = (key: string) => key.split(/[\s'’]+/).filter((word) => word !== '' && !LINKING.has(word));

/**
 * A guess at a command is short: « lier groupe » and a 50-letter id fit. A longer « word »
 * (a pasted error code, 28 000 « ! ») is something to report, and is not echoed back.
 */
const GUESS_MAX = 100;

/**
 * A word or two that is no command (« escalader », « stats ») is more likely a command
 * the user guesses at than a problem: say so, with the nearest commands this user may use.
 * Longer messages fall through to reportProblem.
 */
export const unknownCommand: ChatIntent<string> = {
  name: 'unknownCommand',
  select: (message) => {
    if (message.text.length > GUESS_MAX) return null;
    const count = wordsOf(message.key).length;
    return count >= 1 && count <= 2 ? message.key : null;
  },
  async handle(turn, typed) {
    const allowed = (Object.keys(COMMANDS) as CommandName[]).filter((command) => mayUse(turn.actor, command));
    const closest = closestCommands(typed, allowed).map(({ command, word }) => (command === 'linkGroup' ? `${word} <id>` : word));
    await turn.send(unknownCommandCard(turn.identity.language, turn.message.text, closest));
  },
};
