import { suggestCategory, type Category } from './category.js';
import type { Level } from './priority.js';
import { cutAt, foldText, isSpace } from './text.js';
import type { TicketType } from './ticket.js';

/**
 * What a technician's call summary says (seed 000, steps 1–4), read by `readCallSummary`:
 * each field filled from the text when found, null otherwise (the draft card shows it empty).
 */
export interface CallChecklist {
  readonly problem: string | null;
  readonly context: string | null;
  readonly since: string | null;
  readonly workstation: string | null;
  readonly othersAffected: string | null;
  readonly tried: string | null;
}

/** Why a level was suggested, for the one-line reason the technician reads (rendered by the views). */
export type SuggestionReason =
  | { readonly kind: 'deadline'; readonly quote: string }
  | { readonly kind: 'manyAffected'; readonly quote: string }
  | { readonly kind: 'aloneAffected'; readonly quote: string }
  | { readonly kind: 'blocked'; readonly quote: string }
  | { readonly kind: 'default' };

export interface LevelSuggestion {
  readonly level: Level;
  readonly reason: SuggestionReason;
}

export interface LevelSuggestions {
  readonly urgency: LevelSuggestion;
  readonly impact: LevelSuggestion;
}

export interface CallSummaryReading {
  /** the caller as named in the text, civility dropped (« Mme Le Goff » → « Le Goff »), for the directory search */
  readonly callerName: string | null;
  readonly service: string | null;
  readonly location: string | null;
  readonly title: string;
  readonly checklist: CallChecklist;
  readonly type: TicketType;
  readonly categoryId: string | null;
  readonly urgency: LevelSuggestion;
  readonly impact: LevelSuggestion;
}

/*
 * How the text is read, in one pass each, whatever it is made of (issue 8): the text is cut to
 * what Teams can send, split once into words (one character class, one way to match) and once
 * into sentences and clauses (a loop). Every marker below is a sequence of folded words looked
 * up by its first word, so each word is compared with a bounded number of markers.
 */

/** What Teams can send in one message; nothing past it is read. */
export const CALL_SUMMARY_READ_MAX = 28_000;
const FIELD_MAX = 2_000;
const SHORT_MAX = 200;
const QUOTE_MAX = 120;
const TITLE_MAX = 80;

interface Token {
  readonly start: number;
  readonly end: number;
  /** lower case, without accents */
  readonly word: string;
  readonly capital: boolean;
}

interface Range {
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const CAPITAL = /^\p{Lu}/u;
const DIGIT = /\p{N}/u;
const ORDINAL = /^\d{1,3}(e|er|ere|eme|em|ieme|st|nd|rd|th)$/;
const CLOCK = /^\d{1,2}(h\d{0,2}|am|pm)$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    tokens.push({ start: match.index, end: match.index + match[0].length, word: foldText(match[0]), capital: CAPITAL.test(match[0]) });
  }
  return tokens;
}

/** The tokens inside a range, found by bisection (the token list is sorted). */
function tokensIn(tokens: readonly Token[], range: Range): Token[] {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (tokens[mid].start < range.start) low = mid + 1;
    else high = mid;
  }
  const out: Token[] = [];
  for (let i = low; i < tokens.length && tokens[i].end <= range.end; i += 1) out.push(tokens[i]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// markers: sequences of folded words; a word ending in « * » matches any word it starts

interface Marker<T> {
  readonly words: readonly string[];
  readonly value: T;
}

type MarkerIndex<T> = ReadonlyMap<string, readonly Marker<T>[]>;

function markerIndex<T>(entries: readonly (readonly [string, T])[]): MarkerIndex<T> {
  const index = new Map<string, Marker<T>[]>();
  for (const [phrase, value] of entries) {
    const words = phrase.split(' ');
    const key = words[0].endsWith('*') ? '*' : words[0];
    const list = index.get(key) ?? [];
    list.push({ words, value });
    index.set(key, list);
  }
  return index;
}

const wordMatches = (pattern: string, word: string): boolean =>
  pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : pattern === word;

/** The longest marker starting at token `i`, and how many tokens it covers. */
function markerAt<T>(index: MarkerIndex<T>, tokens: readonly Token[], i: number): { marker: Marker<T>; length: number } | null {
  let found: { marker: Marker<T>; length: number } | null = null;
  for (const marker of [...(index.get(tokens[i].word) ?? []), ...(index.get('*') ?? [])]) {
    const { words } = marker;
    if (i + words.length > tokens.length || (found && found.length >= words.length)) continue;
    let all = true;
    for (let k = 0; k < words.length && all; k += 1) all = wordMatches(words[k], tokens[i + k].word);
    if (all) found = { marker, length: words.length };
  }
  return found;
}

const set = (words: string): ReadonlySet<string> => new Set(words.split(' '));

// ---------------------------------------------------------------------------------------------
// sentences and clauses

const OPENERS = new Set(['«', '“', '(', '[', '‹']);
const CLOSERS = new Set(['»', '”', ')', ']', '›']);
const SENTENCE_END = new Set(['.', '!', '?', '…']);
const ABBREVIATIONS = set('m mr mrs ms dr st etc ex no n tel ext env approx vs cf p mme mlle');
const BULLET = new Set(['-', '*', '•', '·', '–', '—', '>', '#']);

interface Sentence extends Range {
  /** it starts a line */
  readonly lineStart: boolean;
  /** a blank line comes before it */
  readonly paragraphStart: boolean;
}

/** « M. Dupont », « etc. »: a period after these does not end the sentence (looks back at most 6 characters). */
function abbreviationBefore(text: string, dot: number): boolean {
  let start = dot;
  while (start > 0 && dot - start < 6 && /\p{L}/u.test(text[start - 1])) start -= 1;
  const word = text.slice(start, dot);
  if (word.length === 0 || (start > 0 && /\p{L}/u.test(text[start - 1]))) return false;
  return (word.length === 1 && CAPITAL.test(word)) || ABBREVIATIONS.has(word.toLowerCase());
}

/** Lines, then sentences inside them; a period inside « … » or ( … ) does not end one. */
function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let depth = 0;
  let straightQuote = false;
  let lineStart = true;
  let paragraphStart = true;
  let blank = true;
  const push = (end: number, next: number, endsLine: boolean) => {
    let from = start;
    while (from < end && (isSpace(text[from]) || BULLET.has(text[from]))) from += 1;
    let to = end;
    while (to > from && isSpace(text[to - 1])) to -= 1;
    if (from < to) {
      out.push({ start: from, end: to, lineStart, paragraphStart });
      lineStart = false;
      paragraphStart = false;
      blank = false;
    }
    start = next;
    if (endsLine) {
      if (blank) paragraphStart = out.length > 0;
      lineStart = true;
      blank = true;
      depth = 0;
      straightQuote = false;
    }
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\n') {
      push(i, i + 1, true);
    } else if (OPENERS.has(char)) {
      depth += 1;
    } else if (CLOSERS.has(char)) {
      depth = Math.max(0, depth - 1);
      // « … l'administrateur. » Tout fonctionnait : the quotation ended the sentence
      let before = i - 1;
      while (before > start && isSpace(text[before])) before -= 1;
      if (depth === 0 && SENTENCE_END.has(text[before]) && isSpace(text[i + 1]) && CAPITAL.test(text[i + 2] ?? '')) push(i + 1, i + 1, false);
    } else if (char === '"') {
      straightQuote = !straightQuote;
    } else if (depth === 0 && !straightQuote && SENTENCE_END.has(char) && (i + 1 === text.length || isSpace(text[i + 1]))) {
      if (char !== '.' || !abbreviationBefore(text, i)) push(i + 1, i + 1, false);
    }
  }
  push(text.length, text.length, false);
  return out;
}

