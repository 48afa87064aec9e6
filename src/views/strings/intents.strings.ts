import type { Translation } from './translation.js';

/** Answers to chat messages that are not quite a command. */
export const fr = {
  'intent.quoted': '« {text} »',
  'intent.unknown': 'Je ne connais pas la commande « {typed} ».',
  'intent.unknown.closest': 'Vouliez-vous dire {commands} ? Ou décrivez votre problème en une phrase : je prépare le ticket.',
  'intent.unknown.help':
    'Tapez « aide » pour voir ce que je comprends, ou décrivez votre problème en une phrase : je prépare le ticket.',
  'intent.seeYours': 'Tapez « mes tickets » pour voir les vôtres.',
} as const;

export const en: Translation<typeof fr> = {
  'intent.quoted': '"{text}"',
  'intent.unknown': 'I don’t know the command "{typed}".',
  'intent.unknown.closest': 'Did you mean {commands}? Or describe your problem in a sentence: I will prepare the ticket.',
  'intent.unknown.help': 'Type "help" to see what I understand, or describe your problem in a sentence: I will prepare the ticket.',
  'intent.seeYours': 'Type "my tickets" to see yours.',
};
