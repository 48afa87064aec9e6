import type { Language } from '../../views/i18n.js';
import { helpCard } from '../../views/welcome.view.js';
import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';
import { helpLines } from './help.intent.js';

/** « français » / « english »: answered in that language from now on, whatever Teams' locale. */
export const language: ChatIntent<Language> = {
  name: 'language',
  where: 'personal',
  select: (message) => (isCommand(message, 'french') ? 'fr' : isCommand(message, 'english') ? 'en' : null),
  async handle(turn, chosen) {
    const { identity, services, actor } = turn;
    await services.chooseLanguage.execute(identity.tenantId, actor.id, chosen);
    await turn.send(helpCard(chosen, helpLines(actor)));
  },
};
