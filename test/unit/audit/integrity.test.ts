import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { auditHash, brokenLinks, GENESIS_HASH, type AuditContent, type ChainRow } from '../../../server/audit/hash.js';
import { chainOf } from '../../support/audit.js';
import { storable } from '../../../server/audit/service.js';
import { CheckpointStore, compareWithCheckpoints } from '../../../server/audit/checkpoint.js';
import { auditQuerySchema } from '../../../server/audit/schema.js';

const content = (outcome: string): AuditContent => ({
  at: new Date('2026-12-01T10:00:00.000Z'),
  userId: null,
  username: 'u',
  role: 'analyst',
  action: 'consult',
  targetType: 'sighting',
  targetIds: ['a'],
  query: { q: outcome },
  purpose: 'p',
  outcome,
  ip: '127.0.0.1',
});

const chain = (n: number): ChainRow[] => chainOf(Array.from({ length: n }, (_, i) => content(`row ${i + 1}`)));

describe('audit integrity', () => {
  describe('brokenLinks', () => {
    it('when the chain is intact, then no row is reported and the last hash is the head', () => {
      const rows = chain(6);
      expect(brokenLinks(rows)).to.deep.equal({ brokenIds: [], lastHash: rows[5]!.hash, checked: 6 });
    });

    it('when two rows are edited, then both are reported and the rows between them still check', () => {
      const rows = chain(8);
      rows[1] = { ...rows[1]!, outcome: 'edited' };
      rows[5] = { ...rows[5]!, username: 'someone else' };
      expect(brokenLinks(rows).brokenIds).to.deep.equal([2, 6]);
    });

    it('when a row is removed and a later one edited, then the row after the gap and the edited row are reported', () => {
      const rows = chain(8);
      rows.splice(2, 1); // id 3 gone: id 4 no longer links
      rows[5] = { ...rows[5]!, outcome: 'edited' }; // id 7
      expect(brokenLinks(rows).brokenIds).to.deep.equal([4, 7]);
    });

    it('when a page starts after a broken row, then it re-syncs on the stored hash of the page before', () => {
      const rows = chain(6);
      rows[2] = { ...rows[2]!, outcome: 'edited' };
      const first = brokenLinks(rows.slice(0, 3));
      const second = brokenLinks(rows.slice(3), first.lastHash);
      expect(first.brokenIds).to.deep.equal([3]);
      expect(second.brokenIds).to.deep.equal([]);
    });
  });

  describe('storable', () => {
    it('when text holds lone surrogates in keys, values, arrays or nested objects, then each becomes U+FFFD', () => {
      const v = storable({ 'k\ud800': ['x\udc00y', 3, null, { deep: '\ud83d' }], ok: '\ud83d\ude00', at: '2026' });
      expect(v).to.deep.equal({ 'k\ufffd': ['x\ufffdy', 3, null, { deep: '\ufffd' }], ok: '\ud83d\ude00', at: '2026' });
      expect(storable('nobody\ud800')).to.equal('nobody\ufffd');
      expect(storable('a\u0000b')).to.equal('a\\0b');
    });

    it('when a value goes through UTF-8 and back (as the database stores it), then it hashes the same as before', () => {
      const c = { ...content('ok'), username: storable('nobody\ud800'), query: storable({ 'q\udfff': 'v\ud800', n: [1, undefined, new Date(0)] }) };
      const viaUtf8 = JSON.parse(Buffer.from(JSON.stringify(c.query), 'utf8').toString('utf8'));
      const back = { ...c, username: Buffer.from(c.username, 'utf8').toString('utf8'), query: viaUtf8 };
      expect(auditHash(GENESIS_HASH, back)).to.equal(auditHash(GENESIS_HASH, c));
    });
  });

  describe('checkpoints', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-ckpt-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('when the first checkpoint is written, then the key file is created 0600 and the line verifies', () => {
      const store = new CheckpointStore(path.join(dir, 'audit'));
      const c = store.write(7, 'a'.repeat(64), new Date('2026-12-01T00:00:00Z'));
      expect(c).to.include({ id: 7, hash: 'a'.repeat(64), at: '2026-12-01T00:00:00.000Z' });
      expect(fs.statSync(store.keyFile).mode & 0o777).to.equal(0o600);
      expect(fs.statSync(store.file).mode & 0o777).to.equal(0o600);
      const r = store.readAll();
      expect(r.invalidLines).to.deep.equal([]);
      expect(r.checkpoints.map((x) => [x.id, x.hash])).to.deep.equal([[7, 'a'.repeat(64)]]);
      expect(store.last()?.id).to.equal(7);
    });

    it('when a line of the file is edited, then its signature no longer verifies and it is reported by line', () => {
      const store = new CheckpointStore(dir);
      store.write(1, '1'.repeat(64));
      store.write(2, '2'.repeat(64));
      const lines = fs.readFileSync(store.file, 'utf8').trimEnd().split('\n');
      lines[1] = lines[1]!.replace('2'.repeat(64), '3'.repeat(64));
      fs.writeFileSync(store.file, lines.join('\n') + '\nnot json\n');
      const r = store.readAll();
      expect(r.checkpoints.map((x) => x.id)).to.deep.equal([1]);
      expect(r.invalidLines).to.deep.equal([2, 3]);
    });

    it('when a row differs from its checkpoint or is missing, then it is a mismatch naming the row id', () => {
      const rows = chain(3);
      const seen = new Map(rows.map((r) => [r.id, r.hash]));
      const checkpoints = [
        { id: 2, hash: rows[1]!.hash, at: '', sig: '' },
        { id: 3, hash: 'f'.repeat(64), at: '', sig: '' },
        { id: 9, hash: 'e'.repeat(64), at: '', sig: '' },
      ];
      expect(compareWithCheckpoints(checkpoints, (id) => seen.get(id))).to.deep.equal([
        { id: 3, expected: 'f'.repeat(64), found: rows[2]!.hash },
        { id: 9, expected: 'e'.repeat(64), found: null },
      ]);
    });

    it('when the directory does not exist, then reading finds no checkpoints and creates nothing', () => {
      const store = new CheckpointStore(path.join(dir, 'absent'));
      expect(store.readAll()).to.deep.equal({ checkpoints: [], invalidLines: [] });
      expect(fs.existsSync(path.join(dir, 'absent'))).to.equal(false);
    });
  });

  describe('audit query schema', () => {
    it('when before is beyond any row id, then it is refused rather than sent to the database', () => {
      const r = auditQuerySchema.safeParse({ before: '99999999999999999999' });
      expect(r.success).to.equal(false);
      expect(r.error!.issues[0]!.path).to.deep.equal(['before']);
      expect(auditQuerySchema.parse({ before: '42' }).before).to.equal(42);
    });
  });
});
