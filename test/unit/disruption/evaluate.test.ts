import { expect } from 'chai';
import { evaluate, suppressWithTotal, totals, windowsOf, WEEK_MS, type EvaluationInput } from '../../../server/disruption/evaluate.js';

const start = new Date('2026-06-01T19:00:00Z');
const done = new Date(start.getTime() + 20 * WEEK_MS);

/** Spreads a total over weeks from..to−1 as evenly as whole numbers allow. */
function spread(total: number, from: number, to: number) {
  const n = to - from;
  return Array.from({ length: n }, (_, k) => ({ week: from + k, n: Math.floor(total / n) + (k < total % n ? 1 : 0) }));
}
const series = (before: number, after: number) => [...spread(before, -12, 0), ...spread(after, 0, 12)];

function input(over: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    windows: windowsOf(start, 12, 12, done),
    target: series(100, 50),
    control: series(200, 180),
    ring: series(80, 100),
    controlLabel: 'the rest of Halliwell',
    restricted: false,
    ...over,
  };
}

describe('disruption/evaluate', () => {
  it('when the windows are made, then before ends and after starts at the first action, after cut short at now', () => {
    const w = windowsOf(start, 12, 8, done);
    expect(w.before.from.toISOString()).to.equal('2026-03-09T19:00:00.000Z');
    expect(w.after.to.toISOString()).to.equal(new Date(start.getTime() + 8 * WEEK_MS).toISOString());
    expect(w.after.complete).to.equal(true);
    const running = windowsOf(start, 12, 12, new Date(start.getTime() + 3.5 * WEEK_MS));
    expect(running.after.weeksSoFar).to.equal(3.5);
    expect(running.after.complete).to.equal(false);
  });

  it('when weeks are totalled, then negative weeks are before and the rest after', () => {
    expect(totals([{ week: -2, n: 3 }, { week: -1, n: 4 }, { week: 0, n: 5 }])).to.deep.equal({ before: 7, after: 5 });
  });

  it('when an analyst evaluates, then counts, changes, DiD and WDQ match the hand computation', () => {
    const e = evaluate(input());
    expect(e.target).to.deep.equal({ before: 100, after: 50, changePct: -50 });
    expect(e.control).to.deep.equal({ before: 200, after: 180, changePct: -10 });
    expect(e.ring).to.include({ before: 80, after: 100, changePct: 25 });
    // See did.test and wdq.test for the arithmetic.
    expect(e.did).to.deep.include({ estimate: -44.4, low: -62.6, high: -17.6, rateRatio: 0.5556, direction: 'fall', suppressed: false });
    expect(e.wdq).to.deep.include({ value: -0.7, netEffect: 12, band: 'displacement', suppressed: false });
    expect(e.verdict.effect).to.equal('fall');
    expect(e.weekly).to.have.length(24);
    expect(e.weekly[0]).to.deep.include({ week: -12, target: 9, control: 17, ring: 7 });
    expect(e.weekly[12]!.from.toISOString()).to.equal(start.toISOString());
  });

  it('when the after window is shorter, then changes compare sightings per week', () => {
    // 60 in 12 weeks = 5 a week before; 20 in 2 weeks = 10 a week after: +100 %.
    const w = windowsOf(start, 12, 12, new Date(start.getTime() + 2 * WEEK_MS));
    const e = evaluate(input({ windows: w, target: [...spread(60, -12, 0), ...spread(20, 0, 2)], control: [...spread(120, -12, 0), ...spread(20, 0, 2)] }));
    expect(e.target.changePct).to.equal(100);
    expect(e.weekly).to.have.length(14);
  });

  it('when a planner evaluates with every count at least 5, then the numbers are shown', () => {
    const e = evaluate(input({ restricted: true }));
    expect(e.did.estimate).to.equal(-44.4);
    expect(e.wdq.value).to.equal(-0.7);
  });

  it('when a planner evaluates with a count under 5, then it reads "<5" and every estimate built on it is withheld', () => {
    const e = evaluate(input({ restricted: true, target: series(20, 4) }));
    expect(e.target).to.deep.equal({ before: 20, after: '<5', changePct: null });
    expect(e.did).to.deep.include({ estimate: null, low: null, high: null, direction: 'suppressed', suppressed: true });
    expect(e.wdq).to.deep.include({ value: null, netEffect: null, suppressed: true });
    expect(e.verdict.effect).to.equal('suppressed');
    // The ring against the control has only large counts: still shown.
    expect(e.ring.did.suppressed).to.equal(false);
    expect(JSON.stringify(e)).to.not.match(/"target":[1-4][,}]/);
  });

  it('when a planner sees the weekly chart, then small weeks read "<5" with a second one hidden where a total would give it away', () => {
    expect(suppressWithTotal([7, 3, 9])).to.deep.equal(['<5', '<5', 9]);
    expect(suppressWithTotal([7, 3, 2, 9])).to.deep.equal([7, '<5', '<5', 9]);
    expect(suppressWithTotal([0, 3, 0])).to.deep.equal([0, '<5', 0]);
    expect(suppressWithTotal([12, 0, 6])).to.deep.equal([12, 0, 6]);
    const e = evaluate(input({ restricted: true, target: [{ week: -3, n: 8 }, { week: -2, n: 2 }, { week: -1, n: 6 }, { week: 0, n: 7 }] }));
    const before = e.weekly.filter((w) => w.week < 0).map((w) => w.target);
    expect(before.slice(-3)).to.deep.equal([8, '<5', '<5']);
  });

  it('when nothing has been logged, then there are no windows, no counts and the verdict says so', () => {
    const e = evaluate(input({ windows: null, target: [], control: [], ring: [] }));
    expect(e.target.before).to.equal(null);
    expect(e.weekly).to.deep.equal([]);
    expect(e.verdict.effect).to.equal('no_action');
  });

  it('when a control count is zero, then there is not enough data for anyone', () => {
    const e = evaluate(input({ restricted: true, control: series(0, 3) }));
    expect(e.did.direction).to.equal('not_enough_data');
    expect(e.verdict.text).to.equal('Not enough data to measure a change: no sightings in the rest of Halliwell before the first action.');
  });
});
