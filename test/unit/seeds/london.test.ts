import { expect } from 'chai';
import { LondonHours, dateOfDay, dayNumber, isoDowOfDay, londonDay } from '../../../seeds/demo/london.js';

describe('seeds/demo/london', () => {
  it('when an hour is asked for in summer, then it is an hour earlier in UTC; in winter the same', () => {
    const hours = new LondonHours();
    expect(new Date(hours.utcMs(dayNumber('2026-07-01'), 22)).toISOString()).to.equal('2026-07-01T21:00:00.000Z');
    expect(new Date(hours.utcMs(dayNumber('2026-01-01'), 22)).toISOString()).to.equal('2026-01-01T22:00:00.000Z');
  });

  it('when it is just after midnight in BST, then the London date is already the next day', () => {
    expect(dateOfDay(londonDay(new Date('2026-07-01T23:30:00Z')))).to.equal('2026-07-02');
    expect(dateOfDay(londonDay(new Date('2026-01-01T23:30:00Z')))).to.equal('2026-01-01');
  });

  it('when a date is a Friday, then its ISO weekday is 5 (and 1970-01-01 was a Thursday)', () => {
    expect(isoDowOfDay(dayNumber('2026-11-27'))).to.equal(5);
    expect(isoDowOfDay(0)).to.equal(4);
    expect(isoDowOfDay(dayNumber('1969-12-29'))).to.equal(1);
  });
});
