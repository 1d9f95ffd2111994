import { expect } from 'chai';
import supertest from 'supertest';
import { testApp, signIn, type TestApp, type Session } from '../support/app.js';

/**
 * One imported area must not stall the deployment: its vertices are counted in Node
 * before any SQL (LANTERN_AREA_MAX_VERTICES), a repair is refused for an area whose
 * edges cross too often to repair in bounded time, and what is accepted is checked or
 * repaired within seconds, also on the embedded database (no statement timeout there).
 */

/** A ring of `n` positions (closed) round a point in Wessex, far from other tests' areas and sightings. */
function circle(n: number, lon = -1.5 + Math.random(), lat = 51.0 + Math.random() * 0.4, r = 0.01): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < n - 1; i++) {
    const a = (i / (n - 1)) * 2 * Math.PI;
    ring.push([lon + r * Math.cos(a), lat + r * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** A star polygon: every edge crosses many others (about 0.38 n² crossings). */
function star(n: number, lon = -1.5 + Math.random(), lat = 51.0 + Math.random() * 0.4): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < n - 1; i++) ring.push([lon + 0.01 * Math.cos(i * 2.4), lat + 0.01 * Math.sin(i * 2.4)]);
  ring.push(ring[0]!);
  return ring;
}

const doc = (name: string, ring: number[][]) =>
  JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name, kind: 'custom' }, geometry: { type: 'Polygon', coordinates: [ring] } }] });

describe('area import limits', function () {
  this.timeout(180_000);
  let t: TestApp;
  let admin: Session;
  const areas = async () => Number((await t.db.knex('areas').count({ n: '*' }))[0]!.n);
  const post = (q: string, body: string) => admin.agent.post(`/api/imports/areas${q}`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/geo+json').send(body);

  before(async () => {
    t = await testApp();
    admin = await signIn(t, 'admin');
  });

  it('when an area has more vertices than the limit, then it is refused naming the feature, before any SQL, and nothing is written', async () => {
    const before = await areas();
    const ring = circle(50_000);
    // Self-intersecting as in the finding: two neighbouring vertices swapped.
    [ring[10], ring[11]] = [ring[11]!, ring[10]!];
    const started = Date.now();
    const r = await post('?repair=true', doc('Too many vertices (synthetic)', ring));
    expect(r.status, r.text.slice(0, 300)).to.equal(200);
    expect(r.body).to.include({ inserted: 0, rejectedCount: 1 });
    expect(r.body.rejected[0].row).to.equal(1);
    expect(r.body.rejected[0].errors[0]).to.deep.include({ path: 'geometry.coordinates' });
    expect(r.body.rejected[0].errors[0].message).to.match(/more than 20,000 vertices/);
    expect(Date.now() - started, 'ms').to.be.below(10_000);
    const strict = await post('?repair=true&mode=strict', doc('Too many vertices (synthetic)', ring));
    expect(strict.status).to.equal(422);
    expect(strict.body.errors[0].path).to.equal('rows.1.geometry.coordinates');
    expect(await areas()).to.equal(before);
  });

  it('when the limit is configured lower, then it holds at that number', async () => {
    const small = await testApp({ LANTERN_AREA_MAX_VERTICES: '100' });
    const a = await signIn(small, 'admin');
    const send = (ring: number[][]) => a.agent.post('/api/imports/areas').set('X-CSRF-Token', a.csrf).set('Content-Type', 'application/geo+json').send(doc('Limit (synthetic)', ring));
    expect((await send(circle(101))).body).to.include({ inserted: 0, rejectedCount: 1 });
    expect((await send(circle(100))).body).to.include({ inserted: 1, rejectedCount: 0 });
  });

  it('when an area under the limit crosses itself thousands of times, then repair is refused in bounded time and the server stays responsive', async () => {
    const before = await areas();
    const started = Date.now();
    const r = await post('?repair=true', doc('Tangle (synthetic)', star(1000)));
    expect(r.status, r.text.slice(0, 300)).to.equal(200);
    expect(r.body).to.include({ inserted: 0, rejectedCount: 1 });
    expect(r.body.rejected[0].errors[0].path).to.equal('geometry');
    expect(r.body.rejected[0].errors[0].message).to.match(/cross/);
    expect(Date.now() - started, 'ms').to.be.below(5_000);
    await supertest(t.app).get('/healthz').expect(200);
    expect(await areas()).to.equal(before);
  });

  it('when a 20,000-vertex area crosses itself once, then it is repaired and stored within seconds', async () => {
    const ring = circle(20_000);
    [ring[500], ring[501]] = [ring[501]!, ring[500]!];
    const started = Date.now();
    const r = await post('?repair=true', doc('Twisted once (synthetic)', ring));
    const took = Date.now() - started;
    expect(r.status, r.text.slice(0, 300)).to.equal(200);
    expect(r.body).to.include({ inserted: 1, rejectedCount: 0 });
    expect(took, 'ms').to.be.below(15_000);
    const unrepaired = await post('', doc('Twisted once (synthetic)', ring));
    expect(unrepaired.body).to.include({ inserted: 0, rejectedCount: 1 });
    expect(unrepaired.body.rejected[0].errors[0].message).to.match(/Self-intersection|Ring Self-intersection/);
  });
});
