import type { Translation } from './translation.js';

/**
 * A message typed in the chat while tickets wait for their requester: is it about one of
 * them (the solution still fails, something to add) or a new problem?
 */
export const fr = {
  'chatReply.intro': { one: 'Un de vos tickets attend votre réponse.', other: '{count} de vos tickets attendent votre réponse.' },
  'chatReply.question': 'Est-ce à propos du ticket #{number} ({title}) ?',
  'chatReply.solved': 'Résolu — solution proposée : {solution}',
  'chatReply.pending': 'En attente : {reason}',
  'chatReply.stillBroken': 'Toujours pas résolu',
  'chatReply.addToTicket': 'Ajouter à ce ticket',
  'chatReply.newProblem': 'Non, c’est un nouveau problème',
  'chatReply.hint': 'Votre message sera joint au ticket choisi.',
} as const;

export const en: Translation<typeof fr> = {
  'chatReply.intro': { one: 'One of your tickets is waiting for your answer.', other: '{count} of your tickets are waiting for your answer.' },
  'chatReply.question': 'Is it about ticket #{number} ({title})?',
  'chatReply.solved': 'Solved — proposed solution: {solution}',
  'chatReply.pending': 'Pending: {reason}',
  'chatReply.stillBroken': 'Still not solved',
  'chatReply.addToTicket': 'Add to this ticket',
  'chatReply.newProblem': 'No, it’s a new problem',
  'chatReply.hint': 'Your message will go to the ticket you choose.',
};
