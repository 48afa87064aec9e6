import { cutAt, foldText } from '../domain/text.js';
import { TICKET_LIMITS } from '../domain/ticket.js';

/**
 * Words people use to say a problem is not gone, folded (lower case, no accents). GLPI
 * accepts an approval whose comment says the opposite (glpi#24519); the card asks back
 * instead. A wrong guess costs a question nobody has to answer, so the list stays short.
 */
const STILL_BROKEN: readonly string[] = [
  'toujours',
  'persiste',
  'pas resolu',
  'non resolu',
  'pas regle',
  'pas repare',
  'ne marche pas',
  'ne marche plus',
  'ne fonctionne pas',
  'ne fonctionne plus',
  'meme probleme',
  'still',
  'not fixed',
  'not solved',
  'not resolved',
  'unresolved',
  'not working',
  "doesn't work",
  'does not work',
  "didn't work",
  'did not work',
  'same problem',
];

/** Longer than any survey comment: what is past it was not typed on the card. */
const READ_MAX = 2 * TICKET_LIMITS.surveyCommentMax;

const isWordChar = (char: string | undefined): boolean => char !== undefined && /[a-z0-9]/.test(char);

/**
 * Whether a comment says the problem is still there (« toujours », « still », « pas résolu »,
 * « not fixed »…), as whole words. One pass to fold, one `indexOf` scan per phrase: linear
 * in the comment, which is cut first.
 */
export function saysStillBroken(comment: string): boolean {
  const text = foldText(cutAt(comment, READ_MAX)).replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');
  return STILL_BROKEN.some((phrase) => {
    for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
      if (!isWordChar(text[at - 1]) && !isWordChar(text[at + phrase.length])) return true;
    }
    return false;
  });
}
