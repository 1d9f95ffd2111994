import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { auditHash, canonicalJson, firstBrokenLink, GENESIS_HASH, type AuditContent, type ChainRow } from '../../../server/audit/hash.js';
import { chainOf } from '../../support/audit.js';

const content = (action: string): AuditContent => ({
  at: new Date('2026-11-28T10:00:00.000Z'),
  userId: null,
  username: 'u',
  role: 'analyst',
  action,
  targetType: 'sighting',
  targetIds: ['a'],
  query: { b: 1, a: [2, { d: null, c: 'x' }] },
  purpose: 'p',
  outcome: 'ok',
  ip: '127.0.0.1',
});

const chain = (n: number): ChainRow[] => chainOf(Array.from({ length: n }, (_, i) => content(`a${i}`)));

describe('audit/hash', () => {
  it('when keys come in another order, then the canonical form is the same', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).to.equal('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
  });
  it('when hashed, then it is SHA-256 over the previous hash, a newline and the canonical content', () => {
    const c = content('consult');
    const body = '{"action":"consult","at":"2026-11-28T10:00:00.000Z","ip":"127.0.0.1","outcome":"ok","purpose":"p","query":{"a":[2,{"c":"x","d":null}],"b":1},"role":"analyst","targetIds":["a"],"targetType":"sighting","userId":null,"username":"u"}';
    expect(auditHash(GENESIS_HASH, c)).to.equal(createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex'));
  });
  it('when the chain is intact, then no bad row is reported', () => {
    const rows = chain(5);
    expect(firstBrokenLink(rows)).to.deep.equal({ lastHash: rows[4]!.hash });
  });
  it('when a row is edited, then that row is the first bad one', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, outcome: 'edited' };
    expect(firstBrokenLink(rows).firstBadId).to.equal(3);
  });
  it('when a row is removed, then the row after the gap is the first bad one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(firstBrokenLink(rows).firstBadId).to.equal(3);
  });
});
