import { expect } from 'chai';
import supertest from 'supertest';
import { testApp, signIn } from '../support/app.js';
import type { Lifecycle } from '../../server/health/routes.js';
import { routeLabel } from '../../server/http/metrics.js';

describe('readiness and metrics', () => {
  it('when the database answers, then /readyz is ready; once a shutdown begins, it is 503 at once', async () => {
    const t = await testApp();
    await supertest(t.app).get('/readyz').expect(200, { status: 'ready' });
    (t.app.locals.lifecycle as Lifecycle).stopping = true;
    await supertest(t.app).get('/readyz').expect(503, { status: 'stopping' });
  });

  it('when requests have been served, then /metrics has latency by route with ids folded, and pool gauges', async () => {
    const t = await testApp();
    const s = await signIn(t, 'analyst');
    await s.agent.get('/api/sightings/00000000-0000-4000-8000-000000000000').expect(404);
    // /metrics is for administrators (session or token): see accounts-security.test.ts.
    const admin = await signIn(t, 'admin');
    const m = await admin.agent.get('/metrics').expect(200);
    expect(m.text).to.include('lantern_http_request_duration_seconds_count{method="GET",route="/api/sightings/:id",status="404"} 1');
    expect(m.text).to.match(/lantern_db_pool_connections\{state="used"\} \d/);
    expect(m.text).to.include('process_resident_memory_bytes');
  });

  it('when a path is labelled, then ids and numbers fold and pages share one label', () => {
    expect(routeLabel('/api/review/sighting/0f8fad5b-d9cb-469f-a165-70867728950e')).to.equal('/api/review/sighting/:id');
    expect(routeLabel('/api/tiles/12/2021/1333.mvt')).to.equal('/api/tiles/:n/:n/1333.mvt');
    expect(routeLabel('/assets/index-abc123.js')).to.equal('page');
    expect(routeLabel('/readyz')).to.equal('/readyz');
  });
});
