import { expect } from 'chai';
import { hoursOf, inHourWindow, parseHourWindow, type HourWindow } from '../../../server/geo/hourWindow.js';

const w = (s: string) => parseHourWindow(s) as HourWindow;

describe('geo/hourWindow', () => {
  it('when the window wraps midnight, then 23 and 1 match and 2 does not (22-2)', () => {
    expect(hoursOf(w('22-2'))).to.deep.equal([22, 23, 0, 1]);
    expect(inHourWindow(w('22-2'), 2)).to.equal(false);
    expect(inHourWindow(w('22-2'), 21)).to.equal(false);
  });
  it('when the window is within a day, then the end hour is excluded (18-23)', () => {
    expect(hoursOf(w('18-23'))).to.deep.equal([18, 19, 20, 21, 22]);
  });
  it('when the window ends at 24, then it runs to midnight; 0-24 is the whole day', () => {
    expect(hoursOf(w('20-24'))).to.deep.equal([20, 21, 22, 23]);
    expect(hoursOf(w('0-24'))).to.have.length(24);
    expect(hoursOf(w('18-4'))).to.deep.equal([18, 19, 20, 21, 22, 23, 0, 1, 2, 3]);
  });
  it('when the text is malformed or empty, then it says why', () => {
    expect(parseHourWindow('18')).to.match(/look like/);
    expect(parseHourWindow('24-3')).to.match(/start must be 0–23/);
    expect(parseHourWindow('3-25')).to.match(/end must be 0–24/);
    expect(parseHourWindow('5-5')).to.match(/empty/);
    expect(parseHourWindow('0-24')).to.deep.equal({ start: 0, end: 24 });
  });
});
