import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { Gate, admission, type Shed } from '../../../server/http/admission.js';
import { problemHandler } from '../../../server/http/problem.js';
import { loadConfig } from '../../../server/config.js';

/** Records what the gate did with each request, by name. */
function harness(limits: { active: number; queued: number; waitMs: number }) {
  const gate = new Gate(limits);
  const log: string[] = [];
  const enter = (name: string, abandoned = () => false) =>
    gate.enter(
      () => log.push(`start ${name}`),
      (why: Shed) => log.push(`shed ${name} ${why}`),
      abandoned,
    );
  return { gate, log, enter };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('admission gate', () => {
  it('when slots are free, then requests start at once; beyond them they wait and start in arrival order as slots free', () => {
    const { gate, log, enter } = harness({ active: 2, queued: 10, waitMs: 10_000 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) enter(n);
    expect(log).to.deep.equal(['start a', 'start b']);
    expect([gate.active, gate.queued]).to.deep.equal([2, 3]);
    gate.leave();
    expect(log.at(-1)).to.equal('start c');
    gate.leave();
    gate.leave();
    expect(log.slice(2)).to.deep.equal(['start c', 'start d', 'start e']);
    expect([gate.active, gate.queued]).to.deep.equal([2, 0]);
    gate.leave();
    gate.leave();
    expect(gate.active).to.equal(0);
  });

  it('when the queue is full, then the next request is shed at once as queue-full', () => {
    const { gate, log, enter } = harness({ active: 1, queued: 2, waitMs: 10_000 });
    for (const n of ['a', 'b', 'c', 'd']) enter(n);
    expect(log).to.deep.equal(['start a', 'shed d queue-full']);
    expect(gate.queued).to.equal(2);
    gate.leave();
    gate.leave();
    gate.leave();
  });

  it('when a request waits longer than the limit, then it is shed as waited-too-long and never starts', async () => {
    const { gate, log, enter } = harness({ active: 1, queued: 5, waitMs: 30 });
    enter('a');
    enter('b');
    await sleep(60);
    expect(log).to.deep.equal(['start a', 'shed b waited-too-long']);
    expect(gate.queued).to.equal(0);
    gate.leave();
    expect(log).to.have.length(2);
    expect(gate.active).to.equal(0);
  });

  it('when a waiting request has been abandoned by its client, then it is skipped and the next one starts', () => {
    const { gate, log, enter } = harness({ active: 1, queued: 5, waitMs: 10_000 });
    enter('a');
    enter('b', () => true);
    enter('c');
    gate.leave();
    expect(log).to.deep.equal(['start a', 'start c']);
    expect([gate.active, gate.queued]).to.deep.equal([1, 0]);
    gate.leave();
  });

  it('when the defaults apply, then the embedded database admits 4 requests at once and PostgreSQL 20, each waiting at most 8 s', () => {
    expect(loadConfig({}).admission).to.deep.equal({ active: 4, queued: 1000, waitMs: 8000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).admission.active).to.equal(20);
    expect(loadConfig({ LANTERN_MAX_ACTIVE_REQUESTS: '7' }).admission.active).to.equal(7);
  });
});

describe('admission middleware', () => {
  /** An app whose /slow requests hold their slot until released. */
  function slowApp(limits: { active: number; queued: number; waitMs: number }) {
    const app = express();
    const holds: (() => void)[] = [];
    app.use(admission(limits, { exempt: (req) => req.path === '/exempt' }));
    app.get('/slow', async (_req, res) => {
      await new Promise<void>((r) => holds.push(r));
      res.json({ ok: true });
    });
    app.get('/exempt', (_req, res) => res.json({ ok: true }));
    app.use(problemHandler(() => {}));
    const server = app.listen(0, '127.0.0.1');
    return { server, holds, agent: request(server) };
  }

  it('when the server is full, then a request is answered 503 as a problem document with Retry-After, and exempt ones still pass', async () => {
    const { server, holds, agent } = slowApp({ active: 1, queued: 0, waitMs: 1000 });
    try {
      const first = agent.get('/slow').then((r) => r);
      while (holds.length === 0) await sleep(5);
      const busy = await agent.get('/slow');
      expect(busy.status).to.equal(503);
      expect(busy.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(busy.headers['retry-after']).to.equal('2');
      expect(busy.body).to.include({ type: '/problems/busy', status: 503 });
      expect((await agent.get('/exempt')).status).to.equal(200);
      holds[0]!();
      expect((await first).status).to.equal(200);
      // The slot came back: the next request is served.
      const again = agent.get('/slow').then((r) => r);
      while (holds.length === 1) await sleep(5);
      holds[1]!();
      expect((await again).status).to.equal(200);
    } finally {
      server.close();
    }
  });

  it('when a request waited its turn within the limit, then it is served after the one ahead', async () => {
    const { server, holds, agent } = slowApp({ active: 1, queued: 5, waitMs: 5000 });
    try {
      const first = agent.get('/slow').then((r) => r);
      while (holds.length === 0) await sleep(5);
      const second = agent.get('/slow').then((r) => r);
      await sleep(50);
      expect(holds).to.have.length(1);
      holds[0]!();
      while (holds.length === 1) await sleep(5);
      holds[1]!();
      expect([(await first).status, (await second).status]).to.deep.equal([200, 200]);
    } finally {
      server.close();
    }
  });
});
