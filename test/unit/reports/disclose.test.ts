import { expect } from 'chai';
import fc from 'fast-check';
import { change, discloseReport, type RawReport } from '../../../server/reports/disclose.js';
import { ticketStore } from '../../../server/reports/print.js';
import type { Published } from '../../../server/disclosure/secondary.js';
import type { AreaReport } from '../../../server/reports/schema.js';
import { candidates } from '../../support/disclosure.js';

/**
 * A hand-made report: 2 months in the period, a 7 × 8 grid, 3 categories, 2 models and
 * cells, each table adding up to `current`.
 */
function raw(cells: number[], grid: number[][] = weekGrid(cells), cats?: number[], models?: number[]): RawReport {
  const total = cells.reduce((s, n) => s + n, 0);
  const m1 = Math.floor(total / 2);
  return {
    current: total,
    previous: 40,
    lastYear: 3,
    months: [
      { key: '2025-12', n: 20, periods: ['previous'] },
      { key: '2026-01', n: 20, periods: ['previous'] },
      { key: '2026-02', n: m1, periods: ['current'] },
      { key: '2026-03', n: total - m1, periods: ['current'] },
    ],
    grid,
    categories: (cats ?? [total - Math.min(3, total), Math.min(3, total), 0]).map((n, i) => ({ key: `c${i}`, n })),
    models: (models ?? [total, 0]).map((n, i) => ({ key: `m${i}`, n })),
    cells: cells.map((n, i) => ({ key: `k${i}`, n })),
  };
}

/** Puts the sightings of the cells into a weekday × 3-hour grid, in order. */
function weekGrid(cells: number[]): number[][] {
  const g = Array.from({ length: 7 }, () => Array<number>(8).fill(0));
  let i = 0;
  for (const n of cells) for (let j = 0; j < n; j++, i++) g[i % 7]![(i * 3) % 8]!++;
  return g;
}

const all = (p: ReturnType<typeof discloseReport>): Published[] => [
  p.current,
  p.previous,
  p.lastYear,
  ...p.months,
  ...p.grid.cells.flat(),
  ...p.grid.rowTotals,
  ...p.grid.colTotals,
  ...p.categories,
  ...p.models,
  ...p.cells,
];

const isSmall = (v: Published) => typeof v === 'number' && v >= 1 && v <= 4;

/** Every pair of published values of two reports that a reader could subtract. */
function pairs(a: ReturnType<typeof discloseReport>, b: ReturnType<typeof discloseReport>): [Published, Published][] {
  return [
    [a.current, b.current],
    [a.grid.total, b.grid.total],
    ...a.categories.map((v, i) => [v, b.categories[i]!] as [Published, Published]),
    ...a.models.map((v, i) => [v, b.models[i]!] as [Published, Published]),
    ...a.months.map((v, i) => [v, b.months[i]!] as [Published, Published]),
    ...a.grid.rowTotals.map((v, i) => [v, b.grid.rowTotals[i]!] as [Published, Published]),
    ...a.grid.colTotals.map((v, i) => [v, b.grid.colTotals[i]!] as [Published, Published]),
  ];
}

/** Whether a strip of `k` sightings added to an area of `cells` leaves every difference open. */
function stripStaysHidden(cells: number[], k: number): void {
  const a = discloseReport(raw(cells), true);
  const b = discloseReport(raw([...cells, k]), true);
  for (const [x, y] of pairs(a, b)) {
    const c = candidates(x, y);
    expect(c.length, `${x} vs ${y} for a strip of ${k}`).to.be.above(1);
  }
  // The bands are honest: the true strip count is always among the possible ones.
  expect(candidates(a.current, b.current)).to.include(k);
  expect(b.cells[b.cells.length - 1]).to.equal('<5');
}

