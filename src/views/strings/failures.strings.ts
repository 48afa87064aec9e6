import type { Translation } from './translation.js';

/** The list of notifications Teams refused (« échecs »). */
export const fr = {
  'failures.title': 'Notifications non délivrées',
  'failures.empty': 'Aucune : Teams a tout accepté.',
  'failures.row': 'Ticket #{number} → {recipient}',
  'failures.rowNoTicket': 'Message → {recipient}',
  'failures.what.digest': 'liste de tickets à surveiller',
  'failures.what.new': 'annonce d’un nouveau ticket',
  'failures.what.assigned': 'attribution',
  'failures.what.copies': 'mise à jour des cartes',
  'failures.what.update': 'suivi du ticket',
  'failures.copies': 'copies de la carte',
  'failures.channel': 'canal du groupe {group}',
  'failures.error': 'erreur Teams',
} as const;

export const en: Translation<typeof fr> = {
  'failures.title': 'Undelivered notifications',
  'failures.empty': 'None: Teams accepted everything.',
  'failures.row': 'Ticket #{number} → {recipient}',
  'failures.rowNoTicket': 'Message → {recipient}',
  'failures.what.digest': 'list of tickets to watch',
  'failures.what.new': 'new ticket announcement',
  'failures.what.assigned': 'assignment',
  'failures.what.copies': 'card update',
  'failures.what.update': 'ticket update',
  'failures.copies': 'card copies',
  'failures.channel': 'group {group}’s channel',
  'failures.error': 'Teams error',
};
