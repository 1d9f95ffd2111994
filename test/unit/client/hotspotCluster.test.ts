import { expect } from 'chai';
import { clusterOf, dissolve, type LatticeCell } from '../../../client/src/map/hotspots/cluster.js';

/** A unit square cell at (c, r), counter-clockwise, as the lattice gives them. */
const sq = (c: number, r: number): LatticeCell => ({ id: `${c}:${r}`, ring: [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1], [c, r]] });

/** Twice the signed area of a ring. */
const area2 = (ring: number[][]) => ring.slice(0, -1).reduce((a, p, i) => a + p[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * p[1]!, 0);

describe('client/map/hotspots/cluster', () => {
  it('when cells share edges, then the cluster holds them and not a cell touching only at a corner or far away', () => {
    const cells = [sq(0, 0), sq(1, 0), sq(1, 1), sq(2, 2), sq(5, 5)];
    expect(clusterOf(cells, '0:0').map((c) => c.id).sort()).to.deep.equal(['0:0', '1:0', '1:1']);
    expect(clusterOf(cells, '5:5').map((c) => c.id)).to.deep.equal(['5:5']);
    expect(clusterOf(cells, '9:9')).to.deep.equal([]);
  });

  it('when two cells side by side are dissolved, then one counter-clockwise 2 × 1 polygon comes out', () => {
    const g = dissolve([sq(0, 0), sq(1, 0)]);
    expect(g.type).to.equal('Polygon');
    const ring = (g as { coordinates: number[][][] }).coordinates[0]!;
    expect(area2(ring)).to.equal(4);
    expect(ring[0]).to.deep.equal(ring[ring.length - 1]);
    const corners = new Set(ring.map((p) => p.join(',')));
    for (const c of ['0,0', '2,0', '2,1', '0,1']) expect(corners.has(c), c).to.equal(true);
  });

  it('when a ring of 8 cells surrounds an empty one, then the outline has a clockwise hole', () => {
    const cells = [];
    for (let c = 0; c < 3; c++) for (let r = 0; r < 3; r++) if (c !== 1 || r !== 1) cells.push(sq(c, r));
    const g = dissolve(cells);
    expect(g.type).to.equal('Polygon');
    const [outer, hole] = (g as { coordinates: number[][][] }).coordinates;
    expect(area2(outer!)).to.equal(18);
    expect(area2(hole!)).to.equal(-2);
  });

  it('when cells lie apart, then a MultiPolygon of one piece each comes out', () => {
    const g = dissolve([sq(0, 0), sq(3, 0)]);
    expect(g.type).to.equal('MultiPolygon');
    expect((g as { coordinates: number[][][][] }).coordinates).to.have.length(2);
  });
});
