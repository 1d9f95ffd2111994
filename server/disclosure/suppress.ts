/** Counts from 1 to SUPPRESS_BELOW − 1 are not disclosed to restricted roles. */
export const SUPPRESS_BELOW = 5;
export const SUPPRESSED = '<5' as const;

/** A count as a restricted role may see it: 0, a number ≥ 5, or "<5". */
export type Count = number | typeof SUPPRESSED;

/**
 * Primary suppression of one count.
 * @example suppress(3) // '<5'; suppress(0) // 0; suppress(12) // 12
 */
export function suppress(n: number): Count {
  return n > 0 && n < SUPPRESS_BELOW ? SUPPRESSED : n;
}

/** Suppresses every value of a record of counts. */
export function suppressAll<K extends string>(counts: Record<K, number>): Record<K, Count> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, suppress(v as number)])) as Record<K, Count>;
}

/** The disclosure-control cell ladder (metres): fixed sizes, so that views at neighbouring zooms cannot be differenced. */
export const SAFE_CELL_SIZES = [250, 500, 1000, 2000, 4000, 8000, 16000, 32000] as const;

/** The smallest safe cell at least `metres` wide. */
export function safeCellSize(metres: number): number {
  return SAFE_CELL_SIZES.find((s) => s >= metres) ?? SAFE_CELL_SIZES[SAFE_CELL_SIZES.length - 1]!;
}

/** Cells across the larger side of a report's map, at most (so a borough still draws). */
const MAX_CELLS_ACROSS = 40;

/**
 * The smallest safe cell size that keeps a BNG extent within about 40 cells across.
 * @example reportCellSize({ x0: 0, y0: 0, x1: 4000, y1: 2000 }) // 250
 */
export function reportCellSize(extent: { x0: number; y0: number; x1: number; y1: number }): number {
  const span = Math.max(extent.x1 - extent.x0, extent.y1 - extent.y0);
  return SAFE_CELL_SIZES.find((s) => span / s <= MAX_CELLS_ACROSS) ?? SAFE_CELL_SIZES[SAFE_CELL_SIZES.length - 1]!;
}
