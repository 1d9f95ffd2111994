/**
 * The audit chain's integrity against what a security test tried: text the database
 * stores differently from how it was hashed, several tampered rows, the application's
 * own database role rewriting history, and a rewrite of the whole chain with every
 * hash recomputed. Runs on PGlite, or PostgreSQL+PostGIS with TEST_DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import { openDb, type Db } from '../../server/db/index.js';
import { auditHash } from '../../server/audit/hash.js';
import * as repo from '../../server/audit/repo.js';
import { attachCheckpoints, detachCheckpoints } from '../../server/audit/checkpoint.js';
import { record, SYSTEM_ACTOR } from '../../server/audit/service.js';
import { testConfig, type TestApp, type Session } from '../support/app.js';
import { appWithAdmin } from '../support/records.js';

/** What only a superuser can do: switch the guard off, run the statements, switch it on. */
async function asSuperuser(db: Db, work: () => Promise<void>): Promise<void> {
  await db.knex.raw('alter table audit_log disable trigger audit_log_no_update');
  try {
    await work();
  } finally {
    await db.knex.raw('alter table audit_log enable trigger audit_log_no_update');
  }
}

/**
 * Sets row `fromId` to `outcome` and recomputes the hash and link of it and every row
 * after it with the real hash function: a chain that checks from end to end.
 */
async function rewriteFrom(db: Db, fromId: number, outcome: string): Promise<void> {
  await asSuperuser(db, async () => {
    await db.knex.raw('update audit_log set outcome = ? where id = ?', [outcome, fromId]);
    const before = await db.knex.raw('select hash from audit_log where id < ? order by id desc limit 1', [fromId]);
    let prev = (before.rows[0]?.hash as string | undefined) ?? '0'.repeat(64);
    for (const row of await repo.chainPage(db.knex, fromId - 1, 1_000_000)) {
      const hash = auditHash(prev, row);
      await db.knex.raw('update audit_log set prev_hash = ?, hash = ? where id = ?', [prev, hash, row.id]);
      prev = hash;
    }
  });
}

const verifyOf = async (admin: Session) => (await admin.agent.get('/api/audit/verify').expect(200)).body;

