import { expect } from 'chai';
import readXlsxFile from 'read-excel-file/node';
import { toXlsx } from '../../../server/reports/xlsx.js';
import { report } from './fixture.js';

describe('report spreadsheet (.xlsx)', () => {
  it('when a report is written as a workbook, then each table is its own sheet in a wide layout, the counts as published', async () => {
    const sheets = await readXlsxFile(await toXlsx(report()));
    expect(sheets.map((s) => s.sheet)).to.deep.equal(['About', 'Headline', 'Monthly trend', 'Weekday x time', 'Categories', 'Grooming models', 'Busiest cells', 'Hot spots', 'Repeat places']);
    const sheet = (name: string) => sheets.find((s) => s.sheet === name)!.data;
    expect(sheet('Weekday x time')).to.deep.equal([
      ['Day', '00–24', 'Total'],
      ['Mon', 20, 20],
      ['Total', 20, 20],
    ]);
    expect(sheet('Categories')).to.deep.equal([['Category', 'Sightings'], ['Adult loitering', '<5'], ['Other', '[c]']]);
    expect(sheet('Headline')[0]).to.deep.equal(['Period', 'From', 'To', 'Sightings', 'Change']);
    expect(sheet('Hot spots')[1]).to.deep.equal(['SD 1 1', 'hot spot, 95 % confidence', null]);
  });

  it('when periods are written, then they are local dates (date cells, shown dd/mm/yyyy), the last day included, not UTC instants', async () => {
    // 31 Jan 00:00 UTC to 28 Feb 00:00 UTC is 31 Jan to 27 Feb inclusive in London (GMT in winter).
    const summer = { from: '2026-05-31T23:00:00.000Z', to: '2026-06-30T23:00:00.000Z', label: 'Jun 2026' };
    const sheets = await readXlsxFile(await toXlsx(report({ period: summer })));
    const head = sheets.find((s) => s.sheet === 'Headline')!.data;
    const day = (d: string) => new Date(`${d}T00:00:00.000Z`);
    expect(head[1]!.slice(0, 3)).to.deep.equal(['Jun 2026', day('2026-06-01'), day('2026-06-30')]);
    expect(head[2]!.slice(0, 3)).to.deep.equal(['previous: Jan 2026', day('2026-01-31'), day('2026-02-27')]);
    const about = sheets.find((s) => s.sheet === 'About')!.data;
    expect(about).to.deep.include(['Period', 'Jun 2026: 1 June 2026 to 30 June 2026']);
  });

  it('when a text would start a spreadsheet formula, then it is written as text, never as a formula', async () => {
    const sheets = await readXlsxFile(await toXlsx(report()));
    const about = sheets.find((s) => s.sheet === 'About')!.data;
    expect(about).to.deep.include(['Title', '=Test, "quoted" (synthetic)']);
  });
});
