import type { Translation } from './translation.js';

/** The sentences a notification says, one per kind. */
export const fr = {
  'notify.ticket.new': 'Nouveau ticket #{number} : {title}',
  'notify.ticket.taken': '{actor} a pris en charge votre ticket #{number} « {title} ».',
  'notify.ticket.assignedToYou': '{actor} vous a assigné le ticket #{number} : {title}',
  'notify.ticket.transferred': 'Le ticket #{number} « {title} » a été transféré à un autre groupe par {actor}.',
  'notify.ticket.transferredIn': 'Ticket #{number} transféré à votre groupe par {actor} : {title}',
  'notify.followup.public': '{actor} a répondu sur votre ticket #{number} : {note}',
  'notify.followup.private': 'Note privée de {actor} sur le ticket #{number} : {note}',
  'notify.comment.added': 'Le demandeur a commenté le ticket #{number} : {note}',
  'notify.ticket.pending': 'Votre ticket #{number} est en attente : {note}',
  'notify.ticket.resumed': 'Le traitement de votre ticket #{number} a repris.',
  'notify.ticket.solved': 'Une solution est proposée pour votre ticket #{number} « {title} » : {note}',
  'notify.solution.refused': 'Le demandeur a refusé la solution du ticket #{number} : {note}',
  'notify.ticket.closed': 'Votre ticket #{number} « {title} » est clos.',
  'notify.ticket.reopened': 'Le ticket #{number} « {title} » a été rouvert : {note}',
  'notify.digest.title': 'Tickets à surveiller — {group}',
  'notify.digest.count': { one: '{count} ticket demande votre attention.', other: '{count} tickets demandent votre attention.' },
  'notify.digest.line': 'Priorité {priority} · {status}',
  'notify.digest.open': 'Ouvrir #{number}',
} as const;

export const en: Translation<typeof fr> = {
  'notify.ticket.new': 'New ticket #{number}: {title}',
  'notify.ticket.taken': '{actor} has taken your ticket #{number} "{title}" in charge.',
  'notify.ticket.assignedToYou': '{actor} assigned ticket #{number} to you: {title}',
  'notify.ticket.transferred': 'Ticket #{number} "{title}" was transferred to another group by {actor}.',
  'notify.ticket.transferredIn': 'Ticket #{number} transferred to your group by {actor}: {title}',
  'notify.followup.public': '{actor} replied on your ticket #{number}: {note}',
  'notify.followup.private': 'Private note from {actor} on ticket #{number}: {note}',
  'notify.comment.added': 'The requester commented on ticket #{number}: {note}',
  'notify.ticket.pending': 'Your ticket #{number} is on hold: {note}',
  'notify.ticket.resumed': 'Work on your ticket #{number} has resumed.',
  'notify.ticket.solved': 'A solution is proposed for your ticket #{number} "{title}": {note}',
  'notify.solution.refused': 'The requester refused the solution of ticket #{number}: {note}',
  'notify.ticket.closed': 'Your ticket #{number} "{title}" is closed.',
  'notify.ticket.reopened': 'Ticket #{number} "{title}" was reopened: {note}',
  'notify.digest.title': 'Tickets to watch — {group}',
  'notify.digest.count': { one: '{count} ticket needs your attention.', other: '{count} tickets need your attention.' },
  'notify.digest.line': 'Priority {priority} · {status}',
  'notify.digest.open': 'Open #{number}',
};
