import type { Language } from './i18n.js';

/** Building a formatter is ~100× formatting with one, and every card shows dates. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, found);
  }
  return found;
}

/** Dates are shown to the minute: tickets opened in the same minute share one formatting. */
const formatted = new Map<string, string>();

/** Dates are shown in the reader's own time zone (Teams sends it as `localTimezone`). */
export function formatDateTime(date: Date, language: Language, timeZone: string | undefined): string {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const zone = timeZone || 'UTC';
  const minute = Math.floor(date.getTime() / 60_000);
  const key = `${locale}|${zone}|${minute}`;
  let text = formatted.get(key);
  if (text === undefined) {
    try {
      text = formatter(locale, zone).format(date);
    } catch {
      text = `${formatter(locale, 'UTC').format(date)} UTC`;
    }
    if (formatted.size > 2_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}
