import { expect } from 'chai';
import { testApp, signIn, type TestApp, type Session } from '../support/app.js';

const base = { category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };

/** A 1 km BNG square (EPSG:27700 ring) with its south-west corner at (e, n). */
const km = (e: number, n: number) => [[[e, n], [e + 1000, n], [e + 1000, n + 1000], [e, n + 1000], [e, n]]];

describe('choropleth rates', () => {
  let t: TestApp;
  let admin: Session;
  let analyst: Session;
  let planner: Session;
  // Two wards of their own, side by side in the Southern Uplands (away from the Highlands boxes
  // other suites scatter sightings in); one has a population, one has not.
  const e0 = 250_000 + Math.floor(Math.random() * 80) * 2000;
  const n0 = 600_000 + Math.floor(Math.random() * 40) * 1000;
  const tag = Math.random().toString(36).slice(2, 8);
  const names = { peopled: `Peopled ward ${tag} (synthetic)`, empty: `Unpeopled ward ${tag} (synthetic)` };
  const post = (q: string, doc: object) =>
    admin.agent.post(`/api/imports/areas${q}`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/geo+json').send(JSON.stringify(doc));
  const fc = (features: object[]) => ({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } }, features });

  before(async () => {
    t = await testApp();
    [admin, analyst, planner] = await Promise.all([signIn(t, 'admin'), signIn(t, 'analyst'), signIn(t, 'planner', { purpose: null })]);
    const r = await post('', fc([
      { type: 'Feature', properties: { name: names.peopled, kind: 'ward', code: `SYN-P${tag}`, population: 2000 }, geometry: { type: 'Polygon', coordinates: km(e0, n0) } },
      { type: 'Feature', properties: { name: names.empty, kind: 'ward', code: `SYN-E${tag}` }, geometry: { type: 'Polygon', coordinates: km(e0 + 1000, n0) } },
    ]));
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ inserted: 2, rejectedCount: 0 });
    const at = (e: number, n: number) => ({ ...base, easting: e, northing: n, observedAt: '2026-08-14T21:00:00Z' });
    const bodies = [
      ...Array.from({ length: 12 }, (_, i) => at(e0 + 100 + i * 60, n0 + 500)),
      ...Array.from({ length: 3 }, (_, i) => at(e0 + 1100 + i * 60, n0 + 500)),
    ];
    for (const b of bodies) expect((await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send(b)).status).to.equal(201);
  });

  const wardsOf = (body: any) => ({
    peopled: body.areas.find((a: any) => a.name === names.peopled),
    empty: body.areas.find((a: any) => a.name === names.empty),
  });
  const url = '/api/map/choropleth?kind=ward&from=2026-08-14&to=2026-08-14';

  it('when an analyst asks, then each ward has its count per 1,000 residents where it has a population and per km² always', async () => {
    const r = await analyst.agent.get(url).expect(200);
    const { peopled, empty } = wardsOf(r.body);
    expect(peopled).to.include({ count: 12, population: 2000, perThousand: 6 });
    expect(peopled.areaKm2).to.be.closeTo(1, 0.01);
    expect(peopled.perKm2).to.be.closeTo(12, 0.15);
    expect(empty).to.include({ count: 3, population: null, perThousand: null });
    expect(empty.perKm2).to.be.closeTo(3, 0.05);
    // The map is shaded by one measure: per 1,000 residents only when every ward has a population.
    const allPeopled = r.body.areas.every((a: any) => a.population !== null);
    expect(r.body.basis).to.equal(allPeopled ? 'population' : 'area');
    expect(r.body.basis).to.equal('area');
  });

  it('when a planner asks, then rates come from the published counts: none for "<5", and 10 (for 12) gives 5 per 1,000', async () => {
    const r = await planner.agent.get(url).expect(200);
    const { peopled, empty } = wardsOf(r.body);
    expect(peopled).to.include({ count: 10, perThousand: 5 });
    expect(peopled.perKm2).to.be.closeTo(10, 0.15);
    expect(empty).to.include({ count: '<5', perThousand: null, perKm2: null });
  });

  it('when an imported population is not a whole number of people, then the import names properties.population and writes nothing', async () => {
    const before = Number((await t.db.knex('areas').count({ n: '*' }))[0]!.n);
    const r = await post('?mode=strict', fc([
      { type: 'Feature', properties: { name: `Bad ward ${tag} (synthetic)`, kind: 'ward', population: -3 }, geometry: { type: 'Polygon', coordinates: km(e0, n0 + 1000) } },
      { type: 'Feature', properties: { name: `Odd ward ${tag} (synthetic)`, kind: 'ward', population: 'many' }, geometry: { type: 'Polygon', coordinates: km(e0 + 1000, n0 + 1000) } },
    ]));
    expect(r.status).to.equal(422);
    const paths = JSON.stringify(r.body);
    expect(paths).to.include('properties.population');
    expect(Number((await t.db.knex('areas').count({ n: '*' }))[0]!.n)).to.equal(before);
  });
});
