import type { Translation } from './translation.js';

/** Queues and lists of tickets. */
export const fr = {
  'list.title': 'Mes tickets ouverts',
  'list.title.mine': 'Mes tickets (demandés ou attribués)',
  'list.title.toProcess': 'À traiter (non attribués, mes groupes)',
  'list.title.group': 'Tickets ouverts de mes groupes',
  'list.empty.queue': 'Rien dans cette file. Bravo !',
  'list.sortByAge': 'Trier par ancienneté',
  'list.sortByNewest': 'Les plus récents d’abord',
  'list.sortByPriority': 'Trier par priorité',
  'list.empty': 'Vous n’avez aucun ticket ouvert. Décrivez un problème pour en créer un.',
  'list.page': { one: 'Page {page} sur {pages} · {count} ticket', other: 'Page {page} sur {pages} · {count} tickets' },
  'list.previous': 'Précédents',
  'list.next': 'Suivants',
  'list.open': 'Ouvrir',
} as const;

export const en: Translation<typeof fr> = {
  'list.title': 'My open tickets',
  'list.title.mine': 'My tickets (requested or assigned)',
  'list.title.toProcess': 'To do (unassigned, my groups)',
  'list.title.group': 'Open tickets of my groups',
  'list.empty.queue': 'Nothing in this queue. Well done!',
  'list.sortByAge': 'Sort by age',
  'list.sortByNewest': 'Newest first',
  'list.sortByPriority': 'Sort by priority',
  'list.empty': 'You have no open ticket. Describe a problem to open one.',
  'list.page': { one: 'Page {page} of {pages} · {count} ticket', other: 'Page {page} of {pages} · {count} tickets' },
  'list.previous': 'Previous',
  'list.next': 'Next',
  'list.open': 'Open',
};
