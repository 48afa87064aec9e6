import { errorCard } from '../../views/error.view.js';
import { t } from '../../views/i18n.js';
import { COMMANDS } from '../message-commands.js';
import { channelLanguage } from './channel-language.js';
import type { ChatIntent } from './chat-intent.js';

const LINK = new RegExp(`^(?:${COMMANDS.linkGroup.words.join('|')})\\s+([a-z0-9-]{1,50})$`);

/** « lier groupe <id> » typed in a channel: the group's new tickets are posted there from now on. */
export const linkGroup: ChatIntent<string> = {
  name: 'linkGroup',
  where: 'channel',
  select: (message) => LINK.exec(message.key)?.[1] ?? null,
  async handle(turn, groupId) {
    const { identity, services, actor } = turn;
    // a channel is shared: the command's own words say the team's language, not the typist's client
    const language = channelLanguage(turn.message.key, services.channelLocale);
    const linked = await services.linkGroupChannel.execute(identity.tenantId, actor, groupId, turn.conversationReference());
    if (!linked.ok) {
      await turn.send(errorCard(language, linked.error));
      return;
    }
    await turn.sendText(t(language, 'notice.channelLinked', { group: linked.value.name[language] }));
  },
};