describe('audit chain integrity', function () {
  this.timeout(180_000);
  let t: TestApp;
  let admin: Session;
  before(async () => {
    ({ t, admin } = await appWithAdmin());
  });

  it('when a sign-in, a purpose and an audited query carry lone surrogates, then the rows hold U+FFFD and the chain verifies', async () => {
    const before = Number((await t.db.knex.raw('select coalesce(max(id), 0) as id from audit_log')).rows[0].id);
    // Sent as JSON escapes, so the server really receives the lone surrogate (whatever status it answers).
    const name = `nobody-${randomBytes(3).toString('hex')}\ud800`;
    await supertest(t.app).post('/api/auth/login').type('json').send(`{"username":"${name.replace('\ud800', '\\ud800')}","password":"x-long-enough"}`);
    await admin.agent.put('/api/auth/purpose').set('X-CSRF-Token', admin.csrf).type('json').send('{"purpose":"Op \\udc00 surrogate test"}');
    await admin.agent.put('/api/auth/purpose').set('X-CSRF-Token', admin.csrf).send({ purpose: 'Automated test of Lantern' }).expect(200);
    const id = await record(t.db, { ...SYSTEM_ACTOR, purpose: 'p\ud83d' }, {
      action: 'search',
      targetType: 't\udfff',
      targetIds: ['x\ud800'],
      query: { 'key\ud800': ['v\udc00', { deep: '\ud83d\ude00\ud83d' }] },
      outcome: 'ok\ud800',
    });
    const row = await t.db.knex('audit_log').where({ id }).first();
    expect(row).to.deep.include({ purpose: 'p\ufffd', target_type: 't\ufffd', outcome: 'ok\ufffd' });
    expect(row.target_ids).to.deep.equal(['x\ufffd']);
    expect(row.query).to.deep.equal({ 'key\ufffd': ['v\ufffd', { deep: '\ud83d\ude00\ufffd' }] });
    // The sign-in may be refused before it is audited (400); if it was audited, the name holds U+FFFD.
    const named = await t.db.knex('audit_log').where('id', '>', before).whereLike('username', `${name.slice(0, 13)}%`).pluck('username');
    for (const u of named) expect(u).to.equal(name.replace('\ud800', '\ufffd'));
    const v = await verifyOf(admin);
    expect(v, JSON.stringify(v)).to.deep.include({ ok: true, brokenIds: [] });
  });

  it('when two rows are tampered with, then verify reports both and checks every row after them', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await record(t.db, SYSTEM_ACTOR, { action: 'verify', outcome: `two-tamper row ${i}` }));
    await asSuperuser(t.db, async () => {
      await t.db.knex.raw('update audit_log set outcome = ? where id = ?', ['tampered one', ids[1]!]);
      await t.db.knex.raw('update audit_log set outcome = ? where id = ?', ['tampered two', ids[3]!]);
    });
    try {
      const v = await verifyOf(admin);
      expect(v.ok).to.equal(false);
      expect(v.brokenIds).to.deep.equal([ids[1], ids[3]]);
      expect(v.firstBadId).to.equal(ids[1]);
      expect(v.checked).to.be.at.least(ids[4]! - ids[0]!);
    } finally {
      await asSuperuser(t.db, async () => {
        await t.db.knex.raw('update audit_log set outcome = ? where id = ?', ['two-tamper row 1', ids[1]!]);
        await t.db.knex.raw('update audit_log set outcome = ? where id = ?', ['two-tamper row 3', ids[3]!]);
      });
    }
    expect((await verifyOf(admin)).ok).to.equal(true);
  });

  it('when the whole chain is rewritten from a row on with every hash recomputed, then verify reports the checkpoint mismatch', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-audit-ckpt-'));
    const config = testConfig({ LANTERN_AUDIT_CHECKPOINT_DIR: dir, LANTERN_AUDIT_CHECKPOINT_ROWS: '2' });
    const logged: string[] = [];
    attachCheckpoints(t.db, config.auditCheckpoints, (_level, msg) => logged.push(msg));
    let target = 0;
    try {
      target = await record(t.db, SYSTEM_ACTOR, { action: 'verify', outcome: 'rewrite target' });
      for (let i = 0; i < 4; i++) await record(t.db, SYSTEM_ACTOR, { action: 'verify', outcome: `after the rewrite target ${i}` });
      const lines = fs.readFileSync(path.join(dir, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: number; hash: string; at: string; sig: string });
      expect(lines.length).to.be.at.least(2);
      expect(lines.at(-1)!.id).to.be.above(target);
      expect(logged.some((m) => m.includes(`row ${lines.at(-1)!.id}`))).to.equal(true);
      expect((await verifyOf(admin)).ok, 'before the rewrite').to.equal(true);

      await rewriteFrom(t.db, target, 'rewritten by an attacker');
      const v = await verifyOf(admin);
      expect(v.ok).to.equal(false);
      expect(v.brokenIds, 'the chain itself checks').to.deep.equal([]);
      const mismatched = (v.checkpointMismatch as { id: number }[]).map((m) => m.id);
      expect(mismatched).to.include(lines.at(-1)!.id);
      expect(mismatched.every((id) => id >= target)).to.equal(true);
      expect(v.firstBadId).to.equal(Math.min(...mismatched));
    } finally {
      detachCheckpoints(t.db);
      // Put the row back and re-link the rows after it, for the test files that follow.
      if (target) await rewriteFrom(t.db, target, 'rewrite target');
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const after = await verifyOf(admin);
    expect(after, JSON.stringify(after)).to.deep.include({ ok: true, brokenIds: [] });
  });

  it('when the page cursor is beyond any row id, then 400 problem+json names before', async () => {
    const r = await admin.agent.get('/api/audit?before=99999999999999999999');
    expect(r.status).to.equal(400);
    expect(r.headers['content-type']).to.match(/application\/problem\+json/);
    expect(r.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['before']);
  });

  describe('on PostgreSQL, the application role', () => {
    const url = process.env.TEST_DATABASE_URL;
    const role = `lantern_app_test_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    let app: Db | undefined;
    before(async function () {
      if (!url) return this.skip();
      // Granted as README "Audit log on PostgreSQL" tells a DBA to grant the application's login role.
      const k = t.db.knex;
      await k.raw(`create role ${role} login password '${password}'`);
      const dbName = (await k.raw('select current_database() as d')).rows[0].d as string;
      await k.raw(`grant connect on database "${dbName}" to ${role}`);
      await k.raw(`grant usage on schema public to ${role}`);
      await k.raw(`grant select, insert, update, delete on all tables in schema public to ${role}`);
      await k.raw(`grant usage, select on all sequences in schema public to ${role}`);
      await k.raw(`revoke all on audit_log from ${role}`);
      await k.raw(`revoke all on sequence audit_log_id_seq from ${role}`);
      await k.raw(`grant select on audit_log to ${role}`);
      await k.raw(`grant execute on function audit_append(timestamptz, uuid, text, text, text, text, text[], jsonb, text, text, text, text, text) to ${role}`);
      const u = new URL(url);
      u.username = role;
      u.password = password;
      app = await openDb({ databaseUrl: u.toString(), dataDir: null, poolMax: 2 });
    });
    after(async () => {
      if (!url) return;
      await app?.close();
      await t.db.knex.raw(`drop owned by ${role}`);
      await t.db.knex.raw(`drop role if exists ${role}`);
    });

    it('when it appends through the audit layer, then the row is written and the chain verifies', async () => {
      const id = await record(app!, SYSTEM_ACTOR, { action: 'verify', outcome: 'appended by the application role' });
      const row = await app!.knex('audit_log').where({ id }).first();
      expect(row.outcome).to.equal('appended by the application role');
      expect((await verifyOf(admin)).ok).to.equal(true);
    });

    it('when it tries to disable the triggers, update, delete, truncate, insert directly or take ownership, then PostgreSQL refuses', async () => {
      const id = await record(app!, SYSTEM_ACTOR, { action: 'verify', outcome: 'must stay as written' });
      for (const sql of [
        'alter table audit_log disable trigger all',
        `update audit_log set outcome = 'edited' where id = ${id}`,
        `delete from audit_log where id = ${id}`,
        'truncate audit_log',
        `insert into audit_log (at, action, outcome, prev_hash, hash) values (now(), 'verify', 'forged', repeat('0', 64), repeat('1', 64))`,
        `alter table audit_log owner to ${role}`,
        'create or replace function audit_log_append_only() returns trigger language plpgsql as $$ begin return new; end $$',
      ]) {
        const err = await app!.knex.raw(sql).then(() => undefined, (e: Error & { code?: string }) => e);
        expect(err, sql).to.be.an('error');
        expect(err!.code, `${sql}: ${err!.message}`).to.equal('42501');
      }
      expect((await app!.knex('audit_log').where({ id }).first()).outcome).to.equal('must stay as written');
    });

    it('when it and other connections (as other server processes) append at once, then every row links and the chain verifies', async () => {
      const others = await Promise.all([1, 2].map(() => openDb({ databaseUrl: url!, dataDir: null, poolMax: 2 })));
      try {
        const writers = [app!, t.db, ...others];
        const ids = (await Promise.all(writers.map((db, w) => Promise.all(Array.from({ length: 15 }, (_, i) => record(db, SYSTEM_ACTOR, { action: 'verify', outcome: `writer ${w} row ${i}` })))))).flat();
        expect(new Set(ids).size).to.equal(60);
      } finally {
        await Promise.all(others.map((d) => d.close()));
      }
      const v = await verifyOf(admin);
      expect(v, JSON.stringify(v)).to.deep.include({ ok: true, brokenIds: [] });
    });

    it('when it calls audit_append with a previous hash that is not the chain head, then the row is refused', async () => {
      const err = await app!.knex
        .raw('select audit_append(now(), null, ?, null, ?, null, ?::text[], null, null, ?, null, ?, ?) as id', ['forger', 'verify', [], 'forked', '0'.repeat(64), 'a'.repeat(64)])
        .then(() => undefined, (e: Error) => e);
      expect(err).to.be.an('error');
      expect(err!.message).to.match(/chain head/);
    });
  });
});
