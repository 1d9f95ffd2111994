import { expect } from 'chai';
import { defaultRadius, quarticDensity } from '../../../server/hotspots/kde.js';

describe('hotspots/kde', () => {
  it('when one sighting sits on a cell centre, then that cell\'s density is 3/(π h²) per m²', () => {
    const d = quarticDensity([{ x: 50, y: 50, w: 1 }], { x0: 0, y0: 0, size: 100, ncols: 1, nrows: 1 }, 200);
    expect(d[0]).to.be.closeTo(3 / (Math.PI * 200 * 200), 1e-15);
  });

  it('when the surface is summed over the cells, then it holds the number of sightings (calibrated)', () => {
    const pts = [{ x: 2000, y: 2000, w: 3 }, { x: 2170, y: 1930, w: 1 }, { x: 1500, y: 2600, w: 2 }];
    const grid = { x0: 0, y0: 0, size: 10, ncols: 400, nrows: 400 };
    const d = quarticDensity(pts, grid, 350);
    const total = d.reduce((a, v) => a + v * 100, 0);
    expect(total).to.be.closeTo(6, 0.01);
  });

  it('when a point is farther than the bandwidth, then it adds nothing', () => {
    const d = quarticDensity([{ x: 1000, y: 1000, w: 5 }], { x0: 0, y0: 0, size: 100, ncols: 3, nrows: 3 }, 300);
    expect(Array.from(d).every((v) => v === 0)).to.equal(true);
  });

  it('when the default radius is taken, then it is 0.9 · min(SD, √(1/ln2)·Dm) · n^−0.2', () => {
    // Four points at (±100, 0), (0, ±100): SD = 100, Dm = 100 → 0.9 · min(100, 120.11) · 4^−0.2 = 90 · 0.7579 = 68.21
    const pts = [{ x: 100, y: 0, w: 1 }, { x: -100, y: 0, w: 1 }, { x: 0, y: 100, w: 1 }, { x: 0, y: -100, w: 1 }];
    expect(defaultRadius(pts)).to.be.closeTo(90 * 4 ** -0.2, 1e-9);
  });
});