/** The clauses of a sentence: cut at « , », « ; » and « : » outside quotes and brackets. */
function clausesOf(text: string, range: Range): Range[] {
  const out: Range[] = [];
  let start = range.start;
  let depth = 0;
  let straightQuote = false;
  for (let i = range.start; i < range.end; i += 1) {
    const char = text[i];
    if (OPENERS.has(char)) depth += 1;
    else if (CLOSERS.has(char)) depth = Math.max(0, depth - 1);
    else if (char === '"') straightQuote = !straightQuote;
    else if (depth === 0 && !straightQuote && (char === ',' || char === ';' || (char === ':' && (i + 1 === range.end || isSpace(text[i + 1]))))) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  out.push({ start, end: range.end });
  return out;
}

/** The first « : » followed by a space (or ending the range) outside quotes and brackets, or -1. */
function colonIn(text: string, range: Range, within = range.end): number {
  let depth = 0;
  for (let i = range.start; i < Math.min(range.end, within); i += 1) {
    const char = text[i];
    if (OPENERS.has(char)) depth += 1;
    else if (CLOSERS.has(char)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && char === ':' && (i + 1 === range.end || isSpace(text[i + 1]))) return i;
  }
  return -1;
}

const EDGE_PUNCTUATION = new Set([',', ';', ':', '-', '–', '—', '*', '•', '·', '|']);

/** The text of a range, spaces collapsed, without the punctuation left at its ends by a cut. */
function clean(text: string, range: Range, max = FIELD_MAX): string {
  let start = range.start;
  let end = range.end;
  while (start < end && (isSpace(text[start]) || EDGE_PUNCTUATION.has(text[start]))) start += 1;
  while (end > start && (isSpace(text[end - 1]) || EDGE_PUNCTUATION.has(text[end - 1]) || text[end - 1] === '.')) end -= 1;
  return cutAt(text.slice(start, end).replace(/\s+/g, ' '), max);
}

// ---------------------------------------------------------------------------------------------
// names, services, workstations, locations

const CIVILITIES = set('mme madame m monsieur mr mrs ms mlle mademoiselle dr docteur doctor miss');
const PARTICLES = set('de du des la le d van von der den da di del della dos das ben bin ibn al el mac st saint');
const NOT_NAMES = set(
  'service poste bureau departement department dept direction equipe team salle room office floor etage batiment building pc ordinateur laptop appel call le la les elle il she he they ce cette this today hier yesterday ce matin aujourd bonjour bonsoir salut hello hi hey merci dear',
);
/** what may stand between two words of a name */
const NAME_GAP = new Set([' ', '-', "'", '’', '.']);

function gapAllows(text: string, from: number, to: number, allowed: ReadonlySet<string>): boolean {
  if (to - from > 3) return false;
  for (let i = from; i < to; i += 1) if (!allowed.has(text[i])) return false;
  return true;
}

/** A name at the start of `tokens` (after a civility), as written: capitalized words and the particles between them. */
function nameAt(text: string, tokens: readonly Token[]): { range: Range; used: number } | null {
  let i = 0;
  while (i < tokens.length && CIVILITIES.has(tokens[i].word) && tokens[i].capital) i += 1;
  const first = i;
  let last = -1;
  while (i < tokens.length && i - first < 6) {
    if (i > first && !gapAllows(text, tokens[i - 1].end, tokens[i].start, NAME_GAP)) break;
    const token = tokens[i];
    if (token.capital && !NOT_NAMES.has(token.word) && !DIGIT.test(token.word)) {
      last = i;
    } else if (PARTICLES.has(token.word) && (last !== -1 || token.capital) && i + 1 < tokens.length && (tokens[i + 1].capital || PARTICLES.has(tokens[i + 1].word))) {
      // a particle inside a name (« Jean de La Fontaine ») or opening a surname (« Mme Le Goff »)
    } else {
      break;
    }
    i += 1;
  }
  if (last === -1) return null;
  return { range: { start: tokens[first].start, end: tokens[last].end }, used: last + 1 };
}

const SERVICE_WORDS = set('service departement department dept direction division equipe team unite unit pole');
const LEADING_FILLERS = set('du de des d la le l au aux a in from of the at en chez');
const SERVICE_STOP = set(
  'ce cette hier today yesterday aujourd this matin soir depuis since pour for avec with et and mais but concernant about regarding because car que qu signaler report',
);

function dropLeading(tokens: readonly Token[], fillers: ReadonlySet<string>): Token[] {
  let i = 0;
  while (i < tokens.length - 1 && fillers.has(tokens[i].word)) i += 1;
  return tokens.slice(i);
}

const WORKSTATION_WORDS = set('poste pc ordinateur ordi portable laptop workstation computer desktop machine');
const WORKSTATION_SKIP = set('de travail n no numero number nom id hostname son sa her his the le la du');
const ID_GLUE = new Set(['-', '_', '.', '/']);

/**
 * For each token, the last token glued to it by « - », « _ », « . », « / » (« LT-FIN-22 »),
 * in one backward pass: walking each chain from each of its words was quadratic on « pc-pc-pc… ».
 */
function gluedEnds(text: string, tokens: readonly Token[]): number[] {
  const ends = new Array<number>(tokens.length);
  for (let j = tokens.length - 1; j >= 0; j -= 1) {
    const glued = j + 1 < tokens.length && tokens[j + 1].start - tokens[j].end === 1 && ID_GLUE.has(text[tokens[j].end]);
    ends[j] = glued ? ends[j + 1] : j;
  }
  return ends;
}

/** « poste ADM-12 », « PC-0457 », "laptop LT-22": an identifier with a digit, after a workstation word. */
function findWorkstation(text: string, tokens: readonly Token[]): string | null {
  const ends = gluedEnds(text, tokens);
  for (let i = 0; i < tokens.length; i += 1) {
    if (!WORKSTATION_WORDS.has(tokens[i].word)) continue;
    const glued = ends[i];
    if (glued > i && DIGIT.test(tokens[glued].word)) return clean(text, { start: tokens[i].start, end: tokens[glued].end }, SHORT_MAX);
    let j = i + 1;
    while (j < tokens.length && j - i <= 3 && WORKSTATION_SKIP.has(tokens[j].word)) j += 1;
    if (j >= tokens.length) continue;
    const end = ends[j];
    // the last word of an identifier holds its number (« ADM-12 », « LT-FIN-22 »)
    if (DIGIT.test(tokens[end].word) || DIGIT.test(tokens[j].word)) return clean(text, { start: tokens[j].start, end: tokens[end].end }, SHORT_MAX);
  }
  return null;
}

const LOCATION_WORDS = set('bureau salle local office room suite batiment building pavillon aile wing');
const FLOOR_WORDS = set('etage floor');
const ORDINAL_WORDS = set('premier premiere deuxieme second seconde troisieme quatrieme cinquieme first third fourth fifth');
const LOCATION_PHRASES = markerIndex<true>([
  ['rez de chaussee', true],
  ['ground floor', true],
  ['sous sol', true],
  ['basement', true],
]);

/** « 2e étage », « bureau 214 », "3rd floor", « salle B-12 », in the order they come, each once. */
function findLocations(text: string, tokens: readonly Token[]): string[] {
  const ends = gluedEnds(text, tokens);
  const found: string[] = [];
  const seen = new Set<string>();
  const add = (start: number, end: number) => {
    const value = clean(text, { start, end }, SHORT_MAX);
    const key = foldText(value);
    if (!seen.has(key)) {
      seen.add(key);
      found.push(value);
    }
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const { word } = tokens[i];
    const next = tokens[i + 1];
    if ((ORDINAL.test(word) || ORDINAL_WORDS.has(word)) && next && FLOOR_WORDS.has(next.word)) {
      add(tokens[i].start, next.end);
      i += 1;
    } else if (FLOOR_WORDS.has(word) && next && /^\d{1,3}$/.test(next.word)) {
      add(tokens[i].start, next.end);
      i += 1;
    } else if (LOCATION_WORDS.has(word) && next) {
      let j = i + 1;
      if ((next.word === 'n' || next.word === 'no' || next.word === 'numero') && tokens[j + 1]) j += 1;
      const id = tokens[j];
      const end = ends[j];
      const letter = id.word.length === 1 && id.capital;
      const officeSuite = word === 'office' && (id.word === '365' || /^20\d\d$/.test(id.word));
      if ((DIGIT.test(id.word) || letter) && !officeSuite) {
        add(tokens[i].start, tokens[end].end);
        i = end;
      }
    } else {
      const phrase = markerAt(LOCATION_PHRASES, tokens, i);
      if (phrase) {
        add(tokens[i].start, tokens[i + phrase.length - 1].end);
        i += phrase.length - 1;
      }
    }
  }
  return found;
}

/** Where the requester's form finds a location: « 2e étage », « bureau 214 », "3rd floor" (null: none said). */
export function suggestLocation(text: string): string | null {
  const cut = cutAt(text, CALL_SUMMARY_READ_MAX);
  const found = findLocations(cut, tokenize(cut));
  return found.length > 0 ? cutAt(found.join(', '), SHORT_MAX) : null;
}

// ---------------------------------------------------------------------------------------------
// urgency and impact

type ImpactValue = 2 | 4 | 5;
const IMPACT_MARKERS = markerIndex<ImpactValue>([
  ...[
    'toute l equipe', 'toute son equipe', 'toute mon equipe', 'toute notre equipe', 'toute leur equipe', 'toute la compta*', 'tout le service',
    'tout son service', 'tout mon service', 'tout le departement', 'tout l etage', 'tout le bureau', 'tout le monde', 'tous les utilisateurs',
    'tous les collegues', 'tous ses collegues', 'tous mes collegues', 'tous les postes', 'toutes les personnes', 'plusieurs personnes',
    'plusieurs collegues', 'plusieurs utilisat*', 'plusieurs postes', 'plusieurs employes', 'plusieurs agents', 'd autres personnes',
    'd autres collegues', 'd autres utilisat*', 'ses collegues aussi', 'ses collegues egalement', 'mes collegues aussi', 'les collegues aussi',
    'collegues aussi', 'l equipe entiere', 'le service entier', 'everyone', 'everybody', 'whole team', 'entire team', 'whole department',
    'entire department', 'all users', 'all staff', 'all the users', 'several people', 'several users', 'several colleagues', 'many users',
    'many people', 'other users', 'other people', 'others too', 'colleagues too', 'coworkers too', 'whole floor', 'entire floor', 'whole office',
  ].map((phrase) => [phrase, 4] as const),
  ...[
    'toute l entreprise', 'toute la societe', 'toute l organisation', 'tous les sites', 'tout le batiment', 'tous les services', 'whole company',
    'entire company', 'whole organization', 'whole organisation', 'entire organization', 'all sites', 'whole building', 'company wide',
  ].map((phrase) => [phrase, 5] as const),
  ...[
    'seule concernee', 'seul concerne', 'seule touchee', 'seul touche', 'seule affectee', 'seul affecte', 'seule impactee', 'seul impacte',
    'seule a avoir', 'seul a avoir', 'personne d autre', 'aucun autre', 'aucune autre', 'pas d autre', 'pas d autres', 'elle seule', 'lui seul',
    'uniquement elle', 'uniquement lui', 'seulement elle', 'seulement lui', 'seulement moi', 'juste moi', 'je suis seul', 'je suis seule',
    'suis la seule', 'suis le seul', 'n ont pas le probleme', 'n ont pas ce probleme', 'only her', 'only him', 'only me', 'just me', 'only she',
    'only he', 'only this user', 'only one user', 'only user', 'only person', 'nobody else', 'no one else', 'no other', 'just her', 'just him',
    'only affects her', 'only affects him', 'others are fine', 'colleagues are fine', 'only affected', 'the only one',
  ].map((phrase) => [phrase, 2] as const),
]);
const COUNT_WORDS = set('deux trois quatre cinq six sept huit neuf dix douze quinze vingt two three four five six seven eight nine ten twelve fifteen twenty dozen');
const PEOPLE_WORDS = set('personnes utilisateurs utilisatrices collegues agents employes postes people users colleagues coworkers employees staff persons');

const BLOCKED_MARKERS = markerIndex<true>(
  [
    'bloque', 'bloquee', 'bloques', 'bloquees', 'blocked', 'ne peut plus travailler', 'ne peut pas travailler', 'ne peuvent plus travailler',
    'ne peuvent pas travailler', 'peux plus travailler', 'impossible de travailler', 'can t work', 'cannot work', 'unable to work', 'a l arret',
    'paralyse', 'paralysee', 'paralyses', 'at a standstill',
  ].map((phrase) => [phrase, true] as const),
);
const DEADLINE_TRIGGERS = markerIndex<true>(
  ['avant', 'd ici', 'pour', 'au plus tard', 'd ici a', 'by', 'before', 'until', 'due', 'no later than'].map((phrase) => [phrase, true] as const),
);
const DEADLINE_ALONE = markerIndex<true>(
  [
    'date limite', 'echeance', 'deadline', 'asap', 'au plus vite', 'des que possible', 'urgent', 'urgente', 'urgemment', 'urgently', 'right away',
    'tout de suite', 'immediatement', 'immediately', 'as soon as possible',
  ].map((phrase) => [phrase, true] as const),
);
const NEGATIONS = set('pas not non no peu');
const TIME_WORDS = set(
  'lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday demain tomorrow soir tonight midi noon minuit midnight aujourd today fin end eod cob semaine week journee day janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre january february march april june july august september october november december',
);
const TIME_FILLERS = set('le la l ce cette cet the this next prochain prochaine a at de du of d hui');
const HOUR_WORDS = set('h heures hrs am pm');

/** A word that says when: a weekday, « demain », « 17h », "5pm", « 17 h », « 17:00 ». */
function isTimeWord(text: string, tokens: readonly Token[], i: number): boolean {
  const { word } = tokens[i];
  if (TIME_WORDS.has(word) || CLOCK.test(word)) return true;
  const next = tokens[i + 1];
  if (!/^\d{1,2}$/.test(word) || !next) return false;
  return HOUR_WORDS.has(next.word) || TIME_WORDS.has(next.word) || (text[tokens[i].end] === ':' && /^\d\d$/.test(next.word));
}

/** The quote a reason shows: the clause the marker is in when it is short, else the marker. */
function quoteOf(text: string, clauses: readonly Range[], range: Range): string {
  let low = 0;
  let high = clauses.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (clauses[mid].start <= range.start) low = mid;
    else high = mid - 1;
  }
  const clause = clauses[low];
  const around = clause && clause.start <= range.start && clause.end >= range.end ? clean(text, clause, QUOTE_MAX + 1) : '';
  return around.length > 0 && around.length <= QUOTE_MAX ? around : clean(text, range, QUOTE_MAX);
}

