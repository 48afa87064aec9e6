import helpTemplate from '../../cards/help.card.json' with { type: 'json' };
import welcomeTemplate from '../../cards/welcome.card.json' with { type: 'json' };
import { t, type Language } from './i18n.js';
import { renderCard } from './render-card.js';

export function welcomeCard(language: Language) {
  return renderCard(welcomeTemplate, {
    title: t(language, 'welcome.title'),
    body: t(language, 'welcome.body'),
    hint: t(language, 'welcome.hint'),
  });
}

export function helpCard(language: Language) {
  return renderCard(helpTemplate, {
    title: t(language, 'help.title'),
    commands: [
      { command: t(language, 'help.describe'), text: t(language, 'help.describe.text') },
      { command: t(language, 'help.myTickets'), text: t(language, 'help.myTickets.text') },
      { command: t(language, 'help.myRequests'), text: t(language, 'help.myRequests.text') },
      { command: t(language, 'help.newTicket'), text: t(language, 'help.newTicket.text') },
      { command: t(language, 'help.toProcess'), text: t(language, 'help.toProcess.text') },
      { command: t(language, 'help.group'), text: t(language, 'help.group.text') },
      { command: t(language, 'help.link'), text: t(language, 'help.link.text') },
      { command: t(language, 'help.failures'), text: t(language, 'help.failures.text') },
      { command: t(language, 'help.language'), text: t(language, 'help.language.text') },
      { command: t(language, 'help.help'), text: t(language, 'help.help.text') },
    ],
  });
}
