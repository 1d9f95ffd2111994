/**
 * Timeline binning from local hour counts. SQL counts sightings per local hour (one
 * cheap expression per row, at most 24 groups a day); days, ISO weeks, months and the
 * weekday × hour matrix are all sums of those hours, done here.
 */

export type Interval = 'day' | 'week' | 'month';

export interface HourCount {
  /** local time, `YYYY-MM-DDTHH` */
  hour: string;
  n: number;
}

export interface Bucket {
  /** local date the bucket starts on, `YYYY-MM-DD` (weeks start on Monday) */
  start: string;
  count: number;
}

export interface Binned<I extends Interval> {
  buckets: Record<I, Bucket[]>;
  /** [isodow − 1][hour] */
  matrix: number[][];
  total: number;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** ISO weekday of a calendar date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The start of the bucket a local date falls in. */
export function bucketStart(date: string, interval: Interval): string {
  if (interval === 'day') return date;
  if (interval === 'month') return `${date.slice(0, 8)}01`;
  return iso(new Date(`${date}T00:00:00Z`).getTime() - (isoWeekday(date) - 1) * DAY_MS);
}

export function binHours<I extends Interval>(hours: readonly HourCount[], intervals: readonly I[]): Binned<I> {
  // Hours to days first: a two-year history is 17,520 hours but 730 days, and the calendar
  // arithmetic (a Date each) is then done once a day, not once an hour.
  const days = new Map<string, { hours: number[]; n: number }>();
  for (const { hour, n } of hours) {
    const date = hour.slice(0, 10);
    let day = days.get(date);
    if (!day) days.set(date, (day = { hours: Array<number>(24).fill(0), n: 0 }));
    day.hours[Number(hour.slice(11, 13))]! += n;
    day.n += n;
  }
  const sums = intervals.map(() => new Map<string, number>());
  const matrix = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  let total = 0;
  for (const [date, day] of days) {
    const row = matrix[isoWeekday(date) - 1]!;
    day.hours.forEach((n, h) => (row[h]! += n));
    total += day.n;
    intervals.forEach((interval, i) => {
      const key = bucketStart(date, interval);
      sums[i]!.set(key, (sums[i]!.get(key) ?? 0) + day.n);
    });
  }
  const buckets = Object.fromEntries(
    intervals.map((interval, i) => [interval, [...sums[i]!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([start, count]) => ({ start, count }))]),
  ) as Record<I, Bucket[]>;
  return { buckets, matrix, total };
}

/**
 * Hour counts keyed by local hour (hours since 1970-01-01 00:00 on the wall clock, as the
 * aggregates keep them) as `YYYY-MM-DDTHH` labels; each day's date is made once.
 * @example localHours([{ lh: 24, n: 2 }]) // [{ hour: '1970-01-02T00', n: 2 }]
 */
export function localHours(counts: readonly { lh: number; n: number }[]): HourCount[] {
  const dates = new Map<number, string>();
  return counts.map(({ lh, n }) => {
    const day = Math.floor(lh / 24);
    let date = dates.get(day);
    if (date === undefined) dates.set(day, (date = iso(day * DAY_MS)));
    return { hour: `${date}T${String(lh - day * 24).padStart(2, '0')}`, n };
  });
}

/** The calendar day after a date. */
const nextDate = (date: string) => iso(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS);

/**
 * Every bucket from the one holding `first` to the one holding `last` (local dates,
 * inclusive), with 0 where no sighting fell: for restricted readers, a bucket that is
 * listed only when a sighting is in it would tell where one is.
 * @example fillBuckets([{ start: '2026-06-02', count: 3 }], 'day', '2026-06-01', '2026-06-03') // 06-01: 0, 06-02: 3, 06-03: 0
 */
export function fillBuckets(buckets: readonly Bucket[], interval: Interval, first: string, last: string): Bucket[] {
  const counts = new Map(buckets.map((b) => [b.start, b.count]));
  const out: Bucket[] = [];
  const end = bucketStart(last, interval);
  // 40 years of days at most: a guard, not a limit anyone meets (dates are bounded on input).
  for (let d = bucketStart(first, interval), i = 0; d <= end && i < 15_000; i++) {
    out.push({ start: d, count: counts.get(d) ?? 0 });
    d = interval === 'day' ? nextDate(d) : interval === 'week' ? iso(new Date(`${d}T00:00:00Z`).getTime() + 7 * DAY_MS) : nextMonth(d);
  }
  return out;
}

function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
