import { expect } from 'chai';
import { parseDatetime, snapToDays } from '../../../server/ogc/datetime.js';

const at = (s: string) => new Date(s);

describe('OGC datetime', () => {
  it('when an instant with an offset is given, then it matches that moment only', () => {
    expect(parseDatetime('2026-02-01T22:00:00Z', 'Europe/London')).to.deep.equal({ from: at('2026-02-01T22:00:00.000Z'), to: at('2026-02-01T22:00:00.001Z') });
  });

  it('when a date is given, then it is the whole local day (BST in July)', () => {
    expect(parseDatetime('2026-07-01', 'Europe/London')).to.deep.equal({ from: at('2026-06-30T23:00:00Z'), to: at('2026-07-01T23:00:00Z') });
  });

  it('when a closed interval of dates is given, then both days are included', () => {
    expect(parseDatetime('2026-01-01/2026-01-31', 'UTC')).to.deep.equal({ from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z') });
  });

  it('when an end is ".." or empty, then that side is open', () => {
    expect(parseDatetime('2026-01-01T00:00:00Z/..', 'UTC')).to.deep.equal({ from: at('2026-01-01T00:00:00Z') });
    expect(parseDatetime('../2026-01-01T12:00:00Z', 'UTC')).to.deep.equal({ to: at('2026-01-01T12:00:00.001Z') });
    expect(parseDatetime('/2026-01-01', 'UTC')).to.deep.equal({ to: at('2026-01-02T00:00:00Z') });
    expect(parseDatetime('2026-01-01/', 'UTC')).to.deep.equal({ from: at('2026-01-01T00:00:00Z') });
  });

  it('when the value is not a date, has two slashes, runs backwards or names no day that exists, then the message quotes it', () => {
    for (const bad of ['yesterday', '2026-01-01/2026-01-02/2026-01-03', '2026-02-01/2026-01-01', '2026-13-01', '2026-02-30/..', '..', '']) {
      const r = parseDatetime(bad, 'UTC');
      expect(r, bad).to.be.a('string');
      expect(r as string).to.include(`"${bad}"`);
    }
  });

  it('when a range is snapped to days, then its ends move out to local midnights and a midnight end stays put', () => {
    expect(snapToDays({ from: at('2026-07-01T22:10:00Z'), to: at('2026-07-02T01:00:00Z') }, 'Europe/London')).to.deep.equal({
      from: at('2026-06-30T23:00:00Z'),
      to: at('2026-07-02T23:00:00Z'),
    });
    expect(snapToDays({ to: at('2026-01-02T00:00:00Z') }, 'UTC')).to.deep.equal({ to: at('2026-01-02T00:00:00Z') });
    expect(snapToDays({}, 'UTC')).to.deep.equal({});
  });
});
