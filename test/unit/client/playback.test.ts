import { expect } from 'chai';
import { addDays, addMonths, bucketEnd, frames, playbackPeriod, startOfStep } from '../../../client/src/map/playback.js';

describe('client/map/playback', () => {
  it('when a period is played week by week, then frames run Monday to Sunday, clipped to the period', () => {
    expect(frames({ from: '2026-03-04', to: '2026-03-17' }, 'week', false)).to.deep.equal([
      { from: '2026-03-04', to: '2026-03-08', stepStart: '2026-03-02' },
      { from: '2026-03-09', to: '2026-03-15', stepStart: '2026-03-09' },
      { from: '2026-03-16', to: '2026-03-17', stepStart: '2026-03-16' },
    ]);
  });

  it('when playback is cumulative, then every frame starts at the period start and grows', () => {
    const out = frames({ from: '2026-01-15', to: '2026-03-10' }, 'month', true);
    expect(out.map((f) => [f.from, f.to])).to.deep.equal([
      ['2026-01-15', '2026-01-31'],
      ['2026-01-15', '2026-02-28'],
      ['2026-01-15', '2026-03-10'],
    ]);
  });

  it('when played day by day, then there is one frame per day, across a month end and a leap day', () => {
    const out = frames({ from: '2024-02-28', to: '2024-03-01' }, 'day', false);
    expect(out.map((f) => f.from)).to.deep.equal(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(out.every((f) => f.from === f.to)).to.equal(true);
  });

  it('when the period is backwards, then there are no frames', () => {
    expect(frames({ from: '2026-03-02', to: '2026-03-01' }, 'day', false)).to.deep.equal([]);
  });

  it('when dates are moved, then weeks start on Monday and months clamp to their length', () => {
    expect(startOfStep('2026-11-29', 'week')).to.equal('2026-11-23'); // a Sunday
    expect(startOfStep('2026-11-23', 'week')).to.equal('2026-11-23');
    expect(startOfStep('2026-11-29', 'month')).to.equal('2026-11-01');
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2026-03-29', -1)).to.equal('2026-03-28');
    expect(addMonths('2026-01-31', 1)).to.equal('2026-02-28');
    expect(bucketEnd('2026-02-01', 'month')).to.equal('2026-02-28');
    expect(bucketEnd('2026-11-23', 'week')).to.equal('2026-11-29');
  });

  it('when no dates are set, then the period is the timeline extent; set dates win', () => {
    const timeline = { interval: 'week' as const, buckets: [{ start: '2024-11-25' }, { start: '2026-11-23' }] };
    expect(playbackPeriod({ from: null, to: null }, timeline)).to.deep.equal({ from: '2024-11-25', to: '2026-11-29' });
    expect(playbackPeriod({ from: '2026-01-01', to: null }, timeline)).to.deep.equal({ from: '2026-01-01', to: '2026-11-29' });
    expect(playbackPeriod({ from: null, to: null }, { interval: 'day', buckets: [] })).to.equal(null);
  });
});
