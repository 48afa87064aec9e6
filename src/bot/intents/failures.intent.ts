import { errorCard } from '../../views/error.view.js';
import { failuresCard } from '../../views/failures.view.js';
import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';

/** « échecs »: the notifications Teams refused, for leads and admins. */
export const failures: ChatIntent = {
  name: 'failures',
  select: (message) => (isCommand(message, 'failures') ? true : null),
  async handle(turn) {
    const { identity, services, actor } = turn;
    const listed = await services.listFailedNotifications.execute(identity.tenantId, actor);
    await turn.send(listed.ok ? failuresCard(listed.value, identity.language, identity.timeZone) : errorCard(identity.language, listed.error));
  },
};
