import { expect } from 'chai';
import { knoxTest, mulberry32 } from '../../../server/hotspots/knox.js';

const DAY = 86_400_000;

describe('hotspots/knox', () => {
  /*
   * Four events, one distance band of 100 m and one time band of 7 days (plus "beyond" each):
   *   A (0, 0) day 0     B (50, 0) day 1     C (1000, 0) day 30     D (1030, 0) day 60
   *   AB: 50 m, 1 d → close/soon      AC, AD, BC, BD: far/later      CD: 30 m, 30 d → close/later
   *   observed = [[1, 1], [0, 4]]
   */
  const events = [
    { x: 0, y: 0, t: 0 },
    { x: 50, y: 0, t: DAY },
    { x: 1000, y: 0, t: 30 * DAY },
    { x: 1030, y: 0, t: 60 * DAY },
  ];
  const opts = { distanceBand: 100, distanceBands: 1, timeBand: 7, timeBands: 1, simulations: 99, seed: 1 };

  it('when four events are tabulated, then the observed pairs match the hand count', () => {
    const r = knoxTest(events, opts);
    expect(r.observed).to.deep.equal([[1, 1], [0, 4]]);
    expect(r.pairs).to.equal(6);
    expect(r.closePairs).to.equal(2);
  });

  it('when the times are shuffled, then each time band\'s total is kept and the expected table sums to the pairs', () => {
    const r = knoxTest(events, opts);
    const sum = r.expected.flat().reduce((a, b) => a + b, 0);
    expect(sum).to.be.closeTo(6, 1e-9);
    expect(r.expected[0]![0]! + r.expected[1]![0]!).to.be.closeTo(1, 1e-9); // one pair within 7 days in any order of times
    for (const p of r.p.flat()) expect(p).to.be.within(0.01, 1);
  });

  it('when run twice with the same seed, then the tables are identical; another seed may differ', () => {
    expect(knoxTest(events, opts)).to.deep.equal(knoxTest(events, opts));
  });

  it('when events repeat near each other within days, then the close/soon cell is well above expectation with a small p', () => {
    const rand = mulberry32(42);
    const ev = [];
    // 150 background events over 5 km and a year; 30 pairs of near repeats (within 50 m and 3 days).
    for (let i = 0; i < 150; i++) ev.push({ x: rand() * 5000, y: rand() * 5000, t: rand() * 365 * DAY });
    for (let i = 0; i < 30; i++) {
      const e = { x: rand() * 5000, y: rand() * 5000, t: rand() * 360 * DAY };
      ev.push(e, { x: e.x + rand() * 40, y: e.y + rand() * 40, t: e.t + rand() * 3 * DAY });
    }
    const r = knoxTest(ev, { distanceBand: 100, distanceBands: 3, timeBand: 7, timeBands: 3, simulations: 199, seed: 7 });
    expect(r.ratio[0]![0]).to.be.above(3);
    expect(r.p[0]![0]).to.equal(1 / 200);
  });

  it('when the work would be too much, then the simulations are cut (not below 19) and the table says how many ran', () => {
    const r = knoxTest(events, { ...opts, simulations: 999, maxWork: 100 });
    expect(r.simulations).to.equal(50);
    expect(knoxTest(events, { ...opts, simulations: 999, maxWork: 2 }).simulations).to.equal(19);
  });
});
