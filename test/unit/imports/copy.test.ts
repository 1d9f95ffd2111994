import { expect } from 'chai';
import { arrayLiteral, copyField, copyLine } from '../../../server/db/copy.js';

describe('db/copy (COPY text lines for imports)', () => {
  it('when a value is null or missing, then it is \\N; booleans are t and f; numbers are as written', () => {
    expect(copyField(null)).to.equal('\\N');
    expect(copyField(undefined)).to.equal('\\N');
    expect(copyField(true)).to.equal('t');
    expect(copyField(false)).to.equal('f');
    expect(copyField(-2.45123)).to.equal('-2.45123');
    expect(copyField(371700)).to.equal('371700');
  });

  it('when text holds backslashes, tabs and line breaks, then they are escaped so that one row stays one line', () => {
    expect(copyField('Said "wait here", then\nleft\tin a car \\ (synthetic)\r')).to.equal('Said "wait here", then\\nleft\\tin a car \\\\ (synthetic)\\r');
    expect(copyField('\\N')).to.equal('\\\\N');
    expect(copyLine(['a\tb', null, 3])).to.equal('a\\tb\t\\N\t3\n');
  });

  it('when a list is given, then it is an array literal with every element quoted, escaped again for COPY', () => {
    expect(arrayLiteral([])).to.equal('{}');
    expect(arrayLiteral(['A-1', 'b, c', '{x}', 'q"q', 'back\\slash'])).to.equal('{"A-1","b, c","{x}","q\\"q","back\\\\slash"}');
    expect(copyField(['back\\slash'])).to.equal('{"back\\\\\\\\slash"}');
  });

  it('when a number is not finite, then it is refused rather than written as text COPY would reject', () => {
    expect(() => copyField(Number.NaN)).to.throw(/NaN/);
  });
});
