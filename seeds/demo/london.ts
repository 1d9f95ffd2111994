/**
 * Local (Europe/London) calendar arithmetic for the demo. Days are "day numbers",
 * whole days since 1970-01-01 of the *local* calendar, so a weekday or a season is
 * read from the date people in Bolton would say, whatever the UTC offset.
 */
import { localToUtc, zoneOffsetMs } from '../../server/time/zone.js';

export const TIME_ZONE = 'Europe/London';
export const DAY_MS = 86_400_000;

/** The London calendar day number of an instant. */
export function londonDay(at: Date): number {
  return Math.floor((at.getTime() + zoneOffsetMs(at, TIME_ZONE)) / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const isoDowOfDay = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** Day of the year, 0-based (1 January = 0). */
export function dayOfYear(day: number): number {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  return day - Date.UTC(year, 0, 1) / DAY_MS;
}

/**
 * UTC instants of local hours, cached: a seed of a million rows asks about a few
 * thousand distinct hours, and the time-zone lookup is the slow part.
 */
export class LondonHours {
  private readonly cache = new Map<number, number>();

  /**
   * Epoch milliseconds of hh:00 London time on a local day. In the spring-forward
   * gap the hour is read with the offset before the change (as server/time/zone does).
   * @example new LondonHours().utcMs(dayNumber('2026-07-01'), 22) // 2026-07-01T21:00Z
   */
  utcMs(day: number, hour: number): number {
    const key = day * 24 + hour;
    let t = this.cache.get(key);
    if (t === undefined) {
      const local = `${dateOfDay(day)}T${String(hour).padStart(2, '0')}:00`;
      const at = localToUtc(local, TIME_ZONE);
      if (!at) throw new Error(`not a local time: ${local}`);
      t = at.getTime();
      this.cache.set(key, t);
    }
    return t;
  }
}

/** Day number of a 'YYYY-MM-DD' date. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}
