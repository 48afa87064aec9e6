import formTemplate from '../../cards/alert-lead-form.card.json' with { type: 'json' };
import type { Group } from '../domain/group.js';
import { TICKET_LIMITS, type Ticket } from '../domain/ticket.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';
import type { ListRef } from './ticket.view.js';

export interface AlertLeadFormContext {
  readonly language: Language;
  readonly back?: ListRef;
  /** the reason typed on a refused form */
  readonly typed?: string;
  /** the refusal, already in words */
  readonly error?: string;
}

/**
 * « Alerter le responsable » (hierarchical escalation, seed 001): what the technician lacks,
 * and who will read it. A group with neither a lead nor a channel would tell nobody: the form
 * says so and offers nothing to send.
 */
export function alertLeadFormCard(ticket: Ticket, group: Group | null, ctx: AlertLeadFormContext): Record<string, unknown> {
  const { language } = ctx;
  const lead = group?.lead ?? null;
  const heard = lead !== null || group?.hasChannel === true;
  const error = ctx.error ?? '';
  return renderCard(formTemplate, {
    show: { error: error !== '', form: heard },
    error: plainText(error),
    heading: t(language, 'escalation.lead.title', { number: ticket.number }),
    title: plainText(ticket.title),
    who: plainText(
      lead
        ? t(language, 'escalation.lead.who', { name: lead.name })
        : t(language, heard ? 'escalation.lead.channelOnly' : 'escalation.lead.nobody'),
    ),
    values: { reason: ctx.typed ?? '' },
    limits: { reason: TICKET_LIMITS.reasonMax },
    ref: { number: ticket.number, version: ticket.version, ...ctx.back },
    viewRef: { number: ticket.number, ...ctx.back },
    labels: {
      reason: t(language, 'escalation.lead.reason'),
      reasonRequired: t(language, 'escalation.lead.reasonRequired'),
      submit: t(language, 'escalation.lead.submit'),
      cancel: t(language, 'escalation.form.cancel'),
    },
  });
}
