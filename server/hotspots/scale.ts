/**
 * When the analysis scale hides what the counts show. A distance band wide enough for a
 * stable Gi* can average a single crowded cell with dozens of quiet neighbours until it
 * is "not significant"; the map then shows nothing where the data plainly has something.
 * These functions notice that and find the band at which the concentrations are found.
 */
import { giStar, maskedMoments } from './gistar.js';
import { fdrBins } from './fdr.js';
import { cellCentre, type CellGrid, type CellShape } from './grid.js';

/** A cell this many times the mean count is a concentration worth a word… */
export const CONCENTRATION_RATIO = 10;
/** …if it also holds at least this many sightings (ten times a mean of 0.2 is not a crowd). */
export const CONCENTRATION_MIN = 10;

export interface HiddenConcentrations {
  /** cells holding CONCENTRATION_RATIO times the mean or more */
  cells: number;
  /** of those, cells that are not hot spots at the chosen band */
  missed: number;
  /** the smallest and largest concentration as multiples of the mean */
  ratio: [number, number];
  mean: number;
  /** the widest neighbourhood step below the chosen band at which most missed cells are hot; undefined if none is */
  suggested?: number;
}

/**
 * The distances at which a cell's neighbourhood gains a ring of cells, up to `upTo`
 * metres, each rounded up to the metre so that a band of that many metres takes the ring in.
 * @example bandSteps('square', 250, 600) // [250, 354, 500, 560]
 */
export function bandSteps(shape: CellShape, size: number, upTo: number): number[] {
  const [x0, y0] = cellCentre(shape, size, 0, 0);
  const reach = Math.ceil(upTo / size) + 1;
  const found = new Set<number>();
  for (let c = -2 * reach; c <= 2 * reach; c++) {
    for (let r = -reach; r <= reach; r++) {
      if (c === 0 && r === 0) continue;
      const [x, y] = cellCentre(shape, size, c, r);
      const d = Math.ceil(Math.hypot(x - x0, y - y0) - 1e-6);
      if (d <= upTo) found.add(d);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * Concentrations that the band `bandwidth` does not find as hot spots, with the widest
 * smaller band that finds the most of them (ties go to the wider band: the least change of scale).
 * Undefined when there is no concentration, or every one is already a hot spot.
 */
export function hiddenConcentrations(grid: CellGrid, bandwidth: number, bins: ArrayLike<number>): HiddenConcentrations | undefined {
  const { mean } = maskedMoments(grid.values, grid.mask);
  if (!(mean > 0)) return undefined;
  const crowded: number[] = [];
  for (let i = 0; i < grid.values.length; i++) {
    const v = grid.values[i]!;
    if (grid.mask[i] && v >= CONCENTRATION_MIN && v >= CONCENTRATION_RATIO * mean) crowded.push(i);
  }
  const missedAt = (b: ArrayLike<number>) => crowded.filter((i) => !(b[i]! > 0));
  const missed = missedAt(bins);
  if (missed.length === 0) return undefined;
  const ratios = crowded.map((i) => grid.values[i]! / mean);
  let suggested: number | undefined;
  let best = missed.length;
  for (const band of bandSteps(grid.shape, grid.size, bandwidth).filter((d) => d < bandwidth).reverse()) {
    const gi = giStar(grid, band);
    const still = missedAt(fdrBins(gi.z, gi.p)).length;
    if (still < best) {
      best = still;
      suggested = band;
    }
    if (still === 0) break;
  }
  return {
    cells: crowded.length,
    missed: missed.length,
    ratio: [Math.min(...ratios), Math.max(...ratios)],
    mean,
    ...(suggested === undefined ? {} : { suggested }),
  };
}