interface Found {
  readonly range: Range;
}

function levelsOf(text: string, tokens: readonly Token[], clauses: readonly Range[]): LevelSuggestions {
  let deadline: Found | null = null;
  let blocked: Found | null = null;
  const alone: Range[] = [];
  let many: { range: Range; level: 4 | 5 } | null = null;
  const manyCandidates: { range: Range; level: 4 | 5; first: number; last: number }[] = [];
  const aloneTokens: { first: number; last: number }[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const negated = i > 0 && NEGATIONS.has(tokens[i - 1].word);
    const impact = markerAt(IMPACT_MARKERS, tokens, i);
    if (impact) {
      const range = { start: tokens[i].start, end: tokens[i + impact.length - 1].end };
      if (impact.marker.value === 2) {
        alone.push(range);
        aloneTokens.push({ first: i, last: i + impact.length - 1 });
      } else manyCandidates.push({ range, level: impact.marker.value, first: i, last: i + impact.length - 1 });
    } else if ((COUNT_WORDS.has(tokens[i].word) || (/^\d{1,4}$/.test(tokens[i].word) && Number(tokens[i].word) >= 2)) && tokens[i + 1] && PEOPLE_WORDS.has(tokens[i + 1].word)) {
      manyCandidates.push({ range: { start: tokens[i].start, end: tokens[i + 1].end }, level: 4, first: i, last: i + 1 });
    }
    if (!blocked && !negated) {
      const hit = markerAt(BLOCKED_MARKERS, tokens, i);
      if (hit) blocked = { range: { start: tokens[i].start, end: tokens[i + hit.length - 1].end } };
    }
    if (!deadline && !negated) {
      const alone = markerAt(DEADLINE_ALONE, tokens, i);
      if (alone) {
        deadline = { range: { start: tokens[i].start, end: tokens[i + alone.length - 1].end } };
      } else {
        const trigger = markerAt(DEADLINE_TRIGGERS, tokens, i);
        if (trigger) {
          let j = i + trigger.length;
          let last = -1;
          while (j < tokens.length && j - i < 8 && (TIME_FILLERS.has(tokens[j].word) || isTimeWord(text, tokens, j) || (last !== -1 && HOUR_WORDS.has(tokens[j].word)))) {
            if (!TIME_FILLERS.has(tokens[j].word) || tokens[j].word === 'hui') last = j;
            j += 1;
          }
          let hasTime = false;
          for (let k = i + trigger.length; k <= last; k += 1) hasTime ||= isTimeWord(text, tokens, k);
          if (hasTime) deadline = { range: { start: tokens[i].start, end: tokens[last].end } };
        }
      }
    }
  }
  // « pas d'autres personnes » is one person: a « many » inside an « alone » does not count
  for (const candidate of manyCandidates) {
    const overlaps = aloneTokens.some((a) => candidate.first <= a.last && a.first <= candidate.last);
    if (!overlaps && (!many || candidate.level > many.level)) many = candidate;
  }
  const urgency: LevelSuggestion = deadline
    ? { level: 4, reason: { kind: 'deadline', quote: quoteOf(text, clauses, deadline.range) } }
    : blocked
      ? { level: 4, reason: { kind: 'blocked', quote: quoteOf(text, clauses, blocked.range) } }
      : DEFAULT_LEVEL;
  const impact: LevelSuggestion = many
    ? { level: many.level, reason: { kind: 'manyAffected', quote: quoteOf(text, clauses, many.range) } }
    : alone.length > 0
      ? { level: 2, reason: { kind: 'aloneAffected', quote: quoteOf(text, clauses, alone[0]) } }
      : DEFAULT_LEVEL;
  return { urgency, impact };
}

