import type { Language } from '../../domain/category.js';
import { languageOf } from '../../views/i18n.js';
import { COMMANDS } from '../message-commands.js';

type CommandWord = (typeof COMMANDS)[keyof typeof COMMANDS]['words'][number];

/**
 * The language each command word speaks; null for those both languages type (« tickets »,
 * « global », « ? »). Typed from COMMANDS, so a new word fails `tsc` until it is placed here.
 * « french » / « anglais » are left out: they choose a language, they do not speak one.
 */
const WORD_LANGUAGE: Readonly<Record<CommandWord, Language | null>> = {
  aide: 'fr',
  help: 'en',
  '?': null,
  bonjour: 'fr',
  salut: 'fr',
  hello: 'en',
  hi: 'en',
  menu: null,
  'mes tickets': 'fr',
  'my tickets': 'en',
  tickets: null,
  'mes demandes': 'fr',
  'my requests': 'en',
  'à traiter': 'fr',
  'a traiter': 'fr',
  'to do': 'en',
  todo: 'en',
  queue: null,
  groupe: 'fr',
  group: 'en',
  'mes groupes': 'fr',
  'my groups': 'en',
  alertes: 'fr',
  'à risque': 'fr',
  'a risque': 'fr',
  'at risk': 'en',
  alerts: 'en',
  global: null,
  'tous les tickets': 'fr',
  'all tickets': 'en',
  échecs: 'fr',
  echecs: 'fr',
  failures: 'en',
  'notifications en échec': 'fr',
  'failed notifications': 'en',
  'nouveau ticket': 'fr',
  'new ticket': 'en',
  nouveau: 'fr',
  new: 'en',
  'ouvrir un ticket': 'fr',
  'open a ticket': 'en',
  appel: 'fr',
  call: 'en',
  'nouvel appel': 'fr',
  'new call': 'en',
  'lier groupe': 'fr',
  'link group': 'en',
  base: 'fr',
  kb: null,
  'base de connaissances': 'fr',
  'knowledge base': 'en',
  lacunes: 'fr',
  'kb gaps': 'en',
  'lacunes kb': 'fr',
  'knowledge gaps': 'en',
  stats: null,
  statistiques: 'fr',
  statistics: 'en',
  français: null,
  francais: null,
  french: null,
  'en français': null,
  'langue française': null,
  'langue fr': null,
  english: null,
  anglais: null,
  'in english': null,
  'en anglais': null,
  'language en': null,
};

/** the longest command word the message starts with decides; a longer text's own words come after */
const BY_LENGTH = (Object.keys(WORD_LANGUAGE) as CommandWord[]).sort((a, b) => b.length - a.length);

/** The language a command's own words speak (« lier groupe n1 » is French), or null when they do not tell. */
export function commandLanguage(key: string): Language | null {
  const word = BY_LENGTH.find((w) => key === w || key.startsWith(`${w} `));
  return word ? WORD_LANGUAGE[word] : null;
}

/**
 * In a team channel nobody's Teams locale is the team's language (whoever types there may
 * have an English client): a command is answered in the language its own text speaks when
 * that is clear, else in the helpdesk's (GUICHET_DEFAULT_LOCALE). `detect` reads free text
 * (the language detector), for what is no command word.
 */
export function channelLanguage(key: string, helpdeskLocale: string, detect: (text: string) => Language | null = () => null): Language {
  return commandLanguage(key) ?? detect(key) ?? languageOf(helpdeskLocale);
}
