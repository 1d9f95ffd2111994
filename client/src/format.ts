/** Formatting for display, in British English and the browser's time zone. */

const dateTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

const whole = new Intl.NumberFormat('en-GB');

/** "Fri, 14 Nov 2026, 22:40" from an ISO 8601 timestamp. */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));

/** "31 October 2026". */
export const formatDate = (d: Date): string => dateOnly.format(d);

/** "12,345"; a count hidden by disclosure control ("<5", "[c]") as it reads. */
export const formatCount = (n: number | string): string => (typeof n === 'number' ? whole.format(n) : n);

/** The instant `days` whole days before `now`. */
export const daysBefore = (now: Date, days: number): Date => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
