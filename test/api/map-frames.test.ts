import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { postSightings } from '../support/records.js';
import { FRAMES_PER_REQUEST } from '../../server/lists.js';

/**
 * Playback from held data (issue 20): `GET /api/map/clusters/frames` and `/heat/frames` answer
 * a run of playback frames at once, each exactly as its own `/clusters` or `/heat` request
 * would, the disclosure gate included, so the map steps through time without a request per frame.
 */
describe('map playback frames', () => {
  let t: TestApp;
  let analyst: Session;
  let planner: Session;
  let licensing: Session;
  const box = privateBox();
  // Three weeks of a synthetic autumn: a bunch at one spot each week (6, 9 and 2 sightings), and strays.
  const weeks = [
    { from: '2026-10-05', to: '2026-10-11' },
    { from: '2026-10-12', to: '2026-10-18' },
    { from: '2026-10-19', to: '2026-10-25' },
  ];
  const framesParam = weeks.map((w) => `${w.from}/${w.to}`).join(',');

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    planner = await signIn(t, 'planner', { purpose: null });
    licensing = await signIn(t, 'licensing');
    const spot = box.at(0.001, 0.001);
    const base = { category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };
    const bodies: object[] = [];
    [6, 9, 2].forEach((n, w) => {
      for (let i = 0; i < n; i++) {
        const day = 5 + w * 7 + (i % 7);
        bodies.push({ ...base, observedAt: `2026-10-${String(day).padStart(2, '0')}T21:${String(10 + i).padStart(2, '0')}:00Z`, lon: spot.lon + i * 2e-5, lat: spot.lat, category: i % 2 ? 'party_address' : 'adult_loitering' });
      }
    });
    bodies.push({ ...base, observedAt: '2026-10-13T12:00:00Z', ...box.at(-0.003, -0.003) });
    bodies.push({ ...base, observedAt: '2026-10-24T23:30:00Z', ...box.at(0.003, -0.002) });
    await postSightings(analyst, bodies);
  });

  for (const [who, session] of [['analyst', () => analyst], ['planner', () => planner], ['licensing', () => licensing]] as const) {
    for (const zoom of [10, 17]) {
      it(`when ${who} asks for three weekly frames at zoom ${zoom}, then each frame is what /clusters answers for its week`, async () => {
        const s = session();
        const r = await s.agent.get(`/api/map/clusters/frames?bbox=${box.bbox}&zoom=${zoom}&frames=${framesParam}`).expect(200);
        expect(r.body.frames).to.have.length(3);
        for (const [i, w] of weeks.entries()) {
          const one = await s.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=${zoom}&from=${w.from}&to=${w.to}`).expect(200);
          expect(r.body.frames[i], `frame ${i}`).to.deep.equal(one.body);
        }
        if (who === 'analyst') expect(r.body.frames.map((f: any) => f.total)).to.deep.equal([6, 10, 3]);
      });
    }
  }

  for (const [who, session] of [['analyst', () => analyst], ['planner', () => planner]] as const) {
    it(`when ${who} asks for the heat of three weekly frames, then each frame is what /heat answers for its week`, async () => {
      const s = session();
      const r = await s.agent.get(`/api/map/heat/frames?bbox=${box.bbox}&zoom=15&frames=${framesParam}`).expect(200);
      expect(r.body.frames).to.have.length(3);
      for (const [i, w] of weeks.entries()) {
        const one = await s.agent.get(`/api/map/heat?bbox=${box.bbox}&zoom=15&from=${w.from}&to=${w.to}`).expect(200);
        expect(r.body.frames[i], `frame ${i}`).to.deep.equal(one.body);
      }
      if (who === 'analyst') expect(r.body.frames.map((f: any) => f.features.reduce((n: number, x: any) => n + x.properties.count, 0))).to.deep.equal([6, 10, 3]);
    });
  }

  it('when the other filters are given, then every frame keeps them', async () => {
    const r = await analyst.agent.get(`/api/map/clusters/frames?bbox=${box.bbox}&zoom=17&category=party_address&frames=${framesParam}`).expect(200);
    expect(r.body.frames.map((f: any) => f.total)).to.deep.equal([3, 4, 1]);
  });

  it('when a playback is cumulative (every frame from the first day), then the totals grow', async () => {
    const cumulative = weeks.map((w) => `${weeks[0]!.from}/${w.to}`).join(',');
    const r = await analyst.agent.get(`/api/map/clusters/frames?bbox=${box.bbox}&zoom=10&frames=${cumulative}`).expect(200);
    expect(r.body.frames.map((f: any) => f.total)).to.deep.equal([6, 16, 19]);
  });

  it('when frames are asked, then one consultation is logged for the request, naming how many', async () => {
    const s = await signIn(t, 'analyst');
    await s.agent.get(`/api/map/clusters/frames?bbox=${box.bbox}&zoom=12&frames=${framesParam}`).expect(200);
    const rows = await t.db.knex('audit_log').where({ user_id: s.user.id, action: 'search' }).whereLike('target_type', 'map_%');
    expect(rows.map((r) => r.target_type)).to.deep.equal(['map_clusters']);
    const query = typeof rows[0]!.query === 'string' ? JSON.parse(rows[0]!.query) : rows[0]!.query;
    expect(query.frames).to.equal(3);
  });

  const bad: [string, string][] = [
    ['no frames', ''],
    ['a frame that is not two dates', '&frames=2026-10-05'],
    ['a frame that ends before it starts', '&frames=2026-10-11/2026-10-05'],
    ['a date that is no date', '&frames=2026-02-30/2026-03-01'],
    [`more than ${FRAMES_PER_REQUEST} frames`, `&frames=${Array.from({ length: FRAMES_PER_REQUEST + 1 }, () => '2026-10-05/2026-10-05').join(',')}`],
  ];
  for (const [what, q] of bad) {
    it(`when the request has ${what}, then it is a 400 problem naming frames`, async () => {
      const r = await analyst.agent.get(`/api/map/clusters/frames?bbox=${box.bbox}&zoom=12${q}`).expect(400);
      expect(r.headers['content-type']).to.match(/application\/problem\+json/);
      expect(JSON.stringify(r.body)).to.contain('frames');
    });
  }

  it('when from or to is given beside frames, then it is a 400: the frames are the period', async () => {
    const r = await analyst.agent.get(`/api/map/clusters/frames?bbox=${box.bbox}&zoom=12&from=2026-10-01&frames=${framesParam}`).expect(400);
    expect(JSON.stringify(r.body)).to.contain('from');
  });
});
