import { expect } from 'chai';
import express from 'express';
import compression from 'compression';
import request from 'supertest';
import { LSN_COOKIE, lsnOf, recordWritePosition } from '../../../server/http/lsn.js';
import { guards, NOBODY, type Caller } from '../../../server/http/auth.js';

/** An app whose writes answer as told, behind the write-position middleware. */
function app(walPosition: () => Promise<string | null>, secure = false) {
  const a = express();
  a.use(compression({ threshold: 0 }));
  a.use(recordWritePosition(walPosition, { secure }));
  a.get('/read', (_req, res) => void res.json({ ok: true }));
  a.post('/write', (_req, res) => void res.status(201).json({ id: 'x'.repeat(3000) }));
  a.post('/refused', (_req, res) => void res.status(422).json({ error: 'no' }));
  a.delete('/gone', (_req, res) => void res.status(204).end());
  return a;
}

const cookieOf = (r: request.Response) => ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${LSN_COOKIE}=`));

describe('read-your-writes cookie (server/http/lsn.ts)', () => {
  it('when a write succeeds, then its answer carries the primary WAL position in an HttpOnly, SameSite=Strict cookie, and the body arrives whole (compressed too)', async () => {
    const r = await request(app(async () => '16/B374D848')).post('/write').expect(201);
    expect(cookieOf(r)).to.equal('lantern_lsn=16%2FB374D848; Path=/; HttpOnly; SameSite=Strict');
    expect(r.body.id).to.have.length(3000);
    const d = await request(app(async () => '0/10')).delete('/gone').expect(204);
    expect(cookieOf(d)).to.match(/^lantern_lsn=0%2F10;/);
  });
  it('when cookies are Secure, then so is this one', async () => {
    const r = await request(app(async () => '0/1', true)).post('/write').expect(201);
    expect(cookieOf(r)).to.include('; Secure');
  });
  it('when a request only reads, or a write is refused, then no position is asked for and no cookie set', async () => {
    let asked = 0;
    const a = app(async () => {
      asked++;
      return '0/1';
    });
    expect(cookieOf(await request(a).get('/read').expect(200))).to.equal(undefined);
    expect(cookieOf(await request(a).post('/refused').expect(422))).to.equal(undefined);
    expect(asked).to.equal(0);
  });
  it('when there are no replicas (null) or the primary fails to answer, then the answer goes out unchanged without the cookie', async () => {
    expect(cookieOf(await request(app(async () => null)).post('/write').expect(201))).to.equal(undefined);
    const r = await request(app(async () => Promise.reject(new Error('primary away')))).post('/write').expect(201);
    expect(cookieOf(r)).to.equal(undefined);
    expect(r.body.id).to.have.length(3000);
  });
  it('when the cookie names an LSN, then the signed-in caller reads after it; anything else, or no one signed in, is ignored', async () => {
    const me: Caller = { ...NOBODY, userId: 'u1', username: 'u', role: 'analyst', via: 'session' };
    const g = guards({ resolveSession: async (t) => (t === 'good' ? me : undefined), authenticateToken: async () => undefined, recordDenial: async () => undefined });
    const a = express();
    a.use(g.session);
    a.get('/', (req, res) => void res.json({ readAfter: req.auth?.readAfter ?? null, cookie: lsnOf(req) ?? null }));
    const ask = async (cookie: string) => (await request(a).get('/').set('Cookie', cookie).expect(200)).body;
    expect(await ask('lantern_session=good; lantern_lsn=16%2FB374D848')).to.deep.equal({ readAfter: '16/B374D848', cookie: '16/B374D848' });
    expect(await ask('lantern_session=good; lantern_lsn=1%2F2%3B%20drop')).to.deep.equal({ readAfter: null, cookie: null });
    expect(await ask('lantern_session=good')).to.deep.equal({ readAfter: null, cookie: null });
    expect(await ask('lantern_lsn=0%2F1')).to.deep.equal({ readAfter: null, cookie: '0/1' });
  });
});
