/**
 * Classes of a choropleth of counts per area: equal steps of a "nice" width
 * (1, 2 or 5 × 10ⁿ) from 1 to the largest count, so the legend reads in round
 * numbers. Pure: no DOM.
 */

/** Fill colours from the fewest sightings to the most (ColorBrewer OrRd, 5 classes). */
export const CHOROPLETH_COLOURS = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;
/** An area whose count is suppressed ("<5") for this role. */
export const SUPPRESSED_COLOUR = '#c9ced6';
/** `count` property value standing for "<5" on the map (a number, so expressions can compare it). */
export const SUPPRESSED = -1;

/**
 * The lower bounds of classes 2…n (class 1 starts at 1; areas with 0 are left clear).
 * @example choroplethBreaks(92) // [21, 41, 61, 81]: 1–20, 21–40, 41–60, 61–80, 81–100
 */
export function choroplethBreaks(max: number, classes = CHOROPLETH_COLOURS.length): number[] {
  const width = niceCeil(Math.max(max, 1) / classes);
  return Array.from({ length: classes - 1 }, (_, i) => (i + 1) * width + 1);
}

/** Legend text of each class: ["1–20", "21–40", …]. */
export function classLabels(breaks: number[]): string[] {
  const width = breaks.length ? breaks[0]! - 1 : 1;
  const lows = [1, ...breaks];
  return lows.map((low) => (width === 1 ? String(low) : `${low}–${low + width - 1}`));
}

/** The smallest of 1, 2, 5, 10, 20, 50, … that is at least `x`. */
export function niceCeil(x: number): number {
  if (x <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) {
    if (m * magnitude >= x) return m * magnitude;
  }
  return 10 * magnitude;
}
