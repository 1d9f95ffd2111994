import { expect } from 'chai';
import { containsPoint, parseBBox, splitAntimeridian } from '../../../server/geo/bbox.js';

describe('geo/bbox', () => {
  it('when given four numbers, then it reads west, south, east, north', () => {
    expect(parseBBox('-2.5, 53.5,-2.3,53.7')).to.deep.equal({ west: -2.5, south: 53.5, east: -2.3, north: 53.7 });
  });
  it('when given three numbers, a word or out-of-range values, then it says what is wrong', () => {
    expect(parseBBox('1,2,3')).to.match(/four numbers/);
    expect(parseBBox('a,2,3,4')).to.match(/four numbers/);
    expect(parseBBox('1,2,,4')).to.match(/four numbers/);
    expect(parseBBox('-181,0,0,1')).to.match(/longitudes/);
    expect(parseBBox('0,-91,1,1')).to.match(/latitudes/);
    expect(parseBBox('0,5,1,4')).to.match(/south/);
  });
  it('when the box crosses the antimeridian, then it splits in two and still contains points either side', () => {
    const b = parseBBox('170,-10,-170,10');
    expect(b).to.be.an('object');
    const box = b as Exclude<typeof b, string>;
    expect(splitAntimeridian(box)).to.deep.equal([
      { west: 170, south: -10, east: 180, north: 10 },
      { west: -180, south: -10, east: -170, north: 10 },
    ]);
    expect(containsPoint(box, 175, 0)).to.equal(true);
    expect(containsPoint(box, -175, 0)).to.equal(true);
    expect(containsPoint(box, 0, 0)).to.equal(false);
  });
  it('when a point is on the edge, then it is inside', () => {
    const box = { west: 0, south: 0, east: 1, north: 1 };
    expect(containsPoint(box, 1, 1)).to.equal(true);
    expect(containsPoint(box, 1.0001, 0.5)).to.equal(false);
  });
});
