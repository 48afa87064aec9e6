import { ARTICLE_LIMITS } from '../../domain/knowledge-article.js';
import { errorCard } from '../../views/error.view.js';
import { kbResultsCard } from '../../views/kb.view.js';
import { COMMANDS } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';

/** the command words, longest first, so « base de connaissances imprimante » is not read as « base » + « de connaissances… » */
const PREFIXES = [...COMMANDS.kbSearch.words].sort((a, b) => b.length - a.length);
/** « base de données inaccessible » is a problem to report, not a search */
const NOT_A_SEARCH = ['base de données', 'base de donnees', 'base de donnée', 'base de donnee'];

/** The words after the command word, or null when the message does not start with one. */
export function kbSearchWords(key: string, text: string): string | null {
  if (NOT_A_SEARCH.some((phrase) => key.startsWith(phrase))) return null;
  for (const prefix of PREFIXES) {
    if (key === prefix) return '';
    if (key.startsWith(`${prefix} `) || key.startsWith(`${prefix}:`)) {
      return text.trim().slice(prefix.length).replace(/^[\s:]+/, '').slice(0, ARTICLE_LIMITS.queryMax);
    }
  }
  return null;
}

/**
 * « base <mots> » / « kb <words> »: the knowledge base searched in the user's language, best 5.
 * Requesters see published articles; staff see drafts too (marked), to finish them.
 */
export const kbSearch: ChatIntent<string> = {
  name: 'kbSearch',
  select: (message) => kbSearchWords(message.key, message.text),
  async handle(turn, words) {
    const { identity, services, actor } = turn;
    const found = await services.searchArticles.execute(identity.tenantId, actor, {
      text: words,
      language: identity.language,
      includeDrafts: true,
    });
    await turn.send(found.ok ? kbResultsCard(identity.language, services.categories, words, found.value) : errorCard(identity.language, found.error));
  },
};
