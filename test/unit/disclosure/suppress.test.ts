import { expect } from 'chai';
import { safeCellSize, suppress, suppressAll } from '../../../server/disclosure/suppress.js';

describe('disclosure/suppress', () => {
  it('when a count is 1 to 4, then it reads "<5"; 0 and 5 or more are shown', () => {
    expect([0, 1, 2, 3, 4, 5, 17].map(suppress)).to.deep.equal([0, '<5', '<5', '<5', '<5', 5, 17]);
  });
  it('when a breakdown is suppressed, then each value is judged on its own', () => {
    expect(suppressAll({ a: 8, b: 4, c: 0 })).to.deep.equal({ a: 8, b: '<5', c: 0 });
  });
  it('when a cell size is asked, then it is the next size on the fixed ladder, never under 250 m', () => {
    expect(safeCellSize(10)).to.equal(250);
    expect(safeCellSize(250)).to.equal(250);
    expect(safeCellSize(251)).to.equal(500);
    expect(safeCellSize(3000)).to.equal(4000);
    expect(safeCellSize(1e9)).to.equal(32000);
  });
});
