import { expect } from 'chai';
import { mannKendall } from '../../../server/hotspots/mannKendall.js';

describe('hotspots/mannKendall', () => {
  it('when the series is 1, 3, 2, 5, 4, then S, Var(S), Z and p match the hand computation', () => {
    /*
     * Pairs (i < j): 1<3 +, 1<2 +, 1<5 +, 1<4 +, 3>2 −, 3<5 +, 3<4 +, 2<5 +, 2<4 +, 5>4 −  → S = 8 − 2 = 6
     * Var(S) = n(n−1)(2n+5)/18 = 5·4·15/18 = 16.667;  Z = (S − 1)/√Var = 5/4.0825 = 1.2247;  p = 2(1 − Φ(1.2247)) = 0.2207
     */
    const r = mannKendall([1, 3, 2, 5, 4]);
    expect(r.s).to.equal(6);
    expect(r.variance).to.be.closeTo(300 / 18, 1e-12);
    expect(r.z).to.be.closeTo(1.224745, 1e-6);
    expect(r.p).to.be.closeTo(0.220671, 1e-5);
    expect(r.tau).to.equal(0.6);
  });

  it('when values tie, then the variance is corrected: 1, 1, 2 → S = 2, Var = (66 − 18)/18', () => {
    const r = mannKendall([1, 1, 2]);
    expect(r.s).to.equal(2);
    expect(r.variance).to.be.closeTo(48 / 18, 1e-12);
    expect(r.z).to.be.closeTo(1 / Math.sqrt(48 / 18), 1e-12);
  });

  it('when the series falls steadily over 12 steps, then the trend is negative and significant', () => {
    const r = mannKendall(Array.from({ length: 12 }, (_, i) => 10 - i));
    expect(r.s).to.equal(-66);
    expect(r.z).to.be.below(-4);
    expect(r.p).to.be.below(0.001);
  });

  it('when the series is flat, then S and Z are 0 and p is 1', () => {
    expect(mannKendall([2, 2, 2, 2])).to.deep.include({ s: 0, z: 0, p: 1 });
  });
});
