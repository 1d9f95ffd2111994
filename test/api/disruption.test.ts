import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

const tag = () => Math.random().toString(36).slice(2, 8);
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Metres per degree at the latitude of the private boxes (about 57° N). */
const M_LAT = 111_320;
const mLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

type Box = ReturnType<typeof privateBox>;

/** A point `m` metres from the box centre on a bearing (degrees, 0 = north). */
function at(box: Box, m: number, bearing: number): [number, number] {
  const b = (bearing * Math.PI) / 180;
  return [box.lon + (m * Math.sin(b)) / mLon(box.lat), box.lat + (m * Math.cos(b)) / M_LAT];
}

/** A closed ring of a square of half-side `m` metres round the box centre. */
function square(box: Box, m: number): number[][] {
  const dx = m / mLon(box.lat);
  const dy = m / M_LAT;
  const { lon, lat } = box;
  return [[lon - dx, lat - dy], [lon + dx, lat - dy], [lon + dx, lat + dy], [lon - dx, lat + dy], [lon - dx, lat - dy]];
}

/** A 24-gon of radius `m` metres round the box centre. */
function circle(box: Box, m: number): { type: 'Polygon'; coordinates: number[][][] } {
  const ring = Array.from({ length: 24 }, (_, k) => at(box, m, (k * 360) / 24));
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

interface Plant {
  /** Metres from the box centre. */
  m: number;
  before: number;
  after: number;
}

/**
 * Sightings at known distances from the box centre: `before` of them in the 12
 * weeks before `start`, `after` in the 12 weeks after, spread over bearings and days.
 */
async function plant(t: TestApp, box: Box, start: Date, p: Plant, extra: { vehicleId?: string } = {}): Promise<void> {
  const rows: [string, number, number, string | null][] = [];
  const add = (n: number, sign: -1 | 1) => {
    for (let i = 0; i < n; i++) {
      const [lon, lat] = at(box, p.m + (i % 3) * 5, (i * 137.5) % 360);
      // Days 1 … 80 either side of the start, well inside the 84-day windows.
      const when = new Date(start.getTime() + sign * (1 + ((i * 11) % 80)) * DAY + 3600_000);
      rows.push([when.toISOString(), lon, lat, extra.vehicleId ?? null]);
    }
  };
  add(p.before, -1);
  add(p.after, 1);
  for (const [when, lon, lat, vehicleId] of rows) {
    await t.db.knex.raw(
      `insert into sightings (observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, vehicle_id, review_due)
       values (?, ST_SetSRID(ST_MakePoint(?, ?), 4326), 'adult_loitering', 'police', 2, 'B', 'P', ?, '2099-01-01')`,
      [when, lon, lat, vehicleId],
    );
  }
}

const auditRows = async (t: TestApp, targetType: string, id: string) =>
  (await t.db.knex('audit_log').where('target_type', targetType).whereRaw('? = any(target_ids)', [id]).orderBy('id')) as { action: string; outcome: string; username: string; purpose: string | null }[];

const countRows = async (t: TestApp) => {
  const [r] = (
    await t.db.knex.raw(`select (select count(*) from disruption_targets)::int as targets, (select count(*) from disruption_actions)::int as actions,
      (select count(*) from disruption_action_logs)::int as logs`)
  ).rows;
  return r as { targets: number; actions: number; logs: number };
};

describe('disruption API', () => {
  let t: TestApp;
  let analyst: Session;
  let licensing: Session;
  let planner: Session;

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst', { purpose: 'Disruption planning test (synthetic)' });
    licensing = await signIn(t, 'licensing', { purpose: 'Inspection of a synthetic takeaway' });
    planner = await signIn(t, 'planner');
  });

  const post = (s: Session, url: string, body: unknown) => s.agent.post(url).set('X-CSRF-Token', s.csrf).send(body as object);

  /** A ward of 3 km by 3 km round a fresh private box: the target's comparison area. */
  async function wardBox(): Promise<{ box: Box; wardName: string; wardId: string }> {
    // A box whose ward overlaps no other: two random 3 km wards meet about once in ten runs,
    // and the target's comparison area would then be either of them.
    let box = privateBox();
    for (let i = 0; i < 50; i++) {
      const near = await t.db.knex.raw(
        `select count(*)::int as n from areas where kind = 'ward' and ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, 5000)`,
        [box.lon, box.lat],
      );
      if (near.rows[0].n === 0) break;
      box = privateBox();
    }
    const wardName = `Testmoor ${tag()} (synthetic ward)`;
    const r = await post(analyst, '/api/areas', { name: wardName, kind: 'ward', geometry: { type: 'Polygon', coordinates: [square(box, 1500)] } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return { box, wardName, wardId: r.body.id ?? r.body.properties?.id };
  }

  async function newPremises(box: Box): Promise<string> {
    const r = await post(analyst, '/api/premises', {
      name: `Testmoor Grill ${tag()} (synthetic)`,
      category: 'takeaway',
      address: `2 Fictional Row ${tag()} (synthetic)`,
      ...box.at(),
      licenceRef: `SYN-LIC-${tag()}`,
      licenceStatus: 'active',
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id;
  }

  async function newAction(s: Session, targetId: string, body: Record<string, unknown> = {}) {
    const r = await post(s, `/api/disruption/targets/${targetId}/actions`, { type: 'licensing_inspection', ownerAgency: 'licensing', dueDate: '2026-12-31', ...body });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body as { id: string; status: string; overdue: boolean };
  }

  describe('targets', () => {
    it('when an analyst draws a polygon, then it comes back as a MultiPolygon Feature and is audited', async () => {
      const { box } = await wardBox();
      const r = await post(analyst, '/api/disruption/targets', { name: 'Drawn test area (synthetic)', kind: 'polygon', geometry: circle(box, 120) });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.headers.location).to.equal(`/api/disruption/targets/${r.body.id}`);
      expect(r.body.type).to.equal('Feature');
      expect(r.body.geometry.type).to.equal('MultiPolygon');
      expect(r.body.properties).to.include({ kind: 'polygon', status: 'open', name: 'Drawn test area (synthetic)' });
      const audit = await auditRows(t, 'disruption_target', r.body.id);
      expect(audit.map((a) => a.action)).to.deep.equal(['create']);
      expect(audit[0]).to.include({ outcome: 'ok', username: analyst.user.username, purpose: 'Disruption planning test (synthetic)' });
    });

    it('when the target is a premises, then it is a buffer of the radius round it (area within 2 % of πr²)', async () => {
      const { box } = await wardBox();
      const premisesId = await newPremises(box);
      const r = await post(analyst, '/api/disruption/targets', { name: 'Premises test target (synthetic)', kind: 'premises', premisesId, radius: 150 });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body.properties).to.include({ kind: 'premises', premisesId, radiusM: 150 });
      const [a] = (await t.db.knex.raw('select ST_Area(geom::geography) as m2 from disruption_targets where id = ?', [r.body.id])).rows;
      expect(Number(a.m2)).to.be.closeTo(Math.PI * 150 * 150, Math.PI * 150 * 150 * 0.02);
    });

    it('when the target is a vehicle, then it is the hull of the 250 m cells of its sightings, and planners see no plate', async () => {
      const { box } = await wardBox();
      const plate = `ZZ${Math.floor(Math.random() * 1e6)}`;
      const v = await post(analyst, '/api/vehicles', { plate });
      expect(v.status, JSON.stringify(v.body)).to.equal(201);
      await plant(t, box, new Date(Date.now() - 20 * WEEK), { m: 600, before: 3, after: 0 }, { vehicleId: v.body.id });
      const r = await post(analyst, '/api/disruption/targets', { name: 'Vehicle test target (synthetic)', kind: 'vehicle', vehicleId: v.body.id });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body.properties.plate).to.equal(v.body.plate);
      const [a] = (await t.db.knex.raw('select ST_Area(ST_Transform(geom, 27700)) as m2 from disruption_targets where id = ?', [r.body.id])).rows;
      // At least one whole 250 m cell, and whole cells only: the hull's corners are cell corners.
      expect(Number(a.m2)).to.be.at.least(250 * 250 - 1);
      const seen = await planner.agent.get(`/api/disruption/targets/${r.body.id}`).expect(200);
      expect(seen.body.properties).to.include({ view: 'area', plate: null, vehicleId: null, createdBy: null });
    });

    it('when the target is made from hot spot cells that share edges, then their union is the shape', async () => {
      const { box } = await wardBox();
      const d = 0.002;
      const { lon, lat } = box;
      const cell = (x: number) => [[[x, lat], [x + d, lat], [x + d, lat + d], [x, lat + d], [x, lat]]];
      const geometry = { type: 'MultiPolygon', coordinates: [cell(lon), cell(lon + d)] };
      const r = await post(analyst, '/api/disruption/targets', { name: 'Hot spot test target (synthetic)', kind: 'hotspot', geometry });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body.geometry.coordinates).to.have.length(1);
      const [a] = (await t.db.knex.raw('select ST_Area(geom) as deg2 from disruption_targets where id = ?', [r.body.id])).rows;
      expect(Number(a.deg2)).to.be.closeTo(2 * d * d, 1e-9);
    });

    it('when fields are missing, contradictory or unknown, then a problem document names each and nothing is written', async () => {
      const before = await countRows(t);
      const r = await post(analyst, '/api/disruption/targets', { name: '', kind: 'premises', radius: 5, vehicleId: 'nope', colour: 'red' });
      expect(r.status).to.equal(400);
      expect(r.headers['content-type']).to.match(/application\/problem\+json/);
      const paths = r.body.errors.map((e: { path: string }) => e.path);
      expect(paths).to.include.members(['name', 'radius', 'vehicleId']);
      expect(r.body.errors.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`).join('; ')).to.match(/colour/);
      const kind = await post(analyst, '/api/disruption/targets', { name: 'x', kind: 'street' });
      expect(kind.status).to.equal(400);
      expect(kind.body.errors.map((e: { path: string }) => e.path)).to.include('kind');
      const drawn = await post(analyst, '/api/disruption/targets', { name: 'x', kind: 'polygon' });
      expect(drawn.status).to.equal(400);
      expect(drawn.body.errors[0]).to.include({ path: 'geometry' });
      expect(await countRows(t)).to.deep.equal(before);
    });

    it('when a named premises or control area does not exist, then 422 names each and nothing is written', async () => {
      const before = await countRows(t);
      const missing = '00000000-0000-4000-8000-000000000000';
      const r = await post(analyst, '/api/disruption/targets', { name: 'x', kind: 'premises', premisesId: missing, controlAreaId: missing });
      expect(r.status).to.equal(422);
      expect(r.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['controlAreaId', 'premisesId']);
      expect(await countRows(t)).to.deep.equal(before);
    });

    it('when a planner or licensing officer tries to create a target, then 403 and nothing is written', async () => {
      const { box } = await wardBox();
      const before = await countRows(t);
      for (const s of [planner, licensing]) {
        const r = await post(s, '/api/disruption/targets', { name: 'x (synthetic)', kind: 'polygon', geometry: circle(box, 100) });
        expect(r.status).to.equal(403);
      }
      expect(await countRows(t)).to.deep.equal(before);
    });
  });

  describe('plans and logs', () => {
    it('when an action is added past its due date, then it is planned, overdue, and audited with its target', async () => {
      const { box } = await wardBox();
      const target = await post(analyst, '/api/disruption/targets', { name: 'Overdue plan (synthetic)', kind: 'polygon', geometry: circle(box, 100) });
      const a = await newAction(analyst, target.body.id, { type: 'patrol', ownerAgency: 'police', dueDate: '2020-01-01', notes: 'Two evening patrols (synthetic)' });
      expect(a).to.include({ status: 'planned', overdue: true });
      const audit = await auditRows(t, 'disruption_action', a.id);
      expect(audit.map((x) => x.action)).to.deep.equal(['create']);
      const got = await analyst.agent.get(`/api/disruption/targets/${target.body.id}`).expect(200);
      expect(got.body.properties.actions.map((x: { id: string }) => x.id)).to.deep.equal([a.id]);
    });

    it('when an action is malformed, then each field is named and nothing is written', async () => {
      const { box } = await wardBox();
      const target = await post(analyst, '/api/disruption/targets', { name: 'Bad action (synthetic)', kind: 'polygon', geometry: circle(box, 100) });
      const before = await countRows(t);
      const r = await post(analyst, `/api/disruption/targets/${target.body.id}/actions`, { type: 'raid', ownerAgency: 'army', dueDate: '31/12/2026' });
      expect(r.status).to.equal(400);
      expect(r.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['dueDate', 'ownerAgency', 'type']);
      expect(await countRows(t)).to.deep.equal(before);
    });

    it('when a licensing officer logs an inspection on a premises target, then the log is kept, the action is done and it is audited', async () => {
      const { box } = await wardBox();
      const premisesId = await newPremises(box);
      const target = await post(analyst, '/api/disruption/targets', { name: 'Inspected takeaway (synthetic)', kind: 'premises', premisesId });
      const a = await newAction(analyst, target.body.id);
      const seen = await licensing.agent.get(`/api/disruption/targets/${target.body.id}`).expect(200);
      expect(seen.body.properties.view).to.equal('full');
      const doneAt = new Date(Date.now() - 3600_000).toISOString();
      const r = await post(licensing, `/api/disruption/actions/${a.id}/log`, { doneAt, outcome: 'Inspected; staff trained in Makesafe signs (synthetic)', status: 'done' });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.include({ outcome: 'Inspected; staff trained in Makesafe signs (synthetic)', loggedBy: licensing.user.id });
      expect(new Date(r.body.doneAt).toISOString()).to.equal(doneAt);
      expect(r.body.action).to.include({ status: 'done', overdue: false });
      const after = await analyst.agent.get(`/api/disruption/targets/${target.body.id}`).expect(200);
      expect(after.body.properties.status).to.equal('completed');
      expect(after.body.properties.actions[0].logs).to.have.length(1);
      const audit = await auditRows(t, 'disruption_action_log', r.body.id);
      expect(audit).to.have.length(1);
      expect(audit[0]).to.include({ action: 'create', outcome: 'ok', username: licensing.user.username, purpose: 'Inspection of a synthetic takeaway' });
    });

    it("when a licensing officer logs on another agency's action, then 403 is audited as a denial; on an unseen target, 404", async () => {
      const { box } = await wardBox();
      const target = await post(analyst, '/api/disruption/targets', { name: 'Partnership area (synthetic)', kind: 'polygon', geometry: circle(box, 100) });
      const police = await newAction(analyst, target.body.id, { type: 'patrol', ownerAgency: 'police' });
      const hidden = await post(licensing, `/api/disruption/actions/${police.id}/log`, { outcome: 'Not mine (synthetic)' });
      // Before any licensing action exists the officer cannot see the target at all.
      expect(hidden.status).to.equal(404);
      const own = await newAction(analyst, target.body.id, { type: 'makesafe_training', ownerAgency: 'licensing' });
      const before = await countRows(t);
      const refused = await post(licensing, `/api/disruption/actions/${police.id}/log`, { outcome: 'Not mine (synthetic)' });
      expect(refused.status).to.equal(403);
      expect(refused.headers['content-type']).to.match(/application\/problem\+json/);
      expect(await countRows(t)).to.deep.equal(before);
      expect((await auditRows(t, 'disruption_action', police.id)).map((x) => x.action)).to.include('denied');
      const ok = await post(licensing, `/api/disruption/actions/${own.id}/log`, { outcome: 'Training given to 4 staff (synthetic)' });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
      expect(ok.body.action.status).to.equal('in_progress');
      const view = await licensing.agent.get(`/api/disruption/targets/${target.body.id}`).expect(200);
      expect(view.body.properties.view).to.equal('agency');
      const byId = new Map(view.body.properties.actions.map((x: { id: string }) => [x.id, x]));
      expect((byId.get(police.id) as { logs?: unknown }).logs).to.equal(undefined);
      expect((byId.get(own.id) as { logs: unknown[] }).logs).to.have.length(1);
    });

    it('when a log is in the future with no outcome, then both are named and nothing is written', async () => {
      const { box } = await wardBox();
      const target = await post(analyst, '/api/disruption/targets', { name: 'Future log (synthetic)', kind: 'polygon', geometry: circle(box, 100) });
      const a = await newAction(analyst, target.body.id);
      const before = await countRows(t);
      const r = await post(analyst, `/api/disruption/actions/${a.id}/log`, { doneAt: new Date(Date.now() + 2 * DAY).toISOString(), outcome: '  ' });
      expect(r.status).to.equal(400);
      expect(r.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['doneAt', 'outcome']);
      expect(r.body.errors.find((e: { path: string }) => e.path === 'doneAt').message).to.match(/future/);
      expect(await countRows(t)).to.deep.equal(before);
    });

    it('when a done action is cancelled, then 409 names the status and the allowed moves', async () => {
      const { box } = await wardBox();
      const target = await post(analyst, '/api/disruption/targets', { name: 'Status moves (synthetic)', kind: 'polygon', geometry: circle(box, 100) });
      const a = await newAction(analyst, target.body.id, { status: 'done' });
      const r = await analyst.agent.patch(`/api/disruption/actions/${a.id}`).set('X-CSRF-Token', analyst.csrf).send({ status: 'cancelled' });
      expect(r.status).to.equal(409);
      expect(r.body.errors[0].path).to.equal('status');
      expect(r.body.errors[0].message).to.match(/in_progress/);
    });
  });

  describe('evaluation', () => {
    /** A target of the kind in a ward of its own, a licensing inspection logged 30 weeks ago, and planted sightings. */
    async function evaluated(counts: { target: [number, number]; ring: [number, number]; control: [number, number] }) {
      const { box, wardName } = await wardBox();
      const premisesId = await newPremises(box);
      const target = await post(analyst, '/api/disruption/targets', { name: `Evaluated takeaway ${tag()} (synthetic)`, kind: 'premises', premisesId, radius: 100 });
      expect(target.status, JSON.stringify(target.body)).to.equal(201);
      const a = await newAction(analyst, target.body.id);
      const start = new Date(Date.now() - 30 * WEEK);
      const log = await post(analyst, `/api/disruption/actions/${a.id}/log`, { doneAt: start.toISOString(), outcome: 'Inspection (synthetic)', status: 'done' });
      expect(log.status, JSON.stringify(log.body)).to.equal(201);
      // Target: within 60 m of the premises; ring: 350–600 m from it (250–500 m of the 100 m buffer); control: beyond 600 m, inside the ward.
      await plant(t, box, start, { m: 40, before: counts.target[0], after: counts.target[1] });
      await plant(t, box, start, { m: 470, before: counts.ring[0], after: counts.ring[1] });
      await plant(t, box, start, { m: 1000, before: counts.control[0], after: counts.control[1] });
      return { id: target.body.id as string, wardName, start };
    }

    it('when sightings fell 40 → 10 in the target against 100 → 100 in the ward, then a fall of 75 % (95 % CI 47 % to 88 %) with no displacement', async () => {
      const e = await evaluated({ target: [40, 10], ring: [20, 20], control: [100, 100] });
      const r = await analyst.agent.get(`/api/disruption/targets/${e.id}/evaluation`).expect(200);
      expect(Object.keys(r.body)).to.include.members(['target', 'control', 'ring', 'windows', 'did', 'wdq', 'verdict']);
      expect(r.body.target).to.include({ before: 40, after: 10, changePct: -75 });
      expect(r.body.control).to.include({ before: 100, after: 100, changePct: 0, label: `the rest of ${e.wardName}`, chosen: false });
      expect(r.body.ring).to.include({ innerM: 250, outerM: 500, before: 20, after: 20 });
      expect(r.body.ring.geometry.type).to.match(/Polygon/);
      expect(r.body.control.geometry.type).to.match(/Polygon/);
      // RR = (10/40)/(100/100) = 0.25; SE = √(1/40 + 1/10 + 1/100 + 1/100) = 0.3808; 0.25·e^(∓1.96·0.3808) = 0.1185, 0.5273.
      expect(r.body.did).to.include({ estimate: -75, low: -88.1, high: -47.3, direction: 'fall', suppressed: false });
      expect(r.body.wdq).to.include({ value: 0, band: 'no_change', suppressed: false });
      expect(r.body.windows.before.weeks).to.equal(12);
      expect(r.body.windows.after).to.include({ weeks: 12, complete: true });
      expect(new Date(r.body.windows.start).getTime()).to.equal(e.start.getTime());
      expect(r.body.windows.weekly).to.have.length(24);
      const sum = (k: 'target' | 'control' | 'ring', after: boolean) =>
        r.body.windows.weekly.filter((w: { week: number }) => (w.week >= 0) === after).reduce((s: number, w: Record<string, number>) => s + w[k]!, 0);
      expect([sum('target', false), sum('target', true), sum('control', false), sum('ring', true)]).to.deep.equal([40, 10, 100, 20]);
      expect(r.body.verdict).to.include({ effect: 'fall', displacement: 'none' });
      expect(r.body.verdict.text).to.contain(`sightings fell 75 % in the target against no change in the rest of ${e.wardName}`);
      expect(r.body.verdict.text).to.contain('no sign of displacement into the surrounding 500 m');
      const audit = await auditRows(t, 'disruption_evaluation', e.id);
      expect(audit.map((x) => x.action)).to.deep.equal(['search']);
    });

    it('when the ring rose 10 → 40 as the target fell 40 → 10, then displacement with a WDQ of −1', async () => {
      const e = await evaluated({ target: [40, 10], ring: [10, 40], control: [100, 100] });
      const r = await analyst.agent.get(`/api/disruption/targets/${e.id}/evaluation`).expect(200);
      expect(r.body.did.direction).to.equal('fall');
      // Ring against control: RR = 4, low 4·e^(−1.96·0.3808) = 1.896.
      expect(r.body.ring.did).to.include({ estimate: 300, direction: 'rise' });
      // SM = 10/100 − 40/100 = −0.3, BDM = 40/100 − 10/100 = 0.3: WDQ −1; TNE = (40 − 10) − (40 − 10) = 0.
      expect(r.body.wdq).to.include({ value: -1, successMeasure: -0.3, bufferMeasure: 0.3, netEffect: 0, band: 'displacement' });
      expect(r.body.verdict).to.include({ effect: 'fall', displacement: 'displacement' });
      expect(r.body.verdict.text).to.match(/sign of displacement/);
    });

    it('when windows are chosen, then they are used, and a bad one is named', async () => {
      const e = await evaluated({ target: [40, 10], ring: [20, 20], control: [100, 100] });
      const r = await analyst.agent.get(`/api/disruption/targets/${e.id}/evaluation?before=4&after=4`).expect(200);
      expect(r.body.windows.before.weeks).to.equal(4);
      expect(r.body.windows.weekly).to.have.length(8);
      expect(r.body.target.before).to.be.below(40);
      const bad = await analyst.agent.get(`/api/disruption/targets/${e.id}/evaluation?before=0&after=weeks`);
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((x: { path: string }) => x.path).sort()).to.deep.equal(['after', 'before']);
    });

    it('when a planner asks, then counts under 5 are "<5" and the estimate that rests on them is withheld', async () => {
      const e = await evaluated({ target: [3, 1], ring: [20, 20], control: [100, 100] });
      const r = await planner.agent.get(`/api/disruption/targets/${e.id}/evaluation`).expect(200);
      expect(r.body.restricted).to.equal(true);
      expect(r.body.target).to.include({ before: '<5', after: '<5', changePct: null });
      expect(r.body.control).to.include({ before: 100, after: 100 });
      expect(r.body.did).to.include({ estimate: null, suppressed: true });
      expect(r.body.verdict.effect).to.equal('suppressed');
      expect(JSON.stringify(r.body.windows.weekly.map((w: { target: unknown }) => w.target))).not.to.match(/[1-4][,\]]/);
      const full = await analyst.agent.get(`/api/disruption/targets/${e.id}/evaluation`).expect(200);
      expect(full.body.target).to.include({ before: 3, after: 1 });
    });

    it('when no action has been logged, then the verdict says there is nothing to evaluate', async () => {
      const { box } = await wardBox();
      const target = await post(analyst, '/api/disruption/targets', { name: 'Not started (synthetic)', kind: 'polygon', geometry: circle(box, 100) });
      await newAction(analyst, target.body.id);
      const r = await analyst.agent.get(`/api/disruption/targets/${target.body.id}/evaluation`).expect(200);
      expect(r.body.windows).to.equal(null);
      expect(r.body.verdict.effect).to.equal('no_action');
    });
  });
});
