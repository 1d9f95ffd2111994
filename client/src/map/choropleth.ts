/**
 * Classes of a choropleth of rates per area (sightings per 1,000 residents, or per km²):
 * quantile classes, so that each colour holds about as many wards as the next however
 * skewed the rates are (equal steps put most wards of a town in the palest class).
 * Breaks are rounded to two significant figures so the legend reads cleanly. Pure: no DOM.
 */

import type { ChoroplethArea, ChoroplethResult } from '../../../server/map/schema.js';

/** Fill colours from the fewest sightings to the most (ColorBrewer OrRd, 5 classes). */
export const CHOROPLETH_COLOURS = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;
/** An area whose count is suppressed ("<5") for this role. */
export const SUPPRESSED_COLOUR = '#c9ced6';
/** `count` property value standing for "<5" on the map (a number, so expressions can compare it). */
export const SUPPRESSED = -1;

/** A rate to two significant figures. @example roundRate(123.4) // 120 */
export const roundRate = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(2)));

/**
 * Lower bounds of classes 2…n from the positive rates: the k/n quantiles, rounded, with
 * any break at or below the smallest rate, or equal to the one before, dropped (ties
 * give fewer classes, never an empty one).
 * @example quantileBreaks([1, 2, …, 20]) // [5, 9, 13, 17]
 */
export function quantileBreaks(rates: readonly number[], classes = CHOROPLETH_COLOURS.length): number[] {
  const sorted = rates.filter((r) => r > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let k = 1; k < classes; k++) {
    const b = roundRate(sorted[Math.floor((k * sorted.length) / classes)]!);
    if (b > sorted[0]! && b > (breaks[breaks.length - 1] ?? -Infinity)) breaks.push(b);
  }
  return breaks;
}

/** The class (0-based) of a rate: how many breaks it has reached. */
export const classOf = (rate: number, breaks: readonly number[]): number => breaks.filter((b) => rate >= b).length;

const num = (x: number) => x.toLocaleString('en-GB');

/** Legend text of each class: ["under 5", "5 to under 9", …, "17 or more"]. */
export function rateLabels(breaks: readonly number[]): string[] {
  if (breaks.length === 0) return ['all'];
  return [`under ${num(breaks[0]!)}`, ...breaks.slice(1).map((b, i) => `${num(breaks[i]!)} to under ${num(b)}`), `${num(breaks[breaks.length - 1]!)} or more`];
}

/** The rate an area is shaded by under the map's basis: a number, SUPPRESSED when its count is hidden. */
export function rateOf(a: ChoroplethArea, basis: ChoroplethResult['basis']): number {
  const rate = basis === 'population' ? a.perThousand : a.perKm2;
  return rate === null ? SUPPRESSED : rate;
}

/** The classes of a choropleth and the words for its unit. */
export function choroplethClasses(c: ChoroplethResult | null): { breaks: number[]; unit: string } {
  if (!c) return { breaks: [], unit: '' };
  return {
    breaks: quantileBreaks(c.areas.map((a) => rateOf(a, c.basis))),
    unit: c.basis === 'population' ? 'sightings per 1,000 residents' : 'sightings per km²',
  };
}
