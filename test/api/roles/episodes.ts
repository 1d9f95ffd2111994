import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ONLY, type Ctx, type Entry } from './entry.js';

/** A synthetic child at risk, written straight to the table. */
async function child(c: Ctx): Promise<string> {
  const r = await c.t.db.knex.raw(
    `insert into subjects (kind, ref, description, synthetic, review_due) values ('child_at_risk', ?, 'Role matrix child (synthetic)', true, '2032-01-01') returning id`,
    [`SYN-MATRIX-${randomBytes(5).toString('hex')}`],
  );
  return r.rows[0].id as string;
}

const body = async (c: Ctx) => ({
  subjectId: await child(c),
  missingFrom: c.box.at(0.001, 0.001),
  reportedMissingAt: '2026-02-01T20:00:00Z',
  foundTime: '2026-02-02T02:00:00Z',
  foundAt: { ...c.box.at(-0.001, -0.001), precisionM: 30 },
});

/** An episode written by the shared analyst; returns its id. */
async function episode(c: Ctx): Promise<string> {
  const r = await c.analyst.agent.post('/api/episodes').set('X-CSRF-Token', c.analyst.csrf).send(await body(c)).expect(201);
  return r.body.id as string;
}

const SUBJECT_READERS = ['analyst', 'admin'] as const;

/** The role matrix rows of missing episodes (issue 21): analysts and admins only. */
export const EPISODE_ROUTES: Record<string, Entry> = {
  'GET /api/episodes': {
    allow: ONLY([...SUBJECT_READERS], 200),
    req: async (c) => { await episode(c); return { url: `/api/episodes?bbox=${c.box.bbox}` }; },
    check: (_role, b) => expect(b.items.length).to.be.above(0),
  },
  'GET /api/episodes/flows': {
    allow: ONLY([...SUBJECT_READERS], 200),
    req: async (c) => { await episode(c); return { url: `/api/episodes/flows?bbox=${c.box.bbox}` }; },
    check: (_role, b) => expect(b.features[0].geometry.type).to.equal('LineString'),
  },
  'GET /api/episodes/found': {
    allow: ONLY([...SUBJECT_READERS], 200),
    req: async (c) => { await episode(c); return { url: `/api/episodes/found?bbox=${c.box.bbox}` }; },
    check: (_role, b) => expect(b.features[0].geometry.type).to.equal('Point'),
  },
  'GET /api/episodes/:id': { allow: ONLY([...SUBJECT_READERS], 200), req: async (c) => ({ url: `/api/episodes/${await episode(c)}` }) },
  'POST /api/episodes': { allow: ONLY([...SUBJECT_READERS], 201), req: async (c) => ({ url: '/api/episodes', body: await body(c) }) },
  'PATCH /api/episodes/:id': { allow: ONLY([...SUBJECT_READERS], 200), req: async (c) => ({ url: `/api/episodes/${await episode(c)}`, body: { notes: 'Return interview (synthetic)' } }) },
  'DELETE /api/episodes/:id': { allow: ONLY([...SUBJECT_READERS], 204), req: async (c) => ({ url: `/api/episodes/${await episode(c)}`, body: { reason: 'role matrix test' } }) },
};
