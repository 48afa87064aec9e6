import digestTemplate from '../../../cards/group-digest.card.json' with { type: 'json' };
import { levelLabel, statusLabel, t } from '../i18n.js';
import { plainText } from '../plain-text.js';
import { renderCard } from '../render-card.js';
import type { Renderer } from './renderer.js';

/** A list of tickets posted to a group's channel, each line opening its ticket. */
export const groupDigest: Renderer<'group.digest'> = ({ payload }, { language, groups }) => {
  const group = groups.find((g) => g.id === payload.groupId);
  return {
    card: renderCard(digestTemplate, {
      title: plainText(t(language, 'notify.digest.title', { group: group?.name[language] ?? payload.groupId })),
      summary: t(language, 'notify.digest.count', { count: payload.tickets.length }),
      rows: payload.tickets.map((line) => ({
        number: line.number,
        label: `#${line.number}`,
        title: plainText(line.title),
        meta: t(language, 'notify.digest.line', { priority: levelLabel(language, line.priority), status: statusLabel(language, line.status) }),
        open: t(language, 'notify.digest.open', { number: line.number }),
      })),
    }),
  };
};
