/**
 * Time playback: the period cut into day, week or month frames, each a range of
 * whole local days (`YYYY-MM-DD`, both ends inclusive, as the `from`/`to` filters).
 * Calendar arithmetic on date strings only (no clocks, no time zones), so a frame
 * is the same wherever the browser is. Pure: no DOM.
 */

export type Step = 'day' | 'week' | 'month';
export const STEPS: readonly Step[] = ['day', 'week', 'month'];

/** A range of whole days, both ends inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

/** A frame of the playback: the days the map shows, and the step it stands for. */
export interface Frame extends DayRange {
  /** The first day of the step (the week's Monday, the month's 1st), for its label. */
  stepStart: string;
}

/** More frames than this and the step is too fine for the period (say so, don't hang). */
export const MAX_FRAMES = 1500;

/**
 * The period in frames of one step. A frame is clipped to the period, so the first
 * week may start mid-week. In cumulative mode every frame starts at the period's start.
 * @example frames({ from: '2026-03-04', to: '2026-03-17' }, 'week', false)
 * // [{ from: '2026-03-04', to: '2026-03-08', stepStart: '2026-03-02' },
 * //  { from: '2026-03-09', to: '2026-03-15', stepStart: '2026-03-09' },
 * //  { from: '2026-03-16', to: '2026-03-17', stepStart: '2026-03-16' }]
 */
export function frames(period: DayRange, step: Step, cumulative: boolean): Frame[] {
  if (period.from > period.to) return [];
  const out: Frame[] = [];
  for (let start = startOfStep(period.from, step); start <= period.to && out.length < MAX_FRAMES; start = nextStep(start, step)) {
    const end = addDays(nextStep(start, step), -1);
    out.push({
      from: cumulative ? period.from : max(start, period.from),
      to: min(end, period.to),
      stepStart: start,
    });
  }
  return out;
}

/** The first day of the step holding `day`: itself, its week's Monday, or its month's 1st. */
export function startOfStep(day: string, step: Step): string {
  if (step === 'day') return day;
  if (step === 'month') return `${day.slice(0, 8)}01`;
  const dow = (toDate(day).getUTCDay() + 6) % 7; // 0 = Monday
  return addDays(day, -dow);
}

/** The first day of the next step. */
export const nextStep = (day: string, step: Step): string =>
  step === 'day' ? addDays(day, 1) : step === 'week' ? addDays(day, 7) : addMonths(day, 1);

/** `day` moved by `n` days (negative for earlier). */
export function addDays(day: string, n: number): string {
  const d = toDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return fromDate(d);
}

/** The same day-of-month `n` months on, clamped to the month's length (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: string, n: number): string {
  const d = toDate(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return fromDate(target);
}

/** The last day a timeline bucket covers, given its first day and the timeline's interval. */
export const bucketEnd = (start: string, interval: Step): string => addDays(nextStep(start, interval), -1);

/**
 * The period to play: the filter's dates where set, otherwise the extent of the
 * timeline (first bucket's start to last bucket's end). Null when there is nothing.
 */
export function playbackPeriod(
  filter: { from: string | null; to: string | null },
  timeline: { interval: Step; buckets: { start: string }[] } | null,
): DayRange | null {
  const first = timeline?.buckets[0]?.start;
  const lastStart = timeline?.buckets[timeline.buckets.length - 1]?.start;
  const from = filter.from ?? first;
  const to = filter.to ?? (lastStart && timeline ? bucketEnd(lastStart, timeline.interval) : undefined);
  return from && to && from <= to ? { from, to } : null;
}

const toDate = (day: string): Date => new Date(`${day}T00:00:00Z`);
const fromDate = (d: Date): string => d.toISOString().slice(0, 10);
const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);
