import { localToUtc, parseInstant } from '../time/zone.js';
import { inYears, YEARS } from '../http/dates.js';

/**
 * Forgiving readers for spreadsheet cells. Each returns the value or an error
 * message; empty cells are `undefined` and judged by the caller (required or not).
 */
export type Read<T> = { value?: T; error?: string };

export const blank = (s: string | undefined) => s === undefined || s.trim() === '';

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/** Each code list's codes by their squashed form, built once per list (imports read millions of cells). */
const squashed = new WeakMap<readonly string[], Map<string, string>>();

function lookup(codes: readonly string[]): Map<string, string> {
  let m = squashed.get(codes);
  if (!m) {
    m = new Map();
    for (const c of codes) if (!m.has(squash(c))) m.set(squash(c), c);
    squashed.set(codes, m);
  }
  return m;
}

/** "Adult loitering", "ADULT-LOITERING", "Take-away" and "adult_loitering" all read as their code. */
export function readCode<T extends string>(s: string | undefined, codes: readonly T[], what: string): Read<T> {
  if (blank(s)) return {};
  const m = lookup(codes);
  const code = (m.get(s!) ?? m.get(squash(s!))) as T | undefined;
  return code ? { value: code } : { error: `unknown ${what} "${s!.trim()}"` };
}

export function readNumber(s: string | undefined, what: string, min: number, max: number): Read<number> {
  if (blank(s)) return {};
  const n = Number(s!.trim().replace(/,/g, ''));
  if (!Number.isFinite(n)) return { error: `${what} "${s}" is not a number` };
  if (n < min || n > max) return { error: `${what} ${n} is outside ${min}..${max}` };
  return { value: n };
}

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/**
 * Offset (ms) of `timeZone` through one wall-clock hour ("2026-07-01T22"), or null when
 * it changes inside that hour or the hour is not a real one. Zone offsets change on the
 * hour, so a file's timestamps share few hours; `localToUtc` costs three Intl calls.
 */
const hourOffsets = new Map<string, number | null>();

function hourOffset(date: string, hour: string, timeZone: string): number | null {
  const key = `${timeZone} ${date}T${hour}`;
  let off = hourOffsets.get(key);
  if (off !== undefined) return off;
  const first = localToUtc(`${date}T${hour}:00:00`, timeZone);
  const last = localToUtc(`${date}T${hour}:59:59.999`, timeZone);
  const wall = Date.parse(`${date}T${hour}:00:00Z`);
  off = first && last && wall - first.getTime() === wall + 3_599_999 - last.getTime() ? wall - first.getTime() : null;
  if (hourOffsets.size >= 100_000) hourOffsets.clear();
  hourOffsets.set(key, off);
  return off;
}

/** `localToUtc`, answered from the hour's offset when that holds for the whole hour. */
function localTime(text: string, timeZone: string): Date | undefined {
  const m = LOCAL_TIME.exec(text);
  if (m && +m[3]! <= 59 && +(m[4] ?? 0) <= 59) {
    const off = hourOffset(m[1]!, m[2]!, timeZone);
    if (off !== null) return new Date(Date.UTC(+m[1]!.slice(0, 4), +m[1]!.slice(5, 7) - 1, +m[1]!.slice(8, 10), +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? '0').padEnd(3, '0')) - off);
  }
  return parseInstant(text, timeZone);
}

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * ISO 8601 (with or without offset) or UK day-first "31/12/2026 22:30"; times
 * without an offset are wall-clock time in `timeZone`.
 */
export function readTime(s: string | undefined, timeZone: string): Read<Date> {
  if (blank(s)) return {};
  let text = s!.trim();
  const uk = UK_DATE.exec(text);
  if (uk) {
    const [, d, m, y, h = '0', mi = '0', sec = '0'] = uk;
    text = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}T${h.padStart(2, '0')}:${mi}:${sec.padStart(2, '0')}`;
  }
  const at = localTime(text, timeZone);
  if (at && !inYears(at)) return { error: `"${s}" is not in the years ${YEARS.first}–${YEARS.last}` };
  return at ? { value: at } : { error: `"${s}" is not a date and time (use 2026-05-01T22:30 or 01/05/2026 22:30)` };
}

/** "a; b | c" → ["a", "b", "c"] */
export const readList = (s: string | undefined): string[] =>
  blank(s) ? [] : s!.split(/[;|]/).map((x) => x.trim()).filter(Boolean);

/** Text cells may not hold NUL (PostgreSQL text cannot) or be absurdly long. */
export function readText(s: string | undefined, what: string, max: number): Read<string> {
  if (blank(s)) return {};
  const t = s!.trim();
  if (t.includes('\u0000')) return { error: `${what} contains a NUL character` };
  if (t.length > max) return { error: `${what} is longer than ${max.toLocaleString('en-GB')} characters` };
  return { value: t };
}
