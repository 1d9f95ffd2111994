import { expect } from 'chai';
import { cellCentre, cellOf, cellRing, cellArea, neighbourSpans, SHAPES } from '../../../server/hotspots/grid.js';
import { mulberry32 } from './support.js';
// Planar ray casting (the demo town's): here over BNG metres.
import { inRing } from '../../../seeds/demo/geometry.js';

describe('hotspots/grid', () => {
  it('when a point is binned in squares, then it is floor division on the British National Grid', () => {
    expect(cellOf('square', 100, 350.2, 449.9)).to.deep.equal([3, 4]);
    expect(cellCentre('square', 100, 3, 4)).to.deep.equal([350, 450]);
    expect(cellOf('square', 250, 371_700, 409_200)).to.deep.equal([1486, 1636]);
  });

  for (const shape of SHAPES) {
    it(`when random points are binned in ${shape} cells, then each falls inside its cell's outline and no other centre is nearer`, () => {
      const rand = mulberry32(7);
      const size = 200;
      for (let k = 0; k < 2000; k++) {
        const x = 300_000 + rand() * 5000;
        const y = 400_000 + rand() * 5000;
        const [c, r] = cellOf(shape, size, x, y);
        const [cx, cy] = cellCentre(shape, size, c, r);
        expect(inRing(x, y, cellRing(shape, size, c, r)), `${x},${y} in ${c},${r}`).to.equal(true);
        const own = Math.hypot(x - cx, y - cy);
        for (let dc = -2; dc <= 2; dc++) {
          for (let dr = -2; dr <= 2; dr++) {
            const [ox, oy] = cellCentre(shape, size, c + dc, r + dr);
            expect(Math.hypot(x - ox, y - oy)).to.be.at.least(own - 1e-9);
          }
        }
      }
    });
  }

  it('when hexagons are `size` apart, then neighbouring centres are exactly that far and a cell is (√3/2)·size² in area', () => {
    const [x, y] = cellCentre('hex', 100, 4, 4);
    const around = [[5, 3], [5, 4], [3, 3], [3, 4], [4, 3], [4, 5]].map(([c, r]) => cellCentre('hex', 100, c!, r!));
    for (const [ox, oy] of around) expect(Math.hypot(ox - x, oy - y)).to.be.closeTo(100, 1e-9);
    expect(cellArea('hex', 100)).to.be.closeTo(8660.254, 1e-3);
    expect(cellRing('hex', 100, 0, 0)).to.have.length(7);
  });

  it('when the bandwidth is one cell, then squares have the 4 rook neighbours and hexagons their 6, self included', () => {
    const count = (spans: { lo: number; hi: number }[]) => spans.reduce((a, s) => a + s.hi - s.lo + 1, 0);
    const sq = neighbourSpans('square', 100, 100);
    expect(count(sq[0])).to.equal(5);
    expect(sq[0]).to.deep.equal([{ dc: -1, lo: 0, hi: 0 }, { dc: 0, lo: -1, hi: 1 }, { dc: 1, lo: 0, hi: 0 }]);
    expect(count(neighbourSpans('square', 100, 150)[0])).to.equal(9);
    const hex = neighbourSpans('hex', 100, 100);
    expect(count(hex[0])).to.equal(7);
    expect(count(hex[1])).to.equal(7);
    // An even column's neighbours in the odd columns either side are rows −1 and 0; an odd column's are 0 and +1.
    expect(hex[0].find((s) => s.dc === 1)).to.deep.equal({ dc: 1, lo: -1, hi: 0 });
    expect(hex[1].find((s) => s.dc === 1)).to.deep.equal({ dc: 1, lo: 0, hi: 1 });
  });

  it('when a bandwidth spans several cells, then the spans hold exactly the centres within it', () => {
    for (const shape of SHAPES) {
      for (const parity of [0, 1] as const) {
        const d = 437;
        const spans = neighbourSpans(shape, 100, d)[parity];
        const [x0, y0] = cellCentre(shape, 100, parity, 0);
        const listed = new Set(spans.flatMap((s) => Array.from({ length: s.hi - s.lo + 1 }, (_, k) => `${s.dc},${s.lo + k}`)));
        for (let dc = -8; dc <= 8; dc++) {
          for (let dr = -8; dr <= 8; dr++) {
            const [x, y] = cellCentre(shape, 100, parity + dc, dr);
            expect(listed.has(`${dc},${dr}`), `${shape} ${parity} ${dc},${dr}`).to.equal(Math.hypot(x - x0, y - y0) <= d);
          }
        }
      }
    }
  });
});
