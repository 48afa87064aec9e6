/**
 * A date and time typed in the technician's own time zone, as the instant it means.
 * Adaptive Card date/time inputs carry no zone; Teams tells us the user's.
 */
export function localToUtc(date: string, time: string, timeZone: string | undefined): Date {
  const asUtc = new Date(`${date}T${time}:00Z`);
  if (!timeZone) return asUtc;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(asUtc);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    return new Date(asUtc.getTime() - (shown - asUtc.getTime()));
  } catch {
    return asUtc;
  }
}
