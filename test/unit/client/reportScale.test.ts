import { expect } from 'chai';
import { rampColour, rampFor, reportBreaks, REPORT_RAMP } from '../../../client/src/reports/scale.js';

describe('report colour scale', () => {
  it('when counts run from 1 to 100, then five classes rise quadratically from 1', () => {
    expect(reportBreaks([1, 10, 100])).to.deep.equal([1, 5, 17, 37, 65]);
  });

  it('when hidden counts are among them, then classes start at the smallest count shown', () => {
    expect(reportBreaks(['<5', '[c]', 5, 10, 30])[0]).to.equal(5);
  });

  it('when every shown count is the same, then one dark class is used, not the palest tint', () => {
    expect(reportBreaks([5, 5, '<5'])).to.deep.equal([5]);
    expect(rampFor(1)).to.deep.equal([REPORT_RAMP[3]]);
    expect(rampColour(5, [5])).to.equal(REPORT_RAMP[3]);
  });

  it('when a count is hidden or zero, then it gets no ramp colour', () => {
    expect(rampColour('<5', [1, 5])).to.equal(null);
    expect(rampColour(0, [1, 5])).to.equal(null);
    expect(rampColour(7, [1, 5])).to.equal(REPORT_RAMP[3]);
  });
});
