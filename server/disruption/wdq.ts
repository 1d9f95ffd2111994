/**
 * The Weighted Displacement Quotient of Bowers and Johnson (2003), "Measuring the
 * geographical displacement and diffusion of benefit effects of crime prevention
 * activity", Journal of Quantitative Criminology 19(3): 275–301.
 *
 * With T the target, R the buffer (here the 250–500 m ring) and C the control area,
 * b before and a after:
 *
 *   success measure      SM  = Ta/Ca − Tb/Cb     (negative: the target improved against the control)
 *   buffer displacement  BDM = Ra/Ca − Rb/Cb     (positive: the buffer worsened against the control)
 *   WDQ = BDM / SM
 *
 * and, in counts, the total net effect
 *
 *   TNE = (Tb·Ca/Cb − Ta) − (Ra − Rb·Ca/Cb)
 *
 * the sightings the work prevented in the target (against the control's trend) less
 * those that appeared in the buffer. The WDQ is only read when the scheme succeeded
 * (SM < 0); otherwise there is no effect to be displaced and it is not computed.
 */
import type { Counts } from './did.js';

/** Bowers and Johnson's reading of the quotient (their table 2). */
export type WdqBand =
  /** WDQ > 1: the buffer improved more than the target */
  | 'diffusion_greater_than_effect'
  /** 0 < WDQ ≤ 1 */
  | 'diffusion'
  /** WDQ = 0 */
  | 'no_change'
  /** −1 ≤ WDQ < 0: some displacement, smaller than the direct effect (a net benefit) */
  | 'displacement'
  /** WDQ < −1: more displaced than prevented (counter-productive) */
  | 'displacement_greater_than_effect';

export type Wdq =
  | { value: number; successMeasure: number; bufferMeasure: number; netEffect: number; band: WdqBand }
  /** A control count of zero: nothing to weight by. */
  | { value: null; successMeasure: null; bufferMeasure: null; netEffect: null; reason: 'not_enough_data' }
  /** The target did not improve against the control (SM ≥ 0): no effect to displace. */
  | { value: null; successMeasure: number; bufferMeasure: number; netEffect: number; reason: 'no_success' };

/**
 * The quotient and its parts.
 * @example wdq({ before: 100, after: 50 }, { before: 80, after: 100 }, { before: 200, after: 180 })
 * // value −0.7 (displacement smaller than the direct effect), netEffect 12
 */
export function wdq(target: Counts, ring: Counts, control: Counts): Wdq {
  const { before: cb, after: ca } = control;
  if (!(cb > 0 && ca > 0)) return { value: null, successMeasure: null, bufferMeasure: null, netEffect: null, reason: 'not_enough_data' };
  const successMeasure = target.after / ca - target.before / cb;
  const bufferMeasure = ring.after / ca - ring.before / cb;
  const trend = ca / cb;
  const netEffect = target.before * trend - target.after - (ring.after - ring.before * trend);
  if (!(successMeasure < 0)) return { value: null, successMeasure, bufferMeasure, netEffect, reason: 'no_success' };
  const value = bufferMeasure / successMeasure;
  return { value, successMeasure, bufferMeasure, netEffect, band: bandOf(value) };
}

/** Bowers and Johnson's reading of a quotient. */
export function bandOf(value: number): WdqBand {
  if (value > 1) return 'diffusion_greater_than_effect';
  if (value > 0) return 'diffusion';
  if (value === 0) return 'no_change';
  if (value >= -1) return 'displacement';
  return 'displacement_greater_than_effect';
}
