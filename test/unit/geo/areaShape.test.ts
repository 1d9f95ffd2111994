import { expect } from 'chai';
import { countCrossings, isShapeProblem, readAreaShape } from '../../../server/geo/areaShape.js';

const square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
const bowTie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]];

describe('area shapes checked in Node (server/geo/areaShape.ts)', () => {
  it('reads a Polygon and a MultiPolygon, counting vertices', () => {
    const p = readAreaShape({ type: 'Polygon', coordinates: [square] }, 100);
    expect(isShapeProblem(p)).to.equal(false);
    expect(p).to.include({ vertices: 5 });
    expect(readAreaShape({ type: 'MultiPolygon', coordinates: [[square], [square, square]] }, 100)).to.include({ vertices: 15 });
  });

  it('names where a shape goes wrong, including coordinates nested too deep, and the vertex limit', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(readAreaShape({ type: 'Polygon', coordinates: deep }, 100)).to.deep.equal({ path: 'coordinates.0', message: 'a ring needs at least 4 positions' });
    expect(readAreaShape({ type: 'Point', coordinates: [0, 0] }, 100)).to.deep.include({ path: 'type' });
    expect(readAreaShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 'x'], [0, 0]]] }, 100)).to.deep.include({ path: 'coordinates.0.2' });
    expect(readAreaShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, 100)).to.deep.include({ message: 'a ring must end where it starts' });
    expect(readAreaShape({ type: 'Polygon', coordinates: [square] }, 4)).to.deep.include({ path: 'coordinates' });
  });

  it('counts crossings (hand-checked), stopping at the limit', () => {
    expect(countCrossings([square], 10)).to.equal(0);
    expect(countCrossings([bowTie], 10)).to.equal(1);
    // Two squares overlapping at a corner: their edges cross twice.
    expect(countCrossings([square, square.map(([x, y]) => [x! + 0.5, y! + 0.5])], 10)).to.equal(2);
    const star: number[][] = [];
    for (let i = 0; i < 999; i++) star.push([Math.cos(i * 2.4), Math.sin(i * 2.4)]);
    star.push(star[0]!);
    expect(countCrossings([star], 50)).to.equal(50);
  });
});
