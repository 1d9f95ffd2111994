import { expect } from 'chai';
import { parseGridRef } from '../../../server/geo/gridRef.js';
import { readTime } from '../../../server/imports/fields.js';
import { readPremises, readSighting, readVehicle } from '../../../server/imports/rows.js';

const good = {
  external_ref: 'P-1', observed_at: '2026-05-01T22:30', lat: '53.58', lon: '-2.43', category: 'Adult loitering',
  source_agency: 'POLICE', source_eval: '2', intel_assessment: 'b', handling_code: 'p', narrative: 'Synthetic',
};

describe('imports/rows', () => {
  it('when an OS grid reference is given, then it becomes easting and northing', () => {
    expect(parseGridRef('SD 71700 09200')).to.deep.equal({ easting: 371700, northing: 409200 });
    expect(parseGridRef('sd7170009200')).to.deep.equal({ easting: 371700, northing: 409200 });
    expect(parseGridRef('TQ 30 80')).to.deep.equal({ easting: 530000, northing: 180000 });
    expect(parseGridRef('NN 166 712')).to.deep.equal({ easting: 216600, northing: 771200 });
    expect(parseGridRef('SD 717 0920')).to.match(/not an OS grid reference/);
    expect(parseGridRef('XX 1 1')).to.be.a('string');
  });

  it('when a time has no offset, then it is London wall-clock time; UK day-first dates read too', () => {
    expect(readTime('2026-07-01 22:00', 'Europe/London').value!.toISOString()).to.equal('2026-07-01T21:00:00.000Z');
    expect(readTime('01/07/2026 22:00', 'Europe/London').value!.toISOString()).to.equal('2026-07-01T21:00:00.000Z');
    expect(readTime('2026-07-01T22:00:00Z', 'Europe/London').value!.toISOString()).to.equal('2026-07-01T22:00:00.000Z');
    expect(readTime('31/02/2026', 'Europe/London').error).to.match(/not a date/);
  });

  it('when a sighting row is forgiving in form, then codes are normalised', () => {
    const r = readSighting(good, 'Europe/London');
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.row).to.include({ category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', groomingModel: 'unknown' });
    expect(r.row.place).to.deep.equal({ lon: -2.43, lat: 53.58 });
  });

  it('when content is wrong, then every bad field is named with its reason', () => {
    const r = readSighting({ ...good, observed_at: '2026-13-45', category: 'loitering', lat: '95.5', source_eval: '7', intel_assessment: 'Z', handling_code: 'Q' }, 'Europe/London');
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).to.deep.equal(['category', 'handling_code', 'intel_assessment', 'lat', 'observed_at', 'source_eval']);
    expect(r.errors.find((e) => e.path === 'lat')!.message).to.match(/95\.5 is outside -90\.\.90/);
  });

  it('when no location is given, then the row says a location is required; a grid ref in easting is read', () => {
    const none = readSighting({ ...good, lat: '', lon: '' }, 'Europe/London');
    expect(none.ok ? [] : none.errors).to.deep.equal([{ path: 'location', message: 'a location is required: lat/lon, easting/northing or grid_ref' }]);
    const grid = readSighting({ ...good, lat: '', lon: '', easting: 'SD 71700 09200' }, 'Europe/London');
    expect(grid.ok && grid.row.place).to.deep.equal({ easting: 371700, northing: 409200 });
  });

  it('when a premises row has a postcode in any form, then it is canonical; a bad one is named', () => {
    const r = readPremises({ name: 'A (synthetic)', category: 'Take-away', postcode: 'bl11aa', lat: '53.5', lon: '-2.4' });
    expect(r.ok && r.row).to.include({ category: 'takeaway', postcode: 'BL1 1AA', licenceStatus: 'none' });
    const bad = readPremises({ name: 'A', category: 'hotel', postcode: 'BL1', lat: '53.5', lon: '-2.4' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).to.deep.equal(['postcode']);
  });

  it('when a vehicle row has a spaced plate, then it is normalised; punctuation alone is refused', () => {
    expect(readVehicle({ plate: 'zz12 syn' })).to.deep.equal({ ok: true, row: { plate: 'ZZ12SYN', licenceNo: null, operatorRef: null, make: null, colour: null } });
    expect(readVehicle({ plate: '--' }).ok).to.equal(false);
  });
});
