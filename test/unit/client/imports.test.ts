import { expect } from 'chai';
import {
  contentTypeOf,
  importFraction,
  importQuery,
  rejectedOfProblem,
  reportCsv,
  reportFileName,
  reportLines,
} from '../../../client/src/imports/report.js';

describe('client/imports/report', () => {
  it('when rows are rejected, then the report has one line per bad field, in file order', () => {
    const lines = reportLines([
      { row: 2001, errors: [{ path: 'source_eval', message: 'unknown source evaluation (1–3) "7"' }, { path: 'handling_code', message: 'unknown handling code (P or C) "Q"' }] },
      { row: 11, errors: [{ path: 'observed_at', message: '"x" is not a date and time' }] },
    ]);
    expect(lines).to.deep.equal([
      { row: 11, field: 'observed_at', reason: '"x" is not a date and time' },
      { row: 2001, field: 'source_eval', reason: 'unknown source evaluation (1–3) "7"' },
      { row: 2001, field: 'handling_code', reason: 'unknown handling code (P or C) "Q"' },
    ]);
  });

  it('when the report is written as CSV, then quotes, commas and line breaks are quoted and formulas are defused', () => {
    const csv = reportCsv([
      { row: 4, field: 'narrative', reason: 'said "no", then left,\nquickly' },
      { row: 9, field: 'category', reason: '=HYPERLINK("x")' },
      { row: 12, field: '', reason: 'the row has a different number of fields from the header' },
    ]);
    expect(csv).to.equal(
      'row,field,reason\r\n' +
        '4,narrative,"said ""no"", then left,\nquickly"\r\n' +
        `9,category,"'=HYPERLINK(""x"")"\r\n` +
        '12,,the row has a different number of fields from the header\r\n',
    );
  });

  it('when strict mode refuses a file, then the 422 problem paths rows.<line>.<field> become the same report', () => {
    const rejected = rejectedOfProblem([
      { path: 'rows.802.lat', message: 'latitude 95.5 is outside -90..90' },
      { path: 'rows.17', message: 'the row has a different number of fields from the header' },
      { path: 'rows.802.lon', message: 'is required' },
      { path: 'mode', message: 'not a row' },
    ]);
    expect(rejected).to.deep.equal([
      { row: 17, errors: [{ path: '', message: 'the row has a different number of fields from the header' }] },
      { row: 802, errors: [{ path: 'lat', message: 'latitude 95.5 is outside -90..90' }, { path: 'lon', message: 'is required' }] },
    ]);
  });

  it('when a file is chosen, then .geojson/.json go as GeoJSON, anything else as CSV, and areas refuse CSV', () => {
    expect(contentTypeOf('sightings.csv', 'text/csv', 'sightings')).to.equal('text/csv');
    expect(contentTypeOf('register.txt', '', 'premises')).to.equal('text/csv');
    expect(contentTypeOf('points.geojson', '', 'sightings')).to.equal('application/geo+json');
    expect(contentTypeOf('wards.json', 'application/json', 'areas')).to.equal('application/geo+json');
    expect(contentTypeOf('wards.csv', 'text/csv', 'areas')).to.equal(null);
  });

  it('when options are chosen, then only those that differ from the defaults go in the query, and SRID only for areas', () => {
    const base = { fileName: 'a b.csv', strict: false, update: false, srid: '' as const, repair: false, kind: 'sightings' as const };
    expect(importQuery(base)).to.equal('?fileName=a+b.csv');
    expect(importQuery({ ...base, strict: true, update: true, srid: '27700' })).to.equal('?fileName=a+b.csv&mode=strict&onDuplicate=update');
    expect(importQuery({ ...base, kind: 'areas', srid: '27700', repair: true })).to.equal('?fileName=a+b.csv&srid=27700&repair=true');
  });

  it('when a background import reports bytes read, then the fraction follows them; without them it is unknown', () => {
    expect(importFraction({ status: 'running', bytes: 1000, bytesRead: 250 })).to.equal(0.25);
    expect(importFraction({ status: 'running', bytes: 1000, bytesRead: null })).to.equal(null);
    expect(importFraction({ status: 'running' })).to.equal(null);
    expect(importFraction({ status: 'done', bytes: 1000, bytesRead: 10 })).to.equal(1);
  });

  it('when the report is saved, then it is named after the imported file', () => {
    expect(reportFileName('partner-sightings.csv')).to.equal('partner-sightings-rejected-rows.csv');
    expect(reportFileName('.csv')).to.equal('import-rejected-rows.csv');
  });
});
