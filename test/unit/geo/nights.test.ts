import { expect } from 'chai';
import { nightShift, describeWhen } from '../../../server/geo/hourWindow.js';

describe('geo/hourWindow nights', () => {
  it('when the window wraps midnight, then a weekday is the night that starts on it: the shift is the end hour', () => {
    expect(nightShift({ start: 22, end: 4 })).to.equal(4);
    expect(nightShift({ start: 18, end: 3 })).to.equal(3);
    expect(nightShift({ start: 22, end: 24 })).to.equal(0);
    expect(nightShift({ start: 9, end: 17 })).to.equal(0);
    expect(nightShift({ start: 22, end: 0 })).to.equal(0);
  });

  it('when the filters are put in words, then nights read as nights and days as days', () => {
    expect(describeWhen(['fri'], { start: 22, end: 4 })).to.equal('Friday nights, 22:00–04:00');
    expect(describeWhen(['fri', 'sat'], { start: 22, end: 4 })).to.equal('Friday and Saturday nights, 22:00–04:00');
    expect(describeWhen(['mon', 'tue', 'wed'], { start: 9, end: 17 })).to.equal('Mondays, Tuesdays and Wednesdays, 09:00–17:00');
    expect(describeWhen([], { start: 18, end: 4 })).to.equal('Every night, 18:00–04:00');
    expect(describeWhen(['sun'], undefined)).to.equal('Sundays, all day');
    expect(describeWhen([], undefined)).to.equal('Any day, any time');
  });
});
