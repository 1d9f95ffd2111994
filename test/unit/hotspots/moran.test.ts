import { expect } from 'chai';
import { globalMoran } from '../../../server/hotspots/moran.js';
import { chooseBandwidth, firstPeak, meanKthNeighbourDistance } from '../../../server/hotspots/bandwidth.js';
import { mulberry32, poisson, rectGrid } from './support.js';

describe('hotspots/moran and the default bandwidth', () => {
  it('when values alternate like a chessboard, then Moran\'s I with rook neighbours is exactly −1', () => {
    // Every neighbour pair differs: d_i·d_j = −¼ for each, so Σ w d_i d_j / Σ d² · n / S0 = (−¼·S0)/(¼·n) · n/S0 = −1.
    const g = rectGrid('square', 100, 4, 4, (c, r) => (c + r) % 2);
    const m = globalMoran(g, 100);
    expect(m.I).to.be.closeTo(-1, 1e-12);
    expect(m.expected).to.be.closeTo(-1 / 15, 1e-12);
    expect(m.z).to.be.below(-3);
  });

  it('when one half of the grid is high and the other low, then I is strongly positive', () => {
    const g = rectGrid('square', 100, 10, 10, (c) => (c < 5 ? 4 : 0));
    const m = globalMoran(g, 100);
    expect(m.I).to.be.above(0.8);
    expect(m.z).to.be.above(8);
  });

  it('when a z-score series rises, peaks significantly and falls, then the first such peak is found', () => {
    expect(firstPeak([1, 2.5, 2, 3, 1])).to.equal(1);
    expect(firstPeak([1, 1.5, 1.2, 3, 1])).to.equal(3); // 1.5 is a peak but not significant
    expect(firstPeak([1, 2, 3, 4, 5])).to.equal(-1);
    expect(firstPeak([null, 3, 2])).to.equal(-1);
  });

  it('when five filled cells lie in a row, then the k-th neighbour distance is averaged and capped at the standard distance', () => {
    /*
     * Cells at x = 0…4 (100 m apart), N = 5, so k = 3 (5 % of N, at least 3).
     * Third-nearest: 300, 200, 200, 200, 300 → mean 240 m.
     * Standard distance: √((4 + 1 + 0 + 1 + 4)/5) · 100 = √2 · 100 = 141.42 m, the smaller: 141.42 m.
     */
    const g = rectGrid('square', 100, 20, 20, (c, r) => (r === 10 && c >= 3 && c <= 7 ? 1 : 0));
    const { distance, k } = meanKthNeighbourDistance(g);
    expect(k).to.equal(3);
    expect(distance).to.be.closeTo(Math.SQRT2 * 100, 1e-9);
  });

  it('when filled cells are spread out, then the mean k-th distance stands (below the standard distance)', () => {
    /*
     * Ten pairs of cells on a line: cells 100 m apart within a pair, pairs 1 km apart. N = 20, k = 3.
     * Any cell: its partner at 100 m, then the nearer cell of the next pair at 900 m, then 1000 m;
     * the outer cell of an end pair has no pair on its other side: 100, 1000, 1100.
     * Mean third-nearest = (18 · 1000 + 2 · 1100) / 20 = 1010 m, below the standard distance (≈ 2.9 km).
     */
    const g = rectGrid('square', 100, 120, 3, (c, r) => (r === 1 && c % 10 < 2 && c < 100 ? 1 : 0));
    const { distance, k } = meanKthNeighbourDistance(g);
    expect(k).to.equal(3);
    expect(distance).to.be.closeTo(1010, 1e-9);
  });

  it('when sightings cluster in blobs about 300 m across, then the bandwidth is a Moran peak or the k-th neighbour rule, at least one cell', () => {
    const rand = mulberry32(5);
    const centres = [[10, 10], [30, 12], [20, 30], [35, 35]];
    const g = rectGrid('square', 100, 45, 45, (c, r) => poisson(rand, 0.2 + centres.reduce((a, [x, y]) => a + 6 * Math.exp(-((c - x!) ** 2 + (r - y!) ** 2) / 4), 0)));
    const choice = chooseBandwidth(g);
    expect(choice.moranZ).to.have.length(10);
    expect(choice.distances[0]).to.equal(100);
    expect(['moran-peak', 'knn-mean']).to.include(choice.method);
    expect(choice.bandwidth).to.be.at.least(100).and.at.most(1000);
  });
});
