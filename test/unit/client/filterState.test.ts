import { expect } from 'chai';
import { describeHours, hoursOf } from '../../../server/geo/hourWindow.js';
import {
  NO_FILTERS,
  filterParams,
  isFiltered,
  isIsoDate,
  parseHours,
  toggleValue,
} from '../../../client/src/map/filterState.js';

describe('client/map/filterState', () => {
  it('when filters are set, then the server gets them as its shared query parameters, lists joined with commas', () => {
    const f = { ...NO_FILTERS, from: '2026-01-01', hours: { start: 22, end: 2 }, days: ['fri' as const, 'sat' as const], category: ['party_address' as const] };
    expect(filterParams(f)).to.deep.equal({ from: '2026-01-01', hours: '22-2', days: 'fri,sat', category: 'party_address' });
    expect(filterParams(NO_FILTERS)).to.deep.equal({});
  });

  it('when the hour window wraps midnight, then it holds the hours from the start round to the end, end excluded', () => {
    expect(hoursOf({ start: 22, end: 2 })).to.deep.equal([22, 23, 0, 1]);
    expect(hoursOf({ start: 18, end: 24 })).to.deep.equal([18, 19, 20, 21, 22, 23]);
    expect(hoursOf({ start: 8, end: 9 })).to.deep.equal([8]);
    expect(describeHours({ start: 22, end: 2 })).to.equal('22:00–02:00');
  });

  it('when hours are malformed or empty, then parsing says why', () => {
    expect(parseHours('22')).to.match(/look like/);
    expect(parseHours('24-2')).to.match(/start must be 0–23/);
    expect(parseHours('3-25')).to.match(/end must be 0–24/);
    expect(parseHours('7-7')).to.match(/empty/);
  });

  it('when a value is toggled on and off, then the list stays in vocabulary order and all-ticked means none', () => {
    let f = toggleValue(NO_FILTERS, 'days', 'sat', true);
    f = toggleValue(f, 'days', 'mon', true);
    expect(f.days).to.deep.equal(['mon', 'sat']);
    expect(isFiltered(f)).to.equal(true);
    f = toggleValue(f, 'days', 'mon', false);
    expect(f.days).to.deep.equal(['sat']);
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sun'] as const) f = toggleValue(f, 'days', d, true);
    expect(f.days).to.deep.equal([]);
    expect(isFiltered(f)).to.equal(false);
  });

  it('when a date is not a real calendar day, then it is refused', () => {
    expect(isIsoDate('2024-02-29')).to.equal(true);
    expect(isIsoDate('2026-02-29')).to.equal(false);
    expect(isIsoDate('2026-1-05')).to.equal(false);
    expect(isIsoDate('2026-01-05T10:00')).to.equal(false);
  });
});
