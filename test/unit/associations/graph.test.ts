import { expect } from 'chai';
import { edgesAmong, gridRef, neighbourhood, nodeIdOf, parseNodeId, sharedOccasions, type Occurrence } from '../../../server/associations/graph.js';

const at = (d: string) => new Date(`${d}T20:00:00Z`);
/** Rows of one occasion: each node present at it. */
const occasion = (kind: Occurrence['kind'], id: string, day: string, ...nodes: string[]): Occurrence[] =>
  nodes.map((node) => ({ kind, id, at: at(day), node, info: null }));

const S = 'subject:00000000-0000-4000-8000-000000000001';
const V = 'vehicle:00000000-0000-4000-8000-000000000002';
const P = 'premises:00000000-0000-4000-8000-000000000003';
const V2 = 'vehicle:00000000-0000-4000-8000-000000000004';

describe('association graph', () => {
  const occ = [
    ...occasion('sighting', 'a', '2026-01-01', S, V, P),
    ...occasion('sighting', 'b', '2026-01-08', S, V, P),
    ...occasion('sighting', 'c', '2026-01-09', V2, P),
    ...occasion('episode', 'e', '2026-01-05', S, V2),
    // A sighting and a journey of the same id are different occasions.
    ...occasion('journey', 'a', '2026-01-03', V, V2),
  ];

  it('when two nodes share occasions, then their edge counts each once and keeps the latest date', () => {
    const edges = edgesAmong(occ, new Set([S, V, P, V2]));
    const find = (a: string, b: string) => edges.find((e) => [e.source, e.target].sort().join() === [a, b].sort().join());
    expect(find(S, V)).to.deep.include({ count: 2, latest: at('2026-01-08') });
    expect(find(V, P)).to.deep.include({ count: 2 });
    expect(find(V, V2)).to.deep.include({ count: 1, latest: at('2026-01-03') });
    expect(find(S, V2)).to.deep.include({ count: 1 });
    expect(edges[0]!.count).to.equal(2);
    expect(edges.every((e) => e.source < e.target)).to.equal(true);
  });

  it('when a node is repeated at one occasion, then it is still one occasion', () => {
    const edges = edgesAmong([...occasion('sighting', 'x', '2026-01-01', S, V, S)], new Set([S, V]));
    expect(edges).to.deep.equal([{ source: S, target: V, count: 1, latest: at('2026-01-01') }]);
  });

  it('when only some nodes are kept, then edges to the others are left out', () => {
    const edges = edgesAmong(occ, new Set([S, P]));
    expect(edges.map((e) => [e.source, e.target])).to.deep.equal([[P, S]]);
  });

  it('when a focus is given, then its neighbourhood is the focus first and what shared an occasion with it, most shared first', () => {
    expect(neighbourhood(occ, S, 10)).to.deep.equal({ nodes: [S, P, V, V2], truncated: false });
    expect(neighbourhood(occ, S, 3)).to.deep.equal({ nodes: [S, P, V], truncated: true });
  });

  it('when there is no focus (an area), then every node of the occasions is in it', () => {
    expect(neighbourhood(occ, null, 10).nodes.sort()).to.deep.equal([S, V, P, V2].sort());
  });

  it('when an edge is opened, then the occasions both nodes were at are listed newest first', () => {
    expect(sharedOccasions(occ, V, P).map((o) => `${o.kind}:${o.id}`)).to.deep.equal(['sighting:b', 'sighting:a']);
    expect(sharedOccasions(occ, V2, V).map((o) => `${o.kind}:${o.id}`)).to.deep.equal(['journey:a']);
  });

  it('when node ids are parsed, then only the four forms pass and they round-trip', () => {
    for (const id of [S, V, P, 'place:2305_7641']) expect(nodeIdOf(parseNodeId(id)!)).to.equal(id);
    for (const bad of ['person:00000000-0000-4000-8000-000000000001', 'subject:nope', 'place:-1_2', 'place:1_2_3', `${S} `]) expect(parseNodeId(bad), bad).to.equal(undefined);
  });

  it('when a 100 m cell is named, then it reads as a 6-figure OS grid reference', () => {
    expect(gridRef(3710, 4091)).to.equal('SD 710 091');
    // Ben Nevis, NN 166 712; the Ordnance Survey's own example, TG 514 131.
    expect(gridRef(2166, 7712)).to.equal('NN 166 712');
    expect(gridRef(6514, 3131)).to.equal('TG 514 131');
  });
});
