import { Writable } from 'node:stream';
import { expect } from 'chai';
import supertest from 'supertest';
import { pino } from 'pino';
import { createApp } from '../../server/app.js';
import { requestLogger } from '../../server/http/log.js';
import { makeUser, quietLog, testConfig } from '../support/app.js';
import { testDb } from '../support/db.js';

describe('request log', () => {
  it('when a signed-in user calls the API through the production request logger, then the line names the user id, never the query string, and the server stays up', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).trim().split('\n')) lines.push(JSON.parse(l));
        done();
      },
    });
    const db = await testDb();
    const app = createApp({ db, config: testConfig(), log: quietLog, requestLog: requestLogger(pino({ level: 'info' }, sink)), clientDir: '/nonexistent' });
    const user = await makeUser(db, 'analyst');
    const agent = supertest.agent(app);
    const login = await agent.post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
    await agent.put('/api/auth/purpose').set('X-CSRF-Token', login.body.csrfToken).send({ purpose: 'Automated test of Lantern' }).expect(200);
    await agent.get('/api/areas?kind=patrol_zone').expect(200);
    await new Promise((r) => setImmediate(r));
    const areas = lines.find((l) => (l.req as { path?: string } | undefined)?.path === '/api/areas');
    expect(areas, JSON.stringify(lines)).to.not.equal(undefined);
    expect(areas!.userId).to.equal(user.id);
    expect(JSON.stringify(lines)).to.not.include('patrol_zone');
    const anonymous = lines.find((l) => (l.req as { path?: string } | undefined)?.path === '/api/auth/login');
    expect(anonymous!.userId).to.equal(null);
  });
});
