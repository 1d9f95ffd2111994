/**
 * Colours and words of the hot spot layers. Gi_Bin colours are ArcGIS Pro's diverging
 * hot spot renderer (hot reds, cold blues, three confidence shades each), with grey for
 * "not significant"; emerging hot spot patterns take a red or blue by how strong and
 * how recent the pattern is, as ArcGIS's Emerging Hot Spot legend orders them.
 */
import type { EmergingPattern } from '../../../../server/lists.js';

/** Gi_Bin → colour, −3…3. */
export const GI_BIN_COLOURS: Record<number, string> = {
  3: '#d62f27',
  2: '#ed7551',
  1: '#fab984',
  0: '#9e9e9e',
  [-1]: '#c0ccbe',
  [-2]: '#849eba',
  [-3]: '#4575b5',
};

/** Gi_Bin → legend label, hottest first. */
export const GI_BIN_LABELS: [number, string][] = [
  [3, 'Hot spot, 99 % confidence'],
  [2, 'Hot spot, 95 % confidence'],
  [1, 'Hot spot, 90 % confidence'],
  [0, 'Not significant'],
  [-1, 'Cold spot, 90 % confidence'],
  [-2, 'Cold spot, 95 % confidence'],
  [-3, 'Cold spot, 99 % confidence'],
];

export const EMERGING_COLOURS: Record<EmergingPattern, string> = {
  new_hot_spot: '#67000d',
  consecutive_hot_spot: '#a50f15',
  intensifying_hot_spot: '#d7301f',
  persistent_hot_spot: '#ef6548',
  diminishing_hot_spot: '#fc8d59',
  sporadic_hot_spot: '#fdbb84',
  oscillating_hot_spot: '#fdd49e',
  historical_hot_spot: '#d9b8a8',
  new_cold_spot: '#08306b',
  consecutive_cold_spot: '#08519c',
  intensifying_cold_spot: '#2171b5',
  persistent_cold_spot: '#4292c6',
  diminishing_cold_spot: '#6baed6',
  sporadic_cold_spot: '#9ecae1',
  oscillating_cold_spot: '#c6dbef',
  historical_cold_spot: '#b4bfcc',
  no_pattern: '#9e9e9e',
};
