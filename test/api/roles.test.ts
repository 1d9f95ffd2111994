import { expect } from 'chai';
import supertest from 'supertest';
import { ROLES, type Role } from '../../server/lists.js';
import { testApp, signIn, makeUser, privateBox, type TestApp, type Session } from '../support/app.js';
import { addHotel } from '../support/records.js';
import { ALL, EVERYONE, ONLY, type Ctx, type Entry } from './roles/entry.js';
import { PEOPLE_ROUTES } from './roles/people.js';
import { EPISODE_ROUTES } from './roles/episodes.js';
import { JOURNEY_ROUTES } from './roles/journeys.js';

/**
 * The role matrix of DESIGN.md, route by route. Every route the app declares must
 * be in this table (the first test fails otherwise), so a new endpoint cannot ship
 * without deciding who may call it.
 */

const sightingBody = (c: Ctx) => ({
  observedAt: '2026-02-01T22:00:00Z',
  ...c.box.at(),
  category: 'young_person_collected',
  sourceAgency: 'police',
  sourceEval: 1,
  intelAssessment: 'A',
  handlingCode: 'P',
  premisesId: c.premisesId,
  narrative: 'restricted narrative (synthetic)',
  subjectRefs: ['SYN-SUBJ-1'],
});

async function newSighting(c: Ctx): Promise<string> {
  const r = await c.analyst.agent.post('/api/sightings').set('X-CSRF-Token', c.analyst.csrf).send(sightingBody(c)).expect(201);
  return r.body.id;
}

function noRestrictedFields(role: Role, feature: any) {
  if (role === 'licensing') {
    expect(feature.properties.narrative ?? null, 'narrative leaks to licensing').to.equal(null);
    expect(feature.properties.subjectRefs ?? [], 'subjectRefs leak to licensing').to.deep.equal([]);
    expect(feature.properties, 'subjects leak to licensing').to.not.have.property('subjects');
    expect(feature.properties.handlingCode).to.equal('P');
  }
}

