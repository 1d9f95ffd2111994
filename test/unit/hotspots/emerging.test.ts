import { expect } from 'chai';
import { classifyEmerging, emergingHotSpots } from '../../../server/hotspots/emerging.js';
import { indexOf, type CellGrid } from '../../../server/hotspots/grid.js';
import { mulberry32, poisson, rectGrid } from './support.js';

const none = { z: 0, p: 1 };
const rising = { z: 3, p: 0.003 };
const falling = { z: -3, p: 0.003 };
const rep = (v: number, n: number) => Array(n).fill(v) as number[];

/**
 * Counts of a space–time cube (step-major): a Poisson background of `mean` in every cell
 * and step, drawn with the seed, and `bump(t)`'s [col, row, extra] added at step t.
 */
function cube(grid: CellGrid, steps: number, seed: number, mean: number, bump: (t: number) => [number, number, number][]): Float64Array {
  const rand = mulberry32(seed);
  const size = grid.mask.length;
  const counts = new Float64Array(size * steps);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < size; i++) counts[t * size + i] = poisson(rand, mean);
    for (const [c, r, n] of bump(t)) counts[t * size + indexOf(grid, c, r)]! += n;
  }
  return counts;
}

describe('hotspots/emerging', () => {
  describe('classifyEmerging (ArcGIS definitions)', () => {
    const cases: [string, number[], { z: number; p: number }, string][] = [
      ['hot only in the final step', [...rep(0, 9), 2], none, 'new_hot_spot'],
      ['cold before, hot only in the final step (still new: never hot before)', [-1, ...rep(0, 8), 3], none, 'new_hot_spot'],
      ['a final run of three hot steps, never hot before', [...rep(0, 7), 1, 2, 3], rising, 'consecutive_hot_spot'],
      ['hot in 9 of 10 steps including the last, rising', [0, ...rep(2, 9)], rising, 'intensifying_hot_spot'],
      ['hot in every step, falling', rep(3, 10), falling, 'diminishing_hot_spot'],
      ['hot in every step, no trend', rep(3, 10), none, 'persistent_hot_spot'],
      ['hot in every step, rising but not significantly', rep(3, 10), { z: 1.2, p: 0.23 }, 'persistent_hot_spot'],
      ['hot on and off, hot at the end, never cold', [1, 0, 0, 2, 0, 0, 1, 0, 0, 1], none, 'sporadic_hot_spot'],
      ['hot on and off, not hot at the end, never cold', [1, 0, 2, 0, 0, 0, 1, 0, 0, 0], none, 'sporadic_hot_spot'],
      ['hot at the end, hot and cold before', [-2, 0, 1, 0, 0, 0, 0, 0, 0, 1], none, 'oscillating_hot_spot'],
      ['hot in 9 of 10 steps but not the last', [...rep(1, 9), 0], none, 'historical_hot_spot'],
      ['cold only in the final step', [...rep(0, 9), -1], none, 'new_cold_spot'],
      ['a final run of cold steps', [...rep(0, 6), -1, -1, -1, -1], none, 'consecutive_cold_spot'],
      ['cold throughout and falling further', rep(-2, 10), falling, 'intensifying_cold_spot'],
      ['cold throughout and rising', rep(-2, 10), rising, 'diminishing_cold_spot'],
      ['cold throughout, no trend', rep(-2, 10), none, 'persistent_cold_spot'],
      ['cold on and off', [-1, 0, 0, -1, 0, 0, 0, 0, 0, -1], none, 'sporadic_cold_spot'],
      ['cold at the end, hot before', [0, 2, 0, -1, 0, 0, 0, 0, 0, -1], none, 'oscillating_cold_spot'],
      ['cold throughout but the last', [...rep(-3, 9), 0], none, 'historical_cold_spot'],
      ['never significant', rep(0, 10), none, 'no_pattern'],
      ['hot and cold, neither at the end', [1, 0, -1, 0, 0, 0, 0, 0, 0, 0], none, 'no_pattern'],
    ];
    for (const [what, bins, trend, pattern] of cases) {
      it(`when ${what}, then ${pattern}`, () => expect(classifyEmerging(bins, trend)).to.equal(pattern));
    }
    it('when exactly 90 % of the steps are hot, then it counts as "90 percent of the time-step intervals"', () => {
      expect(classifyEmerging([0, ...rep(1, 9)], none)).to.equal('persistent_hot_spot');
      expect(classifyEmerging([0, 0, ...rep(1, 8)], none)).to.equal('consecutive_hot_spot');
    });
  });

  describe('emergingHotSpots', () => {
    it('when one place is quiet for two years of months and then busy in the last three, then it is a new or consecutive hot spot and quiet places show no pattern', () => {
      const steps = 24;
      const grid = rectGrid('square', 200, 20, 20, () => 0);
      const busy = (t: number) => 6 + 3 * (t - steps + 3);
      const counts = cube(grid, steps, 9, 0.3, (t) => (t >= steps - 3 ? [[10, 10, busy(t)], [10, 11, busy(t)], [11, 10, busy(t)]] : []));
      const result = emergingHotSpots({ grid, steps, counts }, 300, 1);
      const at = (c: number, r: number) => result.cells.find((x) => x.index === indexOf(grid, c, r))!;
      expect(['new_hot_spot', 'consecutive_hot_spot']).to.include(at(10, 10).pattern);
      expect(at(10, 10).bins[steps - 1]).to.equal(3);
      const far = result.cells.filter((x) => x.pattern !== 'no_pattern' && Math.abs(Math.floor(x.index / 20) - 10) > 4);
      expect(far.length).to.be.below(result.cells.length * 0.05);
      expect(result.n).to.equal(400 * 24);
    });

    it('when a place grows busier through the whole period, then it is an intensifying hot spot', () => {
      const steps = 20;
      const grid = rectGrid('hex', 200, 16, 16, () => 0);
      const counts = cube(grid, steps, 4, 0.5, (t) => [[8, 8, 6 + t]]);
      const result = emergingHotSpots({ grid, steps, counts }, 200, 1);
      const cell = result.cells.find((x) => x.index === indexOf(grid, 8, 8))!;
      expect(cell.trend.z).to.be.above(1.645);
      expect(cell.pattern).to.equal('intensifying_hot_spot');
    });
  });
});
