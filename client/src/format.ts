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

/** A grading as the team writes it: source evaluation / intelligence assessment / handling code. */
export const formatGrading = (g: { sourceEval: number | string; intelAssessment: string; handlingCode: string }): string =>
  `${g.sourceEval} / ${g.intelAssessment} / ${g.handlingCode}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a calendar day, or null when there is no such day (31/02 is not 3 March). */
function isoDay(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1000 ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/**
 * A day typed into a date box, day first as in the UK ("31/12/2026", "1-2-2026"), or
 * ISO pasted in: `YYYY-MM-DD`; '' for an empty box; null when it is not a real day.
 */
export function parseDayInput(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (uk) return isoDay(Number(uk[3]), Number(uk[2]), Number(uk[1]));
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  return iso ? isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) : null;
}

/** `YYYY-MM-DD` → "dd/mm/yyyy" for a date box. */
export const formatDayInput = (iso: string): string => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

/** A date and 24-hour time typed day first ("14/11/2026 22:40") → `YYYY-MM-DDTHH:MM`; '' if empty; null if not real. */
export function parseDateTimeInput(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  const m = /^(.+?)[,\sT]+(\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return null;
  const day = parseDayInput(m[1]!);
  const h = Number(m[2]);
  const mi = Number(m[3]);
  return day && h < 24 && mi < 60 ? `${day}T${pad(h)}:${pad(mi)}` : null;
}

/** `YYYY-MM-DDTHH:MM` → "dd/mm/yyyy hh:mm". */
export const formatDateTimeInput = (iso: string): string => (iso ? `${formatDayInput(iso.slice(0, 10))} ${iso.slice(11, 16)}` : '');
