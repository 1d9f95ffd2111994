import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

const HEADER = 'external_ref,observed_at,easting,northing,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narrative';

/** A sightings CSV of `n` good rows in a private box, with the given lines (1-based, header = 1) replaced. */
function sightingsCsv(box: ReturnType<typeof privateBox>, n: number, prefix: string, replace: Record<number, string> = {}): string {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const p = box.at((i % 50) * 0.0001 - 0.0025, Math.floor(i / 50) * 0.0001 - 0.002);
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`${prefix}-${i},2026-03-${day} 2${i % 4}:15,,,${p.lat.toFixed(6)},${p.lon.toFixed(6)},adult_loitering,police,2,B,P,"Synthetic import row ${i}, with a comma"`);
  }
  for (const [line, text] of Object.entries(replace)) lines[Number(line) - 1] = text;
  return lines.join('\n') + '\n';
}

describe('imports API', () => {
  let t: TestApp;
  let admin: Session;
  const post = (path: string, body: string, type = 'text/csv') => admin.agent.post(path).set('X-CSRF-Token', admin.csrf).set('Content-Type', type).send(body);
  /** Sightings whose external_ref came from this file: nothing written means none, whatever other tests put nearby. */
  const countRefs = async (prefix: string) => Number((await t.db.knex('sightings').where('external_ref', 'like', `${prefix}-%`).count({ n: '*' }))[0]!.n);
  const countIn = async (bbox: string) => {
    const [w, s, e, n] = bbox.split(',').map(Number) as [number, number, number, number];
    const r = await t.db.knex.raw('select count(*)::int as n from sightings where geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [w, s, e, n]);
    return r.rows[0].n as number;
  };
  /** A synthetic ward: a box 0.002° a side round the box's point. */
  const wardAround = async (box: ReturnType<typeof privateBox>, name: string): Promise<{ id: string }> => {
    const [ward] = await t.db.knex('areas')
      .insert({ name: `${name} (synthetic)`, kind: 'ward', geom: t.db.knex.raw('ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(?, ?), 4326), 0.001))', [box.lon, box.lat]) })
      .returning('id');
    return ward;
  };

  before(async () => {
    t = await testApp();
    admin = await signIn(t, 'admin');
  });

  it('when 2,000 rows hold five bad ones, then 1,995 land and the five are named by line; again, all are duplicates', async () => {
    const box = privateBox();
    const prefix = `IMP${Math.random().toString(36).slice(2, 8)}`;
    const p = box.at();
    const csv = sightingsCsv(box, 2000, prefix, {
      11: `${prefix}-bad1,not-a-date,,,${p.lat},${p.lon},adult_loitering,police,2,B,P,x`,
      201: `${prefix}-bad2,2026-03-01 22:00,,,${p.lat},${p.lon},loitering,police,2,B,P,x`,
      802: `${prefix}-bad3,2026-03-01 22:00,,,95.5,${p.lon},adult_loitering,police,2,B,P,x`,
      1500: `${prefix}-bad4,2026-03-01 22:00,,,,,adult_loitering,police,2,B,P,x`,
      2001: `${prefix}-bad5,2026-03-01 22:00,,,${p.lat},${p.lon},adult_loitering,police,7,Z,Q,x`,
    });
    const r = await post('/api/imports/sightings?fileName=test.csv', csv);
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).to.equal(200);
    expect(r.body).to.include({ status: 'done', rowsRead: 2000, inserted: 1995, duplicates: 0, rejectedCount: 5 });
    expect(r.body.rejected.map((x: any) => x.row)).to.deep.equal([11, 201, 802, 1500, 2001]);
    const reasons = Object.fromEntries(r.body.rejected.map((x: any) => [x.row, x.errors.map((e: any) => e.path).sort()]));
    expect(reasons).to.deep.equal({ 11: ['observed_at'], 201: ['category'], 802: ['lat'], 1500: ['location'], 2001: ['handling_code', 'intel_assessment', 'source_eval'] });
    expect(await countIn(box.bbox)).to.equal(1995);

    const again = await post('/api/imports/sightings', csv);
    expect(again.body).to.include({ inserted: 0, duplicates: 1995, rejectedCount: 5 });
    expect(await countIn(box.bbox)).to.equal(1995);

    const row = await t.db.knex('imports').where({ id: r.body.id }).first();
    expect(row).to.include({ kind: 'sightings', file_name: 'test.csv', status: 'done', inserted: 1995 });
    expect(row.sha256).to.match(/^[0-9a-f]{64}$/);
    const audit = await t.db.knex('audit_log').where({ action: 'import' }).whereRaw('? = any(target_ids)', [r.body.id]).first();
    expect(audit.outcome).to.equal('ok');
    const status = await admin.agent.get(`/api/imports/${r.body.id}`).expect(200);
    expect(status.body.rejected).to.have.length(5);
  });

  it('when strict mode meets one bad row, then 422 names it and nothing is written', async () => {
    const box = privateBox();
    const prefix = `STR${Math.random().toString(36).slice(2, 8)}`;
    const csv = sightingsCsv(box, 30, prefix, { 17: `${prefix}-x,2026-03-01 22:00,,,${box.lat},${box.lon},adult_loitering,mi5,2,B,P,x` });
    const r = await post('/api/imports/sightings?mode=strict', csv);
    expect(r.status).to.equal(422);
    expect(r.body.errors).to.deep.equal([{ path: 'rows.17.source_agency', message: 'unknown source agency "mi5"' }]);
    expect(await countRefs(prefix)).to.equal(0);
  });

  it('when onDuplicate=update, then a changed row is updated in place', async () => {
    const box = privateBox();
    const prefix = `UPD${Math.random().toString(36).slice(2, 8)}`;
    await post('/api/imports/sightings', sightingsCsv(box, 3, prefix)).expect(200);
    const changed = sightingsCsv(box, 3, prefix).replace(`${prefix}-1,2026-03-02 21:15`, `${prefix}-1,2026-03-02 23:45`);
    const r = await post('/api/imports/sightings?onDuplicate=update', changed);
    expect(r.body).to.include({ inserted: 0, updated: 3 });
    const row = await t.db.knex('sightings').where({ external_ref: `${prefix}-1` }).first();
    expect(row.observed_at.toISOString()).to.equal('2026-03-02T23:45:00.000Z');
  });

  it('when easting 371700 northing 409200 or grid ref SD 71700 09200 is imported, then it lands where GDAL puts it', async () => {
    const ref = `BNG${Math.random().toString(36).slice(2, 8)}`;
    const csv = ['external_ref,observed_at,easting,northing,grid_ref,category,source_agency,source_eval,intel_assessment,handling_code',
      `${ref}-a,2026-01-01T12:00:00Z,371700,409200,,other,police,1,A,P`,
      `${ref}-b,2026-01-01T12:00:00Z,,,SD 71700 09200,other,police,1,A,P`].join('\n');
    const r = await post('/api/imports/sightings', csv);
    expect(r.body.inserted).to.equal(2);
    const rows = await t.db.knex.raw('select ST_X(geom) as lon, ST_Y(geom) as lat from sightings where external_ref like ?', [`${ref}-%`]);
    for (const p of rows.rows) {
      // gdaltransform -s_srs EPSG:27700 -t_srs EPSG:4326 → -2.42889030251779 53.5786248735966
      expect(p.lon).to.be.closeTo(-2.4288903, 1e-6);
      expect(p.lat).to.be.closeTo(53.5786249, 1e-6);
    }
  });

  it('when a narrative has quotes, commas and line breaks, then it arrives whole, and line numbers still count from the file', async () => {
    const box = privateBox();
    const ref = `Q${Math.random().toString(36).slice(2, 8)}`;
    const csv = [HEADER,
      `${ref}-1,01/03/2026 22:15,,,${box.lat},${box.lon},other,police,2,B,P,"Said ""wait here"", then
left in a car (synthetic)"`,
      `${ref}-2,2026-03-01 22:15,,,${box.lat},${box.lon},nope,police,2,B,P,x`].join('\n');
    const r = await post('/api/imports/sightings', csv);
    expect(r.body.inserted).to.equal(1);
    expect(r.body.rejected[0].row).to.equal(4);
    const row = await t.db.knex('sightings').where({ external_ref: `${ref}-1` }).first();
    expect(row.narrative).to.equal('Said "wait here", then\nleft in a car (synthetic)');
    expect(row.observed_at.toISOString()).to.equal('2026-03-01T22:15:00.000Z');
  });

  it('when text holds tabs, backslashes, quotes, commas and line breaks, then COPY carries narrative and subject refs whole', async () => {
    const box = privateBox();
    const ref = `CPY${Math.random().toString(36).slice(2, 8)}`;
    const narrative = 'Tab\there, a backslash \\ and \\N, "quoted", commas, {braces}\r\nand a second line (synthetic)';
    const csv = [`${HEADER},subject_refs`,
      `${ref}-1,2026-03-01 22:15,,,${box.lat},${box.lon},other,police,2,B,P,"${narrative.replace(/"/g, '""')}","O""Neil, J; back\\slash|{x}"`,
      `${ref}-2,2026-03-01 22:15,,,${box.lat},${box.lon},other,police,2,B,P,\\N,`].join('\n');
    const r = await post('/api/imports/sightings', csv);
    expect(r.body, JSON.stringify(r.body)).to.include({ inserted: 2, rejectedCount: 0 });
    const one = await t.db.knex('sightings').where({ external_ref: `${ref}-1` }).first();
    expect(one.narrative).to.equal(narrative);
    // References arrive whole as subjects linked to the sighting (seen with).
    const refsOf = async (id: string) => (await t.db.knex('subject_links as l').join('subjects as su', 'su.id', 'l.subject_id').where('l.sighting_id', id).select('su.ref', 'l.role'));
    expect(await refsOf(one.id)).to.have.deep.members([
      { ref: 'O"Neil, J', role: 'seen_with' }, { ref: 'back\\slash', role: 'seen_with' }, { ref: '{x}', role: 'seen_with' },
    ]);
    const two = await t.db.knex('sightings').where({ external_ref: `${ref}-2` }).first();
    expect(two.narrative, 'the text \\N is text, not null').to.equal('\\N');
    expect(await refsOf(two.id)).to.deep.equal([]);
  });

  it('when a file repeats an external ref, then the first stands and the rest are duplicates; with onDuplicate=update the last one wins', async () => {
    const box = privateBox();
    const prefix = `REP${Math.random().toString(36).slice(2, 8)}`;
    const row = (ref: string, narrative: string) => `${prefix}-${ref},2026-03-01 22:15,,,${box.lat},${box.lon},other,police,2,B,P,${narrative}`;
    const skip = await post('/api/imports/sightings', [HEADER, row('a', 'first'), row('b', 'only'), row('a', 'second'), row('a', 'third')].join('\n'));
    expect(skip.body).to.include({ inserted: 2, updated: 0, duplicates: 2 });
    expect((await t.db.knex('sightings').where({ external_ref: `${prefix}-a` }))[0].narrative).to.equal('first');

    const upd = await post('/api/imports/sightings?onDuplicate=update', [HEADER, row('c', 'first'), row('c', 'last'), row('a', 'again'), row('a', 'latest')].join('\n'));
    expect(upd.body).to.include({ inserted: 1, updated: 1, duplicates: 2 });
    const c = await t.db.knex('sightings').where({ external_ref: `${prefix}-c` });
    expect(c.map((x: { narrative: string }) => x.narrative)).to.deep.equal(['last']);
    const a = await t.db.knex('sightings').where({ external_ref: `${prefix}-a` });
    expect(a.map((x: { narrative: string }) => x.narrative)).to.deep.equal(['latest']);
    expect(await countRefs(prefix)).to.equal(3);
  });

  it('when a file repeats rows with subject references, then skipped rows link nothing and onDuplicate=update replaces the links', async () => {
    const box = privateBox();
    const prefix = `SUBJ${Math.random().toString(36).slice(2, 8)}`;
    const row = (ref: string, refs: string) => `${prefix}-${ref},2026-03-01 22:15,,,${box.lat},${box.lon},other,police,2,B,P,x,${refs}`;
    const refsOf = async (ref: string) =>
      (await t.db.knex('subject_links as l').join('subjects as su', 'su.id', 'l.subject_id').join('sightings as s', 's.id', 'l.sighting_id')
        .where('s.external_ref', `${prefix}-${ref}`).select('su.ref', 'su.kind', 'l.role')).map((r: { ref: string; kind: string; role: string }) => `${r.ref} ${r.kind} ${r.role}`).sort();
    const first = await post('/api/imports/sightings', [`${HEADER},subject_refs`, row('a', `${prefix}-P1;${prefix}-P2`), row('b', `${prefix}-P2`)].join('\n'));
    expect(first.body).to.include({ inserted: 2 });
    expect(await refsOf('a')).to.deep.equal([`${prefix}-P1 unknown_adult seen_with`, `${prefix}-P2 unknown_adult seen_with`]);
    expect(await refsOf('b')).to.deep.equal([`${prefix}-P2 unknown_adult seen_with`]);
    expect(Number((await t.db.knex('subjects').where('ref', 'like', `${prefix}-%`).count({ n: '*' }))[0]!.n), 'one subject per reference').to.equal(2);

    const skipped = await post('/api/imports/sightings', [`${HEADER},subject_refs`, row('a', `${prefix}-P9`)].join('\n'));
    expect(skipped.body).to.include({ inserted: 0, duplicates: 1 });
    expect(await refsOf('a')).to.have.length(2);
    expect(await t.db.knex('subjects').where({ ref: `${prefix}-P9` }).first(), 'no subject for a skipped row').to.equal(undefined);

    const updated = await post('/api/imports/sightings?onDuplicate=update', [`${HEADER},subject_refs`, row('a', `${prefix}-P3`), row('c', `${prefix}-P3`)].join('\n'));
    expect(updated.body).to.include({ inserted: 1, updated: 1 });
    expect(await refsOf('a')).to.deep.equal([`${prefix}-P3 unknown_adult seen_with`]);
    expect(await refsOf('c')).to.deep.equal([`${prefix}-P3 unknown_adult seen_with`]);
  });

  it('when a grid reference transforms to a place outside the operating area, then its line is rejected; in strict mode, 422 names it', async () => {
    const ref = `OUT${Math.random().toString(36).slice(2, 8)}`;
    // Easting 699000 northing 5000 is in the grid's range but east of Great Britain's box (lon 2.16).
    const csv = ['external_ref,observed_at,easting,northing,category,source_agency,source_eval,intel_assessment,handling_code',
      `${ref}-in,2026-01-01T12:00:00Z,371700,409200,other,police,1,A,P`,
      `${ref}-out,2026-01-01T12:00:00Z,699000,5000,other,police,1,A,P`,
      `${ref}-bad,2026-01-01T12:00:00Z,371700,409200,nope,police,1,A,P`].join('\n');
    const r = await post('/api/imports/sightings', csv);
    expect(r.body).to.include({ inserted: 1, rejectedCount: 2 });
    expect(r.body.rejected).to.deep.equal([
      { row: 3, errors: [{ path: 'easting', message: '(49.86980, 2.16186) is outside the operating area' }] },
      { row: 4, errors: [{ path: 'category', message: 'unknown category "nope"' }] },
    ]);
    const strict = await post('/api/imports/sightings?mode=strict', csv.replace(/OUT/g, 'STO').split('\n').slice(0, 3).join('\n'));
    expect(strict.status).to.equal(422);
    expect(strict.body.errors).to.deep.equal([{ path: 'rows.3.easting', message: '(49.86980, 2.16186) is outside the operating area' }]);
    expect(await countRefs(ref.replace('OUT', 'STO'))).to.equal(0);
  });

  it('when sightings come as GeoJSON points in British National Grid, then they are placed by PostGIS and numbered by feature', async () => {
    const ref = `GJ${Math.random().toString(36).slice(2, 8)}`;
    const feature = (n: string, coordinates: number[], category = 'other') => ({
      type: 'Feature',
      properties: { external_ref: `${ref}-${n}`, observed_at: '2026-01-01T12:00:00Z', category, source_agency: 'police', source_eval: 1, intel_assessment: 'A', handling_code: 'P' },
      geometry: { type: 'Point', coordinates },
    });
    const doc = { type: 'FeatureCollection', features: [feature('a', [371700, 409200]), feature('b', [371700, 409200], 'nope'), feature('c', [699000, 5000])] };
    const r = await post('/api/imports/sightings?srid=27700', JSON.stringify(doc), 'application/geo+json');
    expect(r.body, JSON.stringify(r.body)).to.include({ inserted: 1, rejectedCount: 2 });
    expect(r.body.rejected.map((x: { row: number; errors: { path: string }[] }) => [x.row, x.errors[0]!.path])).to.deep.equal([[2, 'category'], [3, 'easting']]);
    const p = (await t.db.knex.raw('select ST_X(geom) as lon, ST_Y(geom) as lat from sightings where external_ref = ?', [`${ref}-a`])).rows[0];
    expect(p.lon).to.be.closeTo(-2.4288903, 1e-6);
    expect(p.lat).to.be.closeTo(53.5786249, 1e-6);
  });

  it('when sightings are imported, then each gets its area and grid position as the insert triggers give them, and the triggers stay on', async () => {
    const box = privateBox();
    const prefix = `DRV${Math.random().toString(36).slice(2, 8)}`;
    const ward = await wardAround(box, `Import ward ${prefix}`);
    const far = box.at(0.003, 0.003);
    const r = await post('/api/imports/sightings', [HEADER,
      `${prefix}-in,2026-03-01 22:15,,,${box.lat},${box.lon},other,police,2,B,P,x`,
      `${prefix}-out,2026-03-01 22:15,,,${far.lat},${far.lon},other,police,2,B,P,x`].join('\n'));
    expect(r.body).to.include({ inserted: 2 });
    const rows = (await t.db.knex.raw(
      `select external_ref, area_id, bng_e - ST_X(ST_Transform(geom, 27700)) as de, bng_n - ST_Y(ST_Transform(geom, 27700)) as dn
       from sightings where external_ref like ? order by external_ref`, [`${prefix}-%`])).rows;
    expect(rows.map((x: { external_ref: string; area_id: string | null }) => [x.external_ref, x.area_id])).to.deep.equal([[`${prefix}-in`, ward.id], [`${prefix}-out`, null]]);
    for (const x of rows) expect([x.de, x.dn]).to.deep.equal([0, 0]);
    const triggers = (await t.db.knex.raw(
      "select tgname, tgenabled from pg_trigger where tgrelid = 'sightings'::regclass and tgname in ('sightings_area_ins', 'sightings_bng_ins') order by tgname")).rows;
    expect(triggers).to.deep.equal([{ tgname: 'sightings_area_ins', tgenabled: 'O' }, { tgname: 'sightings_bng_ins', tgenabled: 'O' }]);
  });

  // The import derives area and grid in its landing statement and asks the per-row triggers
  // to step aside with a setting local to its transaction (migration 021): any other writer,
  // and the same connection's next transaction, must still get them.
  it('when a transaction says it derives area and grid itself, then only its own inserts skip the triggers', async () => {
    const box = privateBox();
    const prefix = `DRH${Math.random().toString(36).slice(2, 8)}`;
    const ward = await wardAround(box, `Derive ward ${prefix}`);
    // Each in its own month: writers of the same month and place share aggregate rows, and the
    // second would wait for the first transaction's lock on them.
    const insert = (k: typeof t.db.knex, ref: string, at: string) => k.raw(
      `insert into sightings (observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, external_ref, review_due, bng_e, bng_n)
       values (?, ST_SetSRID(ST_MakePoint(?, ?), 4326), 'other', 'police', '2', 'B', 'P', ?, '2027-03-01', 1, 1)`,
      [at, box.lon, box.lat, `${prefix}-${ref}`]);
    await t.db.knex.transaction(async (trx) => {
      await trx.raw("select set_config('lantern.derived_here', 'on', true)");
      await insert(trx, 'here', '2026-03-01T22:00:00Z');
      // Another writer meanwhile (another connection where there is one; PGlite has one, and the next test covers it).
      if (t.db.kind === 'postgres') await insert(t.db.knex, 'other', '2025-06-01T22:00:00Z');
    });
    await insert(t.db.knex, 'after', '2024-09-01T22:00:00Z');
    const rows = (await t.db.knex.raw(
      `select external_ref as ref, area_id, bng_e = 1 and bng_n = 1 as as_given from sightings where external_ref like ? order by external_ref`, [`${prefix}-%`])).rows;
    const want = [{ ref: `${prefix}-after`, area_id: ward.id, as_given: false }, { ref: `${prefix}-here`, area_id: null, as_given: true }];
    if (t.db.kind === 'postgres') want.push({ ref: `${prefix}-other`, area_id: ward.id, as_given: false });
    expect(rows).to.deep.equal(want);
  });

  it('when the database fails mid-import, then none of the rows are kept', async () => {
    const box = privateBox();
    const prefix = `ATM${Math.random().toString(36).slice(2, 8)}`;
    // Fail inside the second chunk (rows are landed 20,000 at a time), after the first was written in the same transaction.
    await t.db.knex.raw(`create or replace function test_boom() returns trigger language plpgsql as $$
      begin if new.narrative = 'BOOM' then raise exception 'injected failure'; end if; return new; end $$`);
    await t.db.knex.raw('create trigger test_boom before insert on sightings for each row execute function test_boom()');
    try {
      const csv = sightingsCsv(box, 20_500, prefix, { 20_400: `${prefix}-boom,2026-03-01 22:00,,,${box.lat},${box.lon},other,police,2,B,P,BOOM` });
      const r = await post('/api/imports/sightings', csv);
      expect(r.status).to.equal(500);
    } finally {
      await t.db.knex.raw('drop trigger test_boom on sightings');
      await t.db.knex.raw('drop function test_boom()');
    }
    expect(await countRefs(prefix)).to.equal(0);
    const off = await t.db.knex.raw("select count(*)::int as n from pg_trigger where tgrelid = 'sightings'::regclass and tgenabled = 'D'");
    expect(off.rows[0].n, 'triggers switched off by the failed import').to.equal(0);
    const row = await t.db.knex('imports').orderBy('started_at', 'desc').first();
    expect(row.status).to.equal('failed');
    expect(row.inserted).to.equal(0);
  });

  it('when premises and vehicle registers are imported, then postcodes and plates are normalised and operators linked', async () => {
    const box = privateBox();
    const lic = `SYN-IMP-${Math.random().toString(36).slice(2, 8)}`;
    const premises = ['name,category,address,postcode,lat,lon,licence_ref,licence_status,external_ref',
      `Imported Cab Co (synthetic),Private hire operator,"1 Fictional Road, Testtown",bl11aa,${box.lat},${box.lon},${lic},active,${lic}`,
      `Bad Premises,casino,,BL1,${box.lat},${box.lon},,,`].join('\n');
    const p = await post('/api/imports/premises', premises);
    expect(p.body).to.include({ inserted: 1, rejectedCount: 1 });
    const stored = await t.db.knex('premises').where({ licence_ref: lic }).first();
    expect(stored).to.include({ postcode: 'BL1 1AA', category: 'private_hire_operator' });
    const plate = `ZZ${Math.floor(Math.random() * 1e5)}IM`;
    const vehicles = ['plate,licence_no,operator_ref,make,colour', `${plate.slice(0, 4).toLowerCase()} ${plate.slice(4)},PH-1,${lic.toLowerCase()},Fictional,Black`, `${plate},PH-1,,,`, `--,x,,,`, `ZZ1NOPE,,NO-SUCH-REF,,`].join('\n');
    const v = await post('/api/imports/vehicles', vehicles);
    expect(v.body).to.include({ inserted: 1, duplicates: 1, rejectedCount: 2 });
    const car = await t.db.knex('vehicles').where({ plate }).first();
    expect(car.operator_id).to.equal(stored.id);
  });

  it('when ward boundaries come in British National Grid, then they are stored in WGS84, bad ones rejected or repaired, and sightings re-derived', async () => {
    const box = privateBox();
    const s = await signIn(t, 'analyst');
    const created = await s.agent.post('/api/sightings').set('X-CSRF-Token', s.csrf).send({ observedAt: '2026-01-01T10:00:00Z', ...box.at(), category: 'other', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' });
    const en = (await t.db.knex.raw('select ST_X(p) as e, ST_Y(p) as n from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) x', [box.lon, box.lat])).rows[0];
    const sq = (e: number, n: number, d: number) => [[[e - d, n - d], [e + d, n - d], [e + d, n + d], [e - d, n + d], [e - d, n - d]]];
    const code = `E05${Math.floor(Math.random() * 1e6)}`;
    const doc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features: [
        { type: 'Feature', properties: { WD22CD: code, WD22NM: 'Imported Ward (synthetic)' }, geometry: { type: 'Polygon', coordinates: sq(en.e, en.n, 100) } },
        { type: 'Feature', properties: { name: 'Bow tie (synthetic)' }, geometry: { type: 'Polygon', coordinates: [[[en.e, en.n], [en.e + 10, en.n + 10], [en.e + 10, en.n], [en.e, en.n + 10], [en.e, en.n]]] } },
        { type: 'Feature', properties: { name: 'A line' }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } },
      ],
    };
    const r = await post('/api/imports/areas', JSON.stringify(doc), 'application/geo+json');
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ inserted: 1, rejectedCount: 2 });
    expect(r.body.rejected[0].errors[0].message).to.match(/Self-intersection/);
    const ward = await t.db.knex('areas').where({ code }).first();
    const after = await t.db.knex('sightings').where({ id: created.body.id }).first();
    expect(after.area_id).to.equal(ward.id);
    const repaired = await post('/api/imports/areas?repair=true&srid=27700', JSON.stringify({ ...doc, crs: undefined, features: [doc.features[1]] }), 'application/geo+json');
    expect(repaired.body).to.include({ inserted: 1, rejectedCount: 0 });
  });

  it('when the file type, kind or options are wrong, then 4xx problems name them and nothing is recorded', async () => {
    await post('/api/imports/sightings', 'x', 'text/plain').expect(415);
    const k = await post('/api/imports/people', 'a,b\n1,2');
    expect(k.status).to.equal(400);
    expect(k.body.errors[0].path).to.equal('kind');
    const o = await post('/api/imports/sightings?mode=yolo', 'a\n1');
    expect(o.body.errors[0].path).to.equal('mode');
    const empty = await post('/api/imports/sightings', '');
    expect(empty.status).to.equal(400);
    const analyst = await signIn(t, 'analyst');
    await analyst.agent.post('/api/imports/sightings').set('X-CSRF-Token', analyst.csrf).set('Content-Type', 'text/csv').send('a\n1').expect(403);
  });

  it('when a file is bigger than the async threshold, then 202 comes back and the import finishes in the background', async () => {
    const big = await testApp({ LANTERN_IMPORT_ASYNC_MB: '0' });
    const a = await signIn(big, 'admin');
    const box = privateBox();
    const r = await a.agent.post('/api/imports/sightings').set('X-CSRF-Token', a.csrf).set('Content-Type', 'text/csv').send(sightingsCsv(box, 50, `BG${Math.random().toString(36).slice(2, 8)}`));
    expect(r.status).to.equal(202);
    expect(r.headers.location).to.equal(`/api/imports/${r.body.id}`);
    let status = 'running';
    for (let i = 0; i < 100 && status === 'running'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      status = (await a.agent.get(`/api/imports/${r.body.id}`).expect(200)).body.status;
    }
    expect(status).to.equal('done');
    expect(await countIn(box.bbox)).to.equal(50);
  });
});
