import { expect } from 'chai';
import { giStar } from '../../../server/hotspots/gistar.js';
import { fdrBins } from '../../../server/hotspots/fdr.js';
import { indexOf } from '../../../server/hotspots/grid.js';
import { bandSteps, hiddenConcentrations } from '../../../server/hotspots/scale.js';
import { mulberry32, poisson, rectGrid } from './support.js';

describe('hotspots/scale', () => {
  // The case from the issue: 250 m cells averaging 2.6 sightings, three cells of 70–120.
  const rand = mulberry32(7);
  const planted = new Map([['5,5', 120], ['16,8', 90], ['9,18', 70]]);
  const grid = rectGrid('square', 250, 24, 24, (c, r) => planted.get(`${c},${r}`) ?? poisson(rand, 2.6));
  const binsAt = (band: number) => {
    const gi = giStar(grid, band);
    return fdrBins(gi.z, gi.p);
  };

  it('when the neighbourhood distances of 250 m squares are listed, then they are the rings 250, 354, 500, 559, 708 … (rounded up to the metre)', () => {
    expect(bandSteps('square', 250, 800)).to.deep.equal([250, 354, 500, 560, 708, 750, 791]);
    expect(bandSteps('hex', 100, 200)).to.deep.equal([100, 174, 200]);
  });

  it('when a wide band averages three concentrations away, then it says so and names the widest band that finds them all', () => {
    const bins = binsAt(837);
    for (const k of planted.keys()) {
      const [c, r] = k.split(',').map(Number) as [number, number];
      expect(bins[indexOf(grid, c, r)], `precondition: cell ${k} is not significant at 837 m`).to.equal(0);
    }
    const w = hiddenConcentrations(grid, 837, bins);
    expect(w).to.not.equal(undefined);
    expect(w!.cells).to.equal(3);
    expect(w!.missed).to.equal(3);
    // The mean counts the concentrations too: 280 of its sightings are theirs.
    const total = Array.from(grid.values).reduce((a, b) => a + b, 0);
    expect(w!.mean).to.be.closeTo(total / 576, 1e-9);
    expect(w!.ratio[0]).to.be.closeTo(70 / w!.mean, 1e-9);
    expect(w!.ratio[1]).to.be.closeTo(120 / w!.mean, 1e-9);
    expect(w!.suggested).to.equal(354);
    const at = binsAt(w!.suggested!);
    for (const k of planted.keys()) {
      const [c, r] = k.split(',').map(Number) as [number, number];
      expect(at[indexOf(grid, c, r)]).to.be.above(0);
    }
  });

  it('when the concentrations are found at the chosen band, or there are none, then nothing is said', () => {
    expect(hiddenConcentrations(grid, 354, binsAt(354))).to.equal(undefined);
    const flat = rectGrid('square', 250, 24, 24, () => poisson(rand, 2.6));
    const gi = giStar(flat, 837);
    expect(hiddenConcentrations(flat, 837, fdrBins(gi.z, gi.p))).to.equal(undefined);
  });
});
