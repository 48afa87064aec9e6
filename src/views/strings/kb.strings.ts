import type { Translation } from './translation.js';

/**
 * The knowledge base in chat: « base <mots> » results, an article read in full, and the
 * leads' « lacunes » (categories solved often with no article).
 */
export const fr = {
  'kb.results.title': 'Base de connaissances : « {query} »',
  'kb.results.none': 'Aucun article ne correspond à « {query} ». Essayez d’autres mots, ou décrivez votre problème pour ouvrir un ticket.',
  'kb.results.usage': 'Écrivez « base » suivi de quelques mots, par exemple « base imprimante bloquée ».',
  'kb.results.meta': { one: '{category} · a aidé {count} fois', other: '{category} · a aidé {count} fois' },
  'kb.noCategory': 'Sans catégorie',
  'kb.view': 'Voir l’article',
  'kb.draft': 'Brouillon (visible du support seulement)',
  'kb.symptoms': 'Symptômes',
  'kb.solution': 'Solution',
  'kb.article.meta': 'Rédigé par {author} le {created} · mis à jour le {updated}',
  'kb.article.counts': { one: 'Lu {views} fois · a aidé {count} fois', other: 'Lu {views} fois · a aidé {count} fois' },
  'kb.gaps.title': 'Lacunes de la base de connaissances depuis le {from}',
  'kb.gaps.intro': 'Catégories où des tickets ont été résolus ce mois-ci sans article utilisé ni rédigé, les plus fréquentes d’abord : les articles à écrire en priorité.',
  'kb.gaps.none': 'Aucune lacune ce mois-ci : chaque ticket résolu s’est appuyé sur un article ou en a produit un.',
  'kb.gaps.row': { one: '{count} ticket résolu sans article · par exemple {examples}', other: '{count} tickets résolus sans article · par exemple {examples}' },
} as const;

export const en: Translation<typeof fr> = {
  'kb.results.title': 'Knowledge base: "{query}"',
  'kb.results.none': 'No article matches "{query}". Try other words, or describe your problem to open a ticket.',
  'kb.results.usage': 'Type "kb" followed by a few words, for example "kb printer jammed".',
  'kb.results.meta': { one: '{category} · helped {count} time', other: '{category} · helped {count} times' },
  'kb.noCategory': 'No category',
  'kb.view': 'Read the article',
  'kb.draft': 'Draft (visible to support staff only)',
  'kb.symptoms': 'Symptoms',
  'kb.solution': 'Solution',
  'kb.article.meta': 'Written by {author} on {created} · updated on {updated}',
  'kb.article.counts': { one: 'Read {views} times · helped {count} time', other: 'Read {views} times · helped {count} times' },
  'kb.gaps.title': 'Knowledge-base gaps since {from}',
  'kb.gaps.intro': 'Categories where tickets were solved this month with no article used or written, most frequent first: the articles most worth writing.',
  'kb.gaps.none': 'No gap this month: every solved ticket used an article or produced one.',
  'kb.gaps.row': { one: '{count} ticket solved without an article · for example {examples}', other: '{count} tickets solved without an article · for example {examples}' },
};
