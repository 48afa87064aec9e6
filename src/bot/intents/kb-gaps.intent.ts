import { errorCard } from '../../views/error.view.js';
import { kbGapsCard } from '../../views/kb.view.js';
import { isCommand } from '../message-commands.js';
import type { ChatIntent } from './chat-intent.js';

/** « lacunes » / « kb gaps »: the categories solved this month with no article, for leads and admins. */
export const kbGaps: ChatIntent = {
  name: 'kbGaps',
  select: (message) => (isCommand(message, 'kbGaps') ? true : null),
  async handle(turn) {
    const { identity, services, actor } = turn;
    const report = await services.findKbGaps.execute(identity.tenantId, actor);
    await turn.send(report.ok ? kbGapsCard(identity.language, services.categories, report.value) : errorCard(identity.language, report.error));
  },
};
