import { z } from 'zod';

/**
 * The years Lantern accepts in any date or time it is given (query, body or file).
 * JavaScript and PostgreSQL disagree at the edges (year 0 is 1 BC to one, not a year to
 * the other; year 10000 prints as "+010000"), so a date far outside any record's life
 * is refused as a 400 naming its field rather than failing in SQL.
 */
export const YEARS = { first: 1900, last: 2200 } as const;

const DAY = 86_400_000;
/** A day's slack either side: a local date's instant may lie in the UTC day before or after, and an inclusive end becomes the next day. */
const EARLIEST = Date.UTC(YEARS.first, 0, 1) - DAY;
const LATEST = Date.UTC(YEARS.last + 1, 0, 1) + DAY;

/** The field error for a date outside YEARS. */
export const OUTSIDE_YEARS = `must be in the years ${YEARS.first}–${YEARS.last}`;

/** Whether an instant lies within YEARS (invalid dates do not). */
export const inYears = (d: Date): boolean => {
  const t = d instanceof Date ? d.getTime() : NaN;
  return t >= EARLIEST && t < LATEST;
};

/** Whether an ISO 8601 date or date-time text names a year within YEARS (by its leading four digits). */
export const textInYears = (s: string): boolean => {
  const m = /^\s*(\d{4})-/.exec(s);
  return !m || (Number(m[1]) >= YEARS.first && Number(m[1]) <= YEARS.last);
};

/** `z.iso.date()` within YEARS. */
export const isoDate = (message?: string) => z.iso.date(message ? { message } : undefined).refine(textInYears, OUTSIDE_YEARS);

