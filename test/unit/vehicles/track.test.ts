import { expect } from 'chai';
import { trackLegs, TRACK_MAX_GAP_HOURS } from '../../../server/vehicles/track.js';

const p = (lon: number, iso: string) => ({ lon, lat: 53.5, observedAt: new Date(iso) });

describe('vehicles/track', () => {
  it('when sightings are months apart, then they are not joined; within the gap, they are, in time order', () => {
    const legs = trackLegs([p(3, '2026-03-01T21:00:00Z'), p(1, '2026-01-10T20:00:00Z'), p(2, '2026-01-10T21:30:00Z'), p(4, '2026-03-01T23:00:00Z'), p(5, '2026-06-01T12:00:00Z')]);
    expect(legs).to.deep.equal([[[1, 53.5], [2, 53.5]], [[3, 53.5], [4, 53.5]]]);
  });

  it('when the gap is exactly the limit, then the points are joined; a minute more, they are not', () => {
    expect(TRACK_MAX_GAP_HOURS).to.equal(6);
    expect(trackLegs([p(1, '2026-01-10T20:00:00Z'), p(2, '2026-01-11T02:00:00Z')])).to.have.length(1);
    expect(trackLegs([p(1, '2026-01-10T20:00:00Z'), p(2, '2026-01-11T02:01:00Z')])).to.have.length(0);
  });
});
