import type { Translation } from './translation.js';

/**
 * SLA alerts: the digest card a group's channel (or its lead, or an escalation contact) gets
 * when tickets reach an escalation level, one line per ticket, kept up to date in place.
 */
export const fr = {
  'alerts.title': 'Alertes SLA — {group}',
  'alerts.titleNoGroup': 'Alertes SLA',
  'alerts.feed': '{title} : {sentence}',
  'alerts.mention': { one: '{lead}, un ticket demande votre attention.', other: '{lead}, {count} tickets demandent votre attention.' },
  'alerts.summary': { one: 'Un ticket demande votre attention.', other: '{count} tickets demandent votre attention.' },
  'alerts.level.own': '{percent} % du délai de prise en charge',
  'alerts.level.ownBreached': 'délai de prise en charge dépassé',
  'alerts.level.resolve': '{percent} % du délai de résolution',
  'alerts.level.resolveBreached': 'délai de résolution dépassé',
  'alerts.left': 'encore {left}',
  'alerts.late': 'en retard de {late}',
  'alerts.paused': 'délai suspendu (en attente)',
  'alerts.takenBy': 'pris par {name}',
  'alerts.unassigned': 'non attribué',
  'alerts.more': { one: '… et 1 autre', other: '… et {count} autres' },
  'alerts.handled': { one: '1 ticket traité depuis l’alerte (résolu ou transféré).', other: '{count} tickets traités depuis l’alerte (résolus ou transférés).' },
  'alerts.allHandled': 'Tout est traité.',
} as const;

export const en: Translation<typeof fr> = {
  'alerts.title': 'SLA alerts — {group}',
  'alerts.titleNoGroup': 'SLA alerts',
  'alerts.feed': '{title}: {sentence}',
  'alerts.mention': { one: '{lead}, 1 ticket needs your attention.', other: '{lead}, {count} tickets need your attention.' },
  'alerts.summary': { one: '1 ticket needs your attention.', other: '{count} tickets need your attention.' },
  'alerts.level.own': '{percent}% of the time to own',
  'alerts.level.ownBreached': 'time to own exceeded',
  'alerts.level.resolve': '{percent}% of the time to resolve',
  'alerts.level.resolveBreached': 'time to resolve exceeded',
  'alerts.left': '{left} left',
  'alerts.late': 'late by {late}',
  'alerts.paused': 'clock paused (on hold)',
  'alerts.takenBy': 'taken by {name}',
  'alerts.unassigned': 'unassigned',
  'alerts.more': { one: '… and 1 more', other: '… and {count} more' },
  'alerts.handled': { one: '1 ticket handled since the alert (solved or transferred).', other: '{count} tickets handled since the alert (solved or transferred).' },
  'alerts.allHandled': 'All handled.',
};
