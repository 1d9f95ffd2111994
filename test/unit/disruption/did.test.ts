import { expect } from 'chai';
import { change, did, ratioOfRatios } from '../../../server/disruption/did.js';

describe('disruption/did', () => {
  /*
   * By hand. Target 100 before, 50 after; control 200 before, 180 after.
   *   RR      = (50/100) / (180/200) = 0.5 / 0.9 = 0.555 556
   *   ln RR   = −0.587 787
   *   SE      = √(1/50 + 1/100 + 1/180 + 1/200) = √(0.02 + 0.01 + 0.005 556 + 0.005) = √0.040 556 = 0.201 384
   *   95 %    = −0.587 787 ± 1.959 964 × 0.201 384 = −0.587 787 ± 0.394 705 → [−0.982 492, −0.193 081]
   *   exp     = [0.374 377, 0.824 415]
   *   percent = (RR − 1) × 100 = −44.44 %, interval −62.56 % to −17.56 %: a significant fall.
   */
  it('when the target halves and the control falls 10 %, then the relative change is −44.4 % (−62.6 % to −17.6 %), a fall', () => {
    const e = did({ before: 100, after: 50 }, { before: 200, after: 180 });
    expect(e.rateRatio).to.be.closeTo(0.555556, 1e-6);
    expect(e.se).to.be.closeTo(0.201384, 1e-6);
    expect(e.estimate).to.be.closeTo(-44.4444, 1e-4);
    expect(e.low).to.be.closeTo(-62.5623, 1e-4);
    expect(e.high).to.be.closeTo(-17.5585, 1e-4);
    expect(e.direction).to.equal('fall');
    // z = −0.587 787 / 0.201 384 = −2.9188: two-sided p ≈ 0.0035
    expect(e.p).to.be.closeTo(0.0035, 0.0002);
  });

  /*
   * Target 40 → 36, control 50 → 50: RR = 0.9, ln RR = −0.105 361,
   * SE = √(1/40 + 1/36 + 1/50 + 1/50) = √0.092 778 = 0.304 594,
   * interval exp(−0.105 361 ± 0.596 993) = [0.495 417, 1.634 985] → −50.46 % to +63.50 %: no clear change.
   */
  it('when the interval spans no change, then the direction is no clear change', () => {
    const e = did({ before: 40, after: 36 }, { before: 50, after: 50 });
    expect(e.estimate).to.be.closeTo(-10, 1e-9);
    expect(e.low).to.be.closeTo(-50.4583, 1e-4);
    expect(e.high).to.be.closeTo(63.4985, 1e-4);
    expect(e.direction).to.equal('no_clear_change');
  });

  it('when the target rises against a flat control, then the direction is a rise', () => {
    // RR = (90/30) / (100/100) = 3; SE = √(1/90 + 1/30 + 2/100) = 0.253 859; low = 3 × e^(−0.497 557) = 1.824: above 1.
    const e = did({ before: 30, after: 90 }, { before: 100, after: 100 });
    expect(e.estimate).to.be.closeTo(200, 1e-9);
    expect(e.low).to.be.closeTo(82.41, 0.01);
    expect(e.direction).to.equal('rise');
  });

  it('when any of the four counts is zero, then there is not enough data rather than a division by zero', () => {
    for (const [t, c] of [[{ before: 0, after: 5 }, { before: 10, after: 10 }], [{ before: 5, after: 0 }, { before: 10, after: 10 }], [{ before: 5, after: 5 }, { before: 0, after: 10 }], [{ before: 5, after: 5 }, { before: 10, after: 0 }]] as const) {
      const e = did(t, c);
      expect(e.direction).to.equal('not_enough_data');
      expect([e.estimate, e.low, e.high]).to.deep.equal([null, null, null]);
    }
    expect(ratioOfRatios({ before: 1.5, after: 2 }, { before: 3, after: 3 })).to.equal(undefined);
  });

  it('when the plain change is asked, then it is after over before, and unknown from nothing', () => {
    expect(change({ before: 40, after: 30 })).to.equal(-25);
    expect(change({ before: 0, after: 3 })).to.equal(null);
  });
});
