import { expect } from 'chai';
import { bhThreshold, fdrBins } from '../../../server/hotspots/fdr.js';

describe('hotspots/fdr', () => {
  /*
   * Benjamini–Hochberg by hand, m = 8, α = 0.05: k·α/m = 0.00625, 0.0125, 0.01875, 0.025, …
   *   p(1) = 0.001 ≤ 0.00625 ✓   p(2) = 0.008 ≤ 0.0125 ✓   p(3) = 0.039 > 0.01875
   *   p(4) = 0.041 > 0.025  …  p(8) = 0.205 > 0.05
   * Largest k with p(k) ≤ kα/m is 2: the critical p-value is 0.008.
   * At α = 0.10 (kα/m = 0.0125k): p(5) = 0.042 ≤ 0.0625 ✓, p(6) = 0.06 ≤ 0.075 ✓, p(7) = 0.074 ≤ 0.0875 ✓, p(8) = 0.205 > 0.1 → 0.074.
   * At α = 0.01 (kα/m = 0.00125k): p(1) = 0.001 ≤ 0.00125 ✓, p(2) = 0.008 > 0.0025 → 0.001.
   */
  const p = [0.042, 0.001, 0.205, 0.039, 0.008, 0.06, 0.041, 0.074];

  it('when BH is applied at 0.10, 0.05 and 0.01, then the critical p-values match the hand computation', () => {
    expect(bhThreshold(p, 0.05)).to.equal(0.008);
    expect(bhThreshold(p, 0.1)).to.equal(0.074);
    expect(bhThreshold(p, 0.01)).to.equal(0.001);
  });

  it('when no p-value passes, then nothing is significant', () => {
    expect(bhThreshold([0.5, 0.2, 0.9], 0.05)).to.equal(-1);
    expect(Array.from(fdrBins([3, -3, 1], [0.5, 0.2, 0.9]))).to.deep.equal([0, 0, 0]);
  });

  it('when bins are made, then each gets the strictest level it passes, signed by z; z and p are not changed', () => {
    const z = [2.03, 3.29, -1.27, -2.06, 2.65, -1.88, 2.04, 1.79];
    expect(Array.from(fdrBins(z, p))).to.deep.equal([1, 3, 0, -1, 2, -1, 1, 1]);
  });

  it('when FDR is applied to three tests, then a cell at p 0.0037 drops from 99 % to 95 %', () => {
    expect(Array.from(fdrBins([2.9, -2.1, 0.3], [0.0037, 0.0357, 0.7642]))).to.deep.equal([2, -1, 0]);
  });

  it('when cells outside the study area carry NaN, then they are left out of m and binned 0', () => {
    expect(Array.from(fdrBins([3, NaN, NaN], [0.004, NaN, NaN]))).to.deep.equal([3, 0, 0]);
  });
});