const TABLE: Record<string, Entry> = {
  ...PEOPLE_ROUTES,
  ...EPISODE_ROUTES,
  ...JOURNEY_ROUTES,
  'POST /api/auth/login': { allow: EVERYONE(200), req: async (c) => {
    const u = await makeUser(c.t.db, c.role);
    return { url: '/api/auth/login', body: { username: u.username, password: u.password }, session: { agent: supertest.agent(c.t.app), csrf: '', user: u } };
  } },
  'POST /api/auth/logout': { allow: EVERYONE(204), req: async (c) => ({ url: '/api/auth/logout', session: await signIn(c.t, c.role) }) },
  'GET /api/auth/me': { allow: EVERYONE(200), req: () => ({ url: '/api/auth/me' }) },
  'PUT /api/auth/purpose': { allow: EVERYONE(200), req: () => ({ url: '/api/auth/purpose', body: { purpose: 'Role matrix test' } }) },

  'GET /api/sightings': {
    allow: ONLY(['analyst', 'licensing', 'admin'], 200),
    req: async (c) => { await newSighting(c); return { url: `/api/sightings?bbox=${c.box.bbox}` }; },
    check: (role, body) => { expect(body.features.length).to.be.above(0); body.features.forEach((f: any) => noRestrictedFields(role, f)); },
  },
  'GET /api/sightings/:id': {
    allow: ONLY(['analyst', 'licensing', 'admin'], 200),
    req: async (c) => ({ url: `/api/sightings/${await newSighting(c)}` }),
    check: (role, body) => {
      noRestrictedFields(role, body);
      if (role !== 'licensing') expect(body.properties.narrative).to.equal('restricted narrative (synthetic)');
    },
  },
  'POST /api/sightings': { allow: ONLY(['analyst', 'admin'], 201), req: (c) => ({ url: '/api/sightings', body: sightingBody(c) }) },
  'PATCH /api/sightings/:id': { allow: ONLY(['analyst', 'admin'], 200), req: async (c) => ({ url: `/api/sightings/${await newSighting(c)}`, body: { category: 'other' } }) },
  'DELETE /api/sightings/:id': { allow: ONLY(['analyst', 'admin'], 204), req: async (c) => ({ url: `/api/sightings/${await newSighting(c)}`, body: { reason: 'role matrix test' } }) },
  'GET /api/exports/sightings': {
    allow: ONLY(['analyst', 'licensing', 'admin'], 200),
    req: async (c) => { await newSighting(c); return { url: `/api/exports/sightings?format=geojson&bbox=${c.box.bbox}` }; },
    check: (role, body) => {
      expect(body.features.length).to.be.above(0);
      body.features.forEach((f: any) => noRestrictedFields(role, f));
      if (role === 'licensing') expect(JSON.stringify(body)).to.not.include('restricted narrative').and.not.include('SYN-SUBJ-1');
    },
  },

  'GET /api/audit': { allow: ONLY(['admin'], 200), req: () => ({ url: '/api/audit?limit=5' }) },
  'GET /api/audit/verify': { allow: ONLY(['admin'], 200), req: () => ({ url: '/api/audit/verify' }) },

  'GET /api/users': { allow: ONLY(['admin'], 200), req: () => ({ url: '/api/users' }), check: (_r, body) => expect(JSON.stringify(body)).to.not.include('argon2') },
  'POST /api/users': { allow: ONLY(['admin'], 201), req: () => ({ url: '/api/users', body: { username: `rm-${Math.random().toString(36).slice(2, 10)}`, displayName: 'Matrix (synthetic)', role: 'planner', password: 'a long enough password' } }) },
  'PATCH /api/users/:id': { allow: ONLY(['admin'], 200), req: async (c) => ({ url: `/api/users/${(await makeUser(c.t.db, 'planner')).id}`, body: { displayName: 'Renamed (synthetic)' } }) },
  'POST /api/users/:id/password': { allow: ONLY(['admin'], 204), req: async (c) => ({ url: `/api/users/${(await makeUser(c.t.db, 'planner')).id}/password`, body: { password: 'another long password' } }) },

  'GET /api/tokens': { allow: ALL(200), req: () => ({ url: '/api/tokens' }) },
  'POST /api/tokens': { allow: ALL(201), req: () => ({ url: '/api/tokens', body: { name: 'matrix', purpose: 'Role matrix test' } }) },
  'DELETE /api/tokens/:id': { allow: ALL(204), req: async (c) => {
    // Partners hold no tokens (they cannot make one): theirs is refused whatever the id.
    if (c.role === 'partner') return { url: '/api/tokens/00000000-0000-4000-8000-000000000000' };
    const r = await c.s.agent.post('/api/tokens').set('X-CSRF-Token', c.s.csrf).send({ name: 'to revoke', purpose: 'Role matrix test' }).expect(201);
    return { url: `/api/tokens/${r.body.id}` };
  } },

  'GET /api/review/due': { allow: ONLY(['admin'], 200), req: () => ({ url: '/api/review/due' }) },
  'POST /api/review/:type/:id': { allow: ONLY(['admin'], 200), req: async (c) => ({ url: `/api/review/sighting/${await newSighting(c)}`, body: { decision: 'retain', reviewDue: '2099-12-31', reason: 'Role matrix test' } }) },

  'GET /api/map/clusters': {
    allow: ALL(200),
    req: async (c) => { await newSighting(c); return { url: `/api/map/clusters?bbox=${c.box.bbox}&zoom=18` }; },
    check: (role, body) => { if (role === 'licensing' || role === 'planner') expect(body.features.every((f: any) => f.properties.cell && !f.properties.id)).to.equal(true); },
  },
  'GET /api/map/clusters/frames': {
    allow: ALL(200),
    req: async (c) => { await newSighting(c); return { url: `/api/map/clusters/frames?bbox=${c.box.bbox}&zoom=18&frames=2026-01-01/2026-01-31,2026-02-01/2026-02-28` }; },
    check: (role, body) => {
      expect(body.frames).to.have.length(2);
      if (role === 'licensing' || role === 'planner') expect(body.frames.every((fr: any) => fr.features.every((f: any) => f.properties.cell && !f.properties.id))).to.equal(true);
    },
  },
  'GET /api/map/basemap': { allow: ALL(200), req: () => ({ url: '/api/map/basemap' }) },
  'GET /api/basemap/style.json': { allow: ALL(200), req: () => ({ url: '/api/basemap/style.json' }) },
  'GET /api/basemap/tiles/:z/:x/:y.mvt': { allow: ALL(200), req: () => ({ url: '/api/basemap/tiles/14/8082/5300.mvt' }) },
  'GET /api/basemap/glyphs/:fontstack/:range.pbf': { allow: ALL(200), req: () => ({ url: '/api/basemap/glyphs/DejaVu%20Sans%20Book/0-255.pbf' }) },
  'GET /api/map/heat': { allow: ALL(200), req: (c) => ({ url: `/api/map/heat?bbox=${c.box.bbox}&zoom=15` }) },
  'GET /api/map/heat/frames': { allow: ALL(200), req: (c) => ({ url: `/api/map/heat/frames?bbox=${c.box.bbox}&zoom=15&frames=2026-01-01/2026-01-31` }) },
  'GET /api/map/timeline': { allow: ALL(200), req: (c) => ({ url: `/api/map/timeline?bbox=${c.box.bbox}` }) },
  'GET /api/map/choropleth': { allow: ALL(200), req: () => ({ url: '/api/map/choropleth?kind=ward&from=2026-01-01' }) },
  'POST /api/map/stats': { allow: ALL(200), req: (c) => ({ url: '/api/map/stats', body: { geometry: squareAround(c.box), from: '2026-01-01' } }) },
  'GET /api/areas': { allow: ALL(200), req: () => ({ url: '/api/areas?kind=hotspot' }) },
  'POST /api/areas': { allow: ONLY(['analyst', 'admin'], 201), req: (c) => ({ url: '/api/areas', body: { name: 'Matrix zone (synthetic)', kind: 'custom', geometry: squareAround(c.box) } }) },
  'GET /api/areas/:id/stats': { allow: ALL(200), req: async (c) => {
    const r = await c.analyst.agent.post('/api/areas').set('X-CSRF-Token', c.analyst.csrf).send({ name: 'Matrix stats zone (synthetic)', kind: 'custom', geometry: squareAround(c.box) }).expect(201);
    return { url: `/api/areas/${r.body.id}/stats` };
  } },
  'GET /api/reports/areas/:id': { allow: ALL(200), req: async (c) => {
    await newSighting(c);
    const r = await c.analyst.agent.post('/api/areas').set('X-CSRF-Token', c.analyst.csrf).send({ name: 'Matrix report zone (synthetic)', kind: 'custom', geometry: squareAround(c.box) }).expect(201);
    return { url: `/api/reports/areas/${r.body.id}?from=2026-01-01&to=2026-03-31` };
  }, check: (role, body) => {
    expect(body.marking).to.equal('OFFICIAL-SENSITIVE');
    if (role === 'planner' || role === 'licensing') expect(body.headline.current).to.not.be.oneOf([1, 2, 3, 4]);
  } },
  'POST /api/reports/polygon': { allow: ALL(200), req: async (c) => {
    await newSighting(c);
    return { url: '/api/reports/polygon', body: { geometry: squareAround(c.box), from: '2026-01-01', to: '2026-03-31', format: 'geojson' } };
  } },
  // Only the server's own print browser, with a one-use print ticket: a session alone is not enough.
  'GET /api/reports/print': { allow: ALL(401), req: () => ({ url: '/api/reports/print' }) },

  // Planners get areas and cells only (mayReadPremises).
  'GET /api/premises': { allow: ONLY(['analyst', 'licensing', 'admin'], 200), req: () => ({ url: '/api/premises?q=Matrix%20Hotel' }) },
  'GET /api/premises/:id': { allow: ONLY(['analyst', 'licensing', 'admin'], 200), req: (c) => ({ url: `/api/premises/${c.premisesId}` }) },
  // A profile's PDF is printed from these, by the server's own browser on a one-use print ticket: a session alone is not enough.
  'GET /api/premises/print': { allow: ALL(401), req: () => ({ url: '/api/premises/print' }) },
  'GET /api/vehicles/print': { allow: ALL(401), req: () => ({ url: '/api/vehicles/print' }) },
  'GET /api/premises/:id/profile': {
    allow: ONLY(['analyst', 'licensing', 'admin'], 200),
    req: async (c) => { await newSighting(c); return { url: `/api/premises/${c.premisesId}/profile?from=2026-01-01` }; },
    check: (role, body) => { expect(body.sightings.total).to.be.above(0); body.sightings.visible.forEach((s: any) => noRestrictedFields(role, { properties: s })); if (role === 'licensing') expect(JSON.stringify(body)).to.not.include('restricted narrative'); },
  },
  'POST /api/premises': { allow: ONLY(['analyst', 'admin'], 201), req: (c) => ({ url: '/api/premises', body: { name: 'Matrix Takeaway (synthetic)', category: 'takeaway', ...c.box.at() } }) },
  'PATCH /api/premises/:id': { allow: ONLY(['analyst', 'admin'], 200), req: (c) => ({ url: `/api/premises/${c.premisesId}`, body: { licenceStatus: 'active' } }) },
  'GET /api/vehicles': { allow: ONLY(['analyst', 'licensing', 'admin'], 200), req: () => ({ url: '/api/vehicles?plate=ZZ00MTX' }) },
  'GET /api/vehicles/:id': { allow: ONLY(['analyst', 'licensing', 'admin'], 200), req: async (c) => ({ url: `/api/vehicles/${await newVehicle(c)}` }) },
  'GET /api/vehicles/:id/profile': { allow: ONLY(['analyst', 'licensing', 'admin'], 200), req: async (c) => ({ url: `/api/vehicles/${await newVehicle(c)}/profile` }) },
  'POST /api/vehicles': { allow: ONLY(['analyst', 'admin'], 201), req: () => ({ url: '/api/vehicles', body: { plate: `ZZ${Math.floor(Math.random() * 1e6)}M` } }) },
  'PATCH /api/vehicles/:id': { allow: ONLY(['analyst', 'admin'], 200), req: async (c) => ({ url: `/api/vehicles/${await newVehicle(c)}`, body: { colour: 'Blue' } }) },
  'GET /api/intel': {
    allow: ONLY(['analyst', 'licensing', 'admin'], 200),
    req: async (c) => { await newIntel(c, 'C'); await newIntel(c, 'P'); return { url: `/api/intel?subjectType=premises&subjectId=${c.premisesId}` }; },
    check: (role, body) => { expect(body.items.length).to.be.above(0); if (role === 'licensing') body.items.forEach((i: any) => expect(i.handlingCode === 'P' && i.narrative === null).to.equal(true)); },
  },
  'GET /api/intel/:id': { allow: ONLY(['analyst', 'licensing', 'admin'], 200), req: async (c) => ({ url: `/api/intel/${await newIntel(c, 'P')}` }), check: (role, body) => { if (role === 'licensing') expect(body.narrative).to.equal(null); } },
  'POST /api/intel': { allow: ONLY(['analyst', 'licensing', 'admin'], 201), req: (c) => ({ url: '/api/intel', body: intelBody(c, 'P') }) },
  'DELETE /api/intel/:id': { allow: ONLY(['analyst', 'admin'], 204), req: async (c) => ({ url: `/api/intel/${await newIntel(c, 'P')}`, body: { reason: 'role matrix test' } }) },

  'POST /api/checks': {
    allow: ONLY(['analyst', 'licensing', 'admin'], 200),
    req: () => ({ url: '/api/checks', type: 'text/csv', body: 'plate\nZZ00MTX\n' }),
    check: (_role, body) => expect(body.rows[0].flags).to.deep.equal(['not_found']),
  },

  'POST /api/imports/:kind': { allow: ONLY(['admin'], 200), req: () => ({ url: '/api/imports/vehicles', type: 'text/csv', body: `plate\nZZ${Math.floor(Math.random() * 1e7)}` }) },
  'GET /api/imports': { allow: ONLY(['admin'], 200), req: () => ({ url: '/api/imports' }) },
  'GET /api/imports/:id': { allow: ONLY(['admin'], 200), req: async (c) => {
    const admin = await signIn(c.t, 'admin');
    const r = await admin.agent.post('/api/imports/vehicles').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send(`plate\nZZ${Math.floor(Math.random() * 1e7)}`).expect(200);
    return { url: `/api/imports/${r.body.id}` };
  } },
  'GET /api/imports/template/:kind': { allow: ONLY(['admin'], 200), req: () => ({ url: '/api/imports/template/vehicles' }) },

  'GET /api/hotspots': { allow: ALL(200), req: async (c) => ({ url: `/api/hotspots?bbox=${await manySightings(c)}&cellSize=100` }) },
  'GET /api/hotspots/emerging': { allow: ALL(200), req: async (c) => ({ url: `/api/hotspots/emerging?bbox=${await manySightings(c)}&cellSize=250` }) },
  'GET /api/hotspots/places': { allow: ALL(200), req: async (c) => ({ url: `/api/hotspots/places?bbox=${await manySightings(c)}` }) },
  'GET /api/hotspots/near-repeat': { allow: ONLY(['analyst', 'admin'], 200), req: async (c) => ({ url: `/api/hotspots/near-repeat?bbox=${await manySightings(c)}&simulations=19` }) },

  'GET /api/disruption/targets': { allow: ALL(200), req: () => ({ url: '/api/disruption/targets' }) },
  'POST /api/disruption/targets': { allow: ONLY(['analyst', 'admin'], 201), req: (c) => ({ url: '/api/disruption/targets', body: targetBody(c) }) },
  'GET /api/disruption/targets/:id': { allow: ALL(200), req: async (c) => ({ url: `/api/disruption/targets/${await newTarget(c)}` }) },
  'GET /api/disruption/targets/:id/evaluation': { allow: ALL(200), req: async (c) => ({ url: `/api/disruption/targets/${await newTarget(c)}/evaluation` }) },
  'POST /api/disruption/targets/:id/actions': { allow: ONLY(['analyst', 'admin'], 201), req: async (c) => ({ url: `/api/disruption/targets/${await newTarget(c)}/actions`, body: actionBody }) },
  'PATCH /api/disruption/actions/:id': { allow: ONLY(['analyst', 'licensing', 'admin'], 200), req: async (c) => ({ url: `/api/disruption/actions/${await newAction(c)}`, body: { status: 'in_progress' } }) },
  'POST /api/submissions': { allow: ONLY(['partner'], 201), req: () => ({ url: '/api/submissions', body: submissionBody() }), check: (_r, body) => expect(body.status).to.equal('received') },
  'GET /api/submissions': {
    allow: ONLY(['partner', 'analyst', 'admin'], 200),
    req: async (c) => { await newSubmission(c.partner); return { url: '/api/submissions' }; },
    // A partner sees none of another partner's reports; triage sees the queue.
    check: (role, body) => (role === 'partner' ? expect(body.items).to.deep.equal([]) : expect(body.items.length).to.be.above(0)),
  },
  'GET /api/submissions/waiting': { allow: ONLY(['analyst', 'admin'], 200), req: () => ({ url: '/api/submissions/waiting' }), check: (_r, body) => expect(body.waiting).to.be.a('number') },
  'GET /api/submissions/:id': {
    allow: ONLY(['partner', 'analyst', 'admin'], 200),
    req: async (c) => ({ url: `/api/submissions/${await newSubmission(c.role === 'partner' ? c.s : c.partner)}` }),
    check: (role, body) => { expect(body.reference).to.match(/^LNT-/); if (role === 'partner') expect(body).to.not.have.any.keys('agency', 'partnerUsername', 'context', 'sightingIds'); },
  },
  'POST /api/submissions/:id/decision': {
    allow: ONLY(['analyst', 'admin'], 200),
    req: async (c) => ({ url: `/api/submissions/${await newSubmission(c.partner)}/decision`, body: { outcome: 'no_action', message: 'Thank you (synthetic)', reason: 'Role matrix test' } }),
  },
  'GET /api/places': { allow: EVERYONE(200), req: () => ({ url: '/api/places?q=matrix%20hotel' }), check: (_r, body) => expect(body.type).to.equal('FeatureCollection') },

  'POST /api/disruption/actions/:id/log': { allow: ONLY(['analyst', 'licensing', 'admin'], 201), req: async (c) => ({ url: `/api/disruption/actions/${await newAction(c)}/log`, body: { outcome: 'Inspection done (synthetic)', status: 'done' } }) },
};

