import type { Language } from '../../domain/category.js';
import { errorCard } from '../../views/error.view.js';
import { languageOf, t } from '../../views/i18n.js';
import { COMMANDS } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';

const LINK = new RegExp(`^(?:${COMMANDS.linkGroup.words.join('|')})\\s+([a-z0-9-]{1,50})$`);

/**
 * A channel is shared: the locale of whoever typed there says nothing of the team's language,
 * but the command's own words do (« lier groupe » is French, "link group" English).
 */
const WORD_LANGUAGE: Readonly<Record<(typeof COMMANDS.linkGroup.words)[number], Language>> = { 'lier groupe': 'fr', 'link group': 'en' };

/** The language of the command typed, else the helpdesk's own (GUICHET_DEFAULT_LOCALE). */
export function linkGroupLanguage(key: string, helpdeskLocale: string): Language {
  const word = COMMANDS.linkGroup.words.find((w) => key.startsWith(`${w} `));
  return word ? WORD_LANGUAGE[word] : languageOf(helpdeskLocale);
}

/** « lier groupe <id> » typed in a channel: the group's new tickets are posted there from now on. */
export const linkGroup: ChatIntent<string> = {
  name: 'linkGroup',
  where: 'channel',
  select: (message) => LINK.exec(message.key)?.[1] ?? null,
  async handle(turn, groupId) {
    const { identity, services, actor } = turn;
    const language = linkGroupLanguage(turn.message.key, services.channelLocale);
    const linked = await services.linkGroupChannel.execute(identity.tenantId, actor, groupId, turn.conversationReference());
    if (!linked.ok) {
      await turn.send(errorCard(language, linked.error));
      return;
    }
    await turn.sendText(t(language, 'notice.channelLinked', { group: linked.value.name[language] }));
  },
};
