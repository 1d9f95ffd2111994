import { WEEKDAYS, type Weekday } from '../lists.js';
import { WEEKDAY_LABELS } from '../labels.js';

/** ISO day number (1 = Monday … 7 = Sunday), as PostgreSQL's `isodow`. */
export const isoDow = (d: Weekday): number => WEEKDAYS.indexOf(d) + 1;

/**
 * Parses a comma list of weekday names ("fri,sat", any case, full names allowed).
 * Returns an error message naming the bad entry.
 */
export function parseWeekdays(text: string): Weekday[] | string {
  const out = new Set<Weekday>();
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase().slice(0, 3) as Weekday;
    const full = raw.trim().toLowerCase();
    const known = WEEKDAYS.includes(name) && (full.length === 3 || WEEKDAY_LABELS[name].toLowerCase().startsWith(full));
    if (!known) return `days must be weekday names like "fri,sat", got "${raw.trim()}"`;
    out.add(name);
  }
  return WEEKDAYS.filter((d) => out.has(d));
}
