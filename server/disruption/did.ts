/**
 * Difference-in-differences on counts of sightings, as a ratio of rate ratios.
 *
 * The form: with T and C the counts in the target and the control area, b before
 * and a after the first action, the effect is the target's change over the
 * control's, on the log scale
 *
 *   RR = (Ta / Tb) / (Ca / Cb),   ln RR ± z·SE,   SE = √(1/Ta + 1/Tb + 1/Ca + 1/Cb)
 *
 * which is the interaction term of a Poisson model count ~ area × period, and the
 * reciprocal of Farrington and Welsh's "relative effect size" (the odds ratio of the
 * 2 × 2 table) used in crime-prevention meta-analyses. The windows' lengths cancel,
 * so a shortened after window needs no correction. The Wald interval assumes
 * Poisson counts; repeat sightings of one incident make real counts overdispersed,
 * so the interval is, if anything, too narrow: read "significant" with that in mind.
 * A zero count has no logarithm: the estimate is then undefined ("not enough data"),
 * not patched with a continuity correction that would invent a result.
 *
 * Reported as a relative change in percent: (RR − 1) × 100, and its interval likewise.
 */
import { twoSidedP } from '../hotspots/normal.js';

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** Sightings in one area before and after the first action. */
export interface Counts {
  before: number;
  after: number;
}

export interface RatioOfRatios {
  /** (after/before in the area) ÷ (after/before in the reference) */
  ratio: number;
  low: number;
  high: number;
  logRatio: number;
  se: number;
  /** Two-sided p-value of ln RR = 0. */
  p: number;
}

/**
 * The ratio of an area's after/before ratio to a reference's, with its interval;
 * undefined when any of the four counts is zero (or not a whole number ≥ 0).
 * @example ratioOfRatios({ before: 100, after: 50 }, { before: 200, after: 180 }).ratio // 0.5556
 */
export function ratioOfRatios(area: Counts, reference: Counts, z = Z95): RatioOfRatios | undefined {
  const all = [area.before, area.after, reference.before, reference.after];
  if (!all.every((n) => Number.isInteger(n) && n > 0)) return undefined;
  const logRatio = Math.log(area.after / area.before) - Math.log(reference.after / reference.before);
  const se = Math.sqrt(all.reduce((s, n) => s + 1 / n, 0));
  return { ratio: Math.exp(logRatio), low: Math.exp(logRatio - z * se), high: Math.exp(logRatio + z * se), logRatio, se, p: twoSidedP(logRatio / se) };
}

/** Which way the evidence points: a fall or rise whose interval excludes no change, else none clear. */
export type Direction = 'fall' | 'rise' | 'no_clear_change' | 'not_enough_data';

export interface DidEstimate {
  /** Relative change in the area beyond the reference's, percent; null when not enough data. */
  estimate: number | null;
  /** 95 % interval of the relative change, percent. */
  low: number | null;
  high: number | null;
  rateRatio: number | null;
  se: number | null;
  p: number | null;
  direction: Direction;
}

export const NOT_ENOUGH_DATA: DidEstimate = { estimate: null, low: null, high: null, rateRatio: null, se: null, p: null, direction: 'not_enough_data' };

const pct = (ratio: number) => (ratio - 1) * 100;

/**
 * Difference-in-differences of an area against a reference (see the module comment).
 * @example did({ before: 100, after: 50 }, { before: 200, after: 180 })
 * // estimate −44.4 %, 95 % interval −62.6 % to −17.6 %: a fall
 */
export function did(area: Counts, reference: Counts, z = Z95): DidEstimate {
  const r = ratioOfRatios(area, reference, z);
  if (!r) return NOT_ENOUGH_DATA;
  const direction: Direction = r.high < 1 ? 'fall' : r.low > 1 ? 'rise' : 'no_clear_change';
  return { estimate: pct(r.ratio), low: pct(r.low), high: pct(r.high), rateRatio: r.ratio, se: r.se, p: r.p, direction };
}

/**
 * Plain change of one area's count, percent; null when there was nothing before.
 * @example change({ before: 40, after: 30 }) // −25
 */
export function change(c: Counts): number | null {
  return c.before > 0 ? pct(c.after / c.before) : null;
}