const submissionBody = () => ({
  categories: ['adult_loitering'],
  description: 'Role matrix report (synthetic)',
  observedAt: '2026-02-01T22:00:00Z',
  location: { lat: 53.5779, lon: -2.4295, precisionM: 30, method: 'map' },
});
async function newSubmission(partner: Session): Promise<string> {
  const r = await partner.agent.post('/api/submissions').set('X-CSRF-Token', partner.csrf).send(submissionBody()).expect(201);
  return r.body.id;
}

const intelBody = (c: Ctx, handlingCode: 'P' | 'C') => ({ subjectType: 'premises', subjectId: c.premisesId, sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode, summary: 'Matrix intel (synthetic)', narrative: 'restricted narrative (synthetic)' });
async function newIntel(c: Ctx, code: 'P' | 'C'): Promise<string> {
  const r = await c.analyst.agent.post('/api/intel').set('X-CSRF-Token', c.analyst.csrf).send(intelBody(c, code)).expect(201);
  return r.body.id;
}
async function newVehicle(c: Ctx): Promise<string> {
  const r = await c.analyst.agent.post('/api/vehicles').set('X-CSRF-Token', c.analyst.csrf).send({ plate: `ZZ${Math.floor(Math.random() * 1e7)}`, operatorId: c.premisesId }).expect(201);
  return r.body.id;
}


