import { expect } from 'chai';
import { withoutNul } from '../../../server/audit/service.js';

describe('audit: values PostgreSQL cannot store', () => {
  it('when a string, key or nested value holds NUL, then it is written as \\0 and nothing else changes', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(withoutNul({ 'a\u0000': ['x\u0000y', 3, null], b: { c: '\u0000' }, at })).to.deep.equal({ 'a\\0': ['x\\0y', 3, null], b: { c: '\\0' }, at });
    expect(withoutNul('plain')).to.equal('plain');
    expect(withoutNul(null)).to.equal(null);
  });
});
