import helpTemplate from '../../cards/help.card.json' with { type: 'json' };
import welcomeTemplate from '../../cards/welcome.card.json' with { type: 'json' };
import { DEFAULT_SORT, type QueueName } from '../domain/queue.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';

export function welcomeCard(language: Language) {
  return renderCard(welcomeTemplate, {
    title: t(language, 'welcome.title'),
    body: t(language, 'welcome.body'),
    hint: t(language, 'welcome.hint'),
  });
}

/**
 * The welcome of a team channel, in the helpdesk's language (a channel is shared: nobody's
 * locale is the team's). It says what a channel is for here: a group's tickets, linked by its lead.
 */
export function channelWelcomeCard(language: Language) {
  return renderCard(welcomeTemplate, {
    title: t(language, 'welcome.channel.title'),
    // shown as typed: « <id> » is no HTML tag
    body: plainText(t(language, 'welcome.channel.body')),
    hint: t(language, 'welcome.channel.hint'),
  });
}

/**
 * One line of « aide ». A queue command names the queue it opens for this user, so its
 * line says what that list holds and in which order it really comes.
 */
export type HelpLine =
  | { readonly topic: 'myTickets' | 'myRequests' | 'toProcess' | 'group' | 'atRisk' | 'global'; readonly queue: QueueName }
  | { readonly topic: 'describe' | 'newTicket' | 'call' | 'openTicket' | 'kbSearch' | 'link' | 'failures' | 'kbGaps' | 'stats' | 'language' | 'help' };

/** What this user may ask: the lines are chosen by the caller from what they may do. */
export function helpCard(language: Language, lines: readonly HelpLine[]) {
  return renderCard(helpTemplate, {
    title: t(language, 'help.title'),
    commands: lines.map((line) => ({
      // a command is shown as it is typed: « lier groupe <id> », not an HTML tag
      command: plainText(t(language, `help.${line.topic}`)),
      text:
        'queue' in line
          ? t(language, 'help.queue.text', {
              about: t(language, `list.about.${line.queue}`),
              order: t(language, `list.order.${DEFAULT_SORT[line.queue]}`),
            })
          : t(language, `help.${line.topic}.text`),
    })),
  });
}
