import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { COLUMNS } from '../../server/imports/columns.js';

/** Unknown columns, missing columns and the templates of the import kinds (issue 19). */
describe('imports API: columns and templates', () => {
  let t: TestApp;
  let admin: Session;
  const post = (path: string, body: string, type = 'text/csv') => admin.agent.post(path).set('X-CSRF-Token', admin.csrf).set('Content-Type', type).send(body);
  const countRefs = async (prefix: string) => Number((await t.db.knex('sightings').where('external_ref', 'like', `${prefix}-%`).count({ n: '*' }))[0]!.n);
  const newPrefix = (p: string) => `${p}${Math.random().toString(36).slice(2, 8)}`;

  before(async () => {
    t = await testApp();
    admin = await signIn(t, 'admin');
  });

  it('when a required column is misnamed (source_evaluation), then the whole file is refused once, naming both columns, and nothing is written', async () => {
    const box = privateBox();
    const prefix = newPrefix('COL');
    const rows = Array.from({ length: 20 }, (_, i) => `${prefix}-${i},2026-03-01 22:15,${box.lat.toFixed(6)},${box.lon.toFixed(6)},other,police,2,B,P,Synthetic row ${i}`);
    const csv = ['external_ref,observed_at,lat,lon,category,source_agency,Source Evaluation,intel_assessment,handling_code,narrative', ...rows].join('\n');
    for (const mode of ['lenient', 'strict']) {
      const r = await post(`/api/imports/sightings?mode=${mode}&fileName=misnamed-${prefix}.csv`, csv);
      expect(r.status, JSON.stringify(r.body)).to.equal(422);
      expect(r.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(r.body.detail).to.match(/no "source_eval"/).and.match(/"source_evaluation" \(did you mean "source_eval"\?\)/);
      expect(r.body.errors).to.deep.equal([
        { path: 'columns.source_eval', message: 'is required, and the file has no such column' },
        { path: 'columns.source_evaluation', message: 'is not a column Lantern reads for sightings: did you mean "source_eval"?' },
      ]);
      expect(JSON.stringify(r.body)).not.to.match(/rows\./);
    }
    expect(await countRefs(prefix)).to.equal(0);

    const refused = await t.db.knex('imports').where({ file_name: `misnamed-${prefix}.csv` }).orderBy('started_at', 'desc');
    expect(refused.map((x: { status: string; rows_read: number; inserted: number }) => [x.status, x.rows_read, x.inserted])).to.deep.equal([['rejected', 0, 0], ['rejected', 0, 0]]);
    expect(refused[0].warnings.map((w: { path: string }) => w.path)).to.deep.equal(['columns.source_eval', 'columns.source_evaluation']);
    const audit = await t.db.knex('audit_log').where({ action: 'import' }).whereRaw('? = any(target_ids)', [refused[0].id]).first();
    expect(audit.outcome).to.equal('rejected (columns)');
    expect(audit.query.columns).to.deep.equal(['source_eval', 'source_evaluation']);
  });

  it('when the header gives no location, then the file is refused naming the location columns', async () => {
    const r = await post('/api/imports/premises', 'name,category,latitude,longitude\nExample Cafe (synthetic),shop,53.58,-2.43\n');
    expect(r.status).to.equal(422);
    expect(r.body.errors).to.deep.equal([
      { path: 'columns.location', message: 'is required: lat and lon, easting and northing, or grid_ref' },
      { path: 'columns.latitude', message: 'is not a column Lantern reads for premises: did you mean "lat"?' },
      { path: 'columns.longitude', message: 'is not a column Lantern reads for premises: did you mean "lon"?' },
    ]);
  });

  it('when GeoJSON sightings lack a required property, then the file is refused the same way', async () => {
    const ref = newPrefix('GJC');
    const box = privateBox();
    const doc = {
      type: 'FeatureCollection',
      features: [1, 2].map((n) => ({
        type: 'Feature',
        properties: { external_ref: `${ref}-${n}`, observed_at: '2026-01-01T12:00:00Z', category: 'other', source_agency: 'police', grading: '1', intel_assessment: 'A', handling_code: 'P' },
        geometry: { type: 'Point', coordinates: [box.lon, box.lat] },
      })),
    };
    const r = await post('/api/imports/sightings', JSON.stringify(doc), 'application/geo+json');
    expect(r.status).to.equal(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['columns.source_eval', 'columns.grading']);
    expect(await countRefs(ref)).to.equal(0);
  });

  it('when a complete header has columns Lantern does not read, then the rows import and the report warns once per column', async () => {
    const box = privateBox();
    const prefix = newPrefix('XTR');
    const csv = [
      'external_ref,observed_at,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narative,weather',
      ...[1, 2, 3].map((i) => `${prefix}-${i},2026-03-01 22:15,${box.lat.toFixed(6)},${box.lon.toFixed(6)},other,police,2,B,P,Synthetic note ${i},dry`),
    ].join('\n');
    const r = await post('/api/imports/sightings?fileName=extra.csv', csv);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ status: 'done', inserted: 3, rejectedCount: 0 });
    const warnings = [
      { path: 'columns.narative', message: 'is not a column Lantern reads for sightings, so its values were not imported: did you mean "narrative"?' },
      { path: 'columns.weather', message: 'is not a column Lantern reads for sightings, so its values were not imported' },
    ];
    expect(r.body.warnings).to.deep.equal(warnings);
    expect((await admin.agent.get(`/api/imports/${r.body.id}`).expect(200)).body.warnings).to.deep.equal(warnings);
    const audit = await t.db.knex('audit_log').where({ action: 'import' }).whereRaw('? = any(target_ids)', [r.body.id]).first();
    expect(audit.query.unreadColumns).to.deep.equal(['narative', 'weather']);

    const clean = await post('/api/imports/vehicles', `plate,make\nZZ${Math.floor(Math.random() * 1e5)}WRN,Example\n`);
    expect(clean.body).to.include({ inserted: 1 });
    expect(clean.body.warnings).to.deep.equal([]);
  });

  it('when each template is downloaded and imported back, then its header is the column list and its one example row is inserted', async () => {
    // The example rows' own keys, removed first so that a reused database gives the same answer.
    await t.db.knex('sightings').where({ source_agency: 'police', external_ref: 'EXAMPLE-1' }).delete();
    await t.db.knex('premises').where({ external_ref: 'EXAMPLE-PREMISES-1' }).delete();
    await t.db.knex('vehicles').where({ plate: 'ZZ99EXA' }).delete();
    for (const kind of ['premises', 'vehicles', 'sightings'] as const) {
      const res = await admin.agent.get(`/api/imports/template/${kind}`).buffer(true).parse((r, cb) => {
        let s = '';
        r.on('data', (c: Buffer) => (s += c.toString('utf8')));
        r.on('end', () => cb(null, s));
      });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).to.equal(`attachment; filename=lantern-${kind}-template.csv`);
      const text = res.body as string;
      const lines = text.split('\r\n');
      expect(lines[0]).to.equal(COLUMNS[kind].columns.map((c) => c.name).join(','));
      expect(lines.slice(2)).to.deep.equal(['']);
      const back = await post(`/api/imports/${kind}?mode=strict`, text);
      expect(back.status, `${kind}: ${JSON.stringify(back.body)}`).to.equal(200);
      expect(back.body, kind).to.include({ rowsRead: 1, inserted: 1, rejectedCount: 0 });
      expect(back.body.warnings).to.deep.equal([]);
    }
    const row = await t.db.knex('sightings').where({ source_agency: 'police', external_ref: 'EXAMPLE-1' }).first();
    expect(row.narrative).to.match(/^Synthetic example row/);
  });

  it('when a template is asked for a kind without one, or by a non-admin, then 400 or 403', async () => {
    const r = await admin.agent.get('/api/imports/template/places');
    expect(r.status).to.equal(400);
    expect(r.body.errors[0]).to.deep.include({ path: 'kind' });
    const analyst = await signIn(t, 'analyst');
    await analyst.agent.get('/api/imports/template/sightings').expect(403);
  });
});
