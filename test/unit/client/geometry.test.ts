import { expect } from 'chai';
import { boundsOf, cellLabelAt, closedRing, groundPixels, labelPoint, snapOutward } from '../../../client/src/map/geometry.js';

describe('client/map/geometry', () => {
  it('when a ward is a square, then its name goes at the centre, whichever way the ring winds', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] })).to.deep.equal([1, 1]);
    expect(labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]] })).to.deep.equal([1, 1]);
  });

  it('when an area has several parts, then the name goes in the largest', () => {
    const g = {
      type: 'MultiPolygon' as const,
      coordinates: [
        [[[10, 10], [10.1, 10], [10.1, 10.1], [10, 10.1], [10, 10]]],
        [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]],
      ],
    };
    expect(labelPoint(g)).to.deep.equal([2, 2]);
  });

  it('when geometries are given, then their bounds are [west, south, east, north]; none gives null', () => {
    expect(boundsOf([{ type: 'Polygon', coordinates: [[[-2.6, 53.5], [-2.3, 53.5], [-2.3, 53.7], [-2.6, 53.5]]] }])).to.deep.equal([-2.6, 53.5, -2.3, 53.7]);
    expect(boundsOf([])).to.equal(null);
  });

  it('when corners are drawn, then the ring is closed only from three corners on', () => {
    expect(closedRing([[0, 0], [1, 0]])).to.equal(null);
    expect(closedRing([[0, 0], [1, 0], [1, 1]])).to.deep.equal([[0, 0], [1, 0], [1, 1], [0, 0]]);
  });
});

describe('client/map/geometry snapOutward', () => {
  it('when a view is snapped to a 0.05° grid, then it grows to the grid lines around it, and a snapped view stays put', () => {
    expect(snapOutward([-2.512, 53.531, -2.401, 53.602], 0.05)).to.deep.equal([-2.55, 53.5, -2.4, 53.65]);
    expect(snapOutward([-2.55, 53.5, -2.4, 53.65], 0.05)).to.deep.equal([-2.55, 53.5, -2.4, 53.65]);
  });
});

describe('client/map/geometry groundPixels', () => {
  it("when 1 km is measured at zoom 12 at Bolton's latitude, then it covers about 44 pixels, twice that at zoom 13", () => {
    expect(groundPixels(1000, 12, 53.58)).to.be.closeTo(44.2, 0.2);
    expect(groundPixels(1000, 13, 53.58)).to.be.closeTo(88.4, 0.4);
  });
});

describe('client/map/geometry cellLabelAt', () => {
  const cell: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
  it('when the cell\'s centre is well inside the view, then the label stays at the centre', () => {
    expect(cellLabelAt([0.5, 0.5], cell, [-10, -10, 10, 10])).to.deep.equal([0.5, 0.5]);
  });
  it('when the centre is beyond the view\'s edge, then the label moves into the visible part of the cell, inset from the edge', () => {
    // View from x = 0.8: 4 % of its 2.2 width inset puts the label at 0.888.
    const [x, y] = cellLabelAt([0.5, 0.5], cell, [0.8, -0.5, 3, 1.5]);
    expect(x).to.be.closeTo(0.888, 1e-9);
    expect(y).to.equal(0.5);
  });
  it('when only a sliver of the cell is in view, then the label keeps the centre', () => {
    expect(cellLabelAt([0.5, 0.5], cell, [0.99, -0.5, 3, 1.5])).to.deep.equal([0.5, 0.5]);
  });
});
