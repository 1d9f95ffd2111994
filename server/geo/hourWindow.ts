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
