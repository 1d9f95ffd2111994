import { expect } from 'chai';
import { did } from '../../../server/disruption/did.js';
import { wdq } from '../../../server/disruption/wdq.js';
import { verdict, type VerdictInput } from '../../../server/disruption/verdict.js';

const weeks = { before: 12, after: 12, afterSoFar: 12, complete: true };

/** A verdict input from the four (six) counts, judged as the evaluation judges them. */
function input(t: [number, number], c: [number, number], r: [number, number], over: Partial<VerdictInput> = {}): VerdictInput {
  const target = { before: t[0], after: t[1] };
  const control = { before: c[0], after: c[1] };
  const ring = { before: r[0], after: r[1] };
  return {
    started: true,
    controlLabel: 'the rest of Halliwell',
    weeks,
    counts: { target, control, ring },
    changes: { target: (t[1] / t[0] - 1) * 100, control: (c[1] / c[0] - 1) * 100 },
    effect: did(target, control),
    ring: did(ring, control),
    wdq: wdq(target, ring, control),
    ...over,
  };
}

describe('disruption/verdict', () => {
  it('when the target falls and the ring does not change clearly, then it says so in plain words', () => {
    // Target 100 → 50 (−50 %), control 200 → 180 (−10 %): relative −44 % (−63 % to −18 %); ring 80 → 100: RR 1.39 (0.97 to 1.98).
    const v = verdict(input([100, 50], [200, 180], [80, 100]));
    expect(v.effect).to.equal('fall');
    expect(v.displacement).to.equal('none');
    expect(v.text).to.equal(
      'Over 12 weeks before and after the first action, sightings fell 50 % in the target against a 10 % fall in the rest of Halliwell: ' +
        'a relative fall of 44 % (95 % confidence interval 18 % to 63 %); no sign of displacement into the surrounding 500 m.',
    );
  });

  it('when the ring rises clearly as the target falls, then it reports displacement with the WDQ', () => {
    // ×4 of the example in wdq.test: WDQ −0.7; ring 320 → 400 against 800 → 720: RR 1.389, SE 0.0909, interval 1.162 to 1.660.
    const v = verdict(input([400, 200], [800, 720], [320, 400]));
    expect(v.effect).to.equal('fall');
    expect(v.displacement).to.equal('displacement');
    expect(v.text).to.contain('but sightings rose 39 % in the surrounding 250–500 m against the rest of Halliwell: a sign of displacement (WDQ −0.70: less than the fall in the target)');
  });

  it('when the ring falls clearly too, then it reports a diffusion of benefit', () => {
    const v = verdict(input([400, 200], [800, 720], [320, 160]));
    expect(v.displacement).to.equal('diffusion');
    expect(v.text).to.contain('sightings also fell 44 % in the surrounding 250–500 m against the rest of Halliwell: a diffusion of benefit (WDQ 0.80)');
  });

  it('when the change is within the noise, then it says there is no clear difference and does not judge displacement', () => {
    const v = verdict(input([40, 36], [50, 50], [10, 30]));
    expect(v.effect).to.equal('no_clear_change');
    expect(v.displacement).to.equal('not_judged');
    expect(v.text).to.equal(
      'Over 12 weeks before and after the first action, sightings fell 10 % in the target against no change in the rest of Halliwell: ' +
        'no clear difference (relative change −10 %, 95 % confidence interval −50 % to +63 %).',
    );
  });

  it('when the target had no sightings before, then it says there is not enough data and where the zero is', () => {
    const v = verdict(input([0, 6], [50, 40], [3, 4]));
    expect(v.effect).to.equal('not_enough_data');
    expect(v.text).to.equal('Not enough data to measure a change: no sightings in the target before the first action.');
  });

  it('when counts are withheld from a restricted viewer, then the sentence gives no estimate', () => {
    const v = verdict(input([12, 4], [50, 40], [3, 4], { effect: 'suppressed', ring: 'suppressed', wdq: 'suppressed', changes: { target: null, control: -20 } }));
    expect(v).to.deep.equal({ effect: 'suppressed', displacement: 'suppressed', text: 'Too few sightings to show an estimate: counts under 5 are not disclosed.' });
  });

  it('when nothing has been logged, or there is no comparison area, then it says what is missing', () => {
    expect(verdict(input([1, 1], [1, 1], [1, 1], { started: false })).effect).to.equal('no_action');
    const v = verdict(input([10, 5], [1, 1], [1, 1], { controlLabel: null }));
    expect(v.effect).to.equal('no_control');
    expect(v.text).to.match(/Choose a control area/);
  });

  it('when the after period is still running, then the sentence says how far it has got', () => {
    const v = verdict(input([100, 25], [200, 90], [80, 50], { weeks: { before: 12, after: 12, afterSoFar: 6.5, complete: false } }));
    expect(v.text).to.match(/^Over the 12 weeks before the first action and the 6 weeks since, sightings/);
    expect(v.text).to.match(/The after period is not over yet \(6 weeks of 12 so far\)\.$/);
  });

  it('when fewer than 4 whole weeks of after-data have come in, then it is too early to say, and no estimate is given', () => {
    // The finding: "rose 77 %" from days of data, with an interval of −56 % to +318 %.
    const early = verdict(input([20, 3], [100, 12], [10, 1], { weeks: { before: 12, after: 12, afterSoFar: 0.4, complete: false } }));
    expect(early.effect).to.equal('too_early');
    expect(early.text).to.equal('Too early to say: less than a week of data since the first action. An estimate is given once there are 4 whole weeks after it.');
    expect(early.text).to.not.match(/%/);
    expect(verdict(input([20, 3], [100, 12], [10, 1], { weeks: { before: 12, after: 12, afterSoFar: 3.9, complete: false } })).effect).to.equal('too_early');
    expect(verdict(input([100, 25], [200, 90], [80, 50], { weeks: { before: 12, after: 12, afterSoFar: 4, complete: false } })).effect).to.not.equal('too_early');
    // An after period chosen shorter than 4 weeks needs only itself.
    expect(verdict(input([100, 25], [200, 90], [80, 50], { weeks: { before: 2, after: 2, afterSoFar: 2, complete: true } })).effect).to.not.equal('too_early');
  });
});
