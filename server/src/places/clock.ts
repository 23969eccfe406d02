/**
 * The instant "open now" and "open this month" are judged at. Tests set `placesClock.now` to a
 * fixed instant (they run the server in their own process); everything else leaves it alone.
 * Check-ins do not use it: their day is the database's (`now() at time zone 'Europe/Paris'`),
 * the same for every server process.
 */
export const placesClock = { now: (): Date => new Date() };

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  weekday: 'short',
  month: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** ISO weekday, month and "HH:MM" of an instant in Europe/Paris. */
export function parisTime(at: Date): { day: number; month: number; hhmm: string } {
  const parts = Object.fromEntries(parisParts.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: weekdays[parts.weekday!]!, month: Number(parts.month), hhmm: `${parts.hour}:${parts.minute}` };
}
