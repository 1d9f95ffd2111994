import { expect } from 'chai';
import { gateFor, publishedCount, changeOf, Tables, SAFE_RADII } from '../../../server/disclosure/gate.js';
import { band, bandOf } from '../../../server/disclosure/secondary.js';

const area = { west: -8, south: 49, east: 2, north: 61 };

describe('disclosure gate', () => {
  it('when a count is published for a restricted reader, then 0–4 read "<5" and the rest read their band', () => {
    expect([0, 1, 4, 5, 7, 8, 9, 12, 13, 17, 18, 102].map((n) => publishedCount(n, true))).to.deep.equal(['<5', '<5', '<5', 5, 5, 5, 10, 10, 15, 15, 20, 100]);
    expect([0, 3, 8].map((n) => publishedCount(n, false))).to.deep.equal([0, 3, 8]);
  });

  it('when a band is read back, then every shown value stands for at least 4 counts and holds the truth', () => {
    for (let n = 5; n < 300; n++) {
      const [lo, hi] = bandOf(band(n))!;
      expect(n, String(n)).to.be.within(lo, hi);
      expect(hi - lo + 1, String(n)).to.be.at.least(4);
    }
    expect(bandOf('<5', true)).to.deep.equal([1, 4]);
    expect(bandOf('[c]')).to.equal(null);
  });

  it('when a period is asked by a restricted reader, then it is widened to whole local days (London, summer time)', () => {
    const g = gateFor('planner', 'Europe/London', area);
    const p = g.period({ from: new Date('2026-06-12T22:41:17.250Z'), to: new Date('2026-06-12T22:41:17.251Z') });
    // 23:41 BST on 12 June: the local day runs from 23:00Z on the 11th to 23:00Z on the 12th… and on to the 13th's start.
    expect(p.from!.toISOString()).to.equal('2026-06-11T23:00:00.000Z');
    expect(p.to!.toISOString()).to.equal('2026-06-12T23:00:00.000Z');
    const whole = g.period({ from: new Date('2026-06-11T23:00:00Z'), to: new Date('2026-06-12T23:00:00Z') });
    expect(whole.to!.toISOString()).to.equal('2026-06-12T23:00:00.000Z');
    const analyst = gateFor('analyst', 'Europe/London', area).period({ to: new Date('2026-06-12T22:41:17.251Z') });
    expect(analyst.to!.toISOString()).to.equal('2026-06-12T22:41:17.251Z');
  });

  it('when a restricted reader asks a radius, then it is taken up to the fixed ladder', () => {
    const g = gateFor('licensing', 'Europe/London', area);
    expect([1, 50, 51, 100, 101, 999, 5000].map((r) => g.radius(r))).to.deep.equal([50, 50, 100, 100, 250, 1000, 2000]);
    expect(SAFE_RADII[0]).to.equal(50);
    expect(gateFor('analyst', 'Europe/London', area).radius(101)).to.equal(101);
  });

  it('when a total is published with its parts and exactly one part is hidden, then another is withheld', () => {
    const t = new Tables(true);
    const total = t.add(33);
    const parts = t.addAll([30, 3]);
    t.line(total, parts);
    const out = t.publish();
    expect([out(total), out(parts[0]!), out(parts[1]!)]).to.deep.equal([35, '[c]', '<5']);
    const open = new Tables(false);
    const i = open.add(3);
    expect(open.publish()(i)).to.equal(3);
  });

  it('when a change is worked out, then only from shown counts', () => {
    expect(changeOf(60, 50)).to.equal(20);
    expect(changeOf('<5', 50)).to.equal(null);
    expect(changeOf(50, 0)).to.equal(null);
    expect(changeOf(50, '[c]')).to.equal(null);
  });
});
