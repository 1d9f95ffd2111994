import { expect } from 'chai';
import { binHours, bucketStart, isoWeekday, localHours } from '../../../server/map/timeline.js';

describe('map/timeline binning', () => {
  it('when a date is given, then its ISO weekday is 1 for Monday to 7 for Sunday', () => {
    expect(isoWeekday('2026-06-29')).to.equal(1);
    expect(isoWeekday('2026-07-03')).to.equal(5);
    expect(isoWeekday('2026-07-05')).to.equal(7);
  });

  it('when a week bucket is asked for, then it starts on the Monday before, across month and year ends', () => {
    expect(bucketStart('2026-07-03', 'week')).to.equal('2026-06-29');
    expect(bucketStart('2026-06-29', 'week')).to.equal('2026-06-29');
    // Sunday 1 March 2026 belongs to the week of Monday 23 February.
    expect(bucketStart('2026-03-01', 'week')).to.equal('2026-02-23');
    // Thursday 1 January 2026: the week of Monday 29 December 2025.
    expect(bucketStart('2026-01-01', 'week')).to.equal('2025-12-29');
    expect(bucketStart('2026-07-03', 'month')).to.equal('2026-07-01');
    expect(bucketStart('2026-07-03', 'day')).to.equal('2026-07-03');
  });

  it('when local hours are binned, then days, weeks, months and the weekday × hour matrix are their sums', () => {
    const t = binHours(
      [
        { hour: '2026-07-05T09', n: 1 },
        { hour: '2026-07-03T21', n: 4 },
        { hour: '2026-07-03T22', n: 2 },
        { hour: '2026-07-06T00', n: 3 },
      ],
      ['day', 'week', 'month'] as const,
    );
    expect(t.buckets.day).to.deep.equal([{ start: '2026-07-03', count: 6 }, { start: '2026-07-05', count: 1 }, { start: '2026-07-06', count: 3 }]);
    // Friday 3rd and Sunday 5th are one ISO week; Monday 6th starts the next.
    expect(t.buckets.week).to.deep.equal([{ start: '2026-06-29', count: 7 }, { start: '2026-07-06', count: 3 }]);
    expect(t.buckets.month).to.deep.equal([{ start: '2026-07-01', count: 10 }]);
    expect(t.matrix[4]![21]).to.equal(4);
    expect(t.matrix[4]![22]).to.equal(2);
    expect(t.matrix[6]![9]).to.equal(1);
    expect(t.matrix[0]![0]).to.equal(3);
    expect(t.total).to.equal(10);
    expect(t.matrix.flat().reduce((a, b) => a + b, 0)).to.equal(10);
  });

  it('when there are no sightings, then every bucket list is empty and the matrix is zeros', () => {
    const t = binHours([], ['week'] as const);
    expect(t.buckets.week).to.deep.equal([]);
    expect(t.total).to.equal(0);
    expect(t.matrix).to.have.length(7);
    expect(t.matrix.every((row) => row.length === 24 && row.every((v) => v === 0))).to.equal(true);
  });

  it('when local hours are labelled, then each is its wall-clock date and hour, across days and before 1970', () => {
    // 490,000 hours after 1970-01-01 00:00 is 2025-11-24 16:00 (490,000 = 20,416 days × 24 + 16).
    expect(localHours([{ lh: 490_000, n: 3 }, { lh: 23, n: 1 }, { lh: 24, n: 2 }, { lh: -1, n: 4 }])).to.deep.equal([
      { hour: '2025-11-24T16', n: 3 },
      { hour: '1970-01-01T23', n: 1 },
      { hour: '1970-01-02T00', n: 2 },
      { hour: '1969-12-31T23', n: 4 },
    ]);
  });
});
