import leadAlertTemplate from '../../../cards/lead-alert.card.json' with { type: 'json' };
import { cutAt } from '../../domain/text.js';
import { levelLabel, statusLabel, t, type MessageKey } from '../i18n.js';
import { mentionOf } from '../mention.js';
import { plainText } from '../plain-text.js';
import { renderCard } from '../render-card.js';
import type { RenderContext, Renderer } from './renderer.js';
import { ticketNotice } from './ticket-notice.view.js';

/** A group's name in the reader's language; its id if the helpdesk no longer has it. */
const groupName = (groupId: string | null, { groups, language }: RenderContext): string =>
  groups.find((group) => group.id === groupId)?.name[language] ?? groupId ?? t(language, 'ticket.none');

/** the summary in the card's banner: the start of it, the ticket keeps it whole (a private followup) */
export const BANNER_SUMMARY_MAX = 1_500;
const bannerSummary = (summary: string) => (summary.length > BANNER_SUMMARY_MAX ? `${cutAt(summary, BANNER_SUMMARY_MAX).trimEnd()}…` : summary);

/** The requester: their request went to another group, named in their language (seed 000 5.3). */
export const requestEscalated: Renderer<'request.escalated'> = ({ payload }, ctx) => ({
  text: plainText(t(ctx.language, 'notify.request.escalated', { number: payload.number, title: payload.title, group: groupName(payload.groupId, ctx) })),
});

/** The new group (channel, on-duty or chosen technician): the ticket card, the summary of what was tried as its banner. */
const escalatedFromGroup = ticketNotice<'ticket.escalated'>('notify.ticket.escalated', {
  note: (payload) => bannerSummary(payload.summary),
  banner: 'notify.ticket.escalatedFromBanner',
  vars: (payload, ctx) => ({ group: groupName(payload.groupId, ctx), from: groupName(payload.fromGroupId, ctx), level: payload.supportLevel }),
});
const escalatedNoOrigin = ticketNotice<'ticket.escalated'>('notify.ticket.escalated', {
  note: (payload) => bannerSummary(payload.summary),
  banner: 'notify.ticket.escalatedBanner',
  vars: (payload, ctx) => ({ group: groupName(payload.groupId, ctx), level: payload.supportLevel }),
});
export const ticketEscalated: Renderer<'ticket.escalated'> = (notification, ctx) =>
  (notification.payload.fromGroupId === null ? escalatedNoOrigin : escalatedFromGroup)(notification, ctx);

/** The target group's lead, when nobody there is on duty: the ticket, to hand it to someone. */
export const groupUnstaffed = ticketNotice<'group.unstaffed'>('notify.group.unstaffed', {
  vars: (payload, ctx) => ({ group: groupName(payload.groupId, ctx) }),
});

const leadAlertedToLead = ticketNotice<'lead.alerted'>('notify.lead.alerted', { note: (payload) => payload.reason });

/**
 * A technician asks the lead for help (hierarchical escalation). In the group's channel, a card
 * that mentions the lead (Teams notifies a mentioned person: `<at>` in the text and its entity);
 * in the lead's own chat, the ticket with the same words, nobody to mention.
 */
export const leadAlerted: Renderer<'lead.alerted'> = (notification, ctx) => {
  if (notification.recipient.kind === 'user') return leadAlertedToLead(notification, ctx);
  const { payload, actor } = notification;
  const { language, ticket } = ctx;
  const lead = payload.lead;
  const mention = lead ? mentionOf(lead) : null;
  const at = mention?.text ?? '';
  const key: MessageKey = lead ? 'notify.lead.alertedMention' : 'notify.lead.alertedNoLead';
  // what people typed is escaped piece by piece: the mention itself must stay markup
  const said = (who: string, escape: (text: string) => string) =>
    t(language, key, { lead: who, actor: escape(actor.name), number: payload.number, title: escape(payload.title), note: escape(payload.reason) });
  return {
    // the feed's line is plain text: no markup to escape, no tag
    text: said(lead?.name ?? '', (text) => text),
    card: renderCard(leadAlertTemplate, {
      heading: `#${payload.number} — ${plainText(payload.title)}`,
      sentence: said(at, plainText),
      facts: [
        { title: t(language, 'ticket.group'), value: plainText(groupName(payload.groupId, ctx)) },
        ...(ticket
          ? [
              { title: t(language, 'escalation.lead.status'), value: statusLabel(language, ticket.status) },
              { title: t(language, 'ticket.priority'), value: levelLabel(language, ticket.priority) },
              { title: t(language, 'ticket.assignee'), value: ticket.assignee ? plainText(ticket.assignee.name) : t(language, 'ticket.unassigned') },
            ]
          : []),
      ],
      ref: { number: payload.number },
      labels: { open: t(language, 'action.open') },
      entities: mention ? [mention.entity] : [],
    }),
  };
};

/**
 * An observer: one sentence per kind of change, « #12 — Théo a ajouté un suivi : … ». Only
 * what people typed is escaped: the sentence's own `#12` opens no markdown heading.
 */
export const observerUpdate: Renderer<'observer.update'> = ({ payload, actor }, { language }) => {
  const sentence = t(language, `observer.${payload.event}`, { number: payload.number, actor: plainText(actor.name) });
  const note = payload.text.trim();
  return { text: note ? t(language, 'observer.noted', { sentence, note: plainText(note) }) : t(language, 'observer.bare', { sentence }) };
};
