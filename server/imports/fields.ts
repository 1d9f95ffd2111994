import { parseInstant } from '../time/zone.js';

/**
 * Forgiving readers for spreadsheet cells. Each returns the value or an error
 * message; empty cells are `undefined` and judged by the caller (required or not).
 */
export type Read<T> = { value?: T; error?: string };

export const blank = (s: string | undefined) => s === undefined || s.trim() === '';

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/** "Adult loitering", "ADULT-LOITERING", "Take-away" and "adult_loitering" all read as their code. */
export function readCode<T extends string>(s: string | undefined, codes: readonly T[], what: string): Read<T> {
  if (blank(s)) return {};
  const wanted = squash(s!);
  const code = codes.find((c) => squash(c) === wanted);
  return code ? { value: code } : { error: `unknown ${what} "${s!.trim()}"` };
}

export function readNumber(s: string | undefined, what: string, min: number, max: number): Read<number> {
  if (blank(s)) return {};
  const n = Number(s!.trim().replace(/,/g, ''));
  if (!Number.isFinite(n)) return { error: `${what} "${s}" is not a number` };
  if (n < min || n > max) return { error: `${what} ${n} is outside ${min}..${max}` };
  return { value: n };
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
  const at = parseInstant(text, timeZone);
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
