import { isDateOnly, localToUtc, nextDay, parseInstant, wholeLocalDays } from '../time/zone.js';

/**
 * The OGC API – Features `datetime` parameter: an instant (`2026-02-01T22:00:00Z`, or a
 * date for the whole day), or an interval `start/end` whose ends may be open (`..` or
 * empty). Intervals are closed, as the standard says; they become the half-open
 * [from, to) the sightings filters use. Dates and times without an offset are read in
 * the team's time zone.
 */
export interface TimeRange {
  /** inclusive */
  from?: Date;
  /** exclusive */
  to?: Date;
}

const MS = 1;

/** One end of an interval, or an instant: [start of it, just after it). */
function bounds(text: string, timeZone: string): { start: Date; after: Date } | undefined {
  if (isDateOnly(text)) {
    const start = localToUtc(text, timeZone);
    // nextDay needs a real date: check the day exists first (2026-13-01 does not).
    return start ? { start, after: localToUtc(nextDay(text), timeZone)! } : undefined;
  }
  const t = parseInstant(text, timeZone);
  return t ? { start: t, after: new Date(t.getTime() + MS) } : undefined;
}

/**
 * Parses `datetime`, or returns an error message naming the bad value.
 * @example parseDatetime('2026-02-01/..', 'Europe/London') // { from: 2026-02-01T00:00:00Z }
 * @example parseDatetime('../2026-02-01T12:00:00Z', 'UTC') // { to: 2026-02-01T12:00:00.001Z }
 */
export function parseDatetime(text: string, timeZone: string): TimeRange | string {
  const bad = (why: string) => `datetime ${why}, got "${text}"; expected an RFC 3339 date-time or date, or an interval such as 2026-01-01/2026-01-31 or 2026-01-01T00:00:00Z/..`;
  const parts = text.trim().split('/');
  if (parts.length > 2) return bad('has more than one "/"');
  if (parts.length === 1) {
    if (parts[0] === '' || parts[0] === '..') return bad('is empty');
    const b = bounds(parts[0]!, timeZone);
    return b ? { from: b.start, to: b.after } : bad('is not a valid date or date-time');
  }
  const open = (s: string) => s === '' || s === '..';
  const [a, z] = parts as [string, string];
  const out: TimeRange = {};
  if (!open(a)) {
    const b = bounds(a, timeZone);
    if (!b) return bad(`start "${a}" is not a valid date or date-time`);
    out.from = b.start;
  }
  if (!open(z)) {
    const b = bounds(z, timeZone);
    if (!b) return bad(`end "${z}" is not a valid date or date-time`);
    out.to = b.after;
  }
  if (out.from && out.to && out.from >= out.to) return bad('starts after it ends');
  return out;
}

/** Whole local days around a range (the disclosure gate's rule, kept here under its OGC name). */
export const snapToDays = (r: TimeRange, timeZone: string): TimeRange => wholeLocalDays(r, timeZone);
