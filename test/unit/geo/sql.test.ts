import { expect } from 'chai';
import type { Db } from '../../../server/db/index.js';
import { testDb } from '../../support/db.js';
import { ENVELOPE, envelopeBindings, lonLatColumns, POINT, pointAt, pointOf } from '../../../server/geo/sql.js';

describe('geo/sql: the SQL snippets repos share', () => {
  let db: Db;
  before(async function () {
    this.timeout(300_000); // opening PGlite with PostGIS takes a while on a busy machine
    db = await testDb();
  });

  it('when a point is made from bound lon/lat, then PostGIS holds that WGS84 point (lon first)', async () => {
    const r = await db.knex.raw(`select ST_X(g) as x, ST_Y(g) as y, ST_SRID(g) as srid from (select ${POINT} as g) t`, [-2.43, 53.58]);
    expect(r.rows[0]).to.deep.include({ x: -2.43, y: 53.58, srid: 4326 });
    const raw = pointOf(db.knex, 1.5, 52.25).toSQL();
    expect(raw.sql).to.equal(POINT);
    expect(raw.bindings).to.deep.equal([1.5, 52.25]);
    expect(pointAt('st.lon', 'st.lat')).to.equal('ST_SetSRID(ST_MakePoint(st.lon, st.lat), 4326)');
  });

  it('when an envelope is made from a bbox, then its bindings run west, south, east, north and it contains the point inside only', async () => {
    const box = { west: -2.5, south: 53.5, east: -2.3, north: 53.7 };
    expect(envelopeBindings(box)).to.deep.equal([-2.5, 53.5, -2.3, 53.7]);
    const r = await db.knex.raw(`select ST_Contains(${ENVELOPE}, ${POINT}) as inside, ST_Contains(${ENVELOPE}, ${POINT}) as outside`, [
      ...envelopeBindings(box), -2.4, 53.6, ...envelopeBindings(box), -2.2, 53.6,
    ]);
    expect(r.rows[0]).to.deep.equal({ inside: true, outside: false });
  });

  it('when lon/lat columns are read, then they are rounded to 6 decimals (about 0.1 m)', async () => {
    const r = await db.knex.raw(`select ${lonLatColumns('g')} from (select ${POINT} as g) t`, [-2.123456789, 53.987654321]);
    expect(Number(r.rows[0].lon)).to.equal(-2.123457);
    expect(Number(r.rows[0].lat)).to.equal(53.987654);
  });
});
