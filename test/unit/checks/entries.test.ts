import { expect } from 'chai';
import { entriesFromCsv, entriesFromJson } from '../../../server/checks/service.js';
import { MAX_CHECK_ENTRIES } from '../../../server/checks/schema.js';

describe('bulk check entries', () => {
  it('when a CSV has both columns, then each non-empty cell is an entry numbered by its file line', () => {
    const csv = '\uFEFFLicence Ref,Plate,notes\r\nSYN-1,,first\r\n,ab12 cde,"a note, with a comma"\r\n\r\nSYN-2,ZZ99 SYN,\r\n';
    expect(entriesFromCsv(csv)).to.deep.equal([
      { row: 2, kind: 'licence_ref', input: 'SYN-1' },
      { row: 3, kind: 'plate', input: 'ab12 cde' },
      { row: 5, kind: 'licence_ref', input: 'SYN-2' },
      { row: 5, kind: 'plate', input: 'ZZ99 SYN' },
    ]);
  });

  it('when a quoted cell spans lines, then the next entry keeps its own line number', () => {
    expect(entriesFromCsv('plate,notes\n"AB12CDE","two\nlines"\nZZ1\n').map((e) => e.row)).to.deep.equal([2, 4]);
  });

  it('when the header has neither licence_ref nor plate, then a 400 names the header', () => {
    expect(() => entriesFromCsv('name,postcode\nx,BL1 1AA\n')).to.throw(/licence_ref or a plate column/).with.property('status', 400);
  });

  it('when the file holds only a header or blank cells, then a 400 says there is nothing to check', () => {
    expect(() => entriesFromCsv('plate\n\n,\n')).to.throw(/no licence references or plates/).with.property('status', 400);
  });

  it('when the CSV is malformed, then a 400 names the line', () => {
    expect(() => entriesFromCsv('plate\n"AB12\n')).to.throw(/not valid CSV near line/).with.property('status', 400);
  });

  it(`when more than ${MAX_CHECK_ENTRIES} entries come, then a 400 asks to split the file`, () => {
    const csv = `plate\n${Array.from({ length: MAX_CHECK_ENTRIES + 1 }, (_, i) => `ZZ${i}`).join('\n')}\n`;
    expect(() => entriesFromCsv(csv)).to.throw(/at most 1000 entries/).with.property('status', 400);
    expect(entriesFromCsv(`plate\n${Array.from({ length: MAX_CHECK_ENTRIES }, (_, i) => `ZZ${i}`).join('\n')}\n`)).to.have.length(MAX_CHECK_ENTRIES);
  });

  it('when JSON lists both, then licence refs come first, numbered from 1', () => {
    expect(entriesFromJson({ plates: ['AB12CDE'], licenceRefs: ['SYN-1', 'SYN-2'] })).to.deep.equal([
      { row: 1, kind: 'licence_ref', input: 'SYN-1' },
      { row: 2, kind: 'licence_ref', input: 'SYN-2' },
      { row: 3, kind: 'plate', input: 'AB12CDE' },
    ]);
  });
});
