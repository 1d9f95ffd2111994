const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, in milliseconds (Europe/London in summer: +3 600 000). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - (at.getTime() - at.getUTCMilliseconds());
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/**
 * The instant of a wall-clock time in a zone: `2026-07-01T22:00` in Europe/London is
 * 21:00Z. In the spring-forward gap the time is read with the offset before the change;
 * in the autumn overlap the earlier instant is taken. Returns undefined if not a local time.
 */
export function localToUtc(local: string, timeZone: string): Date | undefined {
  const m = LOCAL.exec(local);
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m.slice(1);
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, +ms.padEnd(3, '0'));
  const check = new Date(wall);
  if (check.getUTCFullYear() !== +y! || check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59) {
    return undefined;
  }
  const earlier = wall - zoneOffsetMs(new Date(wall - 12 * 3600_000), timeZone);
  const later = wall - zoneOffsetMs(new Date(wall + 12 * 3600_000), timeZone);
  // Prefer the reading whose offset is the one actually in force at that instant.
  for (const t of [earlier, later]) if (t + zoneOffsetMs(new Date(t), timeZone) === wall) return new Date(t);
  return new Date(earlier);
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads an ISO 8601 timestamp: with an offset as given, without one as wall-clock
 * time in `timeZone`. Returns undefined when it is not a valid timestamp.
 */
export function parseInstant(text: string, timeZone: string): Date | undefined {
  if (WITH_OFFSET.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return localToUtc(text, timeZone);
}

/** Whether the text is a bare calendar date (YYYY-MM-DD). */
export const isDateOnly = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** Next calendar day of a YYYY-MM-DD date. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localDate(t: Date, timeZone: string): string {
  return new Date(t.getTime() + zoneOffsetMs(t, timeZone)).toISOString().slice(0, 10);
}

/**
 * Widens a range to whole local days, so that counts for restricted roles cannot be
 * differenced down to the moment of one sighting by moving an end by a second.
 * @example wholeLocalDays({ from: 2026-02-01T22:10Z, to: 2026-02-02T01:00Z }, 'UTC') // 2026-02-01T00:00Z … 2026-02-03T00:00Z
 */
export function wholeLocalDays(r: { from?: Date; to?: Date }, timeZone: string): { from?: Date; to?: Date } {
  const out: { from?: Date; to?: Date } = {};
  if (r.from) out.from = localToUtc(localDate(r.from, timeZone), timeZone)!;
  if (r.to) {
    const day = localToUtc(localDate(r.to, timeZone), timeZone)!;
    out.to = day.getTime() === r.to.getTime() ? day : localToUtc(nextDay(localDate(r.to, timeZone)), timeZone)!;
  }
  return out;
}
