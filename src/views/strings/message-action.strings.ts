import type { Translation } from './translation.js';

/** « Créer un ticket » on a Teams message: the dialog prefilled from the message, and its answer. */
export const fr = {
  'messageAction.dialogTitle': 'Créer un ticket',
  'messageAction.requester': 'Demandeur',
  'messageAction.requesterError': 'Choisissez le demandeur.',
  'messageAction.requesterAuthor': '{name} (auteur du message)',
  'messageAction.requesterMe': 'Moi ({name})',
  'messageAction.requesterSelf': 'Demandeur : vous ({name})',
  'messageAction.originalMessage': 'Message d’origine : {url}',
  'messageAction.openMessage': 'Voir le message',
  'messageAction.createdTitle': 'Ticket #{number}',
  'messageAction.created': 'Ticket enregistré. Le support est prévenu ; vous serez tenu au courant dans votre conversation avec Guichet.',
  'messageAction.createdFor': 'Ticket enregistré pour {name}, qui en est prévenu dans sa conversation avec Guichet.',
} as const;

export const en: Translation<typeof fr> = {
  'messageAction.dialogTitle': 'Create ticket',
  'messageAction.requester': 'Requester',
  'messageAction.requesterError': 'Pick the requester.',
  'messageAction.requesterAuthor': '{name} (who wrote the message)',
  'messageAction.requesterMe': 'Me ({name})',
  'messageAction.requesterSelf': 'Requester: you ({name})',
  'messageAction.originalMessage': 'Original message: {url}',
  'messageAction.openMessage': 'View the message',
  'messageAction.createdTitle': 'Ticket #{number}',
  'messageAction.created': 'Ticket saved. The helpdesk has been told; you will be kept posted in your chat with Guichet.',
  'messageAction.createdFor': 'Ticket saved for {name}, who is told in their chat with Guichet.',
};
