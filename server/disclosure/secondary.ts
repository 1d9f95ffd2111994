import { SUPPRESSED, SUPPRESS_BELOW } from './suppress.js';

/**
 * Secondary (complementary) suppression and rounding for published tables of counts.
 *
 * A table is published with its totals, and every total is a linear equation: a row's
 * cells add up to the row total. If exactly one value of such an equation is hidden,
 * it is the total minus the others, so hiding it protected nothing. The rule here:
 * every equation ("line") must hide none or at least two of its values. Where a line
 * hides exactly one non-zero value (a hidden zero counts for nothing: the reader may
 * know it is zero), the smallest value still shown in it (a part before the total, the
 * lowest index on a tie) is hidden too, and that is repeated over all lines until no
 * line changes: a fixed point. Several tables that share a value (a report's grand
 * total appears in every table) are protected in one call so that hiding it anywhere
 * hides it everywhere.
 *
 * The functions are pure: they take true counts and masks, and give masks and the
 * values as published. docs/DISCLOSURE.md gives the whole rule and why.
 */

/** `total` = sum of `parts`; indices into the values array. */
export interface Line {
  total: number;
  parts: number[];
}

/** A hidden value withheld only so that a "<5" elsewhere cannot be worked out (GSS symbol for confidential). */
export const WITHHELD = '[c]' as const;

/** A count as published under disclosure control. */
export type Published = number | typeof SUPPRESSED | typeof WITHHELD;

/** Counts 1–4: primary suppression (`small(0)` is false). */
export const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;

/** Counts 0–4: for breakdowns where even a zero must not stand out from a small count. */
export const underThreshold = (n: number) => n < SUPPRESS_BELOW;

/**
 * Extends a primary-suppression mask until no line hides exactly one of its values.
 * `values` are true counts (≥ 0); `primary[i]` says value i is hidden to start with.
 * Returns the complementary mask: true where a value is hidden only by this step.
 * @example
 * // one row [3, 8, 20] with its total 31 at index 3
 * secondarySuppress([3, 8, 20, 31], [{ total: 3, parts: [0, 1, 2] }], [true, false, false, false])
 * // → [false, true, false, false]: 8 is hidden too, so 3 cannot be read off as 31 − 8 − 20
 */
export function secondarySuppress(values: readonly number[], lines: readonly Line[], primary: readonly boolean[]): boolean[] {
  checkShape(values, lines, primary);
  const hidden = [...primary];
  const extra = values.map(() => false);
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const members = [...line.parts, line.total];
      // A lone hidden value is the total minus the rest. So is a lone hidden non-zero one
      // beside hidden zeros: a hidden zero protects nothing when the reader may know it is
      // zero (an hour outside the window, a category outside the filter).
      const hiddenHere = members.filter((i) => hidden[i]);
      if (hiddenHere.length !== 1 && hiddenHere.filter((i) => values[i]! > 0).length !== 1) continue;
      const pick = complement(values, line, hidden);
      // A line whose other members are all zero shown as zero cannot hide a count: its total is that count.
      if (pick === undefined) continue;
      hidden[pick] = true;
      extra[pick] = true;
      changed = true;
    }
  }
  return extra;
}

/** The value to hide alongside a lone hidden one: smallest non-zero part shown, else the total, else a zero part. */
function complement(values: readonly number[], line: Line, hidden: readonly boolean[]): number | undefined {
  const shown = line.parts.filter((i) => !hidden[i]);
  const smallest = (ix: number[]) => ix.reduce<number | undefined>((best, i) => (best === undefined || values[i]! < values[best]! ? i : best), undefined);
  const nonZero = smallest(shown.filter((i) => values[i]! > 0));
  if (nonZero !== undefined) return nonZero;
  if (!hidden[line.total]) return line.total;
  return smallest(shown);
}