/** Forty test sightings (not synthetic demo rows, which the demo tests count) over 3 km round the box and the last twenty weeks, made once per run: enough cells of 250 m for the hot spot statistics. Returns their bbox. */
let spread: Promise<string> | undefined;
function manySightings(c: Ctx): Promise<string> {
  spread ??= (async () => {
    for (let i = 0; i < 40; i++) {
      const day = 86_400_000;
      const at = new Date(Date.now() - ((i * 37) % 140) * day - day).toISOString();
      await c.t.db.knex.raw(
        `insert into sightings (observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, premises_id, review_due)
         values (?, ST_SetSRID(ST_MakePoint(?, ?), 4326), 'adult_loitering', 'police', 2, 'B', 'P', ?, '2099-01-01')`,
        [at, c.box.lon - 0.014 + ((i * 7) % 40) * 0.0007, c.box.lat - 0.014 + ((i * 13) % 40) * 0.0007 * (i % 3 === 0 ? 0.2 : 1), i % 4 === 0 ? c.premisesId : null],
      );
    }
    const d = 0.015;
    return [c.box.lon - d, c.box.lat - d, c.box.lon + d, c.box.lat + d].map((v) => v.toFixed(6)).join(',');
  })();
  return spread;
}

const targetBody = (c: Ctx) => ({ name: 'Matrix target (synthetic)', kind: 'premises', premisesId: c.premisesId, radius: 150 });
const actionBody = { type: 'licensing_inspection', ownerAgency: 'licensing', dueDate: '2026-12-31' };
async function newTarget(c: Ctx): Promise<string> {
  const r = await c.analyst.agent.post('/api/disruption/targets').set('X-CSRF-Token', c.analyst.csrf).send(targetBody(c)).expect(201);
  return r.body.id;
}
async function newAction(c: Ctx): Promise<string> {
  const id = await newTarget(c);
  const r = await c.analyst.agent.post(`/api/disruption/targets/${id}/actions`).set('X-CSRF-Token', c.analyst.csrf).send(actionBody).expect(201);
  return r.body.id;
}

