import type { Translation } from './translation.js';

/** « Créer un ticket » on a Teams message: the dialog prefilled from the message, and its answer. */
export const fr = {
  'messageAction.dialogTitle': 'Créer un ticket',
  'messageAction.requester': 'Demandeur',
  'messageAction.requesterError': 'Choisissez le demandeur.',
  'messageAction.requesterAuthor': '{name} (auteur du message)',
  'messageAction.requesterMe': 'Moi ({name})',
  'messageAction.requesterSelf': 'Demandeur : vous ({name})',
  'messageAction.requesterSearch': 'Quelqu’un d’autre : son nom',
  'messageAction.requesterSearchPlaceholder': 'Nom ou adresse de la personne, cherché dans l’annuaire',
  'messageAction.requesterFound': 'Choisissez le demandeur parmi les personnes trouvées pour « {text} », puis créez le ticket.',
  'messageAction.requesterNotFound': 'Personne ne correspond à « {text} » dans l’annuaire : vérifiez le nom, ou choisissez le demandeur dans la liste.',
  'messageAction.requesterUnknown': 'Ce demandeur est introuvable dans l’annuaire : choisissez-le dans la liste.',
  'messageAction.originalMessage': 'Message d’origine : {url}',
  'messageAction.openMessage': 'Voir le message',
  'messageAction.createdTitle': 'Ticket #{number}',
  'messageAction.created': 'Ticket enregistré. Le support est prévenu ; vous serez tenu au courant dans votre conversation avec Guichet.',
  'messageAction.createdFor': 'Ticket enregistré pour {name}, qui en est prévenu dans sa conversation avec Guichet.',
  'messageAction.cardInChat': 'La carte du ticket, avec ses boutons, vous attend dans votre conversation avec Guichet.',
} as const;

export const en: Translation<typeof fr> = {
  'messageAction.dialogTitle': 'Create ticket',
  'messageAction.requester': 'Requester',
  'messageAction.requesterError': 'Pick the requester.',
  'messageAction.requesterAuthor': '{name} (who wrote the message)',
  'messageAction.requesterMe': 'Me ({name})',
  'messageAction.requesterSelf': 'Requester: you ({name})',
  'messageAction.requesterSearch': 'Someone else: their name',
  'messageAction.requesterSearchPlaceholder': 'Name or email of the person, looked up in the directory',
  'messageAction.requesterFound': 'Pick the requester among the people found for "{text}", then create the ticket.',
  'messageAction.requesterNotFound': 'Nobody matches "{text}" in the directory: check the name, or pick the requester in the list.',
  'messageAction.requesterUnknown': 'This requester is not in the directory: pick them in the list.',
  'messageAction.originalMessage': 'Original message: {url}',
  'messageAction.openMessage': 'View the message',
  'messageAction.createdTitle': 'Ticket #{number}',
  'messageAction.created': 'Ticket saved. The helpdesk has been told; you will be kept posted in your chat with Guichet.',
  'messageAction.createdFor': 'Ticket saved for {name}, who is told in their chat with Guichet.',
  'messageAction.cardInChat': 'The ticket card, with its buttons, is waiting for you in your chat with Guichet.',
};
