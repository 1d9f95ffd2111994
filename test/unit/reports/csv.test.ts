import { expect } from 'chai';
import { confidence, toCsv, toGeoJson } from '../../../server/reports/csv.js';
import { report } from './fixture.js';

describe('report CSV and GeoJSON', () => {
  it('when a report is written as CSV, then each table is rows of table,row,column,value with the counts as published', () => {
    const lines = toCsv(report()).trim().split('\r\n');
    expect(lines[0]).to.equal('table,row,column,value');
    expect(lines).to.include('report,marking,,OFFICIAL-SENSITIVE');
    // 31 Jan 00:00 UTC up to 28 Feb 00:00 UTC: 31 January to 27 February in London.
    expect(lines).to.include('report,period,first day,2026-01-31');
    expect(lines).to.include('report,period,last day,2026-02-27');
    expect(lines).to.include('headline,previous: Jan 2026,sightings,<5');
    expect(lines).to.include('categories,Other,sightings,[c]');
    expect(lines).to.include('weekday x time,Mon,00–24,20');
    expect(lines).to.include('hot spots (Gi*),SD 1 1,confidence,"hot spot, 95 % confidence"');
  });

  it('when a text would start a spreadsheet formula, then it is quoted and defused', () => {
    const csv = toCsv(report());
    expect(csv).to.include(`report,title,,"'=Test, ""quoted"" (synthetic)"`);
  });

  it('when a report is written as GeoJSON, then it holds its cells as polygons with the published counts', () => {
    const g = toGeoJson(report());
    expect(g.features).to.have.length(1);
    expect(g.features[0]!.geometry.type).to.equal('Polygon');
    expect(g.features[0]!.properties).to.include({ count: '<5', shown: false, topCategory: null });
    expect(g.marking).to.equal('OFFICIAL-SENSITIVE');
  });

  it('when a Gi* bin is described, then its sign and level are in words', () => {
    expect(confidence(3)).to.equal('hot spot, 99 % confidence');
    expect(confidence(-1)).to.equal('cold spot, 90 % confidence');
  });
});
