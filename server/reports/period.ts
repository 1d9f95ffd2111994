import { localToUtc, zoneOffsetMs } from '../time/zone.js';

/**
 * Report periods in the team's time zone. A period is `[from, to)`. Restricted readers'
 * reports use whole calendar months only, so two reports can differ by whole months and
 * never by an hour or a day (docs/DISCLOSURE.md).
 */

export interface Period {
  from: Date;
  /** exclusive */
  to: Date;
}

/** Months a report covers when none is asked for: the last whole quarter. */
export const DEFAULT_MONTHS = 3;
/** The longest period a report may cover. */
export const MAX_MONTHS = 60;

/** `YYYY-MM` of an instant in a zone. @example monthKey(new Date('2026-03-31T23:30:00Z'), 'Europe/London') // '2026-04' */
export function monthKey(at: Date, timeZone: string): string {
  return new Date(at.getTime() + zoneOffsetMs(at, timeZone)).toISOString().slice(0, 7);
}

/** The key `n` months after a `YYYY-MM` key. @example addMonths('2026-11', 3) // '2027-02' */
export function addMonths(key: string, n: number): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The instant a local month starts. @example monthStart('2026-07', 'Europe/London') // 2026-06-30T23:00:00Z */
export function monthStart(key: string, timeZone: string): Date {
  return localToUtc(`${key}-01T00:00`, timeZone)!;
}

/**
 * Widens a period to whole local months: `from` back to the start of its month, `to`
 * forward to the start of the next month unless it already is one.
 * @example wholeMonths({ from: 2026-03-15, to: 2026-05-02 }, tz) // 2026-03-01 .. 2026-06-01 local
 */
export function wholeMonths(p: Period, timeZone: string): Period {
  const from = monthStart(monthKey(p.from, timeZone), timeZone);
  const endKey = monthKey(p.to, timeZone);
  const endStart = monthStart(endKey, timeZone);
  const to = endStart.getTime() === p.to.getTime() ? endStart : monthStart(addMonths(endKey, 1), timeZone);
  return { from, to };
}

/** The last `months` whole months before the month of `now`. */
export function defaultPeriod(now: Date, timeZone: string, months = DEFAULT_MONTHS): Period {
  const current = monthKey(now, timeZone);
  return { from: monthStart(addMonths(current, -months), timeZone), to: monthStart(current, timeZone) };
}

/** Whether a period starts and ends on local month boundaries. */
export function isWholeMonths(p: Period, timeZone: string): boolean {
  return monthStart(monthKey(p.from, timeZone), timeZone).getTime() === p.from.getTime() && monthStart(monthKey(p.to, timeZone), timeZone).getTime() === p.to.getTime();
}

/** Whole months from `from`'s month up to (not including) the month `to` starts. */
export function monthsOf(p: Period, timeZone: string): string[] {
  const out: string[] = [];
  const last = monthKey(new Date(p.to.getTime() - 1), timeZone);
  for (let k = monthKey(p.from, timeZone); k <= last && out.length <= MAX_MONTHS * 3; k = addMonths(k, 1)) out.push(k);
  return out;
}

/** Length of a whole-month period in months. */
export const monthCount = (p: Period, timeZone: string) => monthsOf(p, timeZone).length;

export interface Comparisons {
  previous: Period;
  lastYear: Period;
}

/**
 * The period just before (same length) and the same period a year earlier. Whole-month
 * periods compare with whole months; others shift by their length and by a calendar year.
 */
export function comparisons(p: Period, timeZone: string): Comparisons {
  if (isWholeMonths(p, timeZone)) {
    const start = monthKey(p.from, timeZone);
    const n = monthCount(p, timeZone);
    const end = monthKey(p.to, timeZone);
    return {
      previous: { from: monthStart(addMonths(start, -n), timeZone), to: p.from },
      lastYear: { from: monthStart(addMonths(start, -12), timeZone), to: monthStart(addMonths(end, -12), timeZone) },
    };
  }
  const len = p.to.getTime() - p.from.getTime();
  const yearAgo = (d: Date) => new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  return { previous: { from: new Date(p.from.getTime() - len), to: p.from }, lastYear: { from: yearAgo(p.from), to: yearAgo(p.to) } };
}

/** A period as people write it: "1 Jan 2026 – 31 Mar 2026" (the last day included). */
export function describePeriod(p: Period, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
  const fmtTime = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const midnight = (d: Date) => new Date(d.getTime() + zoneOffsetMs(d, timeZone)).toISOString().slice(11, 19) === '00:00:00';
  if (midnight(p.from) && midnight(p.to)) return `${fmt.format(p.from)} – ${fmt.format(new Date(p.to.getTime() - 1))}`;
  return `${fmtTime.format(p.from)} – ${fmtTime.format(p.to)}`;
}

/** "Mar 2026" for a month key. */
export function monthLabel(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
}
