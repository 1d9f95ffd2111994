import { expect } from 'chai';
import { giStar, neighbourSums } from '../../../server/hotspots/gistar.js';
import { fdrBins } from '../../../server/hotspots/fdr.js';
import { gridFor, indexOf } from '../../../server/hotspots/grid.js';
import { twoSidedP } from '../../../server/hotspots/normal.js';
import { mulberry32, poisson, rectGrid } from './support.js';

describe('hotspots/gistar', () => {
  /*
   * A 3 × 3 grid of 100 m squares, bandwidth 100 m (the cell and its rook neighbours):
   *
   *   0 1 0
   *   1 5 1        n = 9, Σx = 9, x̄ = 1, Σx² = 29, S² = 29/9 − 1 = 20/9
   *   0 1 0
   *
   * centre: W = 5, Σwx = 5+1+1+1+1 = 9 → z = (9 − 5) / (S √((9·5 − 25)/8)) = 4 / (√(20/9)·√(20/8)) = √72/5 = 1.697056
   * corner: W = 3, Σwx = 0+1+1 = 2     → z = (2 − 3) / (S √((27 − 9)/8))  = −1 / (√(20/9)·1.5)      = −0.447214
   * edge:   W = 4, Σwx = 1+0+0+5 = 6   → z = (6 − 4) / (S √((36 − 16)/8)) = 2 / (√(20/9)·√(20/8))   = 0.848528
   */
  const plus = rectGrid('square', 100, 3, 3, (c, r) => (c === 1 && r === 1 ? 5 : c === 1 || r === 1 ? 1 : 0));

  it('when Gi* is computed on the 3 × 3 grid, then it matches the hand computation', () => {
    const gi = giStar(plus, 100);
    const z = (c: number, r: number) => gi.z[indexOf(plus, c, r)]!;
    expect(z(1, 1)).to.be.closeTo(Math.sqrt(72) / 5, 1e-9);
    expect(z(0, 0)).to.be.closeTo(-0.447214, 1e-6);
    expect(z(2, 2)).to.be.closeTo(-0.447214, 1e-6);
    expect(z(1, 0)).to.be.closeTo(0.848528, 1e-6);
    expect(Array.from(gi.neighbours)).to.deep.equal([3, 4, 3, 4, 5, 4, 3, 4, 3]);
    expect(gi.mean).to.equal(1);
    expect(gi.sd).to.be.closeTo(Math.sqrt(20 / 9), 1e-12);
    expect(gi.p[indexOf(plus, 1, 1)]).to.be.closeTo(0.089686, 1e-5);
  });

  it('when a cell\'s neighbourhood is the whole study area, then its z is 0 (nothing to contrast)', () => {
    const strip = rectGrid('square', 100, 3, 1, (c) => (c === 2 ? 3 : 0));
    const gi = giStar(strip, 100);
    expect(Array.from(gi.z).map((v) => Math.round(v * 1e4) / 1e4)).to.deep.equal([-1.4142, 0, 0.7071]);
  });

  it('when cells lie outside the study area, then they are neither counted nor anyone\'s neighbour', () => {
    const g = gridFor('square', 100, [{ col: 0, row: 0 }, { col: 2, row: 0 }, { col: 1, row: 1 }]);
    g.values.fill(7); // values outside the mask must be ignored
    const { sum, count } = neighbourSums(g, 150);
    expect(count[indexOf(g, 0, 0)]).to.equal(2);
    expect(count[indexOf(g, 1, 1)]).to.equal(3);
    expect(sum[indexOf(g, 1, 1)]).to.equal(21);
    expect(count[indexOf(g, 1, 0)]).to.equal(0);
  });

  it('when the neighbour sums use prefix sums, then they equal a brute-force sum over centres within the bandwidth (squares and hexagons)', () => {
    const rand = mulberry32(3);
    for (const shape of ['square', 'hex'] as const) {
      const g = rectGrid(shape, 100, 17, 13, () => poisson(rand, 2));
      // Carve a hole in the study area.
      for (let c = 5; c < 8; c++) for (let r = 4; r < 6; r++) g.mask[indexOf(g, c, r)] = 0;
      const { sum, count } = neighbourSums(g, 320);
      const centre = (i: number) => {
        const c = Math.floor(i / g.nrows), r = i % g.nrows;
        return shape === 'square' ? [(c + 0.5) * 100, (r + 0.5) * 100] : [c * 50 * Math.sqrt(3), (r + 0.5 * (c & 1)) * 100];
      };
      for (let i = 0; i < g.mask.length; i++) {
        if (!g.mask[i]) continue;
        const [x, y] = centre(i);
        let s = 0, w = 0;
        for (let j = 0; j < g.mask.length; j++) {
          if (!g.mask[j]) continue;
          const [u, v] = centre(j);
          if (Math.hypot(u! - x!, v! - y!) <= 320) {
            s += g.values[j]!;
            w++;
          }
        }
        expect([sum[i], count[i]], `${shape} cell ${i}`).to.deep.equal([s, w]);
      }
    }
  });

  it('when a dense hot spot is planted in a uniform background, then its cells come out bin 3 and the background stays grey', () => {
    const rand = mulberry32(11);
    const g = rectGrid('square', 100, 40, 40, (c, r) => poisson(rand, 0.5) + (Math.hypot(c - 20, r - 20) <= 1.5 ? 8 : 0));
    const gi = giStar(g, 250);
    const bins = fdrBins(gi.z, gi.p);
    expect(bins[indexOf(g, 20, 20)]).to.equal(3);
    expect(bins[indexOf(g, 21, 20)]).to.equal(3);
    let farSignificant = 0;
    for (let c = 0; c < 40; c++) for (let r = 0; r < 40; r++) if (Math.hypot(c - 20, r - 20) > 6 && bins[indexOf(g, c, r)]! >= 2) farSignificant++;
    expect(farSignificant).to.equal(0);
  });

  it('when the background is uniform (Poisson) in 20 generated grids, then at most a few percent of cells are at 95 % or above', () => {
    const rand = mulberry32(2026);
    let significant = 0, cells = 0;
    for (let k = 0; k < 20; k++) {
      const g = rectGrid(k % 2 ? 'hex' : 'square', 100, 30, 30, () => poisson(rand, 1 + (k % 4)));
      const gi = giStar(g, 200 + 50 * (k % 3));
      const bins = fdrBins(gi.z, gi.p);
      for (const b of bins) if (Math.abs(b) >= 2) significant++;
      cells += bins.length;
    }
    expect(significant / cells).to.be.below(0.02);
  });

  it('when p is taken of z, then it is two-sided normal', () => {
    expect(twoSidedP(1.959964)).to.be.closeTo(0.05, 1e-6);
    expect(twoSidedP(-2.575829)).to.be.closeTo(0.01, 1e-6);
    expect(twoSidedP(0)).to.equal(1);
    expect(twoSidedP(6)).to.be.closeTo(1.973e-9, 1e-11);
  });
});
