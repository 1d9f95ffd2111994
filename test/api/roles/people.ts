import { expect } from 'chai';
import { ONLY, type Ctx, type Entry } from './entry.js';

/** A subject made by the matrix's own analyst; returns its id. */
async function newSubject(c: Ctx): Promise<string> {
  const r = await c.analyst.agent
    .post('/api/subjects')
    .set('X-CSRF-Token', c.analyst.csrf)
    .send({ kind: 'unknown_adult', description: 'Role matrix subject (synthetic)', displayName: 'Matrix Person (synthetic)' })
    .expect(201);
  return r.body.id;
}

/** A vehicle of its own to link to (plates are unique). */
async function newVehicle(c: Ctx): Promise<string> {
  const plate = `RM${Math.random().toString(36).slice(2, 9).toUpperCase()}`;
  return (await c.t.db.knex.raw('insert into vehicles (plate) values (?) returning id', [plate])).rows[0].id;
}

/** Subjects are for analysts and admins alone: every other role is refused every route. */
const READERS = ['analyst', 'admin'] as const;

/** The role matrix rows of subjects and their links (issue 21). */
export const PEOPLE_ROUTES: Record<string, Entry> = {
  'GET /api/subjects': {
    allow: ONLY([...READERS], 200),
    req: async (c) => { await newSubject(c); return { url: '/api/subjects?q=role%20matrix' }; },
    check: (_role, body) => expect(body.items.length).to.be.above(0),
  },
  'POST /api/subjects': {
    allow: ONLY([...READERS], 201),
    req: () => ({ url: '/api/subjects', body: { kind: 'person_of_interest', description: 'Role matrix subject (synthetic)' } }),
  },
  'GET /api/subjects/:id': {
    allow: ONLY([...READERS], 200),
    req: async (c) => ({ url: `/api/subjects/${await newSubject(c)}` }),
    check: (_role, body) => expect(body.displayName).to.equal('Matrix Person (synthetic)'),
  },
  'PATCH /api/subjects/:id': {
    allow: ONLY([...READERS], 200),
    req: async (c) => ({ url: `/api/subjects/${await newSubject(c)}`, body: { kind: 'person_of_interest' } }),
  },
  'POST /api/subjects/:id/links': {
    allow: ONLY([...READERS], 201),
    req: async (c) => ({ url: `/api/subjects/${await newSubject(c)}/links`, body: { role: 'driver', vehicleId: await newVehicle(c) } }),
  },
  'DELETE /api/subjects/:id/links/:linkId': {
    allow: ONLY([...READERS], 204),
    req: async (c) => {
      const id = await newSubject(c);
      const link = await c.analyst.agent.post(`/api/subjects/${id}/links`).set('X-CSRF-Token', c.analyst.csrf).send({ role: 'driver', vehicleId: await newVehicle(c) }).expect(201);
      return { url: `/api/subjects/${id}/links/${link.body.linkId}` };
    },
  },
};
