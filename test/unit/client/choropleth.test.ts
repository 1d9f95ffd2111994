import { expect } from 'chai';
import { choroplethBreaks, classLabels, niceCeil } from '../../../client/src/map/choropleth.js';

describe('client/map/choropleth', () => {
  it('when the largest ward count is 92, then five classes of 20 cover it in round numbers', () => {
    const breaks = choroplethBreaks(92);
    expect(breaks).to.deep.equal([21, 41, 61, 81]);
    expect(classLabels(breaks)).to.deep.equal(['1–20', '21–40', '41–60', '61–80', '81–100']);
  });

  it('when counts are tiny or zero, then classes are single counts', () => {
    expect(classLabels(choroplethBreaks(3))).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(choroplethBreaks(0)).to.deep.equal([2, 3, 4, 5]);
  });

  it('when rounding up, then the width is 1, 2 or 5 times a power of ten', () => {
    expect([0.3, 1.2, 3, 18.4, 51, 2001].map(niceCeil)).to.deep.equal([1, 2, 5, 20, 100, 5000]);
  });
});
