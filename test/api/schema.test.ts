import { expect } from 'chai';
import { testDb } from '../support/db.js';
import type { Db } from '../../server/db/index.js';

async function refused(db: Db, sql: string, bindings: unknown[] = []): Promise<string> {
  try {
    await db.knex.raw(sql, bindings as never);
  } catch (err) {
    return String((err as Error).message);
  }
  throw new Error(`the database accepted: ${sql}`);
}

const sighting = (overrides: Record<string, string>) => {
  const v: Record<string, string> = {
    observed_at: "'2026-01-01T00:00:00Z'",
    geom: "ST_SetSRID(ST_MakePoint(-4, 57), 4326)",
    category: "'other'",
    source_agency: "'police'",
    source_eval: '2',
    intel_assessment: "'B'",
    handling_code: "'P'",
    review_due: "'2030-01-01'",
    ...overrides,
  };
  return `insert into sightings (${Object.keys(v).join(', ')}) values (${Object.values(v).join(', ')})`;
};

describe('database constraints', () => {
  let db: Db;
  before(async () => {
    db = await testDb();
  });

  it('when a valid row is written directly, then the database takes it', async () => {
    await db.knex.raw(sighting({}));
  });

  it('when a 3x5x2 code, category, agency or model is not in the lists, then the database refuses it', async () => {
    expect(await refused(db, sighting({ source_eval: '4' }))).to.match(/source_eval/);
    expect(await refused(db, sighting({ intel_assessment: "'F'" }))).to.match(/intel_assessment/);
    expect(await refused(db, sighting({ handling_code: "'X'" }))).to.match(/handling_code/);
    expect(await refused(db, sighting({ category: "'loitering'" }))).to.match(/category/);
    expect(await refused(db, sighting({ source_agency: "'mi5'" }))).to.match(/source_agency/);
    expect(await refused(db, sighting({ grooming_model: "'x'" }))).to.match(/grooming_model/);
    expect(await refused(db, sighting({ indicators: "'{made_up}'" }))).to.match(/indicators/);
  });

  it('when a geometry is empty, of another SRID or another type, then the database refuses it', async () => {
    expect(await refused(db, sighting({ geom: "ST_SetSRID('POINT EMPTY'::geometry, 4326)" }))).to.match(/geom/);
    expect(await refused(db, sighting({ geom: 'ST_SetSRID(ST_MakePoint(371700, 409200), 27700)' }))).to.match(/SRID/i);
    expect(await refused(db, sighting({ geom: "ST_GeomFromText('LINESTRING(0 0, 1 1)', 4326)" }))).to.match(/type/i);
  });

  it('when a sighting is soft-deleted without a reason, then the database refuses it', async () => {
    expect(await refused(db, sighting({ deleted_at: 'now()' }))).to.match(/check/);
  });

  it('when a postcode or plate is not in canonical form, then the database refuses it', async () => {
    expect(await refused(db, `insert into premises (name, category, postcode, geom) values ('x', 'hotel', 'bl11aa', ST_SetSRID(ST_MakePoint(-4, 57), 4326))`)).to.match(/postcode/);
    await db.knex.raw(`insert into premises (name, category, postcode, geom) values ('Schema Test (synthetic)', 'hotel', 'BL1 1AA', ST_SetSRID(ST_MakePoint(-4, 57), 4326))`);
    expect(await refused(db, `insert into vehicles (plate) values ('ab12 cde')`)).to.match(/plate/);
  });

  it('when an area polygon is self-intersecting, then the database refuses it', async () => {
    expect(await refused(db, `insert into areas (name, kind, geom) values ('bow', 'custom', ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326)))`)).to.match(/areas_geom_check|check/);
  });

  it('when the schema is read, then every geometry column has a GiST index and observed_at a time index', async () => {
    const r = await db.knex.raw(`
      select c.relname as tbl, a.attname as col
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and a.atttypid = 'geometry'::regtype and not a.attisdropped`);
    for (const { tbl, col } of r.rows) {
      const idx = await db.knex.raw(`select indexdef from pg_indexes where tablename = ? and indexdef ilike ? and indexdef ilike ?`, [tbl, '%using gist%', `%(${col})%`]);
      expect(idx.rows, `${tbl}.${col}`).to.have.length.above(0);
    }
    const t = await db.knex.raw(`select 1 from pg_indexes where tablename = 'sightings' and indexdef ilike '%(observed_at)%'`);
    expect(t.rows).to.have.length(1);
  });
});
