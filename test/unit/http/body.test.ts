import { expect } from 'chai';
import { hasLoneSurrogate, loneSurrogatePaths, tooDeepAt } from '../../../server/http/body.js';

describe('front-door guards (server/http/body.ts)', () => {
  const deep = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

  it('finds the first container nested deeper than the limit, naming its path', () => {
    expect(tooDeepAt(deep(64))).to.equal(null);
    expect(tooDeepAt(deep(65))).to.equal(Array(64).fill(0).join('.'));
    expect(tooDeepAt(Buffer.from('{"a":[1,{"b":[[]]}]}'), 3)).to.equal('a.1.b');
    expect(tooDeepAt(Buffer.from('{"a":[1,{"b":[[]]}]}'), 4)).to.equal('a.1.b.0');
    expect(tooDeepAt(Buffer.from('{"a":[1,{"b":[[]]}]}'), 5)).to.equal(null);
    // Brackets and quotes inside strings are text, not structure.
    expect(tooDeepAt(Buffer.from('{"k":"[[[[\\"{{{{"}'), 2)).to.equal(null);
    expect(tooDeepAt(Buffer.from('{"x\\"y":{"z":{}}}'), 2)).to.equal('x"y.z');
  });

  it('reads a body 500,000 deep in one pass, without recursion', () => {
    expect(tooDeepAt(deep(500_000))).to.match(/^0(\.0){63}$/);
  });

  it('finds lone surrogates in values and keys, but not in pairs', () => {
    expect(hasLoneSurrogate('a\ud800b')).to.equal(true);
    expect(hasLoneSurrogate('\udfff')).to.equal(true);
    expect(hasLoneSurrogate('map \ud83d\uddfa')).to.equal(false);
    expect(loneSurrogatePaths({ name: 'x\ud800', list: ['ok', '\udc00'], nested: { 'k\ud800': 1 } })).to.deep.equal(['list.1', 'name', 'nested.k\ufffd']);
  });
});
