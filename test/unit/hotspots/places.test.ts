import { expect } from 'chai';
import { rankPlaces, type Place } from '../../../server/hotspots/places.js';

const place = (name: string, n: number, kind: Place['kind'] = 'premises'): Place => ({ kind, id: name, name, category: 'takeaway', lon: -2.4, lat: 53.5, n });

describe('hotspots/places', () => {
  const places = [place('A', 40), place('B', 25), place('C', 15), place('D', 10), place('E', 6), place('F', 3), place('G', 1)];

  it('when places are ranked, then shares and cumulative shares add up and the 50 % / 80 % marks are the fewest places that reach them', () => {
    const r = rankPlaces(places, { limit: 100 });
    expect(r.total).to.equal(100);
    expect(r.ranked.map((p) => p.cumulativeShare)).to.deep.equal([0.4, 0.65, 0.8, 0.9, 0.96, 0.99, 1]);
    expect(r.placesFor50).to.equal(2);
    expect(r.placesFor80).to.equal(3);
    // The busiest fifth: ceil(7/5) = 2 places hold 65 %.
    expect(r.shareOfTop20Percent).to.equal(0.65);
    expect(r.rest).to.equal(null);
  });

  it('when only the first few are listed, then the rest is summed', () => {
    const r = rankPlaces(places, { limit: 2 });
    expect(r.ranked).to.have.length(2);
    expect(r.rest).to.deep.equal({ places: 5, count: 35, share: 0.35 });
    // The marks count every place, listed or not.
    expect(r.placesFor80).to.equal(3);
  });

  it('when the role is restricted, then places under 5 are folded into the rest, and more when the rest would be under 5', () => {
    const r = rankPlaces(places, { limit: 100, restricted: true });
    // F (3) and G (1) make 4, which the total would give away: E (6) joins them → rest 10.
    expect(r.ranked.map((p) => p.name)).to.deep.equal(['A', 'B', 'C', 'D']);
    // The number of places folded in is a count too: 3 reads "<5".
    expect(r.rest).to.deep.equal({ places: '<5', count: 10, share: 0.1 });
    expect(r.ranked.every((p) => typeof p.count === 'number' && p.count >= 5)).to.equal(true);
    expect(r.placesFor80).to.equal(3);
    expect(rankPlaces([place('A', 5), place('B', 1), place('C', 1), place('D', 1), place('E', 1), place('F', 1)], { limit: 9, restricted: true }).placesFor80).to.equal(null);
  });

  it('when every place is small and the role restricted, then nothing is listed and totals under 5 read "<5"', () => {
    const r = rankPlaces([place('X', 2, 'cell'), place('Y', 1, 'cell')], { limit: 100, restricted: true });
    expect(r.ranked).to.deep.equal([]);
    expect(r.total).to.equal('<5');
    expect(r.rest!.count).to.equal('<5');
  });
});
