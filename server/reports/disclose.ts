import { publish, shown, small, underThreshold, type Line, type Published } from '../disclosure/secondary.js';
import type { PeriodRole } from './schema.js';

/**
 * Turns a report's true counts into what its reader may see. Unrestricted readers get
 * them as they are. Restricted readers (docs/DISCLOSURE.md) get, in one pass over every
 * table of the report at once, because the tables share their totals:
 * - primary suppression: headline and cell counts of 1–4 read "<5"; in breakdowns
 *   (months, weekday × time, categories, models) 0–4 read "<5", so that a first
 *   sighting in a breakdown cannot show up as a 0 turning into "<5";
 * - secondary suppression over every total the report prints;
 * - everything shown in bands of 5 (`band`: 5 for 5–8, 10 for 9–12, then the nearest multiple of 5).
 */

export interface RawReport {
  current: number;
  previous: number;
  lastYear: number;
  /** The trend window's months in order, each tagged with the compared periods it lies in. */
  months: { key: string; n: number; periods: PeriodRole[] }[];
  /** weekday (Monday first) × band */
  grid: number[][];
  categories: { key: string; n: number }[];
  models: { key: string; n: number }[];
  /** Non-empty cells; together they hold every sighting of the period. */
  cells: { key: string; n: number }[];
}

export interface PublishedReport {
  current: Published;
  previous: Published;
  lastYear: Published;
  months: Published[];
  grid: { cells: Published[][]; rowTotals: Published[]; colTotals: Published[]; total: Published };
  categories: Published[];
  models: Published[];
  cells: Published[];
}

/** Builds the values array and its lines, index by index. */
class Layout {
  values: number[] = [];
  primary: boolean[] = [];
  lines: Line[] = [];
  add(n: number, hide: (n: number) => boolean): number {
    this.values.push(n);
    this.primary.push(hide(n));
    return this.values.length - 1;
  }
  addAll(ns: number[], hide: (n: number) => boolean): number[] {
    return ns.map((n) => this.add(n, hide));
  }
  line(total: number, parts: number[]): void {
    if (parts.length) this.lines.push({ total, parts });
  }
}

export function discloseReport(raw: RawReport, restricted: boolean): PublishedReport {
  const rows = raw.grid.length;
  const cols = raw.grid[0]?.length ?? 0;
  const rowTotals = raw.grid.map((r) => sum(r));
  const colTotals = Array.from({ length: cols }, (_, c) => sum(raw.grid.map((r) => r[c]!)));
  if (!restricted) {
    return {
      current: raw.current,
      previous: raw.previous,
      lastYear: raw.lastYear,
      months: raw.months.map((m) => m.n),
      grid: { cells: raw.grid.map((r) => [...r]), rowTotals, colTotals, total: raw.current },
      categories: raw.categories.map((c) => c.n),
      models: raw.models.map((c) => c.n),
      cells: raw.cells.map((c) => c.n),
    };
  }
  const l = new Layout();
  const current = l.add(raw.current, small);
  const previous = l.add(raw.previous, small);
  const lastYear = l.add(raw.lastYear, small);
  const months = l.addAll(raw.months.map((m) => m.n), underThreshold);
  const period: Record<PeriodRole, number> = { current, previous, lastYear };
  for (const role of ['current', 'previous', 'lastYear'] as const) {
    const parts = months.filter((_, i) => raw.months[i]!.periods.includes(role));
    l.line(period[role], parts);
  }
  const grid = raw.grid.map((r) => l.addAll(r, underThreshold));
  const rowT = l.addAll(rowTotals, underThreshold);
  const colT = l.addAll(colTotals, underThreshold);
  for (let r = 0; r < rows; r++) l.line(rowT[r]!, grid[r]!);
  for (let c = 0; c < cols; c++) l.line(colT[c]!, grid.map((row) => row[c]!));
  l.line(current, rowT);
  l.line(current, colT);
  const categories = l.addAll(raw.categories.map((c) => c.n), underThreshold);
  l.line(current, categories);
  const models = l.addAll(raw.models.map((c) => c.n), underThreshold);
  l.line(current, models);
  const cells = l.addAll(raw.cells.map((c) => c.n), small);
  l.line(current, cells);

  const out = publish(l.values, l.lines, { primary: l.primary, round: true });
  const at = (i: number) => out[i]!;
  return {
    current: at(current),
    previous: at(previous),
    lastYear: at(lastYear),
    months: months.map(at),
    grid: { cells: grid.map((r) => r.map(at)), rowTotals: rowT.map(at), colTotals: colT.map(at), total: at(current) },
    categories: categories.map(at),
    models: models.map(at),
    cells: cells.map(at),
  };
}

/**
 * A change between two published counts in words, or null when it cannot be told
 * (either hidden, or nothing to compare with).
 * @example change(60, 50) // 'up 20%'; change(50, 50) // 'no change'; change('<5', 50) // null
 */
export function change(now: Published, before: Published): string | null {
  if (!shown(now) || !shown(before) || before === 0) return null;
  const pct = Math.round(((now - before) / before) * 100);
  return pct === 0 ? 'no change' : pct > 0 ? `up ${pct}%` : `down ${-pct}%`;
}

function sum(a: readonly number[]): number {
  return a.reduce((s, v) => s + v, 0);
}
