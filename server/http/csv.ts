import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of Lantern: area reports, sightings exports, bulk checks, and any
 * other CSV the server writes go through `toCsv`. RFC 4180: records end in CRLF, a
 * field holding a comma, a double quote, CR or LF is quoted and its quotes doubled
 * (written by `csv-stringify`).
 *
 * **Formula neutralisation** (OWASP "CSV injection"): a *text* cell whose first
 * character is `=`, `+`, `-`, `@`, tab (U+0009) or carriage return (U+000D) is written
 * with an apostrophe in front (`'=1+1`, `'-1+1+cmd|' /C calc'!A0`), which a spreadsheet
 * shows as text and never evaluates. The rule reads the first character only and never
 * guesses: text that looks like a negative number (`"-1.5"`) is prefixed too, since a
 * string may carry anything after its first digit. Cells given as JavaScript *numbers*
 * (counts, coordinates, `-1.5`) are written as numbers, unprefixed: a number is never a
 * formula. Callers that mean a number pass a number.
 *
 * Other cells: `null`/`undefined` empty, booleans `true`/`false`, dates ISO 8601 (UTC).
 */

/** What one CSV cell may be given as. */
export type CsvCell = string | number | boolean | Date | null | undefined;

/** First characters a spreadsheet reads as the start of a formula (or that hide one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet (see the module's rule). */
export const neutralise = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** One cell as the text written (before quoting). */
export function cellText(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return neutralise(v);
}

/**
 * Rows (the first is usually the header) as one CSV document, each record ending in CRLF.
 * @example toCsv([['name', 'count'], ['=HYPERLINK("x")', -2]]) // 'name,count\r\n"\'=HYPERLINK(""x"")",-2\r\n'
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  if (rows.length === 0) return '';
  return stringify(
    rows.map((row) => row.map(cellText)),
    // csv-stringify quotes on delimiter and quote; a lone CR or LF must be quoted too.
    { record_delimiter: 'windows', quoted_match: /[\r\n]/, eof: true },
  );
}
