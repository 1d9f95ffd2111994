import { expect } from 'chai';
import { abbreviate, clusterCells, clusterLeaves } from '../../../server/map/cluster.js';
import { groundMetres } from '../../../server/map/service.js';

const cell = (lon: number, lat: number, n: number, cats: Record<string, number>, id: string | null = null) => ({
  lon, lat, n, categories: cats, id, observedAt: id ? new Date('2026-01-01T00:00:00Z') : null, ix: Math.round(lon * 1e4), iy: Math.round(lat * 1e4),
});

describe('map/cluster', () => {
  const cells = [
    cell(-2.43, 53.58, 5, { adult_loitering: 3, other: 2 }),
    cell(-2.4301, 53.5801, 2, { other: 2 }),
    cell(-2.30, 53.50, 1, { party_address: 1 }, '11111111-1111-4111-8111-111111111111'),
  ];
  const bbox: [number, number, number, number] = [-3, 53, -2, 54];

  it('when cells are near each other at low zoom, then they merge with summed sightings and categories', () => {
    const out = clusterCells(cells, bbox, 8);
    const big = out.find((f) => f.properties.cluster && f.properties.point_count === 7);
    expect(big, JSON.stringify(out)).to.not.equal(undefined);
    expect((big!.properties as any).categories).to.deep.equal({ adult_loitering: 3, other: 4 });
    expect((big!.properties as any).expansion_zoom).to.be.above(8);
  });

  it('when cells merge, then the cluster sits at their mean rounded to 6 decimals (about 0.1 m), not 16 digits', () => {
    const big = clusterCells(cells, bbox, 8).find((f) => f.properties.cluster && f.properties.point_count === 7)!;
    for (const v of big.geometry.coordinates) expect(Math.round(v * 1e6) / 1e6).to.equal(v);
    // supercluster weights by point (2 cells), in its own projected space: close to the plain mean.
    expect(big.geometry.coordinates[0]).to.be.closeTo(-2.43005, 1e-5);
    expect(big.geometry.coordinates[1]).to.be.closeTo(53.58005, 1e-5);
  });

  it('when a cell holds one sighting and stands alone, then it is a point with its id', () => {
    const out = clusterCells(cells, bbox, 8);
    const p = out.find((f) => !f.properties.cluster);
    expect(p!.properties).to.deep.equal({ cluster: false, id: '11111111-1111-4111-8111-111111111111', category: 'party_address', observedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('when a lone cell holds several sightings, then it stays a cluster without a supercluster id', () => {
    const out = clusterCells([cell(-2.43, 53.58, 3, { other: 3 })], bbox, 12);
    expect(out[0]!.properties).to.include({ cluster: true, cluster_id: null, point_count: 3, expansion_zoom: 14 });
  });

  it('when a cluster is drawn, then its members name it so that clusterLeaves gives back exactly its grid cells', () => {
    const big = clusterCells(cells, bbox, 8).find((f) => f.properties.cluster && f.properties.point_count === 7)!;
    const members = (big.properties as { members: string }).members;
    const [zoom, id] = members.split('/');
    expect(zoom).to.equal('8');
    const leaves = clusterLeaves(cells, Number(id))!.map((c) => `${c.ix}:${c.iy}`).sort();
    expect(leaves).to.deep.equal([cells[0]!, cells[1]!].map((c) => `${c.ix}:${c.iy}`).sort());
    expect(clusterLeaves(cells, 987_654)).to.equal(null);
  });

  it('when a lone cell holds several sightings, then its members name its grid cell', () => {
    const c = cell(-2.43, 53.58, 3, { other: 3 });
    expect(clusterCells([c], bbox, 19)[0]!.properties).to.include({ members: `19/${c.ix}:${c.iy}` });
  });

  it('when counts are large, then they are abbreviated as supercluster does', () => {
    expect([12, 1234, 15_400].map(abbreviate)).to.deep.equal(['12', '1.2k', '15k']);
  });

  it('when 32 pixels are measured at zoom 14 at Bolton\'s latitude, then they cover about 181 m', () => {
    expect(groundMetres(32, 14, 53.58)).to.be.closeTo(181.4, 0.5);
  });
});
