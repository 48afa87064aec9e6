import type { Translation } from './translation.js';

/**
 * Published articles offered above the new-ticket form when they match the described problem
 * (« Ceci peut vous aider »), and the card that thanks the requester when one solved it: no
 * ticket, the solution kept, and the form still one click away.
 */
export const fr = {
  'deflection.heading': 'Ceci peut vous aider',
  'deflection.intro': 'Ces solutions correspondent à votre message. Si l’une d’elles règle le problème, inutile de créer un ticket.',
  'deflection.showSolution': 'Voir la solution',
  'deflection.solved': 'Ça a résolu mon problème',
  'deflection.createAnyway': 'Créer le ticket quand même',
  'deflection.thanks.title': 'Tant mieux, problème réglé !',
  'deflection.thanks.text': 'Aucun ticket n’a été créé. Voici la solution qui a marché, si vous en avez de nouveau besoin.',
  'deflection.thanks.again': 'Le problème revient ? Votre formulaire est conservé : créez le ticket.',
  'deflection.gone.title': 'Article retiré',
  'deflection.gone': 'Cet article n’est plus publié. Rien n’a été compté : créez le ticket si le problème persiste, votre formulaire est conservé.',
} as const;

export const en: Translation<typeof fr> = {
  'deflection.heading': 'This might help',
  'deflection.intro': 'These solutions match your message. If one of them fixes the problem, there is no need for a ticket.',
  'deflection.showSolution': 'Show the solution',
  'deflection.solved': 'That solved my problem',
  'deflection.createAnyway': 'Create the ticket anyway',
  'deflection.thanks.title': 'Glad that fixed it!',
  'deflection.thanks.text': 'No ticket was created. Here is the solution that worked, should you need it again.',
  'deflection.thanks.again': 'Problem back? Your form is kept: create the ticket.',
  'deflection.gone.title': 'Article withdrawn',
  'deflection.gone': 'This article is no longer published. Nothing was counted: create the ticket if the problem remains, your form is kept.',
};
