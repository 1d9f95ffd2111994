import { expect } from 'chai';
import { fillBuckets } from '../../../server/map/timeline.js';

describe('map/timeline fillBuckets', () => {
  it('when days are filled, then every day of the range is listed, 0 where nothing fell', () => {
    expect(fillBuckets([{ start: '2026-06-02', count: 3 }], 'day', '2026-06-01', '2026-06-03')).to.deep.equal([
      { start: '2026-06-01', count: 0 },
      { start: '2026-06-02', count: 3 },
      { start: '2026-06-03', count: 0 },
    ]);
  });

  it('when weeks and months are filled, then they start on Mondays and firsts, across a year end', () => {
    expect(fillBuckets([], 'week', '2026-12-30', '2027-01-12').map((b) => b.start)).to.deep.equal(['2026-12-28', '2027-01-04', '2027-01-11']);
    expect(fillBuckets([{ start: '2027-01-01', count: 7 }], 'month', '2026-11-15', '2027-02-01')).to.deep.equal([
      { start: '2026-11-01', count: 0 },
      { start: '2026-12-01', count: 0 },
      { start: '2027-01-01', count: 7 },
      { start: '2027-02-01', count: 0 },
    ]);
  });
});