function squareAround(box: ReturnType<typeof privateBox>) {
  const d = 0.002;
  return { type: 'Polygon', coordinates: [[[box.lon - d, box.lat - d], [box.lon + d, box.lat - d], [box.lon + d, box.lat + d], [box.lon - d, box.lat + d], [box.lon - d, box.lat - d]]] };
}

describe('role matrix', () => {
  let t: TestApp;
  let analyst: Session;
  let partner: Session;
  let premisesId: string;
  const box = privateBox();
  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    partner = await signIn(t, 'partner');
    premisesId = await addHotel(t.db, 'Matrix Hotel (synthetic)', box);
  });

  it('when the app declares its routes, then every one of them is in the role table and no entry is stale', () => {
    const declared = (t.app.locals.apiRoutes as { method: string; path: string }[]).map((r) => `${r.method} ${r.path}`).sort();
    expect(declared).to.deep.equal(Object.keys(TABLE).sort());
  });

  for (const [route, entry] of Object.entries(TABLE)) {
    const [method, path] = route.split(' ') as [string, string];
    it(`when each role calls ${route}, then it gets ${ROLES.map((r) => `${r} ${entry.allow[r] ?? 403}`).join(', ')}`, async () => {
      for (const role of ROLES) {
        const s = await signIn(t, role);
        const req = await entry.req({ t, s, role, analyst, partner, box, premisesId });
        const who = req.session ?? s;
        let call = who.agent[method.toLowerCase() as 'get'](req.url);
        if (method !== 'GET') call = call.set('X-CSRF-Token', who.csrf);
        if (req.type) call = call.set('Content-Type', req.type);
        const res = req.body === undefined ? await call : await call.send(req.body as object);
        const want = entry.allow[role] ?? 403;
        expect(res.status, `${role} ${route}: ${JSON.stringify(res.body)}`).to.equal(want);
        if (want < 300 && entry.check) entry.check(role, res.body);
        if (want === 403) {
          const denied = await t.db.knex('audit_log').where({ user_id: s.user.id, action: 'denied' }).first();
          expect(denied, `${role} ${route} denial audited`).to.not.equal(undefined);
        }
      }
    });
  }

  it('when nobody is signed in, then every route but sign-in answers 401', async () => {
    for (const route of Object.keys(TABLE)) {
      if (route === 'POST /api/auth/login') continue;
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace(':type', 'sighting').replace(':id', '00000000-0000-4000-8000-000000000000');
      const res = await supertest(t.app)[method.toLowerCase() as 'get'](url);
      expect(res.status, route).to.equal(401);
    }
  });
});
