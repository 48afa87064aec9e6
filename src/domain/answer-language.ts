import type { LanguageDetector } from './ports/language-detector.js';

/**
 * Which language Guichet answers in: the one the user chose (« français » / « english »), else the
 * one their message is clearly written in, else their Teams client's. A French employee with an
 * English Teams (always so in the Agents Playground) writes French and must be answered in French.
 */
export type AnswerLanguage = 'fr' | 'en';

/**
 * Helpdesk words that settle a short message on their own: language models need a few words, and
 * « bonjour », « merci » or « imprimante » is often all there is. Words both languages use
 * (VPN, Outlook, ok, wifi, ticket, scanner…) are in neither list, nor is « help », which French
 * speakers type as often as « aide ». « a » is not English here: without its accent it is « à ».
 */
const WORDS: Readonly<Record<AnswerLanguage, ReadonlySet<string>>> = {
  fr: new Set(
    [
      'bonjour', 'bonsoir', 'salut', 'merci', 'aide', 'aidez', 'svp', 'stp', 'imprimante', 'souris', 'clavier', 'ecran',
      'ordinateur', 'ordi', 'panne', 'bloque', 'bloquee', 'marche', 'fonctionne', 'plus', 'pas', 'mon', 'ma', 'mes', 'le',
      'la', 'les', 'un', 'une', 'des', 'est', 'je', 'j', 'ne', 'n', 'de', 'du', 'au', 'sur', 'avec', 'depuis', 'mot', 'passe',
      'oublie', 'reseau', 'courriel', 'acces', 'compte', 'impossible', 'nouveau', 'nouvelle', 'ou', 'quelqu', 'rien',
      'telephone', 'lent', 'ca', 'sa', 'plu', 'jai', 'probleme', 'qui', 'quoi', 'pourquoi', 'toujours', 'encore',
    ],
  ),
  en: new Set(
    [
      'hello', 'hi', 'hey', 'thanks', 'thank', 'please', 'printer', 'mouse', 'keyboard', 'screen', 'monitor',
      'computer', 'broken', 'stuck', 'working', 'works', 'work', 'not', 'my', 'the', 'an', 'is', 'are', 'i', 'can',
      'cant', 'cannot', 'doesnt', 'dont', 'will', 'with', 'since', 'password', 'forgot', 'network', 'email', 'access',
      'account', 'locked', 'new', 'any', 'update', 'someone', 'nothing', 'phone', 'slow', 'its', 'have', 'problem', 'who',
      'what', 'why', 'still', 'again', 'no', 'longer', 'good', 'evening', 'morning', 'offline', 'expired', 'need', 'to',
    ],
  ),
};

/** Teams' mentions (« <at>Guichet</at> ») and tags are nobody's language. */
function withoutMarkup(text: string): string {
  return text
    .slice(0, 2_000)
    .replace(/<at>[^<]{0,200}<\/at>/gi, ' ')
    .replace(/<[^<>]{0,200}>/g, ' ');
}

/** Letters only, lower case, accents removed, split on anything else (apostrophes too: « n'imprime » → n, imprime). */
function wordsOf(text: string): string[] {
  return withoutMarkup(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length > 0);
}

/** How far ahead one language's model score must be for a message of a few words to count as clear. */
const MODEL_MARGIN = 0.08;

/** The language a message is clearly written in, or null (too short, shared words only, or mixed). */
export function clearLanguageOf(text: string, detector: LanguageDetector): AnswerLanguage | null {
  const words = wordsOf(text);
  if (words.length === 0) return null;
  const fr = words.filter((word) => WORDS.fr.has(word)).length;
  const en = words.filter((word) => WORDS.en.has(word)).length;
  // the helpdesk words first: they decide short messages, where models guess
  if (fr !== en && (fr === 0 || en === 0 || Math.max(fr, en) >= 2 * Math.min(fr, en))) {
    if (fr + en >= 1 && (words.length <= 3 || Math.abs(fr - en) >= 2)) return fr > en ? 'fr' : 'en';
  }
  if (words.length < 2) return null;
  const scores = detector.scores(withoutMarkup(text));
  if (!scores) return fr === en ? null : fr > en ? 'fr' : 'en';
  if (scores.fr - scores.en >= MODEL_MARGIN) return 'fr';
  if (scores.en - scores.fr >= MODEL_MARGIN) return 'en';
  return fr === en ? null : fr > en ? 'fr' : 'en';
}

/** The explicit choice, else what this message (or an earlier one) was clearly written in, else the client's locale. */
export function answerLanguage(choice: {
  readonly explicit: AnswerLanguage | null;
  readonly detected: AnswerLanguage | null;
  readonly locale: AnswerLanguage;
}): AnswerLanguage {
  return choice.explicit ?? choice.detected ?? choice.locale;
}
