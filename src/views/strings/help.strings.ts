import type { Translation } from './translation.js';

/**
 * The welcome card and « aide »: what the bot understands. A queue command's line is
 * `help.queue.text` filled with that queue's description and order (ticket-list strings),
 * so the help says how the list really sorts.
 */
export const fr = {
  'welcome.title': 'Bienvenue sur Guichet',
  'welcome.body':
    "Je suis le support informatique dans Teams. Décrivez votre problème en une phrase ou deux et je prépare le ticket ; je vous tiens au courant ici jusqu’à sa résolution.",
  'welcome.hint': 'Tapez « aide » pour voir ce que je comprends.',
  'welcome.channel.title': 'Guichet est installé dans ce canal',
  'welcome.channel.body':
    'Pour que les nouveaux tickets d’un groupe arrivent ici, son responsable (ou un administrateur) écrit dans ce canal : @Guichet lier groupe <id>. Chacun pourra alors les prendre depuis le canal.',
  'welcome.channel.hint': 'Pour signaler un problème, écrivez-moi en conversation privée. « @Guichet aide » montre ce que je comprends.',
  'help.title': 'Ce que je comprends',
  'help.queue.text': '{about}, {order}.',
  'help.describe': 'Décrivez votre problème',
  'help.describe.text': 'Je prépare un ticket prérempli à vérifier et envoyer.',
  'help.myTickets': 'mes tickets',
  'help.myRequests': 'mes demandes',
  'help.toProcess': 'à traiter',
  'help.group': 'groupe',
  'help.atRisk': 'alertes',
  'help.global': 'global',
  'help.newTicket': 'nouveau ticket',
  'help.newTicket.text': 'Un formulaire de ticket vierge.',
  'help.openTicket': 'ticket 12',
  'help.openTicket.text': 'Le ticket n° 12, si vous pouvez le voir (« #12 » marche aussi).',
  'help.link': 'lier groupe <id>',
  'help.link.text': 'Dans le canal Teams d’un groupe : y recevoir ses nouveaux tickets.',
  'help.failures': 'échecs',
  'help.failures.text': 'Les notifications que Teams a refusées.',
  'help.language': 'english',
  'help.language.text': 'Me parler en anglais (« français » pour revenir).',
  'help.help': 'aide',
  'help.help.text': 'Ce message.',
} as const;

export const en: Translation<typeof fr> = {
  'welcome.title': 'Welcome to Guichet',
  'welcome.body':
    'I am the IT helpdesk inside Teams. Describe your problem in a sentence or two and I will prepare the ticket; I will keep you posted here until it is solved.',
  'welcome.hint': 'Type "help" to see what I understand.',
  'welcome.channel.title': 'Guichet is installed in this channel',
  'welcome.channel.body':
    'To have a group’s new tickets posted here, its lead (or an admin) writes in this channel: @Guichet link group <id>. Everyone here can then take them from the channel.',
  'welcome.channel.hint': 'To report a problem, write to me in a personal chat. "@Guichet help" shows what I understand.',
  'help.title': 'What I understand',
  'help.queue.text': '{about}, {order}.',
  'help.describe': 'Describe your problem',
  'help.describe.text': 'I prepare a prefilled ticket for you to check and send.',
  'help.myTickets': 'my tickets',
  'help.myRequests': 'my requests',
  'help.toProcess': 'to do',
  'help.group': 'group',
  'help.atRisk': 'alerts',
  'help.global': 'global',
  'help.newTicket': 'new ticket',
  'help.newTicket.text': 'A blank ticket form.',
  'help.openTicket': 'ticket 12',
  'help.openTicket.text': 'Ticket #12, if you are allowed to see it ("#12" works too).',
  'help.link': 'link group <id>',
  'help.link.text': 'In a group’s Teams channel: receive its new tickets there.',
  'help.failures': 'failures',
  'help.failures.text': 'Notifications Teams refused.',
  'help.language': 'français',
  'help.language.text': 'Talk to me in French ("english" to come back).',
  'help.help': 'help',
  'help.help.text': 'This message.',
};
