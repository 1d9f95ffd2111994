import { expect } from 'chai';
import { pointBlob } from '../../../server/exports/gpkg.js';
import { toCsv, toGeoJson } from '../../../server/exports/formats.js';
import type { ExportField } from '../../../server/exports/schema.js';

const fields: ExportField[] = [
  { name: 'id', type: 'text' },
  { name: 'observedAt', type: 'datetime' },
  { name: 'lon', type: 'real' },
  { name: 'lat', type: 'real' },
  { name: 'refs', type: 'list' },
  { name: 'note', type: 'text' },
];
const row = { id: 'a', observedAt: new Date('2026-02-01T22:00:00Z'), lon: -2.43, lat: 53.58, refs: ['R1', 'R2'], note: null };

describe('export formats', () => {
  it('when a point is encoded as GeoPackageBinary, then it has the GP header, SRS 4326 and little-endian WKB', () => {
    const b = Buffer.from(pointBlob(-2.43, 53.58));
    expect(b).to.have.length(29);
    expect(b.subarray(0, 4)).to.deep.equal(Buffer.from([0x47, 0x50, 0, 1]));
    expect(b.readInt32LE(4)).to.equal(4326);
    expect(b[8]).to.equal(1);
    expect(b.readUInt32LE(9)).to.equal(1);
    expect([b.readDoubleLE(13), b.readDoubleLE(21)]).to.deep.equal([-2.43, 53.58]);
  });

  it('when text holds commas, quotes, line breaks or starts like a formula, then the CSV cell is quoted and defused', () => {
    const rows = [{ ...row, note: '=1+1, "quoted"\nnext' }, { ...row, id: '-x', note: '@SUM' }];
    const csv = toCsv(rows, fields);
    const lines = csv.split('\r\n');
    expect(lines[0]).to.equal('id,observedAt,lon,lat,refs,note');
    expect(lines[1]).to.equal(`a,2026-02-01T22:00:00.000Z,-2.43,53.58,R1;R2,"'=1+1, ""quoted""\nnext"`);
    expect(lines[2]).to.equal(`'-x,2026-02-01T22:00:00.000Z,-2.43,53.58,R1;R2,'@SUM`);
    expect(csv.endsWith('\r\n')).to.equal(true);
  });

  it('when records become GeoJSON, then lon/lat are the geometry and lists stay arrays', () => {
    const g = toGeoJson([row], fields, { name: 'x' });
    expect(g.features[0]).to.deep.equal({
      type: 'Feature',
      id: 'a',
      geometry: { type: 'Point', coordinates: [-2.43, 53.58] },
      properties: { id: 'a', observedAt: '2026-02-01T22:00:00.000Z', refs: ['R1', 'R2'], note: null },
    });
  });
});
