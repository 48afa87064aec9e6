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

/** Dates are shown in the reader's own time zone (Teams sends it as `localTimezone`). */
export function formatDateTime(date: Date, language: Language, timeZone: string | undefined): string {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  try {
    return formatter(locale, timeZone || 'UTC').format(date);
  } catch {
    return `${formatter(locale, 'UTC').format(date)} UTC`;
  }
}
