import { expect } from 'chai';
import { protectList, protectTable, publish, roundTo, secondarySuppress, tableLines, underThreshold, withMargins, small, type Published } from '../../../server/disclosure/secondary.js';

/** Every value an attacker can pin down exactly from a line with one unknown, for tables with all margins. */
function recoverable(table: number[][], cells: Published[][], rowTotals: Published[], colTotals: Published[], total: Published): number[] {
  const rows = table.length;
  const cols = table[0]!.length;
  const layout = tableLines(rows, cols);
  const published: Published[] = [...cells.flat(), ...rowTotals, ...colTotals, total];
  const truth = withMargins(table);
  const known = published.map((p) => typeof p === 'number');
  const found: number[] = [];
  // Solve lines with one unknown repeatedly, as an attacker would.
  for (let progress = true; progress; ) {
    progress = false;
    for (const l of layout.lines) {
      const members = [l.total, ...l.parts];
      const unknown = members.filter((i) => !known[i]);
      if (unknown.length !== 1) continue;
      known[unknown[0]!] = true;
      found.push(truth[unknown[0]!]!);
      progress = true;
    }
  }
  return found;
}

describe('disclosure/secondary', () => {
  it('when one row holds a single small count, then the next-smallest cell in that row is withheld too', () => {
    const extra = secondarySuppress([3, 8, 20, 31], [{ total: 3, parts: [0, 1, 2] }], [true, false, false, false]);
    expect(extra).to.deep.equal([false, true, false, false]);
  });

  it('when a list has one small count, then the next smallest is withheld and the total stays', () => {
    expect(protectList([3, 40, 7])).to.deep.equal({ items: ['<5', 40, '[c]'], total: 50 });
  });

  it('when a list has two small counts, then nothing more is hidden', () => {
    expect(protectList([3, 40, 2, 9])).to.deep.equal({ items: ['<5', 40, '<5', 9], total: 54 });
  });

  it('when a list\'s only count is small, then its total (the same number) is hidden too and no zero is touched', () => {
    expect(protectList([0, 3, 0])).to.deep.equal({ items: [0, '<5', 0], total: '<5' });
  });

  it('when a 2 × 2 table has one small cell, then its row and column partners and the opposite cell are withheld', () => {
    const t = protectTable([[3, 8], [9, 12]]);
    expect(t.cells).to.deep.equal([['<5', '[c]'], ['[c]', '[c]']]);
    expect(t.rowTotals).to.deep.equal([11, 21]);
    expect(t.colTotals).to.deep.equal([12, 20]);
    expect(t.total).to.equal(32);
  });

  it('when a hand-made 3 × 4 table is protected, then no hidden value can be solved from any row or column total', () => {
    const table = [
      [12, 3, 40, 7],
      [20, 15, 9, 30],
      [6, 11, 2, 25],
    ];
    const t = protectTable(table);
    expect(t.cells[0]![1]).to.equal('<5');
    expect(t.cells[2]![2]).to.equal('<5');
    expect(recoverable(table, t.cells, t.rowTotals, t.colTotals, t.total)).to.deep.equal([]);
    for (const [r, row] of t.cells.entries()) {
      const hidden = row.filter((v) => typeof v !== 'number').length;
      expect(hidden === 0 || hidden >= 2, `row ${r} hides ${hidden}`).to.equal(true);
    }
  });

  it('when complementary suppression in a row creates a lone hidden cell in a column, then it iterates until every line is safe', () => {
    // The 3 in row 0 forces a partner in row 0 (the 5 in column 2); column 2 then hides one value and needs a partner of its own.
    const table = [
      [3, 50, 5],
      [40, 60, 70],
      [30, 20, 80],
    ];
    const t = protectTable(table);
    expect(t.cells[0]![0]).to.equal('<5');
    expect(t.cells[0]![2]).to.equal('[c]');
    expect(t.cells.map((r) => r[0])).to.include('[c]');
    for (const line of [...t.cells, ...[0, 1, 2].map((c) => t.cells.map((r) => r[c]!))]) {
      const hidden = line.filter((v) => typeof v !== 'number').length;
      expect(hidden === 0 || hidden >= 2).to.equal(true);
    }
    expect(recoverable(table, t.cells, t.rowTotals, t.colTotals, t.total)).to.deep.equal([]);
  });

  it('when a table has no small count, then nothing is hidden', () => {
    const t = protectTable([[5, 6], [7, 8]]);
    expect(t.cells).to.deep.equal([[5, 6], [7, 8]]);
  });

  it('when asked to round, then shown counts become multiples of 5 and hidden ones stay hidden', () => {
    expect(protectList([3, 41, 7], { round: true })).to.deep.equal({ items: ['<5', 40, '[c]'], total: 50 });
    expect([0, 5, 7, 8, 12, 13, 102].map((n) => roundTo(n))).to.deep.equal([0, 5, 5, 10, 10, 15, 100]);
  });

  it('when zeros are to be hidden as well (a breakdown), then 0 reads "<5" like 1 to 4', () => {
    // 9 is withheld so the zero is not 21 − 9 − 12; then 12 too, since a reader who knew the
    // first was zero would read 9 off the rest, and a hidden zero protects nothing.
    expect(protectList([0, 9, 12], { primary: underThreshold }).items).to.deep.equal(['<5', '[c]', '[c]']);
    expect([0, 1, 4, 5].map(small)).to.deep.equal([false, true, true, false]);
  });

  it('when a lone "<5" sits beside hidden zeros the reader can know (hours outside the window), then a shown count is withheld too', () => {
    // A row of 24 hours, only 21h–23h inside the window: 12, 12 and 4; the other hours are 0.
    const row = Array.from({ length: 24 }, (_, h) => (h === 21 ? 12 : h === 22 ? 12 : h === 23 ? 4 : 0));
    const { items, total } = protectList(row, { primary: underThreshold, round: true });
    expect(items[23]).to.equal('<5');
    // Without this, 30 − 10 − 10 with bands 28–32 and 9–12 pins the "<5" at 4.
    expect([items[21], items[22]]).to.include('[c]');
    expect(total).to.equal(30);
  });

  it('when two tables share their grand total, then hiding it in one hides it in both', () => {
    // values: a = [2, 3] with total (index 2); b = [1, 1, 3] with the same total
    const lines = [{ total: 2, parts: [0, 1] }, { total: 2, parts: [3, 4, 5] }];
    const out = publish([2, 3, 5, 1, 1, 3], lines, { primary: [true, true, false, true, true, true], round: false });
    // 5 is not small, but each line's parts are all hidden, so nothing more is needed and it stays
    expect(out).to.deep.equal(['<5', '<5', 5, '<5', '<5', '<5']);
    const lone = publish([2, 30, 32, 10, 22], [{ total: 2, parts: [0, 1] }, { total: 2, parts: [3, 4] }], { primary: [true, false, false, false, false], round: false });
    expect(lone).to.deep.equal(['<5', '[c]', 32, 10, 22]);
  });

  it('when the input is not a table of counts, then it says what is wrong', () => {
    expect(() => secondarySuppress([1.5], [], [false])).to.throw(/whole numbers/);
    expect(() => secondarySuppress([1], [{ total: 3, parts: [0] }], [false])).to.throw(/outside/);
  });
});
