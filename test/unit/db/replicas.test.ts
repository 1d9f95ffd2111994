import { expect } from 'chai';
import type { Knex } from 'knex';
import { isLsn, lsnAtLeast, lsnBytesBehind, lsnValue, parseReplicaUrls, redactUrl, replicaName } from '../../../server/db/lsn.js';
import { ReplicaSet, isReplicaFault } from '../../../server/db/replicas.js';
import { ConfigError, describeConfig, loadConfig } from '../../../server/config.js';

/** A stand-in knex answering the monitor's one query with `row` (or failing with `fail`). */
function fakeKnex(name: string, answer: () => Record<string, unknown>): Knex {
  return {
    name,
    raw: () => ({ timeout: async () => ({ rows: [answer()] }) }),
    destroy: async () => {},
  } as unknown as Knex;
}

describe('read replicas: LSNs, URLs and routing', () => {
  describe('LSNs', () => {
    it('when an LSN is read, then it is high × 2^32 + low, in hex (hand-checked values)', () => {
      expect(lsnValue('0/0')).to.equal(0n);
      expect(lsnValue('0/3000000')).to.equal(50331648n);
      // 0x16 × 4294967296 + 0xB374D848 = 94489280512 + 3010779208
      expect(lsnValue('16/B374D848')).to.equal(97500059720n);
      expect(lsnValue('ffffffff/ffffffff')).to.equal(2n ** 64n - 1n);
    });
    it('when LSNs are compared, then as numbers, not as text', () => {
      // As text '0/10000000' < '0/9000000'; as numbers 268435456 > 150994944.
      expect(lsnAtLeast('0/10000000', '0/9000000')).to.equal(true);
      expect(lsnAtLeast('0/9000000', '0/10000000')).to.equal(false);
      expect(lsnAtLeast('1/0', '0/FFFFFFFF')).to.equal(true);
      expect(lsnAtLeast('0/A', '0/a')).to.equal(true);
    });
    it('when a replica is behind, then the bytes behind are the difference, and 0 once it is level or ahead', () => {
      expect(lsnBytesBehind('0/3000000', '0/3000100')).to.equal(256);
      expect(lsnBytesBehind('0/FFFFFFFF', '1/0')).to.equal(1);
      expect(lsnBytesBehind('0/3000100', '0/3000000')).to.equal(0);
    });
    it('when text is not an LSN, then it is refused', () => {
      for (const bad of ['', '0/', '/0', 'g/1', '123456789/0', '1/2; drop table x', '1/2/3', ' 1/2']) expect(isLsn(bad), bad).to.equal(false);
      expect(() => lsnValue('x/1')).to.throw(/not an LSN/);
      expect(isLsn('AbC/12345678')).to.equal(true);
    });
  });

  describe('LANTERN_READ_DATABASE_URLS', () => {
    it('when URLs are listed with spaces and a trailing comma, then each is kept in order', () => {
      expect(parseReplicaUrls(' postgres://a@h1:5433/db , postgresql://h2/db,')).to.deep.equal(['postgres://a@h1:5433/db', 'postgresql://h2/db']);
      expect(parseReplicaUrls('')).to.deep.equal([]);
      expect(parseReplicaUrls(' , ')).to.deep.equal([]);
    });
    it('when an item is not a postgres URL, or is listed twice, then a message says so, without the password', () => {
      expect(parseReplicaUrls('mysql://u:secret@h/db')).to.equal('mysql://u:***@h/db is not a postgres:// URL');
      expect(parseReplicaUrls('postgres://h/db,postgres://h/db')).to.equal('a replica is listed twice');
      expect(parseReplicaUrls('postgres://')).to.be.a('string');
    });
    it('when a URL is shown, then its password is hidden and its name is host:port/database', () => {
      expect(redactUrl('postgres://u:secret@h:5433/db,postgres://v:other@k/db')).to.equal('postgres://u:***@h:5433/db,postgres://v:***@k/db');
      expect(replicaName('postgres://u:secret@h:5433/lantern')).to.equal('h:5433/lantern');
      expect(replicaName('postgres://h/lantern')).to.equal('h:5432/lantern');
    });
    it('when replicas are configured without DATABASE_URL, then the configuration is refused', () => {
      expect(() => loadConfig({ LANTERN_READ_DATABASE_URLS: 'postgres://h:5433/db' })).to.throw(ConfigError, /LANTERN_READ_DATABASE_URLS/);
    });
    it('when replicas are configured with DATABASE_URL, then they are read with the lag limit (default 5000 ms), and described without passwords', () => {
      const c = loadConfig({ DATABASE_URL: 'postgres://h/db', LANTERN_READ_DATABASE_URLS: 'postgres://u:pw@r1/db,postgres://r2/db' });
      expect(c.readDatabaseUrls).to.deep.equal(['postgres://u:pw@r1/db', 'postgres://r2/db']);
      expect(c.replicaMaxLagMs).to.equal(5000);
      expect(describeConfig(c)).to.include('postgres://u:***@r1/db').and.not.include(':pw@');
      expect(loadConfig({}).readDatabaseUrls).to.deep.equal([]);
    });
    it('when a replica URL is bad, then the error names the variable and hides the password', () => {
      try {
        loadConfig({ DATABASE_URL: 'postgres://h/db', LANTERN_READ_DATABASE_URLS: 'http://u:hunter2@r1/db' });
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        expect((err as Error).message).to.include('LANTERN_READ_DATABASE_URLS').and.not.include('hunter2');
      }
    });
  });

  describe('faults', () => {
    it('when a query fails because of the server or the connection, then it is a replica fault; a bad or slow query is not', () => {
      for (const code of ['57P01', '57P03', '08006', '08001', 'ECONNREFUSED', 'ECONNRESET', '40001']) expect(isReplicaFault({ code }), code).to.equal(true);
      expect(isReplicaFault(Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' }))).to.equal(true);
      expect(isReplicaFault(new Error('Connection terminated unexpectedly'))).to.equal(true);
      for (const code of ['57014', '23505', '42P01', '22P02']) expect(isReplicaFault({ code }), code).to.equal(false);
      expect(isReplicaFault(new Error('boom'))).to.equal(false);
      expect(isReplicaFault(undefined)).to.equal(false);
    });
  });

  describe('routing', () => {
    let primaryLsn = '0/100';
    let replicaRow: Record<string, unknown> = {};
    const primary = fakeKnex('primary', () => ({ lsn: primaryLsn }));
    const replica = fakeKnex('replica', () => replicaRow);
    const nameOf = async (k: Knex) => (k as unknown as { name: string }).name;
    const set = () => new ReplicaSet(primary, [{ name: 'r1', knex: replica }], { maxLagMs: 5000 });

    beforeEach(() => {
      primaryLsn = '0/100';
      replicaRow = { standby: true, lsn: '0/100', since_ms: 60_000 };
    });

    it('when no replica has been checked, then reads go to the primary', async () => {
      const s = set();
      expect(await s.read(undefined, nameOf)).to.equal('primary');
      expect(s.status()[0]).to.include({ state: 'down', reads: 0 });
      expect(s.primaryReads).to.equal(1);
    });
    it('when the replica has replayed all the primary has, then it is up with no lag and takes reads, counted', async () => {
      const s = set();
      await s.check();
      // Caught up: the last replayed commit being a minute old means an idle primary, not lag.
      expect(s.status()[0]).to.include({ state: 'up', lagMs: 0, lagBytes: 0, replayLsn: '0/100' });
      expect(await s.read(undefined, nameOf)).to.equal('replica');
      expect(await s.read(null, nameOf)).to.equal('replica');
      expect(s.status()[0]!.reads).to.equal(2);
    });
    it('when a caller has written past what the replica is known to have replayed, then its reads go to the primary until the replica passes it', async () => {
      const s = set();
      await s.check();
      expect(await s.read('0/101', nameOf)).to.equal('primary');
      expect(await s.read('0/100', nameOf)).to.equal('replica');
      primaryLsn = replicaRow.lsn = '0/200';
      await s.check();
      expect(await s.read('0/101', nameOf)).to.equal('replica');
      // A cookie that is not an LSN: the primary, which is always current.
      expect(await s.read('garbage', nameOf)).to.equal('primary');
    });
    it('when the replica is further behind than the limit, then it is lagging and its reads go to the primary; when it catches up, it is back', async () => {
      const s = set();
      primaryLsn = '0/400';
      replicaRow = { standby: true, lsn: '0/100', since_ms: 9000 };
      await s.check();
      expect(s.status()[0]).to.include({ state: 'lagging', lagMs: 9000, lagBytes: 0x300 });
      expect(await s.read(undefined, nameOf)).to.equal('primary');
      replicaRow = { standby: true, lsn: '0/400', since_ms: 9500 };
      await s.check();
      expect(s.status()[0]).to.include({ state: 'up', lagMs: 0 });
    });
    it('when the replica is behind by less than the limit, then it stays up and its lag is the time since its last replayed commit', async () => {
      const s = set();
      primaryLsn = '0/180';
      replicaRow = { standby: true, lsn: '0/100', since_ms: 40 };
      await s.check();
      expect(s.status()[0]).to.include({ state: 'up', lagMs: 40, lagBytes: 0x80 });
    });
    it('when the server is not in recovery (a primary listed by mistake), then it is down', async () => {
      const s = set();
      replicaRow = { standby: false, lsn: null, since_ms: null };
      await s.check();
      expect(s.status()[0]).to.include({ state: 'down', error: 'not a standby (not in recovery)' });
    });
    it('when a read fails on the replica for a connection fault, then it runs again on the primary and the replica is taken out; a query error is not retried', async () => {
      const s = set();
      await s.check();
      const dies = async (k: Knex) => {
        if ((await nameOf(k)) === 'replica') throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        return 'primary answered';
      };
      expect(await s.read(undefined, dies)).to.equal('primary answered');
      expect(s.status()[0]).to.include({ state: 'down', error: 'terminating connection due to administrator command' });
      await s.check();
      expect(s.status()[0]!.state).to.equal('up');
      let calls = 0;
      const bad = async () => {
        calls++;
        throw Object.assign(new Error('syntax'), { code: '42601' });
      };
      let thrown: unknown;
      await s.read(undefined, bad).catch((e: unknown) => (thrown = e));
      expect((thrown as { code: string }).code).to.equal('42601');
      expect(calls).to.equal(1);
      expect(s.status()[0]!.state).to.equal('up');
    });
    it('when the replica cannot be reached by the monitor, then it is down', async () => {
      const broken = { raw: () => ({ timeout: async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })) }), destroy: async () => {} } as unknown as Knex;
      const s = new ReplicaSet(primary, [{ name: 'r1', knex: broken }], { maxLagMs: 5000 });
      await s.check();
      expect(s.status()[0]).to.include({ state: 'down', error: 'connect ECONNREFUSED 127.0.0.1:5433' });
    });
    it('when two replicas are up, then reads alternate between them', async () => {
      const other = fakeKnex('other', () => replicaRow);
      const s = new ReplicaSet(primary, [{ name: 'r1', knex: replica }, { name: 'r2', knex: other }], { maxLagMs: 5000 });
      await s.check();
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push(await s.read(undefined, nameOf));
      expect(seen.sort()).to.deep.equal(['other', 'other', 'replica', 'replica']);
    });
  });
});