const DEFAULT_LEVEL: LevelSuggestion = { level: 3, reason: { kind: 'default' } };

function allClauses(text: string): Range[] {
  const out: Range[] = [];
  for (const sentence of sentencesOf(text)) out.push(...clausesOf(text, sentence));
  return out;
}

/**
 * Urgency and impact from what someone wrote, each with the words that made it: a deadline
 * or being blocked raises urgency to 4; « toute l'équipe », « plusieurs personnes », "everyone"
 * raise impact to 4 (the whole company: 5); « seule concernée » lowers it to 2. 3 otherwise,
 * the form's default. Used for a call summary and for the requester's own form.
 */
export function suggestLevels(text: string): LevelSuggestions {
  const cut = cutAt(text, CALL_SUMMARY_READ_MAX);
  return levelsOf(cut, tokenize(cut), allClauses(cut));
}

// ---------------------------------------------------------------------------------------------
// the call summary

const CALL_WORDS = set('appel appele appelee appels telephone telephonique call called phone phoned');

/**
 * Whether a staff member's message reads as a call summary rather than their own problem: a
 * call word (« appel », « a appelé », « téléphone », "call", "called", "phone"), or the shape
 * « Julie Tremblay, service administratif, poste ADM-12 : … » (a name, then a service, a
 * workstation or a location before a colon).
 */
