import type { z } from 'zod';
import { waitData } from '../card-data.schemas.js';
import { localToUtc } from '../planned-start.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** A « jusqu'au » date without a time: the ticket is back on that day's morning, as a planned task would be. */
const DEFAULT_TIME = '09:00';

/**
 * « Mettre en attente… »: the reason is shown to the requester and stays in the timeline; with
 * « jusqu'au », the clock resumes the ticket then. The date and time are read in the
 * technician's time zone (Teams sends it with every click); a time alone means today.
 */
export const wait: TicketCommandSpec<z.infer<typeof waitData>> = {
  verb: VERBS.wait,
  schema: waitData,
  run: change(({ reason, untilDate, untilTime }, services, { identity }) => ({
    type: 'wait',
    reason,
    followupId: services.newId(),
    until: holdEnd(untilDate, untilTime, identity.timeZone),
  })),
};

/** The instant the hold ends, or null when no date nor time was given; a past one is refused by the domain. */
function holdEnd(date: string, time: string, timeZone: string | undefined): Date | null {
  if (date === '' && time === '') return null;
  return localToUtc(date || todayIn(timeZone), time || DEFAULT_TIME, timeZone);
}

/** Today's date where the technician is, as an Input.Date writes it (YYYY-MM-DD). */
function todayIn(timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}
