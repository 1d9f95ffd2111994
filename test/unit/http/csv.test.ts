import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { cellText, neutralise, toCsv } from '../../../server/http/csv.js';

describe('the shared CSV writer (server/http/csv.ts)', () => {
  it('prefixes an apostrophe to text starting =, +, -, @, tab or CR, and to nothing else', () => {
    expect(neutralise('=SUM(A1:A2)')).to.equal("'=SUM(A1:A2)");
    expect(neutralise('+44 161 000')).to.equal("'+44 161 000");
    expect(neutralise("-1+1+cmd|' /C calc'!A0")).to.equal("'-1+1+cmd|' /C calc'!A0");
    expect(neutralise('-1.5')).to.equal("'-1.5");
    expect(neutralise('@SUM(1)')).to.equal("'@SUM(1)");
    expect(neutralise('\t=1')).to.equal("'\t=1");
    expect(neutralise('\r=1')).to.equal("'\r=1");
    expect(neutralise('Bolton =1')).to.equal('Bolton =1');
    expect(neutralise("'quoted")).to.equal("'quoted");
    expect(neutralise('')).to.equal('');
  });

  it('writes numbers as numbers (a negative number is not prefixed), booleans, dates and empties', () => {
    expect(cellText(-1.5)).to.equal('-1.5');
    expect(cellText(0)).to.equal('0');
    expect(cellText(NaN)).to.equal('');
    expect(cellText(true)).to.equal('true');
    expect(cellText(new Date('2026-02-01T22:00:00Z'))).to.equal('2026-02-01T22:00:00.000Z');
    expect(cellText(null)).to.equal('');
    expect(cellText(undefined)).to.equal('');
  });

  it('writes RFC 4180 with CRLF, quoting commas, quotes, CR and LF (hand-checked)', () => {
    const csv = toCsv([
      ['name', 'count', 'note'],
      ["-1+1+cmd|' /C calc'!A0", -2, 'a, b'],
      ['=HYPERLINK("http://x")', 3.25, 'line 1\nline 2'],
      ['plain', null, 'cr\ronly'],
    ]);
    expect(csv).to.equal(
      'name,count,note\r\n' +
        "'-1+1+cmd|' /C calc'!A0,-2,\"a, b\"\r\n" +
        '"\'=HYPERLINK(""http://x"")",3.25,"line 1\nline 2"\r\n' +
        'plain,,"cr\ronly"\r\n',
    );
  });

  it('reads back, through a CSV parser, as the neutralised values', () => {
    const values = ['=1+1', '@x', '-3', '+', 'ok', 'tab\tinside', '"quoted"', 'multi\r\nline'];
    const back = parse(toCsv([values]), { relax_quotes: false }) as string[][];
    expect(back[0]).to.deep.equal(values.map(neutralise));
  });

  it('writes nothing for no rows', () => {
    expect(toCsv([])).to.equal('');
  });
});