export function looksLikeCallSummary(text: string): boolean {
  const cut = cutAt(text, CALL_SUMMARY_READ_MAX);
  const tokens = tokenize(cut);
  if (tokens.some((token) => CALL_WORDS.has(token.word))) return true;
  const first = sentencesOf(cut)[0];
  if (!first) return false;
  const colon = colonIn(cut, first, first.start + 300);
  if (colon === -1) return false;
  // a whole part must be the name (« Bonjour, HorairePro me dit : » has none)
  const header = readHeaderParts(cut, tokens, { start: first.start, end: colon }, 'before');
  return header.callerName !== null && (header.service !== null || header.workstation !== null || header.locations.length > 0);
}

type Field = 'caller' | 'service' | 'location' | 'workstation' | 'problem' | 'context' | 'since' | 'others' | 'tried' | 'title' | 'free';

/** « Label : value » at the start of a line or sentence (Teams call recaps, forms pasted in chat). */
const LABELS = new Map<string, Field>([
  ...['appelant', 'appelante', 'demandeur', 'demandeuse', 'utilisateur', 'utilisatrice', 'nom', 'caller', 'requester', 'user', 'name', 'appel de', 'call from', 'appel entrant', 'incoming call', 'contact', 'appel avec', 'call with'].map((l) => [l, 'caller'] as const),
  ...['service', 'departement', 'department', 'dept', 'direction', 'equipe', 'team'].map((l) => [l, 'service'] as const),
  ...['lieu', 'localisation', 'emplacement', 'bureau', 'etage', 'location', 'office', 'floor', 'site'].map((l) => [l, 'location'] as const),
  ...['poste', 'poste de travail', 'ordinateur', 'pc', 'machine', 'workstation', 'computer', 'device', 'appareil', 'sur quel poste'].map((l) => [l, 'workstation'] as const),
  ...['probleme', 'probleme rencontre', 'objet', 'sujet', 'demande', 'incident', 'description', 'symptome', 'symptomes', 'problem', 'issue', 'subject', 'request'].map((l) => [l, 'problem'] as const),
  ...['contexte', 'context', 'details', 'remarque', 'remarques', 'precisions', 'background', 'taches de suivi', 'follow up tasks', 'next steps', 'suivi', 'echeance', 'delai', 'deadline'].map((l) => [l, 'context'] as const),
  ...['depuis', 'depuis quand', 'debut', 'since', 'since when', 'started'].map((l) => [l, 'since'] as const),
  ...['autres personnes', 'autres personnes concernees', 'autres utilisateurs', 'd autres personnes concernees', 'personnes concernees', 'impact', 'others affected', 'other users', 'affected', 'who is affected', 'others'].map((l) => [l, 'others'] as const),
  ...['deja essaye', 'deja tente', 'actions deja tentees', 'actions tentees', 'essais', 'tentatives', 'tried', 'already tried', 'actions taken', 'steps tried', 'attempted', 'what was tried', 'essaye'].map((l) => [l, 'tried'] as const),
  ...['titre', 'title'].map((l) => [l, 'title'] as const),
  ...['notes', 'note', 'resume', 'summary', 'recap', 'compte rendu', 'notes d appel', 'call notes', 'meeting notes'].map((l) => [l, 'free'] as const),
]);
/** a label is a few words before its colon */
const LABEL_MAX = 40;

/** Lines that only name a section of a recap (« Notes », "Call recap"): no content. */
const SECTION_TITLES = new Set(['appel', 'call', 'appel telephonique', 'phone call', 'notes', 'note', 'resume', 'summary', 'recap', 'call recap', 'compte rendu', 'meeting notes', 'notes de reunion', 'recapitulatif', 'details', 'action items', 'follow up tasks', 'taches de suivi']);

const foldedWords = (tokens: readonly Token[]): string => tokens.map((token) => token.word).join(' ');

function labelOf(text: string, tokens: readonly Token[], sentence: Range): { field: Field; value: Range } | null {
  const colon = colonIn(text, sentence, sentence.start + LABEL_MAX);
  if (colon === -1) return null;
  const words = foldedWords(tokensIn(tokens, { start: sentence.start, end: colon }));
  const field = LABELS.get(words);
  return field ? { field, value: { start: colon + 1, end: sentence.end } } : null;
}

/** « Appel de … », "Call from …", « Récapitulatif de l'appel avec … »: the name follows. */
const INTRO_MARKERS = markerIndex<true>(
  [
    'appel de', 'appel d', 'appel recu de', 'appel telephonique de', 'appel entrant de', 'appel avec', 'appel de la part de', 'call from', 'call with',
    'phone call from', 'phone call with', 'received a call from', 'call recap with', 'recapitulatif de l appel avec', 'resume de l appel avec',
    'compte rendu de l appel avec', 'compte rendu d appel avec', 'appel du', 'called by',
  ].map((phrase) => [phrase, true] as const),
);
/** « Julie Tremblay a appelé … », "John called …": the name comes before. */
const CALLED_MARKERS = markerIndex<true>(
  ['a appele', 'nous a appele', 'm a appele', 'a telephone', 'nous a telephone', 'vient d appeler', 'called', 'has called', 'phoned', 'rang', 'appelle']
    .map((phrase) => [phrase, true] as const),
);
const CONNECTORS = set('pour signaler dire indiquer que qu au sujet de d du concernant about regarding because to report say that car parce re');

interface HeaderParts {
  callerName: string | null;
  service: string | null;
  workstation: string | null;
  locations: string[];
  leftovers: Range[];
}

/**
 * The parts of a call's header (« Julie Tremblay, service administratif, poste ADM-12 »), cut
 * at commas and brackets: the name, then each part a service, a workstation or a location.
 * `intro`: a short part nobody recognizes is the service (« Call from John Smith, Finance »).
 */
