import { expect } from 'chai';
import { parseReviewPeriods, reviewDue } from '../../../server/time/review.js';

describe('time/review', () => {
  it('when no override applies, then the default months are added to the calendar date', () => {
    expect(reviewDue(new Date('2026-11-28T23:30:00Z'), 'B', 72, {})).to.equal('2032-11-28');
  });
  it('when the assessment has its own period, then that wins', () => {
    expect(reviewDue(new Date('2026-11-28T10:00:00Z'), 'E', 72, { E: 12 })).to.equal('2027-11-28');
  });
  it('when the month is shorter, then the date rolls back to its last day', () => {
    expect(reviewDue(new Date('2026-01-31T10:00:00Z'), 'A', 1, {})).to.equal('2026-02-28');
    expect(reviewDue(new Date('2024-02-29T10:00:00Z'), 'A', 12, {})).to.equal('2025-02-28');
  });
  it('when periods are written "E=12,D=36", then they parse; a bad entry is named', () => {
    expect(parseReviewPeriods('E=12, D=36')).to.deep.equal({ E: 12, D: 36 });
    expect(parseReviewPeriods('')).to.deep.equal({});
    expect(parseReviewPeriods('F=3')).to.match(/"F=3"/);
    expect(parseReviewPeriods('E=0')).to.match(/"E=0"/);
  });
});
