import { expect } from 'chai';
import { localToUtc, nextDay, parseInstant, zoneOffsetMs } from '../../../server/time/zone.js';

const LDN = 'Europe/London';

describe('time/zone', () => {
  it('when it is summer in London, then the offset is one hour; in winter none', () => {
    expect(zoneOffsetMs(new Date('2026-07-01T12:00:00Z'), LDN)).to.equal(3600_000);
    expect(zoneOffsetMs(new Date('2026-01-01T12:00:00Z'), LDN)).to.equal(0);
  });
  it('when a local evening in BST is read, then it is an hour earlier in UTC', () => {
    expect(localToUtc('2026-07-01T22:00', LDN)!.toISOString()).to.equal('2026-07-01T21:00:00.000Z');
    expect(localToUtc('2026-01-01T22:00:00', LDN)!.toISOString()).to.equal('2026-01-01T22:00:00.000Z');
    expect(localToUtc('2026-07-01', LDN)!.toISOString()).to.equal('2026-06-30T23:00:00.000Z');
  });
  it('when the local time is in the autumn overlap, then the earlier instant is taken', () => {
    expect(localToUtc('2026-10-25T01:30', LDN)!.toISOString()).to.equal('2026-10-25T00:30:00.000Z');
  });
  it('when the local time falls in the spring gap, then it is read with the offset before the change', () => {
    expect(localToUtc('2026-03-29T01:30', LDN)!.toISOString()).to.equal('2026-03-29T01:30:00.000Z');
  });
  it('when the date does not exist, then nothing is returned', () => {
    expect(localToUtc('2026-02-30', LDN)).to.equal(undefined);
    expect(localToUtc('2026-01-01T25:00', LDN)).to.equal(undefined);
  });
  it('when a timestamp has an offset, then the offset wins over the zone', () => {
    expect(parseInstant('2026-07-01T22:00:00+02:00', LDN)!.toISOString()).to.equal('2026-07-01T20:00:00.000Z');
    expect(parseInstant('2026-07-01T22:00:00Z', LDN)!.toISOString()).to.equal('2026-07-01T22:00:00.000Z');
    expect(parseInstant('yesterday', LDN)).to.equal(undefined);
  });
  it('when asked for the next day, then month and year ends roll over', () => {
    expect(nextDay('2026-12-31')).to.equal('2027-01-01');
    expect(nextDay('2028-02-28')).to.equal('2028-02-29');
  });
});
