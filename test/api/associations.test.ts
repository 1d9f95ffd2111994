import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { privateBox, signIn, testApp, type Session, type TestApp } from '../support/app.js';

/** Throws unless the text is one well-formed XML element (tags nested and closed, entities known): enough to catch unescaped text. */
function wellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+);)/g)) {
    if (!m[2]) throw new Error(`stray ${m[0]} at ${m.index}: ${body.slice(m.index!, m.index! + 40)}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`</${m[2]}> closes nothing open at ${m.index}`);
    } else if (!m[4]) {
      if (stack.length === 0) roots++;
      stack.push(m[2]);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length || roots !== 1) throw new Error(`unclosed ${stack.join(', ')} or ${roots} root elements`);
}

const tag = () => Math.random().toString(36).slice(2, 8);

/** The edge between two node ids, whichever way round it is written. */
const edgeOf = (body: any, a: string, b: string) => body.edges.find((e: any) => (e.source === a && e.target === b) || (e.source === b && e.target === a));
const ids = (body: any) => body.nodes.map((n: any) => n.id).sort();

describe('associations API', () => {
  let t: TestApp;
  let analyst: Session;
  let licensing: Session;
  const box = privateBox();
  const k = tag();
  const names = {
    takeaway: `Fish & Chips "Assoc" ${k} (synthetic)`,
    hotel: `=HYPERLINK("x") Assoc Hotel ${k} (synthetic)`,
    home: `Assoc Children's Home ${k} (synthetic)`,
  };
  let P: string; // take-away
  let H: string; // hotel
  let CH: string; // children's home (sensitive)
  let V: string;
  let V2: string;
  let plateV: string;
  let S1: string;
  let S2: string;
  let refS1: string;
  const s: Record<string, string> = {};
  let E1: string;
  let J: string;
  let area: string;
  let placeNode: string;

  async function premises(name: string, category: string, at: { lon: number; lat: number }): Promise<string> {
    const r = await t.db.knex.raw(`insert into premises (name, category, geom, synthetic) values (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), true) returning id`, [name, category, at.lon, at.lat]);
    return r.rows[0].id;
  }
  async function subject(kind: string, ref: string): Promise<string> {
    const r = await t.db.knex.raw(`insert into subjects (kind, ref, description, display_name, synthetic, review_due) values (?, ?, 'Described (synthetic)', 'Secret Name (synthetic)', true, '2099-01-01') returning id`, [kind, ref]);
    return r.rows[0].id;
  }
  async function sighting(at: { lon: number; lat: number }, observedAt: string, extra: object = {}, subjects: [string, string][] = []): Promise<string> {
    const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({
      observedAt, ...at, category: 'young_person_with_older_adults', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    for (const [subjectId, role] of subjects) await t.db.knex('subject_links').insert({ subject_id: subjectId, role, sighting_id: r.body.id });
    return r.body.id;
  }
  const q = (rest: string) => `from=2005-01-01&to=2005-12-31&${rest}`;

  before(async function () {
    // Opening the shared embedded database (PostGIS, migrations) is slow on a busy machine.
    this.timeout(180_000);
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    licensing = await signIn(t, 'licensing');
    P = await premises(names.takeaway, 'takeaway', box.at(-0.002, 0));
    H = await premises(names.hotel, 'hotel', box.at(0.002, 0.002));
    CH = await premises(names.home, 'children_home', box.at(0.002, -0.002));
    plateV = `ZA${Math.floor(Math.random() * 1e7)}`;
    V = (await t.db.knex('vehicles').insert({ plate: plateV }).returning('id'))[0].id;
    V2 = (await t.db.knex('vehicles').insert({ plate: `ZB${Math.floor(Math.random() * 1e7)}` }).returning('id'))[0].id;
    refS1 = `SYN-AS1-${k}`;
    S1 = await subject('child_at_risk', refS1);
    S2 = await subject('person_of_interest', `SYN-AS2-${k}`);

    // S1 seen twice with V at the take-away.
    s.a = await sighting(box.at(-0.002, 0), '2005-03-01T20:00:00Z', { premisesId: P, vehicleId: V }, [[S1, 'seen_with']]);
    s.b = await sighting(box.at(-0.002, 0), '2005-03-08T21:30:00Z', { premisesId: P, vehicleId: V }, [[S1, 'victim']]);
    // S2 with V2 at the take-away, C-coded: never for licensing officers.
    s.c = await sighting(box.at(-0.002, 0), '2005-03-10T20:00:00Z', { premisesId: P, vehicleId: V2, handlingCode: 'C' }, [[S2, 'suspected_offender']]);
    // S1 at a street corner: a place.
    s.d = await sighting(box.at(0, 0.003), '2005-04-01T19:00:00Z', {}, [[S1, 'seen_with']]);
    // V2 at the children's home, P-coded.
    s.e = await sighting(box.at(0.002, -0.002), '2005-03-25T18:00:00Z', { premisesId: CH, vehicleId: V2 });
    // S1 missing from the children's home, returned by V2.
    E1 = (await t.db.knex.raw(
      `insert into episodes (subject_id, missing_from_premises_id, missing_from_geom, reported_missing_at, returned_by_vehicle_id, synthetic, review_due)
       values (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), '2005-03-20T22:00:00Z', ?, true, '2099-01-01') returning id`,
      [S1, CH, box.at(0.002, -0.002).lon, box.at(0.002, -0.002).lat, V2],
    )).rows[0].id;
    // V2 picks up at a street point and takes someone to the hotel: a journey links V2 and the hotel.
    s.f = await sighting(box.at(-0.003, 0.003), '2005-05-01T21:00:00Z', { vehicleId: V2 });
    s.g = await sighting(box.at(0.002, 0.002), '2005-05-01T21:20:00Z', { premisesId: H });
    const j = await analyst.agent.post('/api/journeys').set('X-CSRF-Token', analyst.csrf)
      .send({ title: 'Assoc journey (synthetic)', legs: [{ kind: 'picked_up', sightingId: s.f }, { kind: 'taken_to', sightingId: s.g }] });
    expect(j.status, JSON.stringify(j.body)).to.equal(201);
    J = j.body.id;
    area = (await t.db.knex.raw(
      `insert into areas (name, kind, geom) values (?, 'custom', ST_Multi(ST_MakeEnvelope(?, ?, ?, ?, 4326))) returning id`,
      [`Assoc area ${k} (synthetic)`, box.lon - 0.004, box.lat - 0.004, box.lon + 0.004, box.lat + 0.004],
    )).rows[0].id;
  });

  describe('a subject’s associations (analyst)', () => {
    let body: any;
    before(async () => {
      const r = await analyst.agent.get(`/api/associations?${q(`subject=${S1}`)}`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      body = r.body;
      placeNode = body.nodes.find((n: any) => n.type === 'place')?.id;
    });

    it('when a subject is seen with a vehicle at a premises twice, then each pair is an edge of count 2 with the latest date', () => {
      for (const [a, b] of [[`subject:${S1}`, `vehicle:${V}`], [`subject:${S1}`, `premises:${P}`], [`vehicle:${V}`, `premises:${P}`]] as const) {
        const e = edgeOf(body, a, b);
        expect(e, `${a}–${b}`).to.include({ count: 2 });
        expect(new Date(e.latest).toISOString()).to.equal('2005-03-08T21:30:00.000Z');
      }
    });

    it('when the neighbourhood is drawn, then it holds the subject, what it was seen with, its place and its episode’s premises and vehicle, labelled', () => {
      expect(ids(body)).to.deep.equal([`premises:${CH}`, `premises:${P}`, placeNode, `subject:${S1}`, `vehicle:${V}`, `vehicle:${V2}`].sort());
      const byId = Object.fromEntries(body.nodes.map((n: any) => [n.id, n]));
      expect(byId[`subject:${S1}`]).to.include({ type: 'subject', label: refS1 });
      expect(byId[`vehicle:${V}`]).to.include({ type: 'vehicle', label: plateV });
      expect(byId[`premises:${P}`]).to.include({ type: 'premises', label: names.takeaway });
      expect(byId[`premises:${CH}`].label).to.equal(names.home);
      expect(placeNode).to.match(/^place:\d+_\d+$/);
      expect(byId[placeNode].label).to.match(/[A-Z]{2} \d{3} \d{3}/);
    });

    it('when an episode links the child, the premises it went missing from and the returning vehicle, then those edges are there', () => {
      expect(edgeOf(body, `subject:${S1}`, `premises:${CH}`)).to.include({ count: 1 });
      expect(edgeOf(body, `subject:${S1}`, `vehicle:${V2}`)).to.include({ count: 1 });
      // The episode and V2's sighting at the home.
      expect(edgeOf(body, `premises:${CH}`, `vehicle:${V2}`)).to.include({ count: 2 });
      // Edges among the neighbours count occasions without the focus too: V2 was at the take-away with S2.
      expect(edgeOf(body, `premises:${P}`, `vehicle:${V2}`)).to.include({ count: 1 });
      expect(edgeOf(body, `subject:${S1}`, placeNode)).to.include({ count: 1 });
    });

    it('when the period is narrowed, then only what falls in it is counted', async () => {
      const r = await analyst.agent.get(`/api/associations?subject=${S1}&from=2005-03-05&to=2005-03-15`).expect(200);
      expect(ids(r.body)).to.deep.equal([`premises:${P}`, `subject:${S1}`, `vehicle:${V}`].sort());
      expect(edgeOf(r.body, `subject:${S1}`, `vehicle:${V}`)).to.include({ count: 1 });
      expect(edgeOf(r.body, `subject:${S1}`, `vehicle:${V2}`)).to.equal(undefined);
    });

    it('when a vehicle is the focus, then its journey links it to where it took someone', async () => {
      const r = await analyst.agent.get(`/api/associations?${q(`vehicle=${V2}`)}`).expect(200);
      expect(edgeOf(r.body, `vehicle:${V2}`, `premises:${H}`)).to.include({ count: 1 });
      expect(ids(r.body)).to.include.members([`subject:${S1}`, `subject:${S2}`, `premises:${CH}`, `premises:${P}`]);
    });

    it('when an area is the focus, then everything seen in it is a node', async () => {
      const r = await analyst.agent.get(`/api/associations?${q(`area=${area}`)}`).expect(200);
      expect(ids(r.body)).to.include.members([`subject:${S1}`, `subject:${S2}`, `vehicle:${V}`, `vehicle:${V2}`, `premises:${P}`, `premises:${H}`, `premises:${CH}`]);
    });

    it('when the focus is not exactly one, unknown or the period is reversed, then the parameters are named', async () => {
      const none = await analyst.agent.get('/api/associations').expect(400);
      expect(none.body.errors.map((e: any) => e.path)).to.deep.equal(['subject']);
      const two = await analyst.agent.get(`/api/associations?subject=${S1}&vehicle=${V}`).expect(400);
      expect(two.body.errors.map((e: any) => e.path)).to.deep.equal(['vehicle']);
      const back = await analyst.agent.get(`/api/associations?subject=${S1}&from=2005-05-01&to=2005-01-01`).expect(400);
      expect(back.body.errors.map((e: any) => e.path)).to.deep.equal(['to']);
      await analyst.agent.get('/api/associations?subject=00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('when read, then the look-up is audited with the purpose and the subjects shown', async () => {
      const rows = await t.db.knex('audit_log').where({ user_id: analyst.user.id, target_type: 'association' });
      const row = rows.find((x: any) => x.query?.focus === `subject:${S1}`);
      expect(row.purpose).to.equal('Automated test of Lantern');
      expect(row.target_ids).to.include(S1);
    });
  });

  describe('the sightings behind an edge', () => {
    it('when an edge is clicked, then its sightings, journeys and episodes are listed', async () => {
      const r = await analyst.agent.get(`/api/associations/edge?a=subject:${S1}&b=vehicle:${V}&${q('')}`).expect(200);
      expect(r.body.sightings.map((x: any) => x.id).sort()).to.deep.equal([s.a, s.b].sort());
      expect(r.body.sightings[0]).to.have.keys('id', 'observedAt', 'category');
      expect(r.body.journeys).to.deep.equal([]);
      const home = await analyst.agent.get(`/api/associations/edge?a=vehicle:${V2}&b=premises:${CH}&${q('')}`).expect(200);
      expect(home.body.sightings.map((x: any) => x.id)).to.deep.equal([s.e]);
      expect(home.body.episodes.map((x: any) => x.id)).to.deep.equal([E1]);
      const trip = await analyst.agent.get(`/api/associations/edge?a=vehicle:${V2}&b=premises:${H}`).expect(200);
      expect(trip.body.journeys.map((x: any) => x.id)).to.deep.equal([J]);
      const place = await analyst.agent.get(`/api/associations/edge?a=${placeNode}&b=subject:${S1}`).expect(200);
      expect(place.body.sightings.map((x: any) => x.id)).to.deep.equal([s.d]);
    });

    it('when a node id is malformed, then it is named', async () => {
      const r = await analyst.agent.get(`/api/associations/edge?a=person:${S1}&b=vehicle:${V}`).expect(400);
      expect(r.body.errors.map((e: any) => e.path)).to.deep.equal(['a']);
    });
  });

  describe('licensing officers', () => {
    it('when they look at a premises, then they see only premises and vehicles from P-coded sightings, and no subjects', async () => {
      const r = await licensing.agent.get(`/api/associations?${q(`premises=${P}`)}`).expect(200);
      expect(ids(r.body)).to.deep.equal([`premises:${P}`, `vehicle:${V}`].sort());
      expect(edgeOf(r.body, `premises:${P}`, `vehicle:${V}`)).to.include({ count: 2 });
      expect(JSON.stringify(r.body)).to.not.include('SYN-AS').and.not.include('Secret Name');
    });

    it('when they look at a vehicle seen at a children’s home, then the home is neither a node nor named', async () => {
      const r = await licensing.agent.get(`/api/associations?${q(`vehicle=${V2}`)}`).expect(200);
      expect(r.body.nodes.every((n: any) => n.type === 'vehicle' || n.type === 'premises')).to.equal(true);
      expect(ids(r.body)).to.not.include(`premises:${CH}`).and.not.include(`premises:${H}`);
      expect(JSON.stringify(r.body)).to.not.include("Children's Home");
      await licensing.agent.get(`/api/associations?${q(`premises=${CH}`)}`).expect(404);
    });

    it('when they ask about a subject, an episode’s edge or an export, then they are refused', async () => {
      await licensing.agent.get(`/api/associations?subject=${S1}`).expect(403);
      await licensing.agent.get(`/api/associations/edge?a=subject:${S1}&b=vehicle:${V}`).expect(403);
      await licensing.agent.get(`/api/associations/export?format=i2&premises=${P}`).expect(403);
      const edge = await licensing.agent.get(`/api/associations/edge?a=premises:${P}&b=vehicle:${V}&${q('')}`).expect(200);
      expect(edge.body.sightings.map((x: any) => x.id).sort()).to.deep.equal([s.a, s.b].sort());
      expect(edge.body).to.deep.include({ journeys: [], episodes: [] });
      const home = await licensing.agent.get(`/api/associations/edge?a=vehicle:${V2}&b=premises:${CH}`).expect(404);
      expect(JSON.stringify(home.body)).to.not.include("Children's Home");
    });

    it('when planners ask, then they are refused', async () => {
      const planner = await signIn(t, 'planner');
      await planner.agent.get(`/api/associations?premises=${P}`).expect(403);
    });
  });

  describe('exports', () => {
    it('when exported for i2, then each edge is one row of two entities and a link, safe to open in a spreadsheet', async () => {
      const r = await analyst.agent.get(`/api/associations/export?format=i2&${q(`subject=${S1}`)}`).expect(200);
      expect(r.headers['content-type']).to.match(/^text\/csv/);
      expect(r.headers['content-disposition']).to.match(/^attachment; filename="?lantern-associations-[A-Za-z0-9-]+\.csv"?$/);
      const rows = parseCsv(r.text, { columns: true, bom: true }) as Record<string, string>[];
      const json = (await analyst.agent.get(`/api/associations?${q(`subject=${S1}`)}`).expect(200)).body;
      expect(rows).to.have.length(json.edges.length);
      const row = rows.find((x) => [x['Entity 1 Identity'], x['Entity 2 Identity']].sort().join() === [`subject:${S1}`, `vehicle:${V}`].sort().join())!;
      expect(row['Link Count']).to.equal('2');
      expect(row['Latest Date']).to.equal('2005-03-08');
      const types = [row['Entity 1 Type'], row['Entity 2 Type']].sort();
      expect(types).to.deep.equal(['Person', 'Vehicle']);
      expect([row['Entity 1 Label'], row['Entity 2 Label']]).to.include(refS1);
      expect(r.text).to.not.include('Secret Name');
      const hotel = await analyst.agent.get(`/api/associations/export?format=i2&${q(`premises=${H}`)}`).expect(200);
      const labels = (parseCsv(hotel.text, { columns: true }) as Record<string, string>[]).flatMap((x) => [x['Entity 1 Label'], x['Entity 2 Label']]);
      expect(labels).to.include(`'${names.hotel}`);
    });

    it('when exported as GraphML, then it is well-formed XML with typed, labelled nodes and counted edges', async () => {
      const r = await analyst.agent.get(`/api/associations/export?format=graphml&${q(`subject=${S1}`)}`).buffer(true).parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => cb(null, text));
      }).expect(200);
      const xml = r.body as string;
      expect(r.headers['content-type']).to.match(/graphml/);
      expect(r.headers['content-disposition']).to.match(/filename="?lantern-associations-[A-Za-z0-9-]+\.graphml"?$/);
      wellFormedXml(xml);
      expect(xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
      expect(xml).to.include('xmlns="http://graphml.graphdrawing.org/xmlns"');
      for (const key of ['type', 'label', 'count', 'latest']) expect(xml).to.match(new RegExp(`<key id="${key}" for="(node|edge)" attr.name="${key}"`));
      expect(xml).to.include(`<node id="subject:${S1}">`);
      expect(xml).to.include('Fish &amp; Chips &quot;Assoc&quot;');
      expect(xml.match(/<edge /g)).to.have.length((await analyst.agent.get(`/api/associations?${q(`subject=${S1}`)}`)).body.edges.length);
    });

    it('when exported, then the export is audited with its format and purpose', async () => {
      const rows = await t.db.knex('audit_log').where({ user_id: analyst.user.id, target_type: 'association', action: 'export' });
      expect(rows.map((x: any) => x.query.format).sort()).to.include.members(['graphml', 'i2']);
      expect(rows.every((x: any) => x.purpose === 'Automated test of Lantern')).to.equal(true);
    });
  });
});