function readHeaderParts(text: string, tokens: readonly Token[], range: Range, mode: 'intro' | 'before'): HeaderParts {
  const parts: Range[] = [];
  let start = range.start;
  for (let i = range.start; i <= range.end; i += 1) {
    const char = text[i];
    const separator =
      i === range.end || char === ',' || char === ';' || char === '(' || char === ')' || char === '[' || char === ']' || char === '·' || char === '|' || char === '–' || char === '—' ||
      (char === '-' && isSpace(text[i - 1]) && isSpace(text[i + 1]));
    if (separator) {
      if (tokensIn(tokens, { start, end: i }).length > 0) parts.push({ start, end: i });
      start = i + 1;
    }
  }
  const header: HeaderParts = { callerName: null, service: null, workstation: null, locations: [], leftovers: [] };
  const partsWithName = mode === 'intro' ? parts.slice(0, 1) : parts;
  let nameUsed = -1;
  for (let p = 0; p < partsWithName.length && header.callerName === null; p += 1) {
    const partTokens = tokensIn(tokens, parts[p]);
    const name = nameAt(text, partTokens);
    if (name && (mode === 'intro' || name.used === partTokens.length)) {
      header.callerName = clean(text, name.range, SHORT_MAX);
      nameUsed = p;
      const rest = partTokens.slice(name.used);
      if (rest.length > 0) parts[p] = { start: rest[0].start, end: parts[p].end };
      else parts[p] = { start: parts[p].end, end: parts[p].end };
    }
  }
  parts.forEach((part, p) => {
    const allTokens = tokensIn(tokens, part);
    const partTokens = dropLeading(allTokens, LEADING_FILLERS);
    if (partTokens.length === 0) return;
    const first = partTokens[0];
    const last = partTokens[partTokens.length - 1];
    const workstation = findWorkstation(text, partTokens);
    const locations = findLocations(text, partTokens);
    if (SERVICE_WORDS.has(first.word) && partTokens.length > 1) {
      const rest = dropLeading(partTokens.slice(1), LEADING_FILLERS);
      header.service ??= clean(text, { start: rest[0].start, end: last.end }, SHORT_MAX);
    } else if (SERVICE_WORDS.has(last.word) && partTokens.length > 1 && partTokens.length <= 4) {
      header.service ??= clean(text, { start: first.start, end: partTokens[partTokens.length - 2].end }, SHORT_MAX);
    } else if (workstation !== null || locations.length > 0) {
      header.workstation ??= workstation;
      header.locations.push(...locations);
    } else if (
      mode === 'intro' &&
      // after the name, only « in HR », « de la compta »: « Julie Tremblay concernant X » is no service
      (p !== nameUsed || partTokens.length < allTokens.length) &&
      header.service === null &&
      partTokens.length <= 3 &&
      !partTokens.some((token) => DIGIT.test(token.word) || SERVICE_STOP.has(token.word))
    ) {
      header.service = clean(text, { start: first.start, end: last.end }, SHORT_MAX);
    } else {
      const kept = dropLeading(tokensIn(tokens, part), CONNECTORS);
      header.leftovers.push({ start: kept[0].start, end: part.end });
    }
  });
  return header;
}

const SINCE_MARKERS = markerIndex<'depuis' | 'plain' | 'counted' | 'started'>([
  ['depuis', 'depuis'],
  ['since', 'plain'],
  ['for the past', 'plain'],
  ['for the last', 'plain'],
  ['a partir de', 'plain'],
  ['ca fait', 'counted'],
  ['cela fait', 'counted'],
  ['il y a', 'counted'],
  ['for', 'counted'],
  ['started', 'started'],
  ['began', 'started'],
  ['a commence', 'started'],
  ['ca a commence', 'started'],
]);
/** « depuis » also means "from": « depuis chez elle », « depuis son poste » say where, not when */
const DEPUIS_WHERE = set('chez son sa ses mon ma mes notre votre leur un une autre ailleurs l le teams outlook home n');
const COUNT = set('un une deux trois quatre cinq six sept huit neuf dix quelques plusieurs a an one two three four five six seven eight nine ten few couple several of de d bonne');
const UNITS = set('minute minutes min mins heure heures h hour hours jour jours day days semaine semaines week weeks mois month months an ans annee annees year years while moment');
const STARTED_WHEN = set('ce cette hier this yesterday last on after apres when lorsque lundi mardi mercredi jeudi vendredi monday tuesday wednesday thursday friday earlier today aujourd');
const SINCE_STOP = set('et and mais but quand when lorsque car because alors puis then so donc');

/** The « since when » marker starting at token `i`: how many words it covers, or 0. */
function sinceAt(tokens: readonly Token[], i: number): number {
  const hit = markerAt(SINCE_MARKERS, tokens, i);
  if (!hit) return 0;
  const next = tokens[i + hit.length];
  if (!next) return 0;
  switch (hit.marker.value) {
    case 'depuis':
      // « depuis le 3 », « depuis la mise à jour » say when; « depuis le poste de Marc » says where
      // « depuis une semaine », « depuis le 3 », « depuis l'installation » say when
      const then = tokens[i + 2]?.word ?? '';
      const when = (next.word === 'le' && DIGIT.test(then)) || (next.word === 'l' && then === 'installation') || ((next.word === 'un' || next.word === 'une') && UNITS.has(then));
      if (DEPUIS_WHERE.has(next.word) && !when) return 0;
      return hit.length;
    case 'plain':
      return hit.length;
    case 'counted': {
      let j = i + hit.length;
      while (j < tokens.length && j - i - hit.length < 3 && (COUNT.has(tokens[j].word) || /^\d{1,3}$/.test(tokens[j].word))) j += 1;
      return j > i + hit.length && tokens[j] && UNITS.has(tokens[j].word) ? hit.length : 0;
    }
    case 'started':
      return STARTED_WHEN.has(next.word) ? hit.length : 0;
  }
}

