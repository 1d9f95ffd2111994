/** Records the API tests make again and again: a graded sighting's body, a synthetic hotel, an app with its admin. */
import { expect } from 'chai';
import type { Db } from '../../server/db/index.js';
import type { Role } from '../../server/lists.js';
import { privateBox, signIn, testApp, type Session, type TestApp } from './app.js';

/** The body of a police sighting at the point, graded 2/B/P, for `POST /api/sightings`. */
export const sighting = (at: { lon: number; lat: number }) => ({
  observedAt: '2026-02-01T22:00:00Z',
  ...at,
  category: 'adult_loitering',
  sourceAgency: 'police',
  sourceEval: 2,
  intelAssessment: 'B',
  handlingCode: 'P',
});

/** A sighting written by an analyst of its own in a box of its own; returns its id. */
export async function newSighting(t: TestApp): Promise<string> {
  const writer = await signIn(t, 'analyst');
  const made = await writer.agent.post('/api/sightings').set('X-CSRF-Token', writer.csrf).send(sighting(privateBox().at())).expect(201);
  return made.body.id as string;
}

/** A synthetic hotel of the name at the point; returns its id. */
export async function addHotel(db: Db, name: string, at: { lon: number; lat: number }): Promise<string> {
  const r = await db.knex.raw(`insert into premises (name, category, geom, synthetic) values (?, 'hotel', ST_SetSRID(ST_MakePoint(?, ?), 4326), true) returning id`, [name, at.lon, at.lat]);
  return r.rows[0].id as string;
}

/** A test app and an admin signed in to it: the suites that read the audit log start so. */
export async function appWithAdmin(): Promise<{ t: TestApp; admin: Session }> {
  const t = await testApp();
  return { t, admin: await signIn(t, 'admin') };
}

/** A session of each role, signed in one after another (each sign-in hashes a password). */
export async function signInEach<R extends Role>(t: TestApp, ...roles: R[]): Promise<Record<R, Session>> {
  const out = {} as Record<R, Session>;
  for (const role of roles) out[role] = await signIn(t, role);
  return out;
}

/**
 * Posts sightings ten at a time, each body over a police sighting graded 2/B/P (adult
 * loitering unless it says otherwise), expecting 201 for every one; returns their ids.
 */
export async function postSightings(s: Session, bodies: object[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < bodies.length; i += 10) {
    const rs = await Promise.all(bodies.slice(i, i + 10).map((b) => s.agent.post('/api/sightings').set('X-CSRF-Token', s.csrf).send({ ...GRADED, ...b })));
    for (const r of rs) {
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      ids.push(r.body.id);
    }
  }
  return ids;
}

const GRADED = { category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };
