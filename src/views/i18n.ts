import type { Language } from '../domain/category.js';
import type { Level } from '../domain/priority.js';
import type { TicketStatus, TicketType } from '../domain/ticket.js';

export type { Language };

/** Teams sends e.g. "fr-FR", "fr-CA", "en-US"; anything not French is answered in English. */
export function languageOf(locale: string | undefined | null): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

import * as alerts from './strings/alerts.strings.js';
import * as chatReply from './strings/chat-reply.strings.js';
import * as deflection from './strings/deflection.strings.js';
import * as kb from './strings/kb.strings.js';
import * as exporting from './strings/export.strings.js';
import * as statistics from './strings/statistics.strings.js';
import * as errors from './strings/errors.strings.js';
import * as escalation from './strings/escalation.strings.js';
import * as failures from './strings/failures.strings.js';
import * as help from './strings/help.strings.js';
import * as intents from './strings/intents.strings.js';
import * as limits from './strings/limits.strings.js';
import * as call from './strings/call.strings.js';
import * as messageAction from './strings/message-action.strings.js';
import * as notification from './strings/notification.strings.js';
import * as resolution from './strings/resolution.strings.js';
import * as ticketForm from './strings/ticket-form.strings.js';
import * as ticketList from './strings/ticket-list.strings.js';
import * as ticket from './strings/ticket.strings.js';
import type { Message } from './strings/translation.js';

/** Strings live by feature in `strings/`; a key is unique across features (checked by a test). */
const FEATURES = [help, intents, ticketForm, ticket, ticketList, notification, failures, errors, limits, resolution, chatReply, escalation, alerts, messageAction, call, deflection, kb, exporting, statistics] as const;

const fr = { ...help.fr, ...intents.fr, ...ticketForm.fr, ...ticket.fr, ...ticketList.fr, ...notification.fr, ...failures.fr, ...errors.fr, ...limits.fr, ...resolution.fr, ...chatReply.fr, ...escalation.fr, ...alerts.fr, ...messageAction.fr, ...call.fr, ...deflection.fr, ...kb.fr, ...exporting.fr, ...statistics.fr };
type MessageKey = keyof typeof fr;
const en: Readonly<Record<MessageKey, Message>> = {
  ...help.en,
  ...intents.en,
  ...ticketForm.en,
  ...ticket.en,
  ...ticketList.en,
  ...notification.en,
  ...failures.en,
  ...errors.en,
  ...limits.en,
  ...resolution.en,
  ...chatReply.en,
  ...escalation.en,
  ...alerts.en,
  ...messageAction.en,
  ...call.en,
  ...deflection.en,
  ...kb.en,
  ...exporting.en,
  ...statistics.en,
};

export const MESSAGES: Readonly<Record<Language, Readonly<Record<MessageKey, Message>>>> = { fr, en };
export type { MessageKey };

/** Every feature's key list, so a test can check no two features define the same key. */
export const FEATURE_KEYS: readonly (readonly string[])[] = FEATURES.map((feature) => Object.keys(feature.fr));

const pluralRules: Readonly<Record<Language, Intl.PluralRules>> = {
  fr: new Intl.PluralRules('fr'),
  en: new Intl.PluralRules('en'),
};

/** The sentence for `key` in `language`, its `{placeholders}` filled; plural forms follow `vars.count`. */
export function t(language: Language, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const message = MESSAGES[language][key];
  const text =
    typeof message === 'string'
      ? message
      : pluralRules[language].select(Number(vars.count ?? 0)) === 'one'
        ? message.one
        : message.other;
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export const statusLabel = (language: Language, status: TicketStatus) => t(language, `status.${status}`);
export const typeLabel = (language: Language, type: TicketType) => t(language, `type.${type}`);
export const levelLabel = (language: Language, level: Level) => t(language, `level.${level}`);
