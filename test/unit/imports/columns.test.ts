import { expect } from 'chai';
import { COLUMNS, headerName, judgeColumns, nearestColumn, templateRows, TEMPLATE_KINDS } from '../../../server/imports/columns.js';
import { readPremises, readSighting, readVehicle, type Cells } from '../../../server/imports/rows.js';
import { cellText } from '../../../server/http/csv.js';

const names = (kind: keyof typeof COLUMNS) => COLUMNS[kind].columns.map((c) => c.name);

describe('imports/columns', () => {
  it('when header names differ in case, spacing or hyphens, then they read as the accepted name', () => {
    expect(['Observed At', ' SOURCE-EVAL ', 'grid ref', 'Lat'].map(headerName)).to.deep.equal(['observed_at', 'source_eval', 'grid_ref', 'lat']);
  });

  it('when a column is unknown, then the nearest accepted name is suggested, and none when nothing is near', () => {
    const sightings = names('sightings');
    expect(nearestColumn('source_evaluation', sightings)).to.equal('source_eval');
    expect(nearestColumn('obsreved_at', sightings)).to.equal('observed_at');
    expect(nearestColumn('narative', sightings)).to.equal('narrative');
    expect(nearestColumn('latitude', sightings)).to.equal('lat');
    expect(nearestColumn('longitude', sightings)).to.equal('lon');
    expect(nearestColumn('eastings', sightings)).to.equal('easting');
    expect(nearestColumn('observedat', sightings)).to.equal('observed_at');
    expect(nearestColumn('licence_number', names('vehicles'))).to.equal('licence_no');
    expect(nearestColumn('registration', names('vehicles'))).to.equal('plate');
    expect(nearestColumn('weather', sightings)).to.equal(undefined);
    expect(nearestColumn('colour', names('premises'))).to.equal(undefined);
  });

  it('when a name is suggested, then it is one the file does not already have', () => {
    expect(nearestColumn('source_evaluation', names('sightings'), ['source_eval'])).to.equal(undefined);
  });

  it('when a required column is missing, then judgeColumns names it and each unknown column with its suggestion', () => {
    const header = ['external_ref', 'observed_at', 'lat', 'lon', 'category', 'source_agency', 'source_evaluation', 'intel_assessment', 'handling_code', 'weather'];
    expect(judgeColumns('sightings', header)).to.deep.equal({
      missing: ['source_eval'],
      unknown: [{ name: 'source_evaluation', suggestion: 'source_eval' }, { name: 'weather' }],
    });
  });

  it('when the header gives no way of locating a row, then the location is missing; a grid reference or easting is enough', () => {
    const base = ['observed_at', 'category', 'source_agency', 'source_eval', 'intel_assessment', 'handling_code'];
    expect(judgeColumns('sightings', base).missing).to.deep.equal(['location']);
    expect(judgeColumns('sightings', [...base, 'lat']).missing).to.deep.equal(['location']);
    expect(judgeColumns('sightings', [...base, 'lat', 'lon']).missing).to.deep.equal([]);
    expect(judgeColumns('sightings', [...base, 'grid_ref']).missing).to.deep.equal([]);
    expect(judgeColumns('sightings', [...base, 'easting']).missing).to.deep.equal([]);
    expect(judgeColumns('premises', ['name', 'category']).missing).to.deep.equal(['location']);
  });

  it('when header cells are blank, then they are neither unknown nor missing', () => {
    expect(judgeColumns('vehicles', ['plate', '', 'make', ''])).to.deep.equal({ missing: [], unknown: [] });
  });

  it('when a kind has a template, then its header is the column list and its example row reads cleanly', () => {
    const at = { lon: -2.4290, lat: 53.5790 };
    const readers: Record<(typeof TEMPLATE_KINDS)[number], (c: Cells) => { ok: boolean }> = {
      sightings: (c) => readSighting(c, 'Europe/London'),
      premises: readPremises,
      vehicles: readVehicle,
    };
    for (const kind of TEMPLATE_KINDS) {
      const [header, example] = templateRows(kind, at);
      expect(header, kind).to.deep.equal(names(kind));
      const cells = Object.fromEntries(header!.map((h, i) => [h, cellText(example![i]) || undefined])) as Cells;
      const r = readers[kind](cells);
      expect(r, `${kind}: ${JSON.stringify(r)}`).to.include({ ok: true });
    }
  });

  it('when the row readers read a row, then every column they read is in the list, and every listed column is read', () => {
    const readers: [keyof typeof COLUMNS, (c: Cells) => unknown][] = [
      ['sightings', (c) => readSighting(c, 'Europe/London')],
      ['premises', readPremises],
      ['vehicles', readVehicle],
    ];
    for (const [kind, read] of readers) {
      const asked = new Set<string>();
      const [header, example] = templateRows(kind as (typeof TEMPLATE_KINDS)[number], { lon: -2.43, lat: 53.58 });
      const cells = Object.fromEntries(header!.map((h, i) => [h, cellText(example![i]) || undefined]));
      read(new Proxy(cells, { get: (o, k) => (typeof k === 'string' && asked.add(k), o[k as string]) }) as Cells);
      expect([...asked].filter((k) => !names(kind).includes(k)), `${kind}: read but not listed`).to.deep.equal([]);
      expect(names(kind).filter((k) => !asked.has(k)), `${kind}: listed but never read`).to.deep.equal([]);
    }
  });

  it('when the list says a column takes codes, then they are the codes Lantern knows', () => {
    const category = COLUMNS.sightings.columns.find((c) => c.name === 'category')!;
    expect(category.required).to.equal(true);
    expect(category.values).to.include('adult_loitering');
    expect(COLUMNS.sightings.columns.find((c) => c.name === 'source_eval')!.values).to.deep.equal(['1', '2', '3']);
  });
});

describe('imports page: column problems', () => {
  it('when a refusal or report names columns, then the page reads them apart from row errors; a refusal with no row read is for columns', async () => {
    const { columnProblems, refusedFor } = await import('../../../client/src/imports/report.js');
    expect(columnProblems([
      { path: 'columns.source_evaluation', message: 'is not a column Lantern reads for sightings: did you mean "source_eval"?' },
      { path: 'rows.3.category', message: 'unknown category "x"' },
    ])).to.deep.equal([{ column: 'source_evaluation', message: 'is not a column Lantern reads for sightings: did you mean "source_eval"?' }]);
    expect(refusedFor({ status: 'rejected', rowsRead: 0 })).to.equal('columns');
    expect(refusedFor({ status: 'rejected', rowsRead: 6 })).to.equal('strict mode');
    expect(refusedFor({ status: 'done', rowsRead: 6 })).to.equal(null);
  });
});
