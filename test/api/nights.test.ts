import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

/**
 * "Friday night" is Friday night: with an hour window across midnight, a weekday is the
 * night that starts on it (Friday 22:00 to Saturday 04:00, London time), also across
 * both clock changes of 2026 (29 March forward, 25 October back).
 */
describe('night-aware weekday filters', function () {
  this.timeout(300_000);
  let t: TestApp;
  let analyst: Session;
  const box = privateBox();
  const at: Record<string, string> = {
    // local time → UTC
    friLate: '2026-03-27T23:30:00Z', // Fri 23:30 GMT: Friday night
    satEarly: '2026-03-28T00:35:00Z', // Sat 00:35 GMT: Friday night
    satDawn: '2026-03-28T03:50:00Z', // Sat 03:50 GMT: Friday night
    friEarly: '2026-03-27T00:35:00Z', // Fri 00:35 GMT: Thursday night
    satLate: '2026-03-28T22:30:00Z', // Sat 22:30 GMT: Saturday night
    sunSpring: '2026-03-29T02:30:00Z', // Sun 03:30 BST, the night the clocks go forward: Saturday night
    friAutumn: '2026-10-23T22:30:00Z', // Fri 23:30 BST: Friday night
    satAutumn: '2026-10-24T01:00:00Z', // Sat 02:00 BST: Friday night
    sunFirst: '2026-10-25T00:30:00Z', // Sun 01:30 BST, first time round: Saturday night
    sunSecond: '2026-10-25T01:30:00Z', // Sun 01:30 GMT, second time round: Saturday night
  };
  const ids: Record<string, string> = {};

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    for (const [k, observedAt] of Object.entries(at)) {
      const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf)
        .send({ category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', observedAt, ...box.at(0.001, 0.001) });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      ids[k] = r.body.id;
    }
  });

  const found = async (q: string) => {
    const r = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}&${q}`).expect(200);
    const byId = new Map(Object.entries(ids).map(([k, id]) => [id, k]));
    return r.body.features.map((f: any) => byId.get(f.id ?? f.properties.id)).filter(Boolean).sort();
  };

  it('when asked for Friday nights 22–04, then Friday evening and Saturday small hours come, Thursday night and Saturday night do not', async () => {
    expect(await found('hours=22-4&days=fri')).to.deep.equal(['friAutumn', 'friLate', 'satAutumn', 'satDawn', 'satEarly']);
  });

  it('when asked for Saturday nights 22–04, then both clock-change nights count in full', async () => {
    expect(await found('hours=22-4&days=sat')).to.deep.equal(['satLate', 'sunFirst', 'sunSecond', 'sunSpring']);
  });

  it('when the window does not wrap, then a weekday is the calendar day', async () => {
    expect(await found('hours=0-4&days=sat')).to.deep.equal(['satAutumn', 'satDawn', 'satEarly']);
  });

  it('when the timeline is asked for Friday nights, then it counts the same nights', async () => {
    const r = await analyst.agent.get(`/api/map/timeline?bbox=${box.bbox}&hours=22-4&days=fri`).expect(200);
    expect(r.body.total).to.equal(5);
  });
});
