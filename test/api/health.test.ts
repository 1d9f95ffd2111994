import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

describe('the sign-in page hint: is the demo loaded?', () => {
  it('when the data directory holds demo-credentials.txt, then /healthz says demo: true; without it, demo: false; the path is never sent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-demo-hint-'));
    try {
      const t = await testApp({ LANTERN_DATA_DIR: dir });
      expect((await supertest(t.app).get('/healthz').expect(200)).body.demo).to.equal(false);
      fs.writeFileSync(path.join(dir, 'demo-credentials.txt'), 'analyst demo-analyst x\n', { mode: 0o600 });
      const r = await supertest(t.app).get('/healthz').expect(200);
      expect(r.body.demo).to.equal(true);
      expect(r.text).to.not.include(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