function checkShape(values: readonly number[], lines: readonly Line[], primary: readonly boolean[]): void {
  if (primary.length !== values.length) throw new RangeError(`primary has ${primary.length} entries for ${values.length} values`);
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be whole numbers ≥ 0, got ${v}`);
  for (const l of lines) {
    for (const i of [l.total, ...l.parts]) if (!(i >= 0 && i < values.length)) throw new RangeError(`line index ${i} is outside 0..${values.length - 1}`);
  }
}

/**
 * Rounds a count to the nearest multiple of `base` (5 by default); integers never tie.
 * @example roundTo(12) // 10; roundTo(13) // 15; roundTo(0) // 0
 */
export function roundTo(n: number, base = SUPPRESS_BELOW): number {
  return Math.round(n / base) * base;
}

/**
 * The count a restricted reader is shown for a true count that primary suppression did
 * not hide (so n is 0 or at least 5): the nearest multiple of 5, except that 8 reads 5.
 * Together with "<5" for 1–4 that makes every shown value stand for a band at least 4
 * counts wide ("<5" 1–4, 5 for 5–8, 10 for 9–12, then q for q−2…q+2), so a strip of 1 to 4
 * sightings can never carry a count across a whole band: two published values always
 * leave at least two strip sizes possible. Plain nearest rounding showed 8 as 10, and
 * "<5" (1–4) beside "10" (8–12) pinned a strip at exactly 4 (docs/DISCLOSURE.md).
 * @example band(0) // 0; band(5) // 5; band(8) // 5; band(9) // 10; band(12) // 10; band(13) // 15
 */
export function band(n: number): number {
  return n === 8 ? 5 : roundTo(n);
}

/**
 * The true counts a published value may stand for, as `[lowest, highest]` (`null` for a
 * withheld "[c]", which says nothing). `zeroShown` tells whether 0 is published as 0
 * (headline counts) or hidden among "<5" (breakdowns).
 * @example bandOf(10) // [9, 12]; bandOf('<5', true) // [1, 4]; bandOf('<5', false) // [0, 4]
 */
export function bandOf(p: Published, zeroShown = false): [number, number] | null {
  if (p === WITHHELD) return null;
  if (p === SUPPRESSED) return [zeroShown ? 1 : 0, SUPPRESS_BELOW - 1];
  if (p === 0) return [0, 0];
  if (p === 5) return [5, 8];
  if (p === 10) return [9, 12];
  return [p - 2, p + 2];
}

export interface PublishOptions {
  /** Which values primary suppression hides (e.g. `small`, or `underThreshold` for breakdowns). */
  primary: readonly boolean[];
  /** Show counts in bands of 5 (`band`), so that two overlapping reports cannot be differenced. */
  round: boolean;
}

/**
 * The values as published: "<5" where primary suppression hides them, "[c]" where
 * secondary suppression does, the rest (rounded when asked).
 */
export function publish(values: readonly number[], lines: readonly Line[], opts: PublishOptions): Published[] {
  const extra = secondarySuppress(values, lines, opts.primary);
  return values.map((v, i) => (opts.primary[i] ? SUPPRESSED : extra[i] ? WITHHELD : opts.round ? band(v) : v));
}

/**
 * A table with its row totals, column totals and grand total, as one values array and
 * its lines. Layout: the cells row by row, then row totals, then column totals, then the
 * grand total.
 * @example tableLines(2, 3) // 2 row lines, 3 column lines, the row totals' line and the column totals' line
 */
export function tableLines(rows: number, cols: number, margins: { rowTotals: boolean; colTotals: boolean } = { rowTotals: true, colTotals: true }) {
  const cell = (r: number, c: number) => r * cols + c;
  const rowTotal = (r: number) => rows * cols + r;
  const colTotal = (c: number) => rows * cols + rows + c;
  const grand = rows * cols + rows + cols;
  const lines: Line[] = [];
  if (margins.rowTotals) for (let r = 0; r < rows; r++) lines.push({ total: rowTotal(r), parts: range(cols).map((c) => cell(r, c)) });
  if (margins.colTotals) for (let c = 0; c < cols; c++) lines.push({ total: colTotal(c), parts: range(rows).map((r) => cell(r, c)) });
  if (margins.rowTotals) lines.push({ total: grand, parts: range(rows).map(rowTotal) });
  if (margins.colTotals) lines.push({ total: grand, parts: range(cols).map(colTotal) });
  if (!margins.rowTotals && !margins.colTotals) lines.push({ total: grand, parts: range(rows * cols) });
  return { cell, rowTotal, colTotal, grand, size: grand + 1, lines };
}

/** A table's cells followed by its margins, in `tableLines`' layout. */
export function withMargins(table: readonly (readonly number[])[]): number[] {
  const cols = table[0]?.length ?? 0;
  const rowTotals = table.map((r) => sum(r));
  const colTotals = range(cols).map((c) => sum(table.map((r) => r[c]!)));
  return [...table.flat(), ...rowTotals, ...colTotals, sum(rowTotals)];
}

/**
 * Protects a whole table (cells, row totals, column totals, grand total) on its own.
 * @example protectTable([[3, 8], [9, 12]]) // cells [['<5', '[c]'], ['[c]', 12]], ...
 */
export function protectTable(table: readonly (readonly number[])[], opts: { round?: boolean; primary?: (n: number) => boolean } = {}) {
  const rows = table.length;
  const cols = table[0]?.length ?? 0;
  const layout = tableLines(rows, cols);
  const values = withMargins(table);
  const isHidden = opts.primary ?? small;
  const out = publish(values, layout.lines, { primary: values.map(isHidden), round: opts.round ?? false });
  return {
    cells: range(rows).map((r) => range(cols).map((c) => out[layout.cell(r, c)]!)),
    rowTotals: range(rows).map((r) => out[layout.rowTotal(r)]!),
    colTotals: range(cols).map((c) => out[layout.colTotal(c)]!),
    total: out[layout.grand]!,
  };
}

/**
 * Protects a list of counts published with its total.
 * @example protectList([3, 40, 7]) // { items: ['<5', 40, '[c]'], total: 50 }
 */
export function protectList(items: readonly number[], opts: { round?: boolean; primary?: (n: number) => boolean } = {}) {
  const values = [...items, sum(items)];
  const isHidden = opts.primary ?? small;
  const out = publish(values, [{ total: items.length, parts: range(items.length) }], { primary: values.map(isHidden), round: opts.round ?? false });
  return { items: out.slice(0, items.length), total: out[items.length]! };
}

/** Whether a published value is a number a reader can use (not hidden). */
export const shown = (p: Published): p is number => typeof p === 'number';

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function sum(a: readonly number[]): number {
  return a.reduce((s, v) => s + v, 0);
}
