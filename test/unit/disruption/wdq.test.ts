import { expect } from 'chai';
import { bandOf, wdq } from '../../../server/disruption/wdq.js';

describe('disruption/wdq', () => {
  /*
   * By hand (Bowers and Johnson 2003). Target 100 → 50, ring 80 → 100, control 200 → 180.
   *   SM  = Ta/Ca − Tb/Cb = 50/180 − 100/200 = 5/18 − 1/2 = −4/18 = −0.222 222
   *   BDM = Ra/Ca − Rb/Cb = 100/180 − 80/200 = 5/9 − 2/5 = 7/45 = 0.155 556
   *   WDQ = BDM / SM = (7/45) / (−10/45) = −0.7: displacement, smaller than the direct effect
   *   TNE = (Tb·Ca/Cb − Ta) − (Ra − Rb·Ca/Cb) = (100 × 0.9 − 50) − (100 − 80 × 0.9) = 40 − 28 = 12
   */
  it('when the target halves and the ring grows, then WDQ is −0.7 and the net effect 12 sightings', () => {
    const q = wdq({ before: 100, after: 50 }, { before: 80, after: 100 }, { before: 200, after: 180 });
    expect(q.value).to.be.closeTo(-0.7, 1e-12);
    expect(q.successMeasure).to.be.closeTo(-2 / 9, 1e-12);
    expect(q.bufferMeasure).to.be.closeTo(7 / 45, 1e-12);
    expect(q.netEffect).to.be.closeTo(12, 1e-12);
    expect('band' in q && q.band).to.equal('displacement');
  });

  /*
   * Ring 320 → 160 with target 400 → 200 and control 800 → 720:
   *   SM = 200/720 − 400/800 = −0.222 222; BDM = 160/720 − 320/800 = −0.177 778; WDQ = 0.8: diffusion of benefit.
   *   TNE = (400 × 0.9 − 200) − (160 − 320 × 0.9) = 160 + 128 = 288
   */
  it('when the ring falls too, then WDQ is positive: a diffusion of benefit', () => {
    const q = wdq({ before: 400, after: 200 }, { before: 320, after: 160 }, { before: 800, after: 720 });
    expect(q.value).to.be.closeTo(0.8, 1e-12);
    expect(q.netEffect).to.be.closeTo(288, 1e-9);
    expect('band' in q && q.band).to.equal('diffusion');
  });

  it('when the target did not improve against the control, then there is no quotient to read', () => {
    // SM = 60/100 − 50/100 = 0.1 ≥ 0
    const q = wdq({ before: 50, after: 60 }, { before: 20, after: 30 }, { before: 100, after: 100 });
    expect(q.value).to.equal(null);
    expect('reason' in q && q.reason).to.equal('no_success');
    expect(q.successMeasure).to.be.closeTo(0.1, 1e-12);
  });

  it('when a control count is zero, then there is not enough data rather than a division by zero', () => {
    const q = wdq({ before: 10, after: 5 }, { before: 3, after: 4 }, { before: 0, after: 12 });
    expect(q).to.deep.equal({ value: null, successMeasure: null, bufferMeasure: null, netEffect: null, reason: 'not_enough_data' });
  });

  it('when quotients are read, then they fall in Bowers and Johnson\'s bands', () => {
    expect([1.5, 1, 0.3, 0, -0.4, -1, -1.2].map(bandOf)).to.deep.equal([
      'diffusion_greater_than_effect', 'diffusion', 'diffusion', 'no_change', 'displacement', 'displacement', 'displacement_greater_than_effect',
    ]);
  });
});
