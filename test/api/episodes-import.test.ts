import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import type { Db } from '../../server/db/index.js';
import { COLUMNS } from '../../server/imports/columns.js';
import { readEpisode } from '../../server/imports/episodes.js';

const HEADER = 'external_ref,subject_ref,missing_from_premises_ref,missing_from_lat,missing_from_lon,reported_missing_at,found_time,found_lat,found_lon,found_precision_m,returned_by_plate,returned_by_subject_ref,notes';

/** A synthetic subject of the kind, written straight to the table. */
async function addSubject(db: Db, kind = 'child_at_risk'): Promise<{ id: string; ref: string }> {
  const ref = `SYN-T-${kind === 'child_at_risk' ? 'CHILD' : 'POI'}-${randomBytes(4).toString('hex')}`;
  const r = await db.knex.raw(`insert into subjects (kind, ref, description, synthetic, review_due) values (?, ?, ?, true, '2032-01-01') returning id`, [kind, ref, 'Test subject (synthetic)']);
  return { id: r.rows[0].id as string, ref };
}

describe('episodes import', () => {
  let t: TestApp;
  let admin: Session;
  let analyst: Session;
  const post = (body: string, query = '') => admin.agent.post(`/api/imports/episodes${query}`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send(body);
  const tag = () => randomBytes(4).toString('hex').toUpperCase();
  const episodesOf = async (prefix: string) => t.db.knex('episodes').where('external_ref', 'like', `${prefix}-%`).orderBy('external_ref');
  const subjectByRef = async (ref: string) => t.db.knex('subjects').where({ ref }).first();

  before(async () => {
    t = await testApp();
    admin = await signIn(t, 'admin');
    analyst = await signIn(t, 'analyst');
  });

  it('when a CSV holds three episodes, then they land, a new child is created, a known one is linked, and the returning vehicle and person are found or made', async () => {
    const box = privateBox();
    const x = tag();
    const homeRef = `SYN-HOME-${x}`;
    await t.db.knex.raw(`insert into premises (name, category, geom, external_ref, synthetic) values ('Import Home (synthetic)', 'children_home', ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, true)`, [box.lon, box.lat, homeRef]);
    const plate = `ZY${x.slice(0, 6)}`;
    await t.db.knex.raw(`insert into vehicles (plate) values (?)`, [plate]);
    const known = await addSubject(t.db);
    const newChild = `SYN-IMP-CHILD-${x}`;
    const newAdult = `SYN-IMP-ADULT-${x}`;
    const f = box.at(0.002, 0.002);
    const p = box.at(-0.002, 0.001);
    const csv = [
      HEADER,
      `EP-${x}-1,${newChild},${homeRef},,,2026-03-01T20:00:00Z,2026-03-02T02:30:00Z,${f.lat},${f.lon},40,${plate.slice(0, 4)} ${plate.slice(4)},,"Return interview (synthetic), with a comma"`,
      `EP-${x}-2,${newChild.toLowerCase()},,${p.lat},${p.lon},2026-03-10 21:00,,,,,,${newAdult},`,
      `EP-${x}-3,${known.ref},${homeRef},,,01/04/2026 19:00,02/04/2026 07:00,,,,,,`,
    ].join('\n');
    const r = await post(csv, '?fileName=episodes.csv');
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ status: 'done', rowsRead: 3, inserted: 3, updated: 0, rejectedCount: 0 });

    const child = await subjectByRef(newChild);
    expect(child).to.include({ kind: 'child_at_risk' });
    const adult = await subjectByRef(newAdult);
    expect(adult).to.include({ kind: 'unknown_adult' });
    const rows = await episodesOf(`EP-${x}`);
    expect(rows.map((e) => e.subject_id)).to.deep.equal([child.id, child.id, known.id]);
    expect(rows[0].returned_by_vehicle_id).to.not.equal(null);
    expect(rows[0].found_precision_m).to.equal(40);
    expect(rows[1].returned_by_subject_id).to.equal(adult.id);

    const listed = (await analyst.agent.get(`/api/episodes?subject=${child.id}`).expect(200)).body.items;
    expect(listed).to.have.length(2);
    const fromHome = listed.find((e: any) => e.missingFrom.premisesId);
    expect(fromHome).to.deep.include({ durationHours: 6.5, returnedBy: { vehicleId: rows[0].returned_by_vehicle_id, plate } });
    expect(fromHome.missingFrom).to.include({ sensitive: true, premisesCategory: 'children_home' });
    expect(listed.find((e: any) => !e.missingFrom.premisesId).missingFrom.sensitive).to.equal(true);

    const subjectsCreated = await t.db.knex('audit_log').where({ user_id: admin.user.id, action: 'create', target_type: 'subject' }).orderBy('id', 'desc').first();
    expect(subjectsCreated.target_ids).to.have.members([child.id, adult.id]);

    // Again, with the notes changed: duplicates by default, updated on request.
    const changed = csv.replace('"Return interview (synthetic), with a comma"', 'Changed notes (synthetic)');
    const again = await post(changed);
    expect(again.body).to.include({ inserted: 0, updated: 0, duplicates: 3 });
    const updated = await post(changed, '?onDuplicate=update');
    expect(updated.body).to.include({ inserted: 0, updated: 3, duplicates: 0 });
    expect((await episodesOf(`EP-${x}`))[0].notes).to.equal('Changed notes (synthetic)');
    expect(Number((await t.db.knex('subjects').where({ ref: newChild }).count({ n: '*' }))[0]!.n)).to.equal(1);
  });

  it('when one row is bad, then the whole file is refused naming the row and field, and no episode or subject is written', async () => {
    const box = privateBox();
    const x = tag();
    const adult = await addSubject(t.db, 'person_of_interest');
    const newChild = `SYN-IMP-CHILD-${x}`;
    const p = box.at();
    const csv = [
      HEADER,
      `EP-${x}-1,${newChild},,${p.lat},${p.lon},2026-03-01T20:00:00Z,,,,,,,`,
      `EP-${x}-2,${newChild},,${p.lat},${p.lon},2026-03-05T20:00:00Z,2026-03-04T20:00:00Z,,,,,,`,
      `EP-${x}-3,${adult.ref},,${p.lat},${p.lon},2026-03-06T20:00:00Z,,,,,,,`,
      `EP-${x}-4,${newChild},NO-SUCH-PREMISES-${x},,,2026-03-07T20:00:00Z,,,,,ZZ99ZZZ,,`,
      `EP-${x}-5,${newChild},,,,2026-03-08T20:00:00Z,,${p.lat},,,,,`,
    ].join('\n');
    const r = await post(csv);
    expect(r.status, JSON.stringify(r.body)).to.equal(422);
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).to.include.members(['rows.3.found_time', 'rows.4.subject_ref', 'rows.5.missing_from_premises_ref', 'rows.5.returned_by_plate', 'rows.6.missing_from', 'rows.6.found_lon']);
    expect(paths.some((p: string) => p.startsWith('rows.2'))).to.equal(false);
    expect(await episodesOf(`EP-${x}`)).to.deep.equal([]);
    expect(await subjectByRef(newChild)).to.equal(undefined);
    const row = await t.db.knex('imports').where({ id: (await t.db.knex('imports').where({ kind: 'episodes' }).orderBy('started_at', 'desc').first()).id }).first();
    expect(row).to.include({ status: 'rejected', inserted: 0 });
  });

  it('when a row is read, then every column the reader asks for is in the imports page’s list, and every listed column is read', () => {
    const listed = COLUMNS.episodes.columns.map((c) => c.name);
    const asked = new Set<string>();
    const cells = new Proxy({} as Record<string, string | undefined>, { get: (_o, k) => (typeof k === 'string' && asked.add(k), undefined) });
    readEpisode(cells, 'Europe/London', t.config.operatingArea);
    expect([...asked].filter((k) => !listed.includes(k)), 'read but not listed').to.deep.equal([]);
    expect(listed.filter((k) => !asked.has(k)), 'listed but never read').to.deep.equal([]);
  });

  it('when the header lacks subject_ref, then the file is refused naming the column', async () => {
    const r = await post('external_ref,reported_missing_at,missing_from_lat,missing_from_lon\nX,2026-03-01T20:00:00Z,57,-4\n');
    expect(r.status).to.equal(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).to.include('columns.subject_ref');
  });

  it('when a licensing officer or planner imports episodes, then 403', async () => {
    for (const role of ['licensing', 'planner'] as const) {
      const s = await signIn(t, role);
      const r = await s.agent.post('/api/imports/episodes').set('X-CSRF-Token', s.csrf).set('Content-Type', 'text/csv').send(`${HEADER}\n`);
      expect(r.status).to.equal(403);
    }
  });
});
