import type { Translation } from './translation.js';

/** What someone reads when they go faster than the per-user limits allow. */
export const fr = {
  'limits.creations': {
    one: 'Vous avez ouvert beaucoup de tickets en peu de temps : merci de patienter {count} seconde avant d’en ouvrir un autre. Votre formulaire reste là.',
    other: 'Vous avez ouvert beaucoup de tickets en peu de temps : merci de patienter {count} secondes avant d’en ouvrir un autre. Votre formulaire reste là.',
  },
  'limits.creationsDialog': {
    one: 'Vous avez ouvert beaucoup de tickets en peu de temps : merci de patienter {count} seconde, puis rouvrez « Créer un ticket » sur ce message.',
    other: 'Vous avez ouvert beaucoup de tickets en peu de temps : merci de patienter {count} secondes, puis rouvrez « Créer un ticket » sur ce message.',
  },
  'limits.actions': {
    one: 'Vous allez un peu vite : merci de patienter {count} seconde, puis réessayez.',
    other: 'Vous allez un peu vite : merci de patienter {count} secondes, puis réessayez.',
  },
} as const;

export const en: Translation<typeof fr> = {
  'limits.creations': {
    one: 'You have opened many tickets in a short time: please wait {count} second before opening another one. Your form is still here.',
    other: 'You have opened many tickets in a short time: please wait {count} seconds before opening another one. Your form is still here.',
  },
  'limits.creationsDialog': {
    one: 'You have opened many tickets in a short time: please wait {count} second, then open "Create ticket" on this message again.',
    other: 'You have opened many tickets in a short time: please wait {count} seconds, then open "Create ticket" on this message again.',
  },
  'limits.actions': {
    one: 'You are going a little fast: please wait {count} second, then try again.',
    other: 'You are going a little fast: please wait {count} seconds, then try again.',
  },
};