const TRIED_INTRO = markerIndex<'intro' | 'action' | 'attempt'>([
  ...['deja essaye', 'deja tente', 'a deja essaye', 'a deja tente', 'avons deja essaye', 'already tried', 'has already tried', 'have already tried', 'already attempted']
    .map((phrase) => [phrase, 'intro'] as const),
  ...['a essaye', 'a tente', 'avons essaye', 'tried', 'has tried', 'attempted'].map((phrase) => [phrase, 'attempt'] as const),
  ...[
    'a redemarre', 'a deja redemarre', 'a relance', 'a deja relance', 'a vide', 'a deja vide', 'a reinstalle', 'a reinitialise', 'a rebranche', 'a debranche',
    'a deja', 'already restarted', 'already rebooted', 'has restarted', 'has rebooted', 'restarted', 'rebooted', 'already', 'avons redemarre', 'avons relance',
  ].map((phrase) => [phrase, 'action'] as const),
]);
/** « a essayé de se connecter » is the problem; « a essayé de redémarrer » is what was tried */
const REMEDIES = set(
  'redemarrer relancer vider reinstaller changer effacer reconnecter debrancher rebrancher fermer nettoyer reinitialiser restarting rebooting clearing reinstalling unplugging reconnecting closing resetting restart reboot clear reinstall unplug reconnect reset',
);
const ATTEMPT_SKIP = set('de d to');
/** « Il a déjà changé le câble »: the subject alone before a marker is no context */
const SUBJECTS = set('il elle ils elles on she he they we nous i je j user utilisateur utilisatrice l');

function saysMoreThanSubject(tokens: readonly Token[]): boolean {
  return tokens.some((token) => !SUBJECTS.has(token.word));
}

/** A « tried » marker at token `i`: where the value starts (a token index), or -1. */
function triedAt(tokens: readonly Token[], i: number): { valueFrom: number; markerEnd: number } | null {
  const hit = markerAt(TRIED_INTRO, tokens, i);
  if (!hit) return null;
  const after = i + hit.length;
  if (hit.marker.value === 'action') return { valueFrom: i, markerEnd: after };
  // « Tried another cable. » opens its clause: what follows is what was tried
  const opens = i === 0 && after < tokens.length && !ATTEMPT_SKIP.has(tokens[after].word);
  if (hit.marker.value === 'intro' || opens) return { valueFrom: after, markerEnd: after };
  let j = after;
  while (j < tokens.length && ATTEMPT_SKIP.has(tokens[j].word)) j += 1;
  return j < tokens.length && REMEDIES.has(tokens[j].word) ? { valueFrom: j, markerEnd: after } : null;
}

const REQUEST_WORDS = markerIndex<true>(
  [
    'besoin', 'aimerait', 'voudrait', 'souhaite', 'souhaiterait', 'installer', 'installation', 'nouveau', 'nouvelle', 'nouvel', 'commander', 'creer',
    'creation', 'ajouter', 'demande d acces', 'need', 'needs', 'would like', 'wants', 'request', 'requests', 'install', 'new', 'set up', 'create', 'order', 'add',
  ].map((phrase) => [phrase, true] as const),
);
const INCIDENT_WORDS = markerIndex<true>(
  [
    'erreur', 'error', 'plante', 'crash', 'crashes', 'crashed', 'panne', 'bloque', 'bloquee', 'refuse', 'denied', 'impossible', 'hs', 'broken', 'can t',
    'cannot', 'doesn t', 'won t', 'isn t', 'not working', 'down', 'failed', 'fails', 'lent', 'lente', 'slow', 'bug', 'ecran noir', 'n arrive', 'ne marche',
    'ne fonctionne', 'n imprime', 'coupe', 'coupee', 'no longer', 'stopped', 'oublie', 'forgot', 'expire', 'expired', 'perdu', 'lost', 'disparu', 'freeze', 'fige',
  ].map((phrase) => [phrase, true] as const),
);

function typeOf(tokens: readonly Token[]): TicketType {
  let request = false;
  for (let i = 0; i < tokens.length; i += 1) {
    if (markerAt(INCIDENT_WORDS, tokens, i)) return 'incident';
    const word = tokens[i].word;
    if ((word === 'ne' || word === 'n') && tokens.slice(i + 1, i + 4).some((t) => t.word === 'plus' || t.word === 'pas')) return 'incident';
    request ||= markerAt(REQUEST_WORDS, tokens, i) !== null;
  }
  return request ? 'request' : 'incident';
}

const NEGATIVE_ANSWERS = set('non no aucun aucune none personne nobody seule seul only');

