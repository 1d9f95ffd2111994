import { type Weekday } from '../lists.js';
import { WEEKDAY_LABELS } from '../labels.js';
/**
 * An hour-of-day window in local time, start inclusive and end exclusive, which
 * may wrap midnight: `22-2` holds 22:00–01:59, `18-4` holds 18:00–03:59.
 */
export interface HourWindow {
  start: number;
  end: number;
}

/** Parses `start-end` with whole hours 0–24; returns an error message on bad input. */
export function parseHourWindow(text: string): HourWindow | string {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) return `hours must look like "18-4" (start-end, whole hours), got "${text}"`;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > 23) return `hours start must be 0–23, got ${start}`;
  if (end > 24) return `hours end must be 0–24, got ${end}`;
  if (start === end) return `hours "${text}" is empty: start and end are the same hour`;
  return { start, end };
}

/** Whether an hour of the day (0–23) falls in the window. */
export function inHourWindow(w: HourWindow, hour: number): boolean {
  const end = w.end % 24;
  return w.start < end || w.end === 24 ? hour >= w.start && hour < w.end : hour >= w.start || hour < end;
}

/** The hours (0–23) in the window, in order from its start. */
export function hoursOf(w: HourWindow): number[] {
  const out: number[] = [];
  for (let h = w.start; out.length < 24; h = (h + 1) % 24) {
    if (!inHourWindow(w, h)) break;
    out.push(h);
  }
  return out;
}

/** Whether the window runs past midnight into the next day (`22-4`, not `22-24` or `9-17`). */
export const wrapsMidnight = (w: HourWindow): boolean => w.end % 24 !== 0 && w.start > w.end;

/**
 * Hours to take off a local time before asking its weekday, so that with a window that
 * wraps midnight a weekday means the night that starts on it: with `22-4`, Friday is
 * Friday 22:00 to Saturday 04:00, and Saturday 01:30 counts as Friday night. Every hour
 * of the window stays on its own side: the start side is at least `start − end` hours
 * after midnight, the end side before `end`.
 * @example nightShift({ start: 22, end: 4 }) // 4; nightShift({ start: 9, end: 17 }) // 0
 */
export function nightShift(w: HourWindow): number {
  return wrapsMidnight(w) ? w.end : 0;
}

const hh = (h: number) => `${String(h % 24 === 0 && h > 0 ? 0 : h).padStart(2, '0')}:00`;

/** "22:00–02:00" for people; the end is exclusive, as on a timetable, and midnight reads 00:00. */
export const describeHours = (w: HourWindow): string => `${hh(w.start)}–${hh(w.end)}`;

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/**
 * The day and hour filters in words, as the filter panel shows them.
 * @example describeWhen(['fri'], { start: 22, end: 4 }) // 'Friday nights, 22:00–04:00'
 */
export function describeWhen(days: readonly Weekday[], hours: HourWindow | undefined): string {
  const nights = hours !== undefined && wrapsMidnight(hours);
  const span = hours ? describeHours(hours) : 'all day';
  if (!days.length || days.length === 7) return hours ? `${nights ? 'Every night' : 'Every day'}, ${span}` : 'Any day, any time';
  const names = days.map((d) => WEEKDAY_LABELS[d]);
  return nights ? `${list(names)} nights, ${span}` : `${list(names.map((n) => `${n}s`))}, ${span}`;
}

/**
 * The named hour windows of the map's presets and the overview's figures, defined once.
 * "Evening and night" runs to 04:00 so that the small hours, the busiest of a weekend night, are in it.
 */
export const HOUR_PRESETS: readonly { id: 'evening' | 'lateNight' | 'schoolDay'; label: string; hours: HourWindow }[] = [
  { id: 'evening', label: 'Evening and night', hours: { start: 18, end: 4 } },
  { id: 'lateNight', label: 'Late night', hours: { start: 22, end: 2 } },
  { id: 'schoolDay', label: 'School day', hours: { start: 8, end: 16 } },
];

/** "Evening and night" as a query parameter and in words. */
export const EVENING_AND_NIGHT = HOUR_PRESETS[0]!;