describe('discloseReport', () => {
  it('when the reader is unrestricted, then every count is the true one and totals add up', () => {
    const p = discloseReport(raw([15, 15, 14, 14]), false);
    expect(p.current).to.equal(58);
    expect(p.cells).to.deep.equal([15, 15, 14, 14]);
    expect(p.categories).to.deep.equal([55, 3, 0]);
    expect(p.grid.total).to.equal(58);
  });

  it('when the reader is restricted, then no count from 1 to 4 shows, shown counts are multiples of 5, and small ones read "<5"', () => {
    const p = discloseReport(raw([15, 15, 14, 14, 3]), true);
    const values = all(p);
    expect(values.filter(isSmall)).to.deep.equal([]);
    for (const v of values) if (typeof v === 'number') expect(v % 5, String(v)).to.equal(0);
    expect(p.cells[4]).to.equal('<5');
    expect(p.categories[1]).to.equal('<5');
    expect(p.lastYear).to.equal('<5');
    expect(p.categories[2]).to.equal('<5', 'a zero in a breakdown reads like a small count');
  });

  it('when one category alone is small, then another is withheld too, so it cannot be read off the total', () => {
    const p = discloseReport(raw([20, 20], undefined, [36, 4], [40, 0]), true);
    expect(p.categories[1]).to.equal('<5');
    const hidden = [...p.categories, p.current].filter((v) => typeof v !== 'number');
    expect(hidden.length).to.be.at.least(2);
  });

  it('when two overlapping areas differ by a strip of 1 to 4 sightings, then every pair of published counts leaves more than one count possible', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), stripStaysHidden));
  });

  // Counterexamples fast-check has found, kept so that they are tried on every run.
  describe('regressions', () => {
    it('when an area of 4 ("<5") gains a strip of 4 (8 in all), then the strip is not pinned at 4 (seed -1877794001)', () => {
      stripStaysHidden([4], 4);
    });
  });

  it('when the change between two published counts is asked, then hidden or zero bases give none', () => {
    expect(change(60, 50)).to.equal('up 20%');
    expect(change(50, 50)).to.equal('no change');
    expect(change(40, 50)).to.equal('down 20%');
    expect(change('<5', 50)).to.equal(null);
    expect(change(50, 0)).to.equal(null);
  });
});

describe('print tickets', () => {
  const report = { title: 'Area report: test (synthetic)' } as AreaReport;

  it('when a ticket is redeemed, then it gives the report once and never again', () => {
    const s = ticketStore();
    const t = s.issue(report, { userId: 'u1', purpose: 'meeting' }, 1000);
    expect(s.redeem(t, 1001)).to.deep.include({ report, userId: 'u1', purpose: 'meeting' });
    expect(s.redeem(t, 1002)).to.equal(undefined);
  });

  it('when a ticket has expired or is made up, then it opens nothing', () => {
    const s = ticketStore(60_000);
    const t = s.issue(report, { userId: 'u1', purpose: null }, 0);
    expect(s.redeem(t, 60_000)).to.equal(undefined);
    expect(s.redeem('made-up', 1)).to.equal(undefined);
    expect(s.size()).to.equal(0);
  });

  it('when a ticket\'s report has been read, then its print may still draw the basemap until it is revoked or expires; a made-up ticket never may', () => {
    const s = ticketStore(60_000);
    const t = s.issue(report, { userId: 'u1', purpose: null }, 0);
    expect(s.printing(t, 1)).to.equal(true);
    s.redeem(t, 2);
    expect(s.printing(t, 3)).to.equal(true);
    expect(s.printing(t, 60_000)).to.equal(false);
    expect(s.printing('made-up', 1)).to.equal(false);
    const u = s.issue(report, { userId: 'u1', purpose: null }, 0);
    s.revoke(u);
    expect(s.printing(u, 1)).to.equal(false);
  });

  it('when tickets are issued, then each is new and 256 bits long', () => {
    const s = ticketStore();
    const a = s.issue(report, { userId: null, purpose: null });
    const b = s.issue(report, { userId: null, purpose: null });
    expect(a).to.not.equal(b);
    expect(Buffer.from(a, 'base64url')).to.have.length(32);
  });
});
