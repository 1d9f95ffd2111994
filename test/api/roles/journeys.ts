import { expect } from 'chai';
import type { Role } from '../../../server/lists.js';
import { ONLY, type Ctx, type Entry } from './entry.js';

/** A P-coded sighting at the matrix hotel with a vehicle of its own and a synthetic subject seen with it; returns the ids. */
async function seenAtHotel(c: Ctx): Promise<{ sightingId: string; vehicleId: string; ref: string }> {
  const plate = `ZR${Math.floor(Math.random() * 1e7)}`;
  const vehicleId = (await c.t.db.knex('vehicles').insert({ plate }).returning('id'))[0].id as string;
  const r = await c.analyst.agent.post('/api/sightings').set('X-CSRF-Token', c.analyst.csrf).send({
    observedAt: '2026-02-01T22:00:00Z', ...c.box.at(), category: 'young_person_collected', sourceAgency: 'police',
    sourceEval: 1, intelAssessment: 'A', handlingCode: 'P', premisesId: c.premisesId, vehicleId,
  }).expect(201);
  const ref = `SYN-MATRIX-${Math.random().toString(36).slice(2, 8)}`;
  const subject = await c.t.db.knex.raw(
    `insert into subjects (kind, ref, description, display_name, synthetic, review_due) values ('child_at_risk', ?, 'Matrix subject (synthetic)', 'Matrix Name (synthetic)', true, '2099-01-01') returning id`,
    [ref],
  );
  await c.t.db.knex('subject_links').insert({ subject_id: subject.rows[0].id, role: 'seen_with', sighting_id: r.body.id });
  return { sightingId: r.body.id, vehicleId, ref };
}

async function newJourney(c: Ctx): Promise<string> {
  const { sightingId } = await seenAtHotel(c);
  const r = await c.analyst.agent.post('/api/journeys').set('X-CSRF-Token', c.analyst.csrf)
    .send({ title: 'Matrix journey (synthetic)', legs: [{ kind: 'picked_up', sightingId }] }).expect(201);
  return r.body.id;
}

/** Licensing officers see vehicles and premises, never a subject nor its name. */
function noSubjects(role: Role, body: any) {
  expect(body.nodes.length).to.be.above(0);
  if (role === 'licensing') {
    expect(body.nodes.every((n: any) => n.type === 'vehicle' || n.type === 'premises'), 'only vehicles and premises for licensing').to.equal(true);
    expect(JSON.stringify(body)).to.not.include('SYN-MATRIX').and.not.include('Matrix Name');
  } else {
    expect(body.nodes.some((n: any) => n.type === 'subject')).to.equal(true);
  }
}

const ANALYSTS: Role[] = ['analyst', 'admin'];
const READERS: Role[] = ['analyst', 'licensing', 'admin'];

/** The role matrix rows of journeys and associations (issue 21). */
export const JOURNEY_ROUTES: Record<string, Entry> = {
  'POST /api/journeys': {
    allow: ONLY(ANALYSTS, 201),
    req: async (c) => ({ url: '/api/journeys', body: { title: 'Matrix journey (synthetic)', legs: [{ kind: 'approached', sightingId: (await seenAtHotel(c)).sightingId }] } }),
  },
  'GET /api/journeys': {
    allow: ONLY(ANALYSTS, 200),
    req: async (c) => { await newJourney(c); return { url: `/api/journeys?bbox=${c.box.bbox}` }; },
    check: (_role, body) => expect(body.items.length).to.be.above(0),
  },
  'GET /api/journeys/od': { allow: ONLY(ANALYSTS, 200), req: () => ({ url: '/api/journeys/od?by=ward' }) },
  'GET /api/journeys/:id': { allow: ONLY(ANALYSTS, 200), req: async (c) => ({ url: `/api/journeys/${await newJourney(c)}` }) },
  'DELETE /api/journeys/:id': { allow: ONLY(ANALYSTS, 204), req: async (c) => ({ url: `/api/journeys/${await newJourney(c)}`, body: { reason: 'Role matrix test' } }) },

  'GET /api/associations': {
    allow: ONLY(READERS, 200),
    req: async (c) => { await seenAtHotel(c); return { url: `/api/associations?premises=${c.premisesId}` }; },
    check: noSubjects,
  },
  'GET /api/associations/edge': {
    allow: ONLY(READERS, 200),
    req: async (c) => ({ url: `/api/associations/edge?a=premises:${c.premisesId}&b=vehicle:${(await seenAtHotel(c)).vehicleId}` }),
    check: (_role, body) => { expect(body.sightings).to.have.length(1); expect(body.episodes).to.deep.equal([]); },
  },
  'GET /api/associations/export': {
    allow: ONLY(ANALYSTS, 200),
    req: async (c) => { await seenAtHotel(c); return { url: `/api/associations/export?format=graphml&premises=${c.premisesId}` }; },
  },
};
