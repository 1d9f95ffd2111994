import { expect } from 'chai';
import { clip } from '../../../server/geo/bbox.js';

const gb = { west: -8.75, south: 49.8, east: 1.9, north: 60.95 };

describe('clip', () => {
  it('when the whole world is clipped to Great Britain, then Great Britain comes back', () => {
    expect(clip({ west: -180, south: -90, east: 180, north: 90 }, gb)).to.deep.equal(gb);
  });

  it('when a box overlaps one edge, then only the part inside is kept', () => {
    expect(clip({ west: 0, south: 50, east: 5, north: 52 }, gb)).to.deep.equal({ west: 0, south: 50, east: 1.9, north: 52 });
  });

  it('when the boxes do not meet, then there is nothing', () => {
    expect(clip({ west: 10, south: 40, east: 12, north: 42 }, gb)).to.equal(null);
  });

  it('when a box crosses the antimeridian, then each half is clipped and the parts inside are joined', () => {
    expect(clip({ west: 170, south: -10, east: -170, north: 10 }, gb)).to.equal(null);
    expect(clip({ west: 175, south: 50, east: 1, north: 55 }, gb)).to.deep.equal({ west: -8.75, south: 50, east: 1, north: 55 });
  });
});
