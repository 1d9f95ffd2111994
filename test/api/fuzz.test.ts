import { expect } from 'chai';
import fc from 'fast-check';
import type { TestApp, Session } from '../support/app.js';
import { appWithAdmin } from '../support/records.js';

/**
 * Property-based input testing over every declared route: whatever arrives in the
 * path, the query or the body, the answer is never a 5xx, a refusal is a problem
 * document without stack traces or SQL, and a refused request writes nothing.
 */

const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom("' or 1=1 --", '"; drop table sightings; --', '../../etc/passwd', '<script>alert(1)</script>', '%00', '\u0000', 'NaN', 'Infinity', '-1e309', '1e309', '9'.repeat(400), '', ' ', '{}', '[]', 'null', '2026-02-30', '25-3', '-181,0,0,1'),
  fc.integer().map(String),
  fc.double().map(String),
);
const jsonValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 3 }),
);
const FIELDS = ['lat', 'lon', 'observedAt', 'category', 'sourceEval', 'intelAssessment', 'handlingCode', 'geometry', 'name', 'plate', 'postcode', 'purpose', 'password', 'username', 'reason', 'role', 'decision', 'reviewDue', 'subjectType', 'subjectId', 'summary', 'bbox', 'zoom', 'from', 'to', 'hours', 'days', 'limit', 'q', 'near', 'radius', 'kind', 'mode'];
const field = fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 10 }));
const body = fc.dictionary(field, jsonValue, { maxKeys: 6 });
const query = fc.dictionary(field, nasty, { maxKeys: 4 });
const pathParam = fc.oneof(fc.uuid(), nasty.filter((s) => s.length > 0 && !s.includes('/')));

const TABLES = ['sightings', 'premises', 'vehicles', 'areas', 'intel', 'users', 'api_tokens', 'review_decisions', 'imports'];

async function counts(t: TestApp): Promise<Record<string, number>> {
  const r = await t.db.knex.raw(TABLES.map((x) => `select '${x}' as t, count(*)::int as n from ${x}`).join(' union all '));
  return Object.fromEntries(r.rows.map((x: { t: string; n: number }) => [x.t, x.n]));
}

function leaks(text: string): boolean {
  return /\bat [\w.<>]+ \(|node_modules|\bselect\b.+\bfrom\b|\binsert into\b|syntax error|stack/i.test(text);
}

describe('property-based input testing', function () {
  this.timeout(600_000);
  let t: TestApp;
  let admin: Session;
  before(async () => {
    ({ t, admin } = await appWithAdmin());
  });

  const routes = () => (t.app.locals.apiRoutes as { method: string; path: string }[]).filter((r) => r.path !== '/api/auth/logout');

  it('when any route gets arbitrary path, query and body values, then no 5xx, no leak, and a refusal writes nothing', async () => {
    for (const route of routes()) {
      await fc.assert(
        fc.asyncProperty(pathParam, pathParam, query, body, async (p1, p2, q, b) => {
          const url = route.path.replace(':kind', encodeURIComponent(p1)).replace(':type', encodeURIComponent(p1)).replace(':id', encodeURIComponent(p2));
          const before = await counts(t);
          let call = admin.agent[route.method.toLowerCase() as 'get'](url).query(q);
          if (route.method !== 'GET') call = call.set('X-CSRF-Token', admin.csrf);
          const res = route.method === 'GET' ? await call : await call.send(b);
          const where = `${route.method} ${url} ${JSON.stringify(q)} ${JSON.stringify(b).slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, where).to.be.below(500);
          if (res.status >= 400) {
            // Problem details may quote the bad value back; only what the server adds counts as a leak.
            let text = res.text;
            for (const v of [...Object.values(q), ...JSON.stringify(b).split('"')]) if (v.length > 3) text = text.split(JSON.stringify(v).slice(1, -1)).join('').split(v).join('');
            expect(leaks(text), where).to.equal(false);
            expect(res.headers['content-type'], where).to.match(/application\/problem\+json/);
            expect(await counts(t), where).to.deep.equal(before);
          }
        }),
        { numRuns: 12, seed: 20261128 },
      );
    }
  });

  it('when any field of any route holds a NUL character, then no 5xx, writes are refused and nothing is written', async () => {
    const before = await counts(t);
    for (const route of routes()) {
      for (const f of FIELDS) {
        const url = route.path.replace(':kind', 'sightings').replace(':type', 'sighting').replace(':id', '00000000-0000-4000-8000-000000000000');
        let call = admin.agent[route.method.toLowerCase() as 'get'](url).query({ [f]: 'a\u0000b' });
        if (route.method !== 'GET') call = call.set('X-CSRF-Token', admin.csrf);
        const res = route.method === 'GET' ? await call : await call.send({ [f]: 'x\u0000y', nested: { [f]: ['\u0000'] } });
        // GETs that read no query may answer 200; anything that would write must refuse.
        const [lo, hi] = route.method === 'GET' ? [200, 499] : [400, 499];
        expect(res.status, `${route.method} ${url} ${f}: ${res.text.slice(0, 200)}`).to.be.within(lo, hi);
      }
      const path = route.path.replace(':kind', '%00').replace(':type', '%00').replace(':id', 'a%00b');
      if (path !== route.path) {
        const res = await admin.agent[route.method.toLowerCase() as 'get'](path).set('X-CSRF-Token', admin.csrf);
        expect(res.status, `${route.method} ${path}`).to.be.within(400, 499);
      }
    }
    expect(await counts(t)).to.deep.equal(before);
  });

  it('when a body is broken JSON, a 20 MB blob or of the wrong type, then 4xx problems and nothing written', async () => {
    const before = await counts(t);
    const post = (type: string, data: string | Buffer) => admin.agent.post('/api/sightings').set('X-CSRF-Token', admin.csrf).set('Content-Type', type).send(data);
    for (const broken of ['{', '{"lat":', '[1,2', '{"a":1}}', 'nul', '\u0000']) {
      const r = await post('application/json', broken);
      expect(r.status, broken).to.equal(400);
    }
    const huge = await post('application/json', Buffer.alloc(20 * 1024 * 1024, 'a'));
    expect(huge.status).to.equal(413);
    const xml = await post('application/xml', '<a/>');
    expect(xml.status).to.equal(415);
    const arr = await admin.agent.post('/api/sightings').set('X-CSRF-Token', admin.csrf).send([1, 2, 3]);
    expect(arr.status).to.equal(400);
    expect(await counts(t)).to.deep.equal(before);
  });
});
