import { expect } from 'chai';
import { readCode, readTime } from '../../../server/imports/fields.js';
import { localToUtc } from '../../../server/time/zone.js';

const pad = (n: number) => String(n).padStart(2, '0');

describe('imports/fields', () => {
  it('when wall-clock times cross a clock change, then readTime (hour offsets cached) agrees with localToUtc to the millisecond', () => {
    // Days around each zone's changes in 2026, every 7 minutes and a few seconds, so every hour is tried at several minutes.
    const cases: [string, string[]][] = [
      ['Europe/London', ['2026-03-29', '2026-10-25']],
      ['America/New_York', ['2026-03-08', '2026-11-01']],
      ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']], // a half-hour change
      ['Asia/Kolkata', ['2026-06-01']],
    ];
    let compared = 0;
    for (const [zone, days] of cases) {
      for (const day of days) {
        for (let m = 0; m < 24 * 60; m += 7) {
          const text = `${day}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:${pad(m % 60)}.${String(m % 1000).padStart(3, '0')}`;
          expect(readTime(text, zone).value?.getTime(), `${zone} ${text}`).to.equal(localToUtc(text, zone)!.getTime());
          compared++;
        }
      }
    }
    expect(compared).to.be.greaterThan(1400);
  });

  it('when a local time is not a real one, then it is still an error', () => {
    expect(readTime('2026-02-30 22:00', 'Europe/London').error).to.match(/not a date/);
    expect(readTime('2026-03-01 24:00', 'Europe/London').error).to.match(/not a date/);
    expect(readTime('2026-03-01 22:60', 'Europe/London').error).to.match(/not a date/);
    expect(readTime('2026-03-01 22:00:61', 'Europe/London').error).to.match(/not a date/);
  });

  it('when a code comes in another case or spacing, then it reads as the code; an unknown one is named', () => {
    const codes = ['adult_loitering', 'other'] as const;
    expect(readCode('Adult Loitering', codes, 'category').value).to.equal('adult_loitering');
    expect(readCode('adult_loitering', codes, 'category').value).to.equal('adult_loitering');
    expect(readCode(' OTHER ', codes, 'category').value).to.equal('other');
    expect(readCode('loitering', codes, 'category').error).to.equal('unknown category "loitering"');
  });
});