function titleOf(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  let title = oneLine;
  if (title.length > TITLE_MAX) {
    const cut = cutAt(title, TITLE_MAX);
    const lastSpace = cut.lastIndexOf(' ');
    title = `${(lastSpace > 20 ? cut.slice(0, lastSpace) : cut).trim()}…`;
  }
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** What the reading collects, as ranges of the text, before they are turned into strings. */
class Collected {
  readonly fields = new Map<Exclude<Field, 'free'>, Range[]>();
  problemState: 'empty' | 'open' | 'closed' = 'empty';

  add(field: Exclude<Field, 'free'>, range: Range): void {
    const list = this.fields.get(field) ?? [];
    list.push(range);
    this.fields.set(field, list);
  }

  /** free text: the problem until something else is said, the context after */
  free(range: Range): void {
    if (this.problemState === 'closed') this.add('context', range);
    else {
      this.add('problem', range);
      this.problemState = 'open';
    }
  }

  claimed(): void {
    if (this.problemState === 'open') this.problemState = 'closed';
  }
}

/** One sentence of free text: clause by clause, what was tried, who else, since when, or the problem. */
function readSentence(text: string, tokens: readonly Token[], sentence: Range, into: Collected): void {
  let tried = false;
  for (const clause of clausesOf(text, sentence)) {
    const clauseTokens = tokensIn(tokens, clause);
    if (clauseTokens.length === 0) continue;
    if (tried) {
      into.add('tried', clause);
      continue;
    }
    let handled = false;
    for (let k = 0; k < clauseTokens.length && !handled; k += 1) {
      const t = triedAt(clauseTokens, k);
      if (t) {
        const before = { start: clause.start, end: clauseTokens[k].start };
        if (k > 0 && saysMoreThanSubject(clauseTokens.slice(0, k))) into.free(before);
        into.claimed();
        const from = t.valueFrom < clauseTokens.length ? clauseTokens[t.valueFrom].start : clause.end;
        if (from < clause.end) into.add('tried', { start: from, end: clause.end });
        tried = true;
        handled = true;
        break;
      }
      if (markerAt(IMPACT_MARKERS, clauseTokens, k) || ((COUNT_WORDS.has(clauseTokens[k].word) || /^\d{1,4}$/.test(clauseTokens[k].word)) && PEOPLE_WORDS.has(clauseTokens[k + 1]?.word ?? ''))) {
        into.claimed();
        into.add('others', clause);
        for (let j = 0; j < clauseTokens.length; j += 1) {
          const since = sinceAt(clauseTokens, j);
          if (since === 0) continue;
          let stop = j + since;
          while (stop < clauseTokens.length && !SINCE_STOP.has(clauseTokens[stop].word)) stop += 1;
          into.add('since', { start: clauseTokens[j].start, end: stop < clauseTokens.length ? clauseTokens[stop].start : clause.end });
          break;
        }
        handled = true;
        break;
      }
      const since = sinceAt(clauseTokens, k);
      if (since > 0) {
        const before = { start: clause.start, end: clauseTokens[k].start };
        if (k > 0 && saysMoreThanSubject(clauseTokens.slice(0, k))) into.free(before);
        let stop = k + since;
        while (stop < clauseTokens.length && !SINCE_STOP.has(clauseTokens[stop].word)) stop += 1;
        const end = stop < clauseTokens.length ? clauseTokens[stop].start : clause.end;
        into.add('since', { start: clauseTokens[k].start, end });
        into.claimed();
        if (stop < clauseTokens.length) into.free({ start: end, end: clause.end });
        handled = true;
      }
    }
    if (!handled) into.free(clause);
  }
  into.claimed();
}

/**
 * Read a technician's call summary into the ticket draft (seed 000's checklist, the caller to
 * look up, type, category, urgency and impact with their reasons). Pure, and linear in the
 * text: it reads at most CALL_SUMMARY_READ_MAX characters, a few passes over them.
 */
export function readCallSummary(summary: string, categories: readonly Category[]): CallSummaryReading {
  const text = cutAt(summary, CALL_SUMMARY_READ_MAX);
  const tokens = tokenize(text);
  const sentences = sentencesOf(text);
  const into = new Collected();
  let callerName: string | null = null;
  let service: string | null = null;
  const locations: string[] = [];
  let workstation: string | null = null;

  const takeHeader = (header: HeaderParts) => {
    callerName ??= header.callerName;
    service ??= header.service;
    workstation ??= header.workstation;
    locations.push(...header.locations);
    for (const leftover of header.leftovers) into.free(leftover);
  };

  let openLabel: Exclude<Field, 'free'> | null = null;
  sentences.forEach((whole, index) => {
    let sentence: Range = whole;
    const label = labelOf(text, tokens, sentence);
    if (label) {
      openLabel = null;
      const hasValue = tokensIn(tokens, label.value).length > 0;
      if (label.field === 'free') {
        if (hasValue) readSentence(text, tokens, label.value, into);
        return;
      }
      if (!hasValue) {
        openLabel = label.field;
        return;
      }
      if (label.field === 'caller') takeHeader(readHeaderParts(text, tokens, label.value, 'intro'));
      else if (label.field === 'service') service ??= clean(text, label.value, SHORT_MAX);
      else if (label.field === 'workstation') workstation ??= clean(text, label.value, SHORT_MAX);
      else into.add(label.field, label.value);
      into.claimed();
      return;
    }
    if (openLabel && (!whole.lineStart || !whole.paragraphStart)) {
      if (openLabel === 'caller') takeHeader(readHeaderParts(text, tokens, sentence, 'intro'));
      else if (openLabel === 'service') service ??= clean(text, sentence, SHORT_MAX);
      else if (openLabel === 'workstation') workstation ??= clean(text, sentence, SHORT_MAX);
      else into.add(openLabel, sentence);
      return;
    }
    openLabel = null;
    const sentenceTokens = tokensIn(tokens, sentence);
    if (SECTION_TITLES.has(foldedWords(sentenceTokens))) return;
    if (callerName === null && index < 3) {
      // the header: « Appel de Julie Tremblay, service…, poste … : » or « Julie Tremblay a appelé : »
      for (let k = 0; k < sentenceTokens.length && k < 12; k += 1) {
        const intro = markerAt(INTRO_MARKERS, sentenceTokens, k);
        if (!intro) continue;
        const from = sentenceTokens[k + intro.length - 1].end;
        const colon = colonIn(text, { start: from, end: sentence.end });
        const headerEnd = colon === -1 ? sentence.end : colon;
        takeHeader(readHeaderParts(text, tokens, { start: from, end: headerEnd }, 'intro'));
        sentence = { start: Math.min(headerEnd + 1, sentence.end), end: sentence.end };
        break;
      }
      if (sentence === whole) {
        for (let k = 0; k < sentenceTokens.length; k += 1) {
          const called = markerAt(CALLED_MARKERS, sentenceTokens, k);
          if (!called || k === 0 || sentenceTokens[k - 1].word === 's') continue;
          takeHeader(readHeaderParts(text, tokens, { start: sentence.start, end: sentenceTokens[k].start }, 'before'));
          const rest = dropLeading(sentenceTokens.slice(k + called.length), CONNECTORS);
          sentence = { start: rest.length > 0 && k + called.length < sentenceTokens.length ? rest[0].start : sentence.end, end: sentence.end };
          break;
        }
      }
    }
    if (tokensIn(tokens, sentence).length > 0) readSentence(text, tokens, sentence, into);
  });

  const joined = (field: Exclude<Field, 'free'>, separator: string): string | null => {
    const ranges = into.fields.get(field);
    if (!ranges) return null;
    const value = cutAt(ranges.map((range) => clean(text, range)).filter((part) => part.length > 0).join(separator), FIELD_MAX);
    return value.length > 0 ? value : null;
  };
  // workstations and locations said anywhere in the text, when the header did not say them
  workstation ??= findWorkstation(text, tokens);
  for (const location of joined('location', ', ')?.split(', ') ?? []) locations.push(location);
  locations.push(...findLocations(text, tokens));
  const seen = new Set<string>();
  const uniqueLocations = locations.filter((location) => {
    const key = foldText(location);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const problem = joined('problem', ', ');
  const context = joined('context', '. ');
  const checklist: CallChecklist = {
    problem,
    context,
    since: joined('since', '; '),
    workstation,
    othersAffected: joined('others', '; '),
    tried: joined('tried', ', '),
  };
  const described = [joined('title', ' '), problem, context, checklist.othersAffected].filter((part): part is string => part !== null).join('. ');
  const levels = levelsOf(text, tokens, allClauses(text));
  let impact = levels.impact;
  const othersTokens = checklist.othersAffected ? tokenize(checklist.othersAffected) : [];
  if (impact.reason.kind === 'default' && othersTokens.length > 0 && NEGATIVE_ANSWERS.has(othersTokens[0].word)) {
    impact = { level: 2, reason: { kind: 'aloneAffected', quote: cutAt(checklist.othersAffected ?? '', QUOTE_MAX) } };
  }
  return {
    callerName,
    service,
    location: uniqueLocations.length > 0 ? cutAt(uniqueLocations.join(', '), SHORT_MAX) : null,
    title: titleOf(joined('title', ' ') ?? problem ?? context ?? ''),
    checklist,
    type: typeOf(tokenize(described)),
    categoryId: described.length > 0 ? suggestCategory(categories, described) : null,
    urgency: levels.urgency,
    impact,
  };
}
